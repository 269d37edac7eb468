import { strictEqual } from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha512 } from "./sha512.ts";
import { toHex } from "./to_hex.ts";

const text = (s: string) => new TextEncoder().encode(s);

// FIPS 180-4 examples (NIST CSRC "Example Algorithms", SHA512.pdf) and the NIST one-million-"a" vector.
const VECTORS: [string, Uint8Array, string][] = [
  [
    "empty",
    new Uint8Array(),
    "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce" +
    "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
  ],
  [
    "abc (one block)",
    text("abc"),
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a" +
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
  ],
  [
    "896 bits (two blocks)",
    text(
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
    ),
    "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018" +
    "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
  ],
  [
    "one million a",
    new Uint8Array(1_000_000).fill(0x61),
    "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb" +
    "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
  ],
];

for (const [name, input, expected] of VECTORS) {
  Deno.test(`sha512() matches the NIST vector: ${name}`, () => {
    strictEqual(toHex(sha512(input)), expected);
  });
}

Deno.test("sha512() matches node:crypto on random inputs of every length across the padding boundaries", () => {
  for (let length = 0; length <= 400; length++) {
    const input = crypto.getRandomValues(new Uint8Array(length));
    strictEqual(toHex(sha512(input)), createHash("sha512").update(input).digest("hex"), `length ${length}`);
  }
});

Deno.test("sha512() hashes a subarray view by its own bytes only", () => {
  const backing = crypto.getRandomValues(new Uint8Array(300));
  const view = backing.subarray(7, 250);
  strictEqual(toHex(sha512(view)), createHash("sha512").update(view).digest("hex"));
});
