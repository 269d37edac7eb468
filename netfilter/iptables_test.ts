import assert, { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { fakeRunner } from "./_fake_runner.ts";
import { Iptables, IptablesError } from "./iptables.ts";
import { IptablesBatch } from "./iptables_batch.ts";

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

Deno.test("Iptables.ensureChain() runs -N alone and tells whether it created the chain", async () => {
  const { run, calls } = fakeRunner((c) =>
    c.args.includes("CNI-OLD") ? { code: 1, stderr: "iptables: Chain already exists.\n" } : {}
  );
  const ipt = new Iptables(4, { run });
  assertEquals(await ipt.ensureChain(ref), true);
  assertEquals(await ipt.ensureChain({ table: "nat", chain: "CNI-OLD" }), false);
  assertEquals(calls.map((c) => c.args.join(" ")), ["--wait -t nat -N CNI-X", "--wait -t nat -N CNI-OLD"]);
});

Deno.test("Iptables.clearChain() flushes, and creates the chain only when -F finds none", async () => {
  const { run, calls } = fakeRunner((c) =>
    c.args.includes("-F") && c.args.includes("CNI-NEW")
      ? { code: 1, stderr: "iptables: No chain/target/match by that name.\n" }
      : {}
  );
  const ipt = new Iptables(4, { run });
  await ipt.clearChain(ref);
  await ipt.clearChain({ table: "nat", chain: "CNI-NEW" });
  assertEquals(calls.map((c) => c.args.slice(3).join(" ")), ["-F CNI-X", "-F CNI-NEW", "-N CNI-NEW"]);
});

Deno.test("Iptables.restore() feeds the batch to <binary>-restore --noflush --wait in one exec", async () => {
  const { run, calls } = fakeRunner();
  const ipt = new Iptables(6, { run });
  await ipt.restore(new IptablesBatch("nat"));
  assertEquals(calls.length, 0);
  await ipt.restore(new IptablesBatch("nat").declareChain("CNI-X").append("CNI-X", ["-j", "ACCEPT"]));
  assertEquals(calls, [{
    binary: "ip6tables-restore",
    args: ["--noflush", "--wait"],
    stdin: "*nat\n:CNI-X - [0:0]\n-A CNI-X -j ACCEPT\nCOMMIT\n",
  }]);
});

Deno.test("Iptables.restore() names the script line iptables-restore rejected", async () => {
  const { run } = fakeRunner(() => ({
    code: 1,
    stderr: "iptables-restore: line 3 failed: Bad rule (does a matching rule exist in that chain?).\n",
  }));
  const batch = new IptablesBatch("nat").declareChain("CNI-X").delete("POSTROUTING", ["-j", "CNI-X"]);
  await rejects(new Iptables(4, { run }).restore(batch), (err: unknown) => {
    assert(err instanceof IptablesError);
    assertEquals(err.argv, ["iptables-restore", "--noflush", "--wait"]);
    assert(err.message.startsWith(`Cannot run "iptables-restore --noflush --wait": iptables-restore: line 3 failed`));
    assert(err.message.includes("(script line 3: -D POSTROUTING -j CNI-X)"), err.message);
    return true;
  });
});

Deno.test("Iptables.restore() replays the batch one exec per step when iptables-restore is missing", async () => {
  const calls: string[] = [];
  const ipt = new Iptables(4, {
    run: (binary, args) => {
      calls.push([binary, ...args].join(" "));
      if (binary === "iptables-restore") return Promise.reject(new Deno.errors.NotFound("iptables-restore"));
      return Promise.resolve({ code: 0, stdout: "", stderr: "" });
    },
  });
  await ipt.restore(new IptablesBatch("nat").declareChain("CNI-X").append("CNI-X", ["-j", "ACCEPT"]));
  assertEquals(calls, [
    "iptables-restore --noflush --wait",
    "iptables --wait -t nat -F CNI-X",
    "iptables --wait -t nat -A CNI-X -j ACCEPT",
  ]);
});

Deno.test("Iptables.isUsable() probes each binary once per runner", async () => {
  const { run, calls } = fakeRunner((
    c,
  ) => (c.binary === "ip6tables" ? { code: 3, stderr: "Table does not exist" } : {}));
  for (let i = 0; i < 2; i++) {
    assertEquals(await new Iptables(4, { run }).isUsable(), true);
    assertEquals(await new Iptables(6, { run }).isUsable(), false);
  }
  assertEquals(calls.map((c) => [c.binary, ...c.args].join(" ")), [
    "iptables --wait -t nat -S OUTPUT 1",
    "ip6tables --wait -t nat -S OUTPUT 1",
  ]);
  assertEquals(await new Iptables(4, { run: fakeRunner().run }).isUsable(), true); // another runner probes again
});

Deno.test("Iptables.chainExists() lists only that chain and answers false when -S finds none", async () => {
  const { run, calls } = fakeRunner(() => ({ code: 1, stderr: "iptables: No chain/target/match by that name.\n" }));
  assertEquals(await new Iptables(4, { run }).chainExists(ref), false);
  assertEquals(calls.map((c) => c.args.join(" ")), ["--wait -t nat -S CNI-X"]);
});

Deno.test("Iptables.allExist() asks every -C in one restore: exit 0 is true, a failed line or no restore binary false", async () => {
  const checks = new IptablesBatch("nat").check("POSTROUTING", ["-j", "CNI-X"]).check("CNI-X", ["-j", "ACCEPT"]);
  const present = fakeRunner();
  assert.equal(await new Iptables(6, { run: present.run }).allExist(checks), true);
  assertEquals(present.calls.map((c) => [c.binary, ...c.args]), [["ip6tables-restore", "--noflush", "--wait"]]);
  assertEquals(present.calls[0]!.stdin, "*nat\n-C POSTROUTING -j CNI-X\n-C CNI-X -j ACCEPT\nCOMMIT\n");

  const missing = fakeRunner(() => ({ code: 1, stderr: "iptables-restore: line 3 failed: Bad rule" }));
  assert.equal(await new Iptables(4, { run: missing.run }).allExist(checks), false);

  const noBinary = new Iptables(4, { run: () => Promise.reject(new Deno.errors.NotFound("iptables-restore")) });
  assert.equal(await noBinary.allExist(checks), false);

  // A batch that would change rules is refused before anything runs.
  const changing = fakeRunner();
  await rejects(
    new Iptables(4, { run: changing.run }).allExist(new IptablesBatch("nat").append("CNI-X", ["-j", "ACCEPT"])),
    TypeError,
  );
  // A declared chain would be flushed.
  await rejects(
    new Iptables(4, { run: changing.run }).allExist(new IptablesBatch("nat").declareChain("CNI-X")),
    TypeError,
  );
  assertEquals(changing.calls, []);
});
