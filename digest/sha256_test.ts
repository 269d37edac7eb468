import { strictEqual } from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha256 } from "./sha256.ts";
import { toHex } from "./to_hex.ts";

const text = (s: string) => new TextEncoder().encode(s);

// FIPS 180-4 examples (NIST CSRC "Example Algorithms", SHA256.pdf) and the NIST one-million-"a" vector.
const VECTORS: [string, Uint8Array, string][] = [
  ["empty", new Uint8Array(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
  ["abc (one block)", text("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  [
    "448 bits (two blocks)",
    text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  ],
  [
    "one million a",
    new Uint8Array(1_000_000).fill(0x61),
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
  ],
];

for (const [name, input, expected] of VECTORS) {
  Deno.test(`sha256() matches the NIST vector: ${name}`, () => {
    strictEqual(toHex(sha256(input)), expected);
  });
}

Deno.test("sha256() matches node:crypto on random inputs of every length across the padding boundaries", () => {
  for (let length = 0; length <= 300; length++) {
    const input = crypto.getRandomValues(new Uint8Array(length));
    strictEqual(toHex(sha256(input)), createHash("sha256").update(input).digest("hex"), `length ${length}`);
  }
});

Deno.test("sha256() hashes a subarray view by its own bytes only", () => {
  const backing = crypto.getRandomValues(new Uint8Array(100));
  const view = backing.subarray(10, 70);
  strictEqual(toHex(sha256(view)), createHash("sha256").update(view).digest("hex"));
});
