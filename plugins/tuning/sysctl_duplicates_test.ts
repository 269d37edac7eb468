import { deepStrictEqual } from "node:assert/strict";
import { findDuplicateSysctlKeys } from "./sysctl_duplicates.ts";

Deno.test("findDuplicateSysctlKeys() finds a key written twice", () => {
  const text = '{"name":"n","sysctl":{"net.a":"1","net.b":"2","net.a":"3"},"type":"tuning"}';
  deepStrictEqual(findDuplicateSysctlKeys(text), ["net.a"]);
});

Deno.test("findDuplicateSysctlKeys() ignores repeated keys outside sysctl and unique sysctl keys", () => {
  const text = `{"args":{"cni":{"sysctl":{"net.a":"1"}}},"x":[1,{"net.a":2},"s\\"}"],
    "prevResult":{"sysctl":{"net.a":"1","net.a":"1"}},"sysctl":{"net.a":"1","net.\\u0062":"2"},"n":null,"t":true}`;
  deepStrictEqual(findDuplicateSysctlKeys(text), []);
});

Deno.test("findDuplicateSysctlKeys() decodes escapes before comparing and matches the key case-insensitively", () => {
  deepStrictEqual(findDuplicateSysctlKeys('{"SysCtl":{"net.b":"1","net.\\u0062":"2"}}'), ["net.b"]);
});

Deno.test("findDuplicateSysctlKeys() returns nothing for a non-object document", () => {
  deepStrictEqual(findDuplicateSysctlKeys("[1,2]"), []);
});

// Found by tests/fuzz_skel_test.ts (issue 8): deep nesting outside `sysctl` overflowed the recursive scanner.
Deno.test("findDuplicateSysctlKeys() skips deeply nested values without recursion", () => {
  const deep = "[".repeat(50_000) + "]".repeat(50_000);
  const text = `{"a": ${deep}, "obj": {"x": [{"y": "]}"}]}, "sysctl": {"net.a": "1", "net.a": "2"}}`;
  deepStrictEqual(findDuplicateSysctlKeys(text), ["net.a"]);
});
