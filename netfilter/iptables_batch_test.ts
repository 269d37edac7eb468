import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { IptablesBatch, quoteRestoreWord } from "./iptables_batch.ts";
import { parseRuleSpec } from "./rule_spec.ts";

Deno.test("IptablesBatch.render() writes declarations first, then the commands in order, then COMMIT", () => {
  const batch = new IptablesBatch("nat")
    .append("POSTROUTING", ["-s", "10.1.0.5", "-j", "CNI-X", "-m", "comment", "--comment", 'name: "n" id: "c"'])
    .declareChain("CNI-X")
    .append("CNI-X", ["-d", "10.1.0.5/24", "-j", "ACCEPT"])
    .insert("POSTROUTING", ["-j", "CNI-Y"])
    .delete("CNI-HOSTPORT-DNAT", ["-j", "CNI-DN-Z"])
    .deleteChain("CNI-DN-Z")
    .declareChain("CNI-X");
  assertEquals(batch.render().split("\n"), [
    "*nat",
    ":CNI-X - [0:0]",
    '-A POSTROUTING -s 10.1.0.5 -j CNI-X -m comment --comment "name: \\"n\\" id: \\"c\\""',
    "-A CNI-X -d 10.1.0.5/24 -j ACCEPT",
    "-I POSTROUTING 1 -j CNI-Y",
    "-D CNI-HOSTPORT-DNAT -j CNI-DN-Z",
    "-X CNI-DN-Z",
    "COMMIT",
    "",
  ]);
  assertEquals(batch.chains, ["CNI-X"]);
  assertEquals(new IptablesBatch("nat").isEmpty, true);
});

Deno.test("quoteRestoreWord() quotes what iptables-restore would split or unescape, and round-trips", () => {
  assertEquals(quoteRestoreWord("0x2000/0x2000"), "0x2000/0x2000");
  assertEquals(quoteRestoreWord("it's"), `"it's"`);
  assertEquals(quoteRestoreWord(""), `""`);
  const words = ["-m", "comment", "--comment", `a 'b' "c" d\\e #f`, "", "-j", "ACCEPT"];
  assertEquals(parseRuleSpec(words.map(quoteRestoreWord).join(" ")), words);
});

Deno.test("quoteRestoreWord() refuses a line break, which would end the restore line", () => {
  throws(() => quoteRestoreWord("a\nb"), TypeError);
  throws(() => new IptablesBatch("nat").append("X", ["--comment", "a\rb"]).render(), /line break/);
});
