import { strictEqual } from "node:assert/strict";
import { toHex } from "./to_hex.ts";

Deno.test("toHex() writes two lower-case digits per byte, zero-padded", () => {
  strictEqual(toHex(new Uint8Array([0x00, 0x0a, 0xa0, 0xff, 0x7f])), "000aa0ff7f");
  strictEqual(toHex(new Uint8Array()), "");
});

Deno.test("toHex() agrees with Number#toString(16) for every byte value", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  strictEqual(toHex(all), [...all].map((b) => b.toString(16).padStart(2, "0")).join(""));
});
