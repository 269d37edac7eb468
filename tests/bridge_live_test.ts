/**
 * Live tests of the bridge plugin, run as a process inside a throwaway "host" namespace (so the bridge, sysctls and
 * iptables rules never touch the real host), with containers in throwaway namespaces. Every spec version is looped.
 * @module
 */
import assert from "node:assert/strict";
import { Prefix } from "../addr/mod.ts";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { readSysctl } from "../iface/mod.ts";
import { Rtnl, withNetns } from "../netlink/mod.ts";
import { hostSnapshot } from "./fixtures/host_snapshot.ts";
import { ping } from "./fixtures/icmp_ping.ts";
import { createTestNetns, createTestVeth } from "./fixtures/netns.ts";
import { createPluginHost, expectOk, linkNames, type PluginHost } from "./fixtures/plugin_host.ts";
import { outputInNetns, runInNetns } from "./fixtures/plugin_in_netns.ts";

const ignore = Deno.uid() !== 0;
const BRIDGE = "cnitbr0";

/** A host namespace, a host-local data dir (dual-stack from 0.3.0) and the bridge config; disposing removes all. */
function setup(version: string, ipam: Record<string, unknown> = {}): Promise<PluginHost> {
  const dualStack = versionAtLeast(version, "0.3.0");
  const ranges = [[{ subnet: "10.66.0.0/24" }], ...(dualStack ? [[{ subnet: "2001:db8:66::/64" }]] : [])];
  return createPluginHost({
    type: "bridge",
    containerId: "cnit-c1",
    config: (dataDir) => ({
      cniVersion: version,
      name: "cnit-bridge-net",
      type: "bridge",
      bridge: BRIDGE,
      mtu: 1400,
      isDefaultGateway: true,
      ipMasq: true,
      ipam: { type: "host-local", dataDir, ranges, ...ipam },
    }),
  });
}

for (const version of SPEC_VERSIONS) {
  Deno.test({
    name: `bridge ${version}: ADD, ping, CHECK and DEL leave the host as it was (but for the bridge)`,
    ignore,
    fn: async () => {
      await using s = await setup(version);
      using c1 = createTestNetns();
      using c2 = createTestNetns();
      const before = await hostSnapshot(s.host.path);
      const result = expectOk(await s.run("ADD", c1));
      assert.equal(result.cniVersion, version);
      using host = Rtnl.open({ netns: s.host.path });
      using inside = Rtnl.open({ netns: c1.path });
      const eth0 = inside.linkGet("eth0");
      const bridge = host.linkGet(BRIDGE);
      const address = assertResultShape(version, result, { netns: c1.path, mac: eth0.mac?.toString() ?? "" });
      assert.equal(eth0.mtu, 1400);
      assert.equal(eth0.up, true);
      assert.equal(bridge.mtu, 1400);
      assert.ok(inside.addrList({ index: eth0.index }).some((a) => a.prefix === address));
      const gw = inside.routeList({ family: 4 }).find((r) => r.dst === undefined)?.gateway?.toString();
      assert.equal(gw, "10.66.0.1");
      assert.ok(host.addrList({ index: bridge.index }).some((a) => a.prefix === "10.66.0.1/24"));
      const hostVeth = host.linkList().find((l) => l.master === bridge.index && l.kind === "veth");
      assert.ok(hostVeth, "a veth is a port of the bridge");
      assert.equal(hostVeth.parentIndex, eth0.index);
      withNetns(s.host.path, () => {
        assert.equal(readSysctl(["ipv4", "ip_forward"]), "1");
        assert.equal(readSysctl(["ipv6", "conf", hostVeth.name, "accept_ra"]), "0");
        assert.equal(readSysctl(["ipv6", "conf", BRIDGE, "accept_ra"]), "0");
      });
      withNetns(c1.path, () => {
        assert.equal(readSysctl(["ipv6", "conf", "eth0", "accept_dad"]), "0");
        assert.equal(readSysctl(["ipv4", "conf", "eth0", "arp_notify"]), "1");
      });
      const nat = await outputInNetns(s.host.path, ["iptables-save", "-t", "nat"]);
      assert.match(nat, /-A POSTROUTING -s 10\.66\.0\.\d+\/32 .*name: \\"cnit-bridge-net\\" id: \\"cnit-c1\\"/);

      const second = expectOk(await s.run("ADD", c2, { id: "cnit-c2" }));
      const secondAddress = firstV4(version, second);
      assert.notEqual(secondAddress, address);
      assert.ok(ping(c1.path, secondAddress.split("/")[0] ?? ""), "container 1 reaches container 2");
      assert.ok(ping(c2.path, address.split("/")[0] ?? ""), "container 2 reaches container 1");
      assert.ok(ping(c1.path, "10.66.0.1"), "container 1 reaches the gateway");
      if (versionAtLeast(version, "0.3.0")) assert.ok(ping(c1.path, "2001:db8:66::1"), "IPv6 gateway");

      if (versionAtLeast(version, "0.4.0")) {
        expectOk(await s.run("CHECK", c1, { config: s.config({ prevResult: result }) }));
        inside.addrDel(eth0.index, Prefix.parse(address));
        const broken = await s.run("CHECK", c1, { config: s.config({ prevResult: result }) });
        assert.notEqual(broken.code, 0, "CHECK fails once the address is gone");
        assert.match(String(broken.json?.msg), /10\.66\.0\.\d+\/24/);
      }

      expectOk(await s.run("DEL", c1, { config: s.config({ prevResult: result }) }));
      expectOk(await s.run("DEL", c2, { id: "cnit-c2", config: s.config({ prevResult: second }) }));
      expectOk(await s.run("DEL", c1, { config: s.config({ prevResult: result }) }));
      assert.deepEqual(linkNames(c1), ["lo"]);
      assert.deepEqual(linkNames(c2), ["lo"]);
      assert.deepEqual(await s.leases(), []);
      assert.deepEqual(await hostSnapshot(s.host.path, { ignoreLinks: [BRIDGE] }), before);
    },
  });
}

/** Checks the result against its version's shape and returns the container's IPv4 address with prefix. */
function assertResultShape(version: string, result: Record<string, unknown>, expect: { netns: string; mac: string }) {
  if (!versionAtLeast(version, "0.3.0")) {
    const ip4 = result.ip4 as { ip: string; gateway: string };
    assert.match(ip4.ip, /^10\.66\.0\.\d+\/24$/);
    assert.equal(ip4.gateway, "10.66.0.1");
    assert.equal(result.interfaces, undefined);
    return ip4.ip;
  }
  const interfaces = result.interfaces as Array<Record<string, string>>;
  assert.equal(interfaces.length, 3);
  assert.equal(interfaces[0]?.name, BRIDGE);
  assert.match(interfaces[1]?.name ?? "", /^veth[0-9a-f]{8}$/);
  assert.deepEqual(interfaces[2], { name: "eth0", mac: expect.mac, sandbox: expect.netns });
  const ips = result.ips as Array<Record<string, unknown>>;
  assert.equal(ips.length, 2);
  for (const ip of ips) assert.equal(ip.interface, 2);
  assert.match(String(ips[0]?.address), /^10\.66\.0\.\d+\/24$/);
  assert.equal(ips[0]?.gateway, "10.66.0.1");
  assert.match(String(ips[1]?.address), /^2001:db8:66::[0-9a-f]+\/64$/);
  assert.equal(ips[1]?.gateway, "2001:db8:66::1");
  const routes = result.routes as Array<Record<string, string>>;
  assert.deepEqual(routes, [{ dst: "0.0.0.0/0", gw: "10.66.0.1" }, { dst: "::/0", gw: "2001:db8:66::1" }]);
  return String(ips[0]?.address);
}

function firstV4(version: string, result: Record<string, unknown>): string {
  if (!versionAtLeast(version, "0.3.0")) return (result.ip4 as { ip: string }).ip;
  return String((result.ips as Array<Record<string, unknown>>)[0]?.address);
}

Deno.test({
  name: "bridge DEL succeeds when the netns is gone, and when CNI_NETNS is empty, releasing lease and masquerade",
  ignore,
  fn: async () => {
    await using s = await setup("1.0.0");
    const before = await hostSnapshot(s.host.path);
    const gone = createTestNetns();
    const first = expectOk(await s.run("ADD", gone));
    const path = gone.path;
    gone[Symbol.dispose]();
    expectOk(await s.run("DEL", path, { config: s.config({ prevResult: first }) }));
    expectOk(await s.run("DEL", path, { config: s.config({ prevResult: first }) }));
    assert.deepEqual(await s.leases(), []);

    using kept = createTestNetns();
    const second = expectOk(await s.run("ADD", kept, { id: "cnit-c2" }));
    // plugins#810: the reference leaks the masquerade chain here.
    expectOk(await s.run("DEL", "", { id: "cnit-c2", config: s.config({ prevResult: second }) }));
    assert.deepEqual(await s.leases(), []);
    using host = Rtnl.open({ netns: s.host.path });
    const hostVeth = host.linkList().find((l) => l.kind === "veth");
    if (hostVeth) host.linkDel(hostVeth.index); // the container's veth is not ours to find without its netns
    const after = await hostSnapshot(s.host.path, { ignoreLinks: [BRIDGE] });
    assert.deepEqual(after.iptables, before.iptables);
    assert.deepEqual(after.nft, before.nft);
  },
});

Deno.test({
  name: "bridge ADD that fails (IPAM exhausted, ifname taken) leaves nothing behind",
  ignore,
  fn: async () => {
    await using s = await setup("1.0.0", {
      ranges: [[{ subnet: "10.66.0.0/24", rangeStart: "10.66.0.10", rangeEnd: "10.66.0.10" }]],
    });
    using c1 = createTestNetns();
    using c2 = createTestNetns();
    using c3 = createTestNetns();
    using other = createTestNetns();
    const first = expectOk(await s.run("ADD", c1));
    const afterFirst = await hostSnapshot(s.host.path);
    const leasesAfterFirst = await s.leases();

    const exhausted = await s.run("ADD", c2, { id: "cnit-c2" });
    assert.notEqual(exhausted.code, 0);
    assert.match(String(exhausted.json?.msg), /no IP addresses available|exhausted|no addresses/i);
    assert.deepEqual(linkNames(c2), ["lo"]);
    assert.deepEqual(await hostSnapshot(s.host.path), afterFirst);

    createTestVeth({ name: "eth0", peerName: "p0", netns: c3, peerNetns: other });
    const taken = await s.run("ADD", c3, { id: "cnit-c3" });
    assert.notEqual(taken.code, 0);
    assert.match(String(taken.json?.msg), /eth0/);
    assert.deepEqual(linkNames(c3), ["eth0", "lo"]);
    assert.deepEqual(await hostSnapshot(s.host.path), afterFirst);
    assert.deepEqual(await s.leases(), leasesAfterFirst);
    expectOk(await s.run("DEL", c1, { config: s.config({ prevResult: first }) }));
  },
});

Deno.test({
  name:
    "bridge L2 only (ipam {}): no addresses, container end up, runtime MAC, hairpin and isolated port; STATUS and GC pass",
  ignore,
  fn: async () => {
    await using s = await setup("1.1.0");
    using c1 = createTestNetns();
    const config = s.config({
      ipam: {},
      isDefaultGateway: false,
      ipMasq: false,
      hairpinMode: true,
      portIsolation: true,
      promiscMode: false,
      runtimeConfig: { mac: "02:11:22:33:44:55" },
    });
    const result = expectOk(await s.run("ADD", c1, { config }));
    assert.equal(result.ips, undefined);
    assert.equal((result.interfaces as unknown[]).length, 3);
    using inside = Rtnl.open({ netns: c1.path });
    const eth0 = inside.linkGet("eth0");
    assert.equal(eth0.up, true);
    assert.deepEqual(inside.addrList({ index: eth0.index, family: 4 }), []);
    assert.equal(eth0.mac?.toString(), "02:11:22:33:44:55");
    using host = Rtnl.open({ netns: s.host.path });
    const bridge = host.linkGet(BRIDGE);
    const port = host.bridgePortList().find((p) => p.master === bridge.index && p.index !== bridge.index);
    assert.equal(port?.hairpin, true);
    assert.equal(port?.isolated, true);
    expectOk(await s.run("CHECK", c1, { config: { ...config, prevResult: result } }));
    expectOk(await s.run("DEL", c1, { config: { ...config, prevResult: result } }));
    expectOk(await s.run("STATUS", "", { config: s.config() }));
    expectOk(await s.run("GC", "", { config: s.config({ "cni.dev/valid-attachments": [] }) }));
  },
});

Deno.test({
  name: "interop: our bridge with Debian's host-local by exec (an IPAM type only CNI_PATH has)",
  ignore: ignore || !(await Deno.stat("/usr/lib/cni/host-local").then(() => true, () => false)),
  fn: async () => {
    await using s = await setup("1.0.0");
    const binDir = await Deno.makeTempDir({ prefix: "cnit-bin-" });
    try {
      await Deno.symlink("/usr/lib/cni/host-local", `${binDir}/cnit-host-local`);
      using c1 = createTestNetns();
      const config = s.config({
        ipam: { type: "cnit-host-local", dataDir: s.dataDir, ranges: [[{ subnet: "10.66.0.0/24" }]] },
      });
      const env = (command: string) => ({
        CNI_COMMAND: command,
        CNI_CONTAINERID: "cnit-interop",
        CNI_NETNS: c1.path,
        CNI_IFNAME: "eth0",
        CNI_PATH: binDir,
      });
      const added = expectOk(await runInNetns(s.host.path, "bridge", { env: env("ADD"), config }));
      const ips = added.ips as Array<{ address: string }>;
      assert.match(ips[0]?.address ?? "", /^10\.66\.0\.\d+\/24$/);
      assert.ok(ping(c1.path, "10.66.0.1"));
      assert.equal((await s.leases()).length, 1);
      expectOk(await runInNetns(s.host.path, "bridge", { env: env("DEL"), config: { ...config, prevResult: added } }));
      assert.deepEqual(await s.leases(), []);
    } finally {
      await Deno.remove(binDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "bridge concurrent ADDs on a bridge that does not exist yet all succeed and share one bridge",
  ignore,
  fn: async () => {
    await using s = await setup("1.0.0");
    const containers = Array.from({ length: 6 }, () => createTestNetns());
    try {
      const results = await Promise.all(containers.map((c, i) => s.run("ADD", c, { id: `cnit-par${i}` })));
      for (const run of results) expectOk(run);
      using host = Rtnl.open({ netns: s.host.path });
      const bridges = host.linkList().filter((l) => l.kind === "bridge");
      assert.deepEqual(bridges.map((b) => b.name), [BRIDGE]);
      const ports = host.linkList().filter((l) => l.master === bridges[0]?.index);
      assert.equal(ports.length, containers.length);
      const v4 = host.addrList({ index: bridges[0]?.index ?? 0, family: 4 }).map((a) => a.prefix);
      assert.deepEqual(v4, ["10.66.0.1/24"]);
      const addresses = results.map((r) => firstV4("1.0.0", r.json ?? {}));
      assert.equal(new Set(addresses).size, containers.length);
    } finally {
      for (const c of containers) c[Symbol.dispose]();
    }
  },
});

Deno.test({
  name: "bridge isGateway refuses a bridge that has another IPv4 address unless forceAddress",
  ignore,
  fn: async () => {
    await using s = await setup("1.0.0");
    using c1 = createTestNetns();
    using host = Rtnl.open({ netns: s.host.path });
    const l2 = expectOk(
      await s.run("ADD", c1, { config: s.config({ ipam: {}, isDefaultGateway: false, ipMasq: false }) }),
    );
    expectOk(await s.run("DEL", c1, { config: s.config({ ipam: {}, ipMasq: false, prevResult: l2 }) }));
    const bridge = host.linkGet(BRIDGE);
    host.addrAdd(bridge.index, "10.65.0.1/24");
    const refused = await s.run("ADD", c1);
    assert.notEqual(refused.code, 0);
    assert.match(String(refused.json?.msg), /10\.66\.0\.1\/24 .*"cnitbr0".*10\.65\.0\.1\/24/);
    assert.deepEqual(linkNames(c1), ["lo"]);
    assert.deepEqual(await s.leases(), []);
    const forced = expectOk(await s.run("ADD", c1, { config: s.config({ forceAddress: true }) }));
    const v4 = host.addrList({ index: bridge.index, family: 4 }).map((a) => a.prefix);
    assert.deepEqual(v4, ["10.66.0.1/24"]);
    expectOk(await s.run("DEL", c1, { config: s.config({ forceAddress: true, prevResult: forced }) }));
  },
});
