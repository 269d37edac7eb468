import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import {
  calcRateTable,
  decodeRateSpec,
  decodeRateTable,
  encodeRateSpec,
  encodeRateTable,
  xmitTime,
} from "./rate_spec.ts";

Deno.test("encodeRateSpec() lays out struct tc_ratespec and decodeRateSpec() reads it back", () => {
  const spec = { cellLog: 3, linklayer: 1, overhead: 4, cellAlign: -1, mpu: 64, rate: 125000 };
  const bytes = encodeRateSpec(spec);
  assertEquals(Array.from(bytes), [3, 1, 4, 0, 0xff, 0xff, 64, 0, 0x48, 0xe8, 0x01, 0x00]);
  assertEquals(decodeRateSpec(bytes), spec);
});

Deno.test("xmitTime() truncates microseconds before converting to ticks, as tc_calc_xmittime", () => {
  // 1500 bytes at 3 bytes/s: 500000000 µs exactly; 1 byte at 3 bytes/s: 333333.33 µs → 333333 → 5208328.125 ticks.
  assertEquals(xmitTime(3, 1500, 15.625), 7812500000 % 2 ** 32);
  assertEquals(xmitTime(3, 1, 15.625), 5208328);
});

Deno.test("calcRateTable() picks cell_log 3 for the default mtu and fills 256 send times", () => {
  const { spec, table } = calcRateTable({ rate: 125000 }, { tickInUsec: 15.625 });
  assertEquals(spec, { cellLog: 3, linklayer: 1, overhead: 0, cellAlign: -1, mpu: 0, rate: 125000 });
  assertEquals(table.length, 256);
  // Cell i covers (i+1)·8 bytes; at 125000 B/s one byte takes 8 µs = 125 ticks.
  assertEquals(table[0], 8 * 125);
  assertEquals(table[255], 2048 * 125);
  assertEquals(decodeRateTable(encodeRateTable(table)), table);
});

Deno.test("calcRateTable() rounds to ATM cells and honours mpu", () => {
  const { table } = calcRateTable({ rate: 1_000_000, mpu: 100 }, { tickInUsec: 1, linkLayer: "atm", mtu: 1500 });
  // cell_log 3: the first cell (8 bytes) is raised to mpu 100, which takes 3 ATM cells of 53 bytes.
  assertEquals(table[0], 159);
});

Deno.test("encodeRateTable() refuses a table that is not 256 entries long", () => {
  assertThrows(() => encodeRateTable([1, 2, 3]), RangeError);
});
