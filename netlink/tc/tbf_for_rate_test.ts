import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { tbfForRate } from "./tbf_for_rate.ts";

Deno.test("tbfForRate() derives rate, buffer and limit as the bandwidth plugin", () => {
  // 1 Mbit/s, 800 kbit burst: 125000 B/s, 100000 B bucket = 800000 µs = 12500000 ticks; limit 3125 + 100000.
  assertEquals(tbfForRate(1_000_000, 800_000, { tickInUsec: 15.625 }), {
    rate: 125000,
    buffer: 12500000,
    limit: 103125,
  });
});

Deno.test("tbfForRate() truncates like Go's integer division and float-to-uint32 conversions", () => {
  // 999 bits → 124 bytes/s; 1001 bits → 125 bytes; 125·1e6/124 = 1008064.5 → 1008064 µs → 15751000 ticks.
  // limit: 124·25000/1e6 = 3.1 → 3, plus 125.
  assertEquals(tbfForRate(999, 1001, { tickInUsec: 15.625 }), { rate: 124, buffer: 15751000, limit: 128 });
});

Deno.test("tbfForRate() honours a custom latency", () => {
  assertEquals(tbfForRate(8_000_000, 80_000, { tickInUsec: 15.625, latencyMs: 100 }).limit, 100000 + 10000);
});

Deno.test("tbfForRate() rejects zero and rates that round to nothing", () => {
  assertThrows(() => tbfForRate(0, 100, { tickInUsec: 15.625 }), /invalid rate 0/);
  assertThrows(() => tbfForRate(100, 0, { tickInUsec: 15.625 }), /invalid burst 0/);
  assertThrows(() => tbfForRate(7, 100, { tickInUsec: 15.625 }), /verify bandwidth and burst/);
});
