import assert, { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { fakeRunner } from "./_fake_runner.ts";
import { Iptables, IptablesError } from "./iptables.ts";

const ref = { table: "nat", chain: "CNI-X" };

Deno.test("Iptables.ensureRule() checks with -C then appends, or inserts first with prepend", async () => {
  const { run, calls } = fakeRunner((c) => (c.args.includes("-C") ? { code: 1, stderr: "iptables: Bad rule" } : {}));
  const ipt = new Iptables(6, { run });
  await ipt.ensureRule(ref, ["-j", "ACCEPT"]);
  await ipt.ensureRule(ref, ["-j", "DROP"], { prepend: true });
  assertEquals(calls.map((c) => [c.binary, ...c.args]), [
    ["ip6tables", "--wait", "-t", "nat", "-C", "CNI-X", "-j", "ACCEPT"],
    ["ip6tables", "--wait", "-t", "nat", "-A", "CNI-X", "-j", "ACCEPT"],
    ["ip6tables", "--wait", "-t", "nat", "-C", "CNI-X", "-j", "DROP"],
    ["ip6tables", "--wait", "-t", "nat", "-I", "CNI-X", "1", "-j", "DROP"],
  ]);
});

Deno.test("Iptables.ensureRule() adds nothing when the rule exists", async () => {
  const { run, calls } = fakeRunner();
  await new Iptables(4, { run }).ensureRule(ref, ["-j", "ACCEPT"]);
  assertEquals(calls.length, 1);
});

Deno.test("Iptables.deleteRule() and deleteChain() treat a missing rule or chain as success", async () => {
  const { run } = fakeRunner(() => ({ code: 1, stderr: "iptables: No chain/target/match by that name." }));
  const ipt = new Iptables(4, { run });
  await ipt.deleteRule(ref, ["-j", "ACCEPT"]);
  await ipt.deleteChain(ref);
});

Deno.test("Iptables.exec() throws IptablesError naming the command and stderr", async () => {
  const { run } = fakeRunner(() => ({ code: 4, stderr: "Another app is currently holding the xtables lock.\n" }));
  await rejects(new Iptables(4, { run }).exec(["-t", "nat", "-N", "X"]), (err: unknown) => {
    assert(err instanceof IptablesError);
    assertEquals(err.exitCode, 4);
    assertEquals(err.isNotExist, false);
    assert(err.message.includes(`"iptables --wait -t nat -N X"`));
    return true;
  });
});

Deno.test("Iptables.listChains() and listRules() parse -S output", async () => {
  const { run } = fakeRunner((c) => ({
    stdout: c.args.includes("POSTROUTING")
      ? `-P POSTROUTING ACCEPT\n-A POSTROUTING -s 10.0.0.2 -m comment --comment "name: \\"n\\" id: \\"c\\"" -j CNI-X\n`
      : "-P PREROUTING ACCEPT\n-N CNI-X\n-A CNI-X -j ACCEPT\n",
  }));
  const ipt = new Iptables(4, { run });
  assertEquals(await ipt.listChains("nat"), ["PREROUTING", "CNI-X"]);
  assert(await ipt.chainExists(ref));
  assertEquals(await ipt.listRules({ table: "nat", chain: "POSTROUTING" }), [
    ["-s", "10.0.0.2", "-m", "comment", "--comment", 'name: "n" id: "c"', "-j", "CNI-X"],
  ]);
});
