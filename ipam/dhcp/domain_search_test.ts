import assert from "node:assert/strict";
import { decodeDomainSearch, encodeDomainSearch } from "./domain_search.ts";

const enc = (s: string) => [...new TextEncoder().encode(s)];

/** RFC 3397 §2's example: "eng.apple.com." and "marketing.apple.com.", the second pointing at offset 4. */
const RFC_EXAMPLE = [3, ...enc("eng"), 5, ...enc("apple"), 3, ...enc("com"), 0, 9, ...enc("marketing"), 0xc0, 0x04];

Deno.test("encodeDomainSearch() compresses as in RFC 3397's example", () => {
  assert.deepEqual([...encodeDomainSearch(["eng.apple.com.", "marketing.apple.com."])], RFC_EXAMPLE);
});

Deno.test("decodeDomainSearch() follows compression pointers", () => {
  assert.deepEqual(decodeDomainSearch(Uint8Array.from(RFC_EXAMPLE)), ["eng.apple.com", "marketing.apple.com"]);
});

Deno.test("encodeDomainSearch() points a whole repeated name at its first copy", () => {
  const bytes = encodeDomainSearch(["example.com", "example.com", "com"]);
  assert.deepEqual([...bytes.slice(13)], [0xc0, 0, 0xc0, 8]);
  assert.deepEqual(decodeDomainSearch(bytes), ["example.com", "example.com", "com"]);
});

Deno.test("decodeDomainSearch() rejects loops, forward pointers and truncation", () => {
  assert.throws(() => decodeDomainSearch(Uint8Array.of(0xc0, 0)), /bad compression pointer/);
  assert.throws(() => decodeDomainSearch(Uint8Array.of(3, 97, 98)), /truncated/);
  assert.throws(() => decodeDomainSearch(Uint8Array.of(1, 97)), /truncated/);
  assert.throws(() => encodeDomainSearch(["a".repeat(64) + ".com"]), RangeError);
});
