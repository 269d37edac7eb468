import { deepStrictEqual, rejects, strictEqual } from "node:assert/strict";
import { fakeRunner } from "./_fake_runner.ts";
import {
  checkSpoofCheck,
  parseSpoofCheckTableListing,
  setupSpoofCheck,
  spoofCheckNames,
  teardownSpoofCheck,
} from "./spoof_check.ts";

// `nft -j list table bridge nat` after Debian's /usr/lib/cni/bridge (1.1.1) ran ADD with macspoofchk for container
// "cnit-ctr1", ifname "eth0" (captured from nft 1.0.6).
const DEBIAN_LISTING = JSON.stringify({
  nftables: [
    { metainfo: { version: "1.0.6", release_name: "Lester Gooch #5", json_schema_version: 1 } },
    { table: { family: "bridge", name: "nat", handle: 1 } },
    {
      chain: {
        family: "bridge",
        table: "nat",
        name: "PREROUTING",
        handle: 1,
        type: "filter",
        hook: "prerouting",
        prio: -300,
        policy: "accept",
      },
    },
    { chain: { family: "bridge", table: "nat", name: "cni-br-iface-cnit-ctr1-eth0", handle: 2 } },
    { chain: { family: "bridge", table: "nat", name: "cni-br-iface-cnit-ctr1-eth0-mac", handle: 3 } },
    {
      rule: {
        family: "bridge",
        table: "nat",
        chain: "PREROUTING",
        handle: 4,
        comment: "macspoofchk-cnit-ctr1-eth0",
        expr: [
          { match: { op: "==", left: { meta: { key: "iifname" } }, right: "veth85841575" } },
          { jump: { target: "cni-br-iface-cnit-ctr1-eth0" } },
        ],
      },
    },
    {
      rule: {
        family: "bridge",
        table: "nat",
        chain: "cni-br-iface-cnit-ctr1-eth0",
        handle: 5,
        comment: "macspoofchk-cnit-ctr1-eth0",
        expr: [{ jump: { target: "cni-br-iface-cnit-ctr1-eth0-mac" } }],
      },
    },
    {
      rule: {
        family: "bridge",
        table: "nat",
        chain: "cni-br-iface-cnit-ctr1-eth0-mac",
        handle: 6,
        comment: "macspoofchk-cnit-ctr1-eth0",
        expr: [
          { match: { op: "==", left: { payload: { protocol: "ether", field: "saddr" } }, right: "ce:65:2a:39:5c:89" } },
          { return: null },
        ],
      },
    },
    {
      rule: {
        family: "bridge",
        table: "nat",
        chain: "cni-br-iface-cnit-ctr1-eth0-mac",
        handle: 7,
        comment: "macspoofchk-cnit-ctr1-eth0",
        expr: [{ drop: null }],
      },
    },
  ],
});

const SPEC = {
  hostIfname: "veth85841575",
  containerMac: "CE:65:2A:39:5C:89",
  containerId: "cnit-ctr1",
  ifname: "eth0",
};
const NOT_FOUND = { code: 1, stderr: "Error: No such file or directory\nlist table bridge nat\n" };

function isList(args: string[]): boolean {
  return args.includes("list");
}

Deno.test("spoofCheckNames() uses the reference's chain names and comment", () => {
  deepStrictEqual(spoofCheckNames({ containerId: "abc", ifname: "net1" }), {
    ifaceChain: "cni-br-iface-abc-net1",
    macChain: "cni-br-iface-abc-net1-mac",
    comment: "macspoofchk-abc-net1",
  });
  strictEqual(spoofCheckNames({ containerId: "abc" }).comment, "macspoofchk-abc");
});

Deno.test("setupSpoofCheck() declares table and chains, then writes the four rules Debian's bridge writes", async () => {
  const fake = fakeRunner((call) => (isList(call.args) ? NOT_FOUND : {}));
  await setupSpoofCheck(SPEC, { run: fake.run });
  deepStrictEqual(fake.calls.map((c) => c.args.join(" ")), ["-j -f -", "-j list table bridge nat", "-j -f -"]);
  const base = JSON.parse(fake.calls[0]?.stdin ?? "");
  deepStrictEqual(base.nftables[1], {
    add: {
      chain: {
        family: "bridge",
        table: "nat",
        name: "PREROUTING",
        type: "filter",
        hook: "prerouting",
        prio: -300,
        policy: "accept",
      },
    },
  });
  const rules = JSON.parse(fake.calls[2]?.stdin ?? "").nftables as Array<Record<string, { rule?: unknown }>>;
  const added = rules.filter((c) => c.add).map((c) => c.add?.rule);
  const debian = parseSpoofCheckTableListing(DEBIAN_LISTING).rules.map(({ chain, comment, expr }) => ({
    family: "bridge",
    table: "nat",
    chain,
    expr,
    comment,
  }));
  deepStrictEqual(added, debian);
  deepStrictEqual(rules.slice(0, 2).map((c) => Object.keys(c)[0]), ["flush", "flush"]);
});

Deno.test("setupSpoofCheck() replaces a base-chain rule left by an earlier setup of the same attachment", async () => {
  const fake = fakeRunner((call) => (isList(call.args) ? { stdout: DEBIAN_LISTING } : {}));
  await setupSpoofCheck(SPEC, { run: fake.run });
  const commands = JSON.parse(fake.calls[2]?.stdin ?? "").nftables as unknown[];
  deepStrictEqual(commands[2], {
    delete: { rule: { family: "bridge", table: "nat", chain: "PREROUTING", handle: 4 } },
  });
});

Deno.test("setupSpoofCheck() refuses a malformed MAC before running nft", async () => {
  const fake = fakeRunner();
  await rejects(setupSpoofCheck({ ...SPEC, containerMac: "nope" }, { run: fake.run }), SyntaxError);
  strictEqual(fake.calls.length, 0);
});

Deno.test("teardownSpoofCheck() deletes the base-chain rule by handle and both chains in one transaction", async () => {
  const fake = fakeRunner((call) => (isList(call.args) ? { stdout: DEBIAN_LISTING } : {}));
  await teardownSpoofCheck({ containerId: "cnit-ctr1", ifname: "eth0" }, { run: fake.run });
  strictEqual(fake.calls.length, 2);
  deepStrictEqual(JSON.parse(fake.calls[1]?.stdin ?? ""), {
    nftables: [
      { delete: { rule: { family: "bridge", table: "nat", chain: "PREROUTING", handle: 4 } } },
      { delete: { chain: { family: "bridge", table: "nat", name: "cni-br-iface-cnit-ctr1-eth0" } } },
      { delete: { chain: { family: "bridge", table: "nat", name: "cni-br-iface-cnit-ctr1-eth0-mac" } } },
    ],
  });
});

Deno.test("teardownSpoofCheck() is success with no table, another attachment's rules, or no nft binary", async () => {
  let fake = fakeRunner(() => NOT_FOUND);
  await teardownSpoofCheck({ containerId: "cnit-ctr1", ifname: "eth0" }, { run: fake.run });
  strictEqual(fake.calls.length, 1);
  fake = fakeRunner(() => ({ stdout: DEBIAN_LISTING }));
  await teardownSpoofCheck({ containerId: "cnit-other", ifname: "eth0" }, { run: fake.run });
  strictEqual(fake.calls.length, 1);
  await teardownSpoofCheck({ containerId: "x" }, { run: () => Promise.reject(new Deno.errors.NotFound("nft")) });
  await rejects(
    teardownSpoofCheck({ containerId: "x" }, { run: () => Promise.resolve({ code: 1, stdout: "", stderr: "busy" }) }),
    /Cannot run "nft -j list table bridge nat": busy/,
  );
});

Deno.test("checkSpoofCheck() accepts Debian's rules and names the rule that differs", async () => {
  const run = fakeRunner(() => ({ stdout: DEBIAN_LISTING })).run;
  await checkSpoofCheck(SPEC, { run });
  await rejects(
    checkSpoofCheck({ ...SPEC, containerMac: "02:00:00:00:00:01" }, { run }),
    /Cannot find the mac spoof-check rule "ether saddr 02:00:00:00:00:01 return" in chain "bridge nat cni-br-iface-cnit-ctr1-eth0-mac"/,
  );
  await rejects(
    checkSpoofCheck({ ...SPEC, hostIfname: "veth0" }, { run }),
    /rule "iifname "veth0" jump cni-br-iface-cnit-ctr1-eth0" in chain "bridge nat PREROUTING"/,
  );
  await rejects(checkSpoofCheck(SPEC, { run: fakeRunner(() => NOT_FOUND).run }), /Cannot find the mac spoof-check/);
});
