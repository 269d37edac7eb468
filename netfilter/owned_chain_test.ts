import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { fakeRunner, type RecordedCall } from "./_fake_runner.ts";
import { Iptables } from "./iptables.ts";
import { ensureOwnedChain, removeOwnedChain } from "./owned_chain.ts";

const ref = { table: "nat", chain: "CNI-X" };
const show = (calls: RecordedCall[]) => calls.map((c) => [c.binary, ...c.args].join(" "));
const missingRule = { code: 1, stderr: "iptables: Bad rule (does a matching rule exist in that chain?).\n" };
const noChain = { code: 1, stderr: "iptables: No chain/target/match by that name.\n" };

Deno.test("ensureOwnedChain() checks each entry once, then rewrites chain and missing entries in one restore", async () => {
  const { run, calls } = fakeRunner((c) => (c.args.includes("-C") && c.args.includes("10.1.0.6") ? missingRule : {}));
  await ensureOwnedChain(new Iptables(4, { run }), {
    ref,
    rules: [["-j", "ACCEPT"], ["-j", "MASQUERADE"], ["-j", "ACCEPT"]],
    entries: [
      { chain: "POSTROUTING", rule: ["-s", "10.1.0.5", "-j", "CNI-X"] },
      { chain: "POSTROUTING", rule: ["-s", "10.1.0.6", "-j", "CNI-X"] },
      { chain: "POSTROUTING", rule: ["-s", "10.1.0.6", "-j", "CNI-X"] },
    ],
  });
  assertEquals(show(calls), [
    "iptables --wait -t nat -C POSTROUTING -s 10.1.0.5 -j CNI-X",
    "iptables --wait -t nat -C POSTROUTING -s 10.1.0.6 -j CNI-X",
    "iptables-restore --noflush --wait",
  ]);
  assertEquals(
    calls[2]!.stdin,
    [
      "*nat",
      ":CNI-X - [0:0]",
      "-A CNI-X -j ACCEPT",
      "-A CNI-X -j MASQUERADE",
      "-A POSTROUTING -s 10.1.0.6 -j CNI-X",
      "COMMIT",
      "",
    ].join("\n"),
  );
});

Deno.test("removeOwnedChain() deletes the listed jumps and the chain in one restore", async () => {
  const listing = [
    "-P POSTROUTING ACCEPT",
    '-A POSTROUTING -s 10.1.0.5/32 -m comment --comment "name: \\"n\\" id: \\"c\\"" -j CNI-X',
    "-A POSTROUTING -s 10.1.0.9/32 -j CNI-OTHER",
    "-A POSTROUTING -s 10.1.0.0/24 -j CNI-X",
  ].join("\n");
  const { run, calls } = fakeRunner((c) => (c.args.includes("-S") ? { stdout: listing } : {}));
  await removeOwnedChain(new Iptables(4, { run }), ref, { entryChains: ["POSTROUTING"] });
  assertEquals(show(calls), ["iptables --wait -t nat -S POSTROUTING", "iptables-restore --noflush --wait"]);
  assertEquals(
    calls[1]!.stdin,
    [
      "*nat",
      ":CNI-X - [0:0]",
      '-D POSTROUTING -s 10.1.0.5/32 -m comment --comment "name: \\"n\\" id: \\"c\\"" -j CNI-X',
      "-D POSTROUTING -s 10.1.0.0/24 -j CNI-X",
      "-X CNI-X",
      "COMMIT",
      "",
    ].join("\n"),
  );
});

Deno.test("removeOwnedChain() with no jump left flushes and deletes the chain if it is there", async () => {
  const present = fakeRunner((c) => (c.args.includes("-S") ? { stdout: "-P POSTROUTING ACCEPT\n" } : {}));
  await removeOwnedChain(new Iptables(4, { run: present.run }), ref, { entryChains: ["POSTROUTING"] });
  assertEquals(show(present.calls), [
    "iptables --wait -t nat -S POSTROUTING",
    "iptables --wait -t nat -F CNI-X",
    "iptables --wait -t nat -X CNI-X",
  ]);

  const gone = fakeRunner((c) => (c.args.includes("-F") ? noChain : {}));
  await removeOwnedChain(new Iptables(4, { run: gone.run }), ref, { entryChains: ["POSTROUTING"] });
  assertEquals(show(gone.calls), ["iptables --wait -t nat -S POSTROUTING", "iptables --wait -t nat -F CNI-X"]);
});

Deno.test("removeOwnedChain() for a usually absent chain stops after one failed -F", async () => {
  const { run, calls } = fakeRunner(() => noChain);
  await removeOwnedChain(new Iptables(6, { run }), ref, { entryChains: ["CNI-HOSTPORT-SNAT"], isUsuallyAbsent: true });
  assertEquals(show(calls), ["ip6tables --wait -t nat -F CNI-X"]);
});

Deno.test("removeOwnedChain() with needsEntryChain stops when no entry chain exists", async () => {
  const { run, calls } = fakeRunner(() => noChain);
  const ipt = new Iptables(4, { run });
  assertEquals(await removeOwnedChain(ipt, ref, { entryChains: ["CNI-HOSTPORT-DNAT"], needsEntryChain: true }), false);
  assertEquals(show(calls), ["iptables --wait -t nat -S CNI-HOSTPORT-DNAT"]);
  assertEquals(await removeOwnedChain(ipt, ref, { entryChains: ["CNI-HOSTPORT-DNAT"] }), true);
  assertEquals(show(calls).slice(1), [
    "iptables --wait -t nat -S CNI-HOSTPORT-DNAT",
    "iptables --wait -t nat -F CNI-X",
  ]);
});
