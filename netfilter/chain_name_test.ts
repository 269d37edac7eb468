import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { createHash } from "node:crypto";
import { formatChainName, formatComment, goQuote, hashWithPrefix } from "./chain_name.ts";

// Vectors from the reference's pkg/utils/utils_test.go.
Deno.test("formatChainName() matches the reference's documented chain names", () => {
  assertEquals(formatChainName("test", "1234"), "CNI-2bbe0c48b91a7d1b8a6753a8");
  assertEquals(formatChainName("testalongnamethatdoesnotmakesense", "1234"), "CNI-374f33fe84ab0ed84dcdebe3");
  assertEquals(formatChainName("test", "1234", { prefix: "PREFIX-" }), "CNI-PREFIX-2bbe0c48b91a7d1b8");
  assertEquals(
    formatChainName("testalongnamethatdoesnotmakesense", "1234", { prefix: "PREFIX-" }),
    "CNI-PREFIX-374f33fe84ab0ed84",
  );
});

Deno.test("formatChainName() hashes network + containerId with sha512 and keeps 28 characters", () => {
  const hex = createHash("sha512").update("mynet" + "abcdef").digest("hex");
  assertEquals(formatChainName("mynet", "abcdef"), "CNI-" + hex.slice(0, 24));
  assertEquals(formatChainName("mynet", "abcdef", { prefix: "DN-" }), "CNI-DN-" + hex.slice(0, 21));
  assertEquals(formatChainName("mynet", "abcdef").length, 28);
});

Deno.test("hashWithPrefix() rejects a prefix that fills the length or a length over 128", () => {
  assertThrows(() => hashWithPrefix("x", { length: 3, prefix: "AAA" }), RangeError);
  assertThrows(() => hashWithPrefix("x", { length: 0 }), RangeError);
  assertThrows(() => hashWithPrefix("x", { length: 129 }), RangeError);
  assertEquals(hashWithPrefix("some string", { length: 10, prefix: "AAA" }).length, 10);
});

Deno.test("formatComment() quotes like Go's %q", () => {
  assertEquals(formatComment("net", "id"), 'name: "net" id: "id"');
  assertEquals(goQuote('a"b\\c\n\x01'), '"a\\"b\\\\c\\n\\x01"');
});
