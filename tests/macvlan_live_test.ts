// macvlan live tests (root): a test "host" netns holds the master (one end of a veth pair whose peer is up beside
// it), containers are test netns. The plugin runs in a `deno eval` child forked inside the host netns, so nothing
// touches the real host; IPAM is the in-process static plugin. Every test loops over the spec versions.
import assert from "node:assert/strict";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { IP } from "../addr/mod.ts";
import { linkData, macvlan, Rtnl, withNetns } from "../netlink/mod.ts";
import { createTestNetns, createTestVeth, type TestNetns } from "./fixtures/netns.ts";
import { cniEnv, pluginModuleRunner } from "./fixtures/plugin_module_in_netns.ts";
import { createHostWithVeth } from "./fixtures/host_with_veth.ts";
import { tcpExchange } from "./fixtures/tcp_exchange.ts";
import { readSysctl } from "../iface/mod.ts";

const ignore = Deno.uid() !== 0;
const runIn = pluginModuleRunner(new URL("../plugins/macvlan/mod.ts", import.meta.url), "macvlan");

/** A host netns with master "cnitm0" (veth, peer "cnitm1" up beside it, MTU 1400). */
function hostWithMaster(): TestNetns {
  return createHostWithVeth({ name: "cnitm0", peerName: "cnitm1", mtu: 1400 });
}

function config(version: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { cniVersion: version, name: "cnit-macvlan", type: "macvlan", ...extra };
}

function staticIpam(address: string): Record<string, unknown> {
  return {
    type: "static",
    addresses: [{ address, gateway: "10.77.0.1" }],
    routes: [{ dst: "10.78.0.0/16" }],
  };
}

for (const version of SPEC_VERSIONS) {
  Deno.test({
    name: `macvlan add() at ${version} creates a macvlan with the MAC, MTU, addresses and routes; del() is idempotent`,
    ignore,
    async fn() {
      using host = hostWithMaster();
      using ns = createTestNetns();
      const container = { id: "cnit-mv-1", netns: ns.path };
      const conf = config(version, {
        master: "cnitm0",
        mode: "private",
        mtu: 1300,
        mac: "0a:58:0a:4d:00:05",
        bcqueuelen: 2000,
        ipam: staticIpam("10.77.0.5/24"),
      });
      const add = await runIn(host, cniEnv("ADD", container), conf);
      assert.equal(add.code, 0, add.stdout);
      const result = JSON.parse(add.stdout);
      assert.equal(result.cniVersion, version);
      {
        using rtnl = Rtnl.open({ netns: ns.path });
        const link = rtnl.linkGet("eth0");
        assert.equal(link.kind, "macvlan");
        assert.equal(linkData(link, macvlan)?.mode, "private");
        assert.equal(linkData(link, macvlan)?.bcQueueLen, 2000);
        assert.equal(link.mtu, 1300);
        assert.equal(link.mac?.toString(), "0a:58:0a:4d:00:05");
        assert.ok(link.up);
        assert.deepEqual(rtnl.addrList({ index: link.index, family: 4 }).map((a) => a.prefix), ["10.77.0.5/24"]);
        const routes = rtnl.routeList({ family: 4 }).map((r) => `${r.dst ?? "default"} ${r.gateway ?? ""}`);
        assert.ok(routes.includes("10.78.0.0/16 10.77.0.1"), routes.join(", "));
        const notify = withNetns(ns.path, () => [
          readSysctl(["ipv4", "conf", "eth0", "arp_notify"]),
          readSysctl(["ipv6", "conf", "eth0", "ndisc_notify"]),
        ]);
        assert.deepEqual(notify, ["1", "1"]);
        using hostRtnl = Rtnl.open({ netns: host.path });
        assert.equal(link.parentIndex, hostRtnl.linkGet("cnitm0").index);
        assert.equal(hostRtnl.linkList().filter((l) => l.kind === "macvlan").length, 0);
      }
      if (versionAtLeast(version, "0.3.0")) {
        assert.deepEqual(result.interfaces, [{ name: "eth0", mac: "0a:58:0a:4d:00:05", sandbox: ns.path }]);
        assert.deepEqual(result.ips.map((ip: { address: string }) => ip.address), ["10.77.0.5/24"]);
      } else {
        assert.equal(result.ip4.ip, "10.77.0.5/24");
      }
      if (versionAtLeast(version, "0.4.0")) {
        const check = await runIn(host, cniEnv("CHECK", container), { ...conf, prevResult: result });
        assert.equal(check.code, 0, check.stdout);
      }
      for (let i = 0; i < 2; i++) {
        const del = await runIn(host, cniEnv("DEL", container), conf);
        assert.equal(del.code, 0, del.stdout);
      }
      using rtnl = Rtnl.open({ netns: ns.path });
      assert.equal(rtnl.linkFind("eth0"), undefined);
    },
  });
}

Deno.test({
  name: "macvlan: two containers in bridge mode on one master reach each other over TCP",
  ignore,
  async fn() {
    using host = hostWithMaster();
    using a = createTestNetns();
    using b = createTestNetns();
    for (const [ns, address] of [[a, "10.77.0.11/24"], [b, "10.77.0.12/24"]] as const) {
      const conf = config("1.0.0", { master: "cnitm0", ipam: staticIpam(address) });
      const add = await runIn(host, cniEnv("ADD", { id: `cnit-${ns.name}`, netns: ns.path }), conf);
      assert.equal(add.code, 0, add.stdout);
    }
    assert.equal(await tcpExchange("10.77.0.11", { server: a, client: b }), "pong");
  },
});

Deno.test({
  name: "macvlan del() succeeds when the container netns is already gone, and when CNI_NETNS is empty",
  ignore,
  async fn() {
    using host = hostWithMaster();
    const ns = createTestNetns();
    const container = { id: "cnit-mv-gone", netns: ns.path };
    const conf = config("1.1.0", { master: "cnitm0", ipam: {} });
    try {
      const add = await runIn(host, cniEnv("ADD", container), conf);
      assert.equal(add.code, 0, add.stdout);
    } finally {
      ns[Symbol.dispose]();
    }
    assert.equal((await runIn(host, cniEnv("DEL", container), conf)).code, 0);
    assert.equal((await runIn(host, cniEnv("DEL", { ...container, netns: "" }), conf)).code, 0);
  },
});

Deno.test({
  name: "macvlan add() defaults master to the default route's interface, L2-only with ipam {}",
  ignore,
  async fn() {
    using host = hostWithMaster();
    using ns = createTestNetns();
    {
      using rtnl = Rtnl.open({ netns: host.path });
      const master = rtnl.linkGet("cnitm0");
      rtnl.addrAdd(master.index, "10.79.0.2/24");
      rtnl.routeAdd({ gateway: IP.parse("10.79.0.1"), oif: master.index });
    }
    const container = { id: "cnit-mv-default", netns: ns.path };
    const add = await runIn(host, cniEnv("ADD", container), config("1.0.0", { ipam: {} }));
    assert.equal(add.code, 0, add.stdout);
    assert.equal(JSON.parse(add.stdout).ips, undefined);
    using rtnl = Rtnl.open({ netns: ns.path });
    using hostRtnl = Rtnl.open({ netns: host.path });
    const link = rtnl.linkGet("eth0");
    assert.equal(link.parentIndex, hostRtnl.linkGet("cnitm0").index);
    assert.equal(linkData(link, macvlan)?.mode, "bridge");
    assert.ok(link.up);
  },
});

Deno.test({
  name: "macvlan add() with linkInContainer uses a master inside the container; MAC from CNI_ARGS",
  ignore,
  async fn() {
    using host = createTestNetns();
    using ns = createTestNetns();
    createTestVeth({ name: "cnitin0", peerName: "cnitin1", netns: ns, peerNetns: ns });
    const container = { id: "cnit-mv-in", netns: ns.path };
    const conf = config("1.0.0", { master: "cnitin0", linkInContainer: true, ipam: staticIpam("10.77.0.9/24") });
    const add = await runIn(
      host,
      { ...cniEnv("ADD", container), CNI_ARGS: "IgnoreUnknown=1;MAC=0a:58:00:00:00:09" },
      conf,
    );
    assert.equal(add.code, 0, add.stdout);
    using rtnl = Rtnl.open({ netns: ns.path });
    const link = rtnl.linkGet("eth0");
    assert.equal(link.parentIndex, rtnl.linkGet("cnitin0").index);
    assert.equal(link.mac?.toString(), "0a:58:00:00:00:09");
    const check = await runIn(host, cniEnv("CHECK", container), { ...conf, prevResult: JSON.parse(add.stdout) });
    assert.equal(check.code, 0, check.stdout);
    const wrongMode = await runIn(host, cniEnv("CHECK", container), {
      ...conf,
      mode: "vepa",
      prevResult: JSON.parse(add.stdout),
    });
    assert.notEqual(wrongMode.code, 0);
    assert.match(JSON.parse(wrongMode.stdout).msg, /mode bridge does not match expected value: vepa/);
    assert.equal((await runIn(host, cniEnv("DEL", container), conf)).code, 0);
    assert.equal(rtnl.linkFind("eth0"), undefined);
  },
});

Deno.test({
  name: "macvlan add() refuses an MTU above the master's with code 7 and leaves nothing behind",
  ignore,
  async fn() {
    using host = hostWithMaster();
    using ns = createTestNetns();
    const container = { id: "cnit-mv-mtu", netns: ns.path };
    const add = await runIn(host, cniEnv("ADD", container), config("1.0.0", { master: "cnitm0", mtu: 9000, ipam: {} }));
    assert.equal(add.code, 1);
    const error = JSON.parse(add.stdout);
    assert.equal(error.code, 7);
    assert.equal(error.msg, "invalid MTU 9000, must be [0, master MTU(1400)]");
    using rtnl = Rtnl.open({ netns: ns.path });
    assert.deepEqual(rtnl.linkList().map((l) => l.name), ["lo"]);
  },
});
