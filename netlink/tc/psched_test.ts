import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { parsePsched } from "./psched.ts";

Deno.test("parsePsched() reads the high-resolution clock of current kernels", () => {
  assertEquals(parsePsched("000003e8 00000040 000f4240 3b9aca00\n"), {
    tickInUsec: 15.625,
    clockFactor: 1,
    hz: 1_000_000_000,
  });
});

Deno.test("parsePsched() takes t2us from the second word with a 1 GHz clock, as iproute2", () => {
  const clock = parsePsched("00000001 00000040 3b9aca00 00000064");
  assertEquals(clock, { tickInUsec: 1000, clockFactor: 1000, hz: 100 });
});

Deno.test("parsePsched() rejects text that is not four hex words", () => {
  assertThrows(() => parsePsched("3e8 40"), SyntaxError);
  assertThrows(() => parsePsched("zz 40 f4240 1"), SyntaxError);
});
