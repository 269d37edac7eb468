// host-device live tests (root): a test "host" netns holds the device (one end of a veth pair whose peer stays
// beside it), containers are test netns. The plugin runs in a `deno eval` child forked inside the host netns, so
// nothing touches the real host; IPAM is the in-process static plugin. Loops over the spec versions.
import assert from "node:assert/strict";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { Rtnl } from "../netlink/mod.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";
import { cniEnv, pluginModuleRunner } from "./fixtures/plugin_module_in_netns.ts";
import { createHostWithVeth } from "./fixtures/host_with_veth.ts";
import { tcpExchange } from "./fixtures/tcp_exchange.ts";

const ignore = Deno.uid() !== 0;
const runIn = pluginModuleRunner(new URL("../plugins/host_device/mod.ts", import.meta.url), "hostDevice");

/** A host netns with the device "cnithd0" (a veth end, peer "cnithd1" up beside it with 10.77.5.1/24). */
function hostWithDevice(): TestNetns {
  return createHostWithVeth({ name: "cnithd0", peerName: "cnithd1", peerAddress: "10.77.5.1/24" });
}

function config(version: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { cniVersion: version, name: "cnit-hostdev", type: "host-device", ...extra };
}

for (const version of SPEC_VERSIONS) {
  Deno.test({
    name:
      `host-device add() at ${version} moves the device in as eth0 with its host name as alias; del() moves it back`,
    ignore,
    async fn() {
      using host = hostWithDevice();
      using ns = createTestNetns();
      using hostRtnl = Rtnl.open({ netns: host.path });
      const mac = hostRtnl.linkGet("cnithd0").mac?.toString();
      const container = { id: "cnit-hd-1", netns: ns.path };
      const conf = config(version, {
        device: "cnithd0",
        ipam: { type: "static", addresses: [{ address: "10.77.5.5/24" }], routes: [{ dst: "10.78.0.0/16" }] },
      });
      const add = await runIn(host, cniEnv("ADD", container), conf);
      assert.equal(add.code, 0, add.stdout);
      const result = JSON.parse(add.stdout);
      {
        using rtnl = Rtnl.open({ netns: ns.path });
        const link = rtnl.linkGet("eth0");
        assert.equal(link.alias, "cnithd0");
        assert.equal(link.mac?.toString(), mac);
        assert.ok(link.up);
        assert.deepEqual(rtnl.addrList({ index: link.index, family: 4 }).map((a) => a.prefix), ["10.77.5.5/24"]);
        assert.equal(hostRtnl.linkFind("cnithd0"), undefined);
      }
      if (versionAtLeast(version, "0.3.0")) {
        assert.deepEqual(result.interfaces, [{ name: "eth0", mac, sandbox: ns.path }]);
      }
      if (versionAtLeast(version, "0.4.0")) {
        const check = await runIn(host, cniEnv("CHECK", container), { ...conf, prevResult: result });
        assert.equal(check.code, 0, check.stdout);
      }
      for (let i = 0; i < 2; i++) {
        const del = await runIn(host, cniEnv("DEL", container), conf);
        assert.equal(del.code, 0, del.stdout);
      }
      const back = hostRtnl.linkGet("cnithd0");
      assert.equal(back.mac?.toString(), mac);
      assert.ok(back.up);
      using rtnl = Rtnl.open({ netns: ns.path });
      assert.equal(rtnl.linkFind("eth0"), undefined);
    },
  });
}

Deno.test({
  name: "host-device add() finds the device by hwaddr, traffic flows to the host side, and L2-only works without ipam",
  ignore,
  async fn() {
    using host = hostWithDevice();
    using ns = createTestNetns();
    using hostRtnl = Rtnl.open({ netns: host.path });
    const mac = hostRtnl.linkGet("cnithd0").mac?.toString() ?? "";
    const container = { id: "cnit-hd-mac", netns: ns.path };
    const l2 = config("1.1.0", { hwaddr: mac.toUpperCase() });
    const add = await runIn(host, cniEnv("ADD", container), l2);
    assert.equal(add.code, 0, add.stdout);
    assert.equal(JSON.parse(add.stdout).ips, undefined);
    {
      using rtnl = Rtnl.open({ netns: ns.path });
      rtnl.addrAdd(rtnl.linkGet("eth0").index, "10.77.5.6/24");
    }
    assert.equal(await tcpExchange("10.77.5.1", { server: host, client: ns }), "pong");
    assert.equal((await runIn(host, cniEnv("DEL", container), l2)).code, 0);
    assert.equal(hostRtnl.linkGet("cnithd0").mac?.toString(), mac);
  },
});

Deno.test({
  name: "host-device add() of a missing device fails and leaves the container empty; no selector is code 7",
  ignore,
  async fn() {
    using host = hostWithDevice();
    using ns = createTestNetns();
    const container = { id: "cnit-hd-missing", netns: ns.path };
    const add = await runIn(host, cniEnv("ADD", container), config("1.0.0", { device: "cnitnope" }));
    assert.equal(add.code, 1);
    assert.match(JSON.parse(add.stdout).msg, /cnitnope/);
    const none = await runIn(host, cniEnv("ADD", container), config("1.0.0", {}));
    assert.equal(JSON.parse(none.stdout).code, 7);
    using rtnl = Rtnl.open({ netns: ns.path });
    assert.deepEqual(rtnl.linkList().map((l) => l.name), ["lo"]);
  },
});

Deno.test({
  name: "host-device del() succeeds when the container netns is gone (unlike the reference)",
  ignore,
  async fn() {
    using host = hostWithDevice();
    const ns = createTestNetns();
    const container = { id: "cnit-hd-gone", netns: ns.path };
    const conf = config("1.0.0", { device: "cnithd0" });
    try {
      assert.equal((await runIn(host, cniEnv("ADD", container), conf)).code, 0);
    } finally {
      ns[Symbol.dispose]();
    }
    const del = await runIn(host, cniEnv("DEL", container), conf);
    assert.equal(del.code, 0, del.stdout);
  },
});
