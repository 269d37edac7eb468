// ipvlan live tests (root, and a kernel with the ipvlan module; otherwise skipped with the kernel's reason, printed
// at load). A test "host" netns holds the master (a veth end); the plugin runs in a `deno eval` child forked inside
// it, so nothing touches the real host. IPAM is the in-process static plugin. Loops over the spec versions.
import assert from "node:assert/strict";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { ipvlan, linkData, Rtnl } from "../netlink/mod.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";
import { cniEnv, pluginModuleRunner } from "./fixtures/plugin_module_in_netns.ts";
import { createHostWithVeth } from "./fixtures/host_with_veth.ts";
import { linkKindSkipReason } from "./fixtures/link_kind_skip.ts";

const runIn = pluginModuleRunner(new URL("../plugins/ipvlan/mod.ts", import.meta.url), "ipvlan");

const reason = linkKindSkipReason(
  "ipvlan",
  (parentIndex) => ({ name: "cnitp2", kind: ipvlan, data: { mode: "l2" }, parentIndex }),
);
const ignore = reason !== undefined;

/** A host netns with master "cnitm0" (veth, peer "cnitm1" up beside it). */
function hostWithMaster(): TestNetns {
  return createHostWithVeth({ name: "cnitm0", peerName: "cnitm1" });
}

function config(version: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { cniVersion: version, name: "cnit-ipvlan", type: "ipvlan", ...extra };
}

for (const version of SPEC_VERSIONS) {
  Deno.test({
    name: `ipvlan add() at ${version} creates an l3 ipvlan with the master's MAC and the addresses; del() twice`,
    ignore,
    async fn() {
      using host = hostWithMaster();
      using ns = createTestNetns();
      const container = { id: "cnit-ipv-1", netns: ns.path };
      const conf = config(version, {
        master: "cnitm0",
        mode: "l3",
        mtu: 1300,
        ipam: { type: "static", addresses: [{ address: "10.77.1.5/24" }], routes: [{ dst: "10.78.0.0/16" }] },
      });
      const add = await runIn(host, cniEnv("ADD", container), conf);
      assert.equal(add.code, 0, add.stdout);
      const result = JSON.parse(add.stdout);
      using rtnl = Rtnl.open({ netns: ns.path });
      using hostRtnl = Rtnl.open({ netns: host.path });
      const link = rtnl.linkGet("eth0");
      assert.equal(linkData(link, ipvlan)?.mode, "l3");
      assert.equal(link.mtu, 1300);
      assert.equal(link.mac?.toString(), hostRtnl.linkGet("cnitm0").mac?.toString());
      assert.deepEqual(rtnl.addrList({ index: link.index, family: 4 }).map((a) => a.prefix), ["10.77.1.5/24"]);
      if (versionAtLeast(version, "0.3.0")) {
        assert.deepEqual(result.interfaces, [{ name: "eth0", mac: link.mac?.toString(), sandbox: ns.path }]);
      }
      if (versionAtLeast(version, "0.4.0")) {
        const check = await runIn(host, cniEnv("CHECK", container), { ...conf, prevResult: result });
        assert.equal(check.code, 0, check.stdout);
      }
      for (let i = 0; i < 2; i++) assert.equal((await runIn(host, cniEnv("DEL", container), conf)).code, 0);
      assert.equal(rtnl.linkFind("eth0"), undefined);
    },
  });
}

Deno.test({
  name: "ipvlan add() chained without master and ipam uses prevResult's interface and addresses",
  ignore,
  async fn() {
    using host = hostWithMaster();
    using ns = createTestNetns();
    const container = { id: "cnit-ipv-chain", netns: ns.path };
    const conf = config("1.0.0", {
      prevResult: { cniVersion: "1.0.0", interfaces: [{ name: "cnitm0" }], ips: [{ address: "10.77.2.5/24" }] },
    });
    const add = await runIn(host, cniEnv("ADD", container), conf);
    assert.equal(add.code, 0, add.stdout);
    assert.deepEqual(JSON.parse(add.stdout).ips, [{ interface: 0, address: "10.77.2.5/24" }]);
    using rtnl = Rtnl.open({ netns: ns.path });
    const link = rtnl.linkGet("eth0");
    assert.deepEqual(rtnl.addrList({ index: link.index, family: 4 }).map((a) => a.prefix), ["10.77.2.5/24"]);
  },
});

Deno.test({
  name: "ipvlan del() succeeds when the container netns is gone",
  ignore: Deno.uid() !== 0, // needs no ipvlan support
  async fn() {
    using host = hostWithMaster();
    const ns = createTestNetns();
    ns[Symbol.dispose]();
    const result = await runIn(host, cniEnv("DEL", { id: "cnit-ipv-gone", netns: ns.path }), config("1.0.0", {}));
    assert.equal(result.code, 0, result.stdout);
  },
});
