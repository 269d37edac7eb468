import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { parseRuleSpec } from "./rule_spec.ts";

Deno.test("parseRuleSpec() splits an iptables -S line and unescapes the quoted comment", () => {
  assertEquals(
    parseRuleSpec(`-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"net\\" id: \\"c1\\"" -j X`),
    ["-A", "CNI-HOSTPORT-DNAT", "-p", "tcp", "-m", "comment", "--comment", 'dnat name: "net" id: "c1"', "-j", "X"],
  );
  assertEquals(parseRuleSpec("-A X  -s 10.0.0.1/32 ! -d 224.0.0.0/4"), [
    "-A",
    "X",
    "-s",
    "10.0.0.1/32",
    "!",
    "-d",
    "224.0.0.0/4",
  ]);
  assertEquals(parseRuleSpec(`-A X --comment 'a b' ""`), ["-A", "X", "--comment", "a b", ""]);
});

Deno.test("parseRuleSpec() undoes the \\' escape iptables 1.8 writes inside a quoted comment", () => {
  // `iptables -S` output for `--comment "it's \"x\" a\\b"`, captured from iptables v1.8.9 (nf_tables).
  assertEquals(parseRuleSpec(`-A X -m comment --comment "it\\'s \\"x\\" a\\\\b" -j ACCEPT`), [
    "-A",
    "X",
    "-m",
    "comment",
    "--comment",
    `it's "x" a\\b`,
    "-j",
    "ACCEPT",
  ]);
});
