import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { AttributeEncoder } from "../wire/mod.ts";
import { decodeTbf, encodeTbf, type TbfOptions } from "./tbf.ts";

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function encode(tbf: TbfOptions): Uint8Array {
  const enc = new AttributeEncoder();
  encodeTbf(enc, tbf);
  return enc.encode();
}

const ZERO_SHAPE = { cellLog: 0, linklayer: 0, overhead: 0, cellAlign: 0, mpu: 0 };

Deno.test("encodeTbf() writes TCA_TBF_PARMS as struct tc_tbf_qopt", () => {
  const bytes = encode({ rate: 125000, buffer: 12500000, limit: 103125 });
  assertEquals(
    hex(bytes),
    "28000100" + // nla_len 40, TCA_TBF_PARMS
      "000000000000000048e80100" + // rate spec: cell_log..mpu 0, rate 125000
      "000000000000000000000000" + // peak rate spec: zeros
      "d5920100" + // limit 103125
      "20bcbe00" + // buffer 12500000 ticks
      "00000000", // mtu 0
  );
  assertEquals(decodeTbf(bytes), {
    rate: 125000,
    buffer: 12500000,
    limit: 103125,
    mtu: 0,
    peakrate: 0,
    rateSpec: ZERO_SHAPE,
    peakSpec: ZERO_SHAPE,
  });
});

Deno.test("encodeTbf() caps the u32 rate and adds TCA_TBF_RATE64 from 2^32 bytes/s, as tc", () => {
  const rate = 2 ** 32 + 5;
  const bytes = encode({ rate, buffer: 1, limit: 2 });
  assertEquals(hex(bytes.subarray(4 + 8, 4 + 12)), "ffffffff");
  assertEquals(hex(bytes.subarray(40)), "0c000400" + "0500000001000000");
  assertEquals(decodeTbf(bytes).rate, rate);
});

Deno.test("encodeTbf() sends burst, rate table and kept attributes, and decodeTbf() returns them", () => {
  const tbf: TbfOptions = {
    rate: 1000,
    buffer: 10,
    limit: 20,
    mtu: 0,
    peakrate: 0,
    rateSpec: { cellLog: 3, linklayer: 1, overhead: 0, cellAlign: -1, mpu: 0 },
    peakSpec: ZERO_SHAPE,
    burst: 1500,
    rateTable: Array.from({ length: 256 }, (_, i) => i),
    other: [{ type: 99, data: new Uint8Array([1, 2, 3, 4]) }],
  };
  const bytes = encode(tbf);
  assertEquals(hex(bytes.subarray(40, 48)), "08000600dc050000"); // TCA_TBF_BURST 1500
  assertEquals(hex(bytes.subarray(48, 52)), "04040200"); // TCA_TBF_RTAB, 1028 bytes
  assertEquals(decodeTbf(bytes), tbf);
});
