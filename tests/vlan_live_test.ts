// vlan live tests (root, and a kernel with the 8021q module; otherwise skipped with the kernel's reason, printed
// at load). A test "host" netns holds the master (a veth end); the plugin runs in a `deno eval` child forked inside
// it, so nothing touches the real host. IPAM is the in-process static plugin. Loops over the spec versions.
import assert from "node:assert/strict";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { linkData, Rtnl, vlan } from "../netlink/mod.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";
import { cniEnv, pluginModuleRunner } from "./fixtures/plugin_module_in_netns.ts";
import { createHostWithVeth } from "./fixtures/host_with_veth.ts";
import { linkKindSkipReason } from "./fixtures/link_kind_skip.ts";

const runIn = pluginModuleRunner(new URL("../plugins/vlan/mod.ts", import.meta.url), "vlan");

const reason = linkKindSkipReason(
  "vlan",
  (parentIndex) => ({ name: "cnitp2", kind: vlan, data: { id: 5 }, parentIndex }),
);
const ignore = reason !== undefined;

/** A host netns with master "cnitm0" (veth, peer "cnitm1" up beside it). */
function hostWithMaster(): TestNetns {
  return createHostWithVeth({ name: "cnitm0", peerName: "cnitm1" });
}

function config(version: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { cniVersion: version, name: "cnit-vlan", type: "vlan", ...extra };
}

for (const version of SPEC_VERSIONS) {
  Deno.test({
    name: `vlan add() at ${version} creates a tagged sub-interface with the MTU and addresses; del() twice`,
    ignore,
    async fn() {
      using host = hostWithMaster();
      using ns = createTestNetns();
      const container = { id: "cnit-vlan-1", netns: ns.path };
      const conf = config(version, {
        master: "cnitm0",
        vlanId: 42,
        mtu: 1400,
        ipam: { type: "static", addresses: [{ address: "10.77.3.5/24" }], routes: [{ dst: "10.78.0.0/16" }] },
        dns: { nameservers: ["10.77.3.1"] },
      });
      const add = await runIn(host, cniEnv("ADD", container), conf);
      assert.equal(add.code, 0, add.stdout);
      const result = JSON.parse(add.stdout);
      using rtnl = Rtnl.open({ netns: ns.path });
      const link = rtnl.linkGet("eth0");
      assert.equal(linkData(link, vlan)?.id, 42);
      assert.equal(link.mtu, 1400);
      assert.deepEqual(rtnl.addrList({ index: link.index, family: 4 }).map((a) => a.prefix), ["10.77.3.5/24"]);
      if (versionAtLeast(version, "0.3.0")) {
        assert.deepEqual(result.interfaces, [{ name: "eth0", mac: link.mac?.toString(), sandbox: ns.path }]);
        assert.deepEqual(result.dns, { nameservers: ["10.77.3.1"] });
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
  name: "vlan add() refuses an MTU above the master's with code 7",
  ignore: Deno.uid() !== 0, // fails before creating anything: needs no 8021q support
  async fn() {
    using host = hostWithMaster();
    using ns = createTestNetns();
    const conf = config("1.0.0", { master: "cnitm0", vlanId: 4, mtu: 65000, ipam: { type: "static" } });
    const add = await runIn(host, cniEnv("ADD", { id: "cnit-vlan-mtu", netns: ns.path }), conf);
    assert.equal(add.code, 1);
    assert.equal(JSON.parse(add.stdout).code, 7);
    assert.match(JSON.parse(add.stdout).msg, /^invalid MTU 65000, must be \[0, master MTU\(1500\)\]$/);
  },
});

Deno.test({
  name: "vlan del() succeeds when the container netns is gone",
  ignore: Deno.uid() !== 0, // needs no 8021q support
  async fn() {
    using host = hostWithMaster();
    const ns = createTestNetns();
    ns[Symbol.dispose]();
    const conf = config("1.0.0", {
      master: "cnitm0",
      vlanId: 4,
      ipam: { type: "static", addresses: [{ address: "10.77.3.6/24" }] },
    });
    const result = await runIn(host, cniEnv("DEL", { id: "cnit-vlan-gone", netns: ns.path }), conf);
    assert.equal(result.code, 0, result.stdout);
  },
});
