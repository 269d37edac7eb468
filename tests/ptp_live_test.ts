/**
 * Live tests of the ptp plugin, run as a process inside a throwaway "host" namespace, with containers in throwaway
 * namespaces. Every spec version is looped.
 * @module
 */
import assert from "node:assert/strict";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { readSysctl } from "../iface/mod.ts";
import { Rtnl, withNetns } from "../netlink/mod.ts";
import { hostSnapshot } from "./fixtures/host_snapshot.ts";
import { ping } from "./fixtures/icmp_ping.ts";
import { createTestNetns, createTestVeth } from "./fixtures/netns.ts";
import { createPluginHost, expectOk, linkNames, type PluginHost } from "./fixtures/plugin_host.ts";
import { outputInNetns } from "./fixtures/plugin_in_netns.ts";

const ignore = Deno.uid() !== 0;

/** A host namespace, a host-local data dir (dual-stack from 0.3.0) and the ptp config; disposing removes all. */
function setup(version: string, ipam: Record<string, unknown> = {}): Promise<PluginHost> {
  const dualStack = versionAtLeast(version, "0.3.0");
  const ranges = [[{ subnet: "10.67.0.0/24" }], ...(dualStack ? [[{ subnet: "2001:db8:67::/64" }]] : [])];
  const routes = [{ dst: "0.0.0.0/0" }, ...(dualStack ? [{ dst: "::/0" }] : [])];
  return createPluginHost({
    type: "ptp",
    containerId: "cnit-p1",
    config: (dataDir) => ({
      cniVersion: version,
      name: "cnit-ptp-net",
      type: "ptp",
      mtu: 1380,
      ipMasq: true,
      ipam: { type: "host-local", dataDir, ranges, routes, ...ipam },
    }),
  });
}

function v4Of(version: string, result: Record<string, unknown>): { address: string; gateway: string } {
  if (!versionAtLeast(version, "0.3.0")) {
    const ip4 = result.ip4 as { ip: string; gateway: string };
    return { address: ip4.ip, gateway: ip4.gateway };
  }
  const ip = (result.ips as Array<{ address: string; gateway: string }>)[0];
  return { address: ip?.address ?? "", gateway: ip?.gateway ?? "" };
}

for (const version of SPEC_VERSIONS) {
  Deno.test({
    name: `ptp ${version}: ADD routes through the host, containers ping, CHECK and DEL leave the host as it was`,
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
      const hostVeth = host.linkList().find((l) => l.kind === "veth");
      assert.ok(hostVeth);
      assert.equal(hostVeth.parentIndex, eth0.index);
      assert.equal(eth0.mtu, 1380);
      assert.equal(hostVeth.mtu, 1380);
      const { address, gateway } = v4Of(version, result);
      assert.match(address, /^10\.67\.0\.\d+\/24$/);
      assert.equal(gateway, "10.67.0.1");
      const ip = address.split("/")[0] ?? "";
      if (versionAtLeast(version, "0.3.0")) {
        const interfaces = result.interfaces as Array<Record<string, string>>;
        assert.deepEqual(interfaces, [
          { name: hostVeth.name, mac: hostVeth.mac?.toString() },
          { name: "eth0", mac: eth0.mac?.toString(), sandbox: c1.path },
        ]);
        for (const entry of result.ips as Array<{ interface: number }>) assert.equal(entry.interface, 1);
      }
      // Container: no subnet route; the gateway on-link, the subnet and the default via the gateway.
      const routes = inside.routeList({ family: 4 }).map((r) => `${r.dst ?? "default"} ${r.gateway ?? "-"} ${r.scope}`);
      assert.deepEqual(routes.sort(), ["10.67.0.0/24 10.67.0.1 0", "10.67.0.1/32 - 253", "default 10.67.0.1 0"]);
      // Host: the gateway address on the veth and a host route to the container.
      assert.ok(host.addrList({ index: hostVeth.index }).some((a) => a.prefix === "10.67.0.1/32"));
      const hostRoute = host.routeList({ family: 4 }).find((r) => r.dst?.toString() === `${ip}/32`);
      assert.equal(hostRoute?.oif, hostVeth.index);
      withNetns(s.host.path, () => assert.equal(readSysctl(["ipv4", "ip_forward"]), "1"));
      const nat = await outputInNetns(s.host.path, ["iptables-save", "-t", "nat"]);
      assert.match(nat, new RegExp(`-A POSTROUTING -s ${ip.replaceAll(".", "\\.")}/32 `));

      const second = expectOk(await s.run("ADD", c2, { id: "cnit-p2" }));
      const other = v4Of(version, second).address.split("/")[0] ?? "";
      assert.ok(ping(c1.path, other), "container 1 reaches container 2 through the host");
      assert.ok(ping(c2.path, ip), "container 2 reaches container 1 through the host");
      assert.ok(ping(c1.path, "10.67.0.1"), "container 1 reaches its gateway");
      if (versionAtLeast(version, "0.3.0")) {
        const v6 = (second.ips as Array<{ address: string }>)[1]?.address.split("/")[0] ?? "";
        assert.ok(ping(c1.path, v6), "IPv6 between containers");
      }

      if (versionAtLeast(version, "0.4.0")) {
        expectOk(await s.run("CHECK", c1, { config: s.config({ prevResult: result }) }));
        host.addrDel(hostVeth.index, "10.67.0.1/32");
        const broken = await s.run("CHECK", c1, { config: s.config({ prevResult: result }) });
        assert.notEqual(broken.code, 0, "CHECK fails once the host end lost the gateway address");
        assert.match(String(broken.json?.msg), /10\.67\.0\.1/);
      }

      expectOk(await s.run("DEL", c1, { config: s.config({ prevResult: result }) }));
      expectOk(await s.run("DEL", c2, { id: "cnit-p2", config: s.config({ prevResult: second }) }));
      expectOk(await s.run("DEL", c1, { config: s.config({ prevResult: result }) }));
      assert.deepEqual(linkNames(c1), ["lo"]);
      assert.deepEqual(linkNames(c2), ["lo"]);
      assert.deepEqual(await s.leases(), []);
      assert.deepEqual(await hostSnapshot(s.host.path), before);
    },
  });
}

Deno.test({
  name: "ptp DEL succeeds when the netns is gone and still removes the masquerade rules",
  ignore,
  fn: async () => {
    await using s = await setup("1.0.0");
    const before = await hostSnapshot(s.host.path);
    const gone = createTestNetns();
    const added = expectOk(await s.run("ADD", gone));
    const path = gone.path;
    gone[Symbol.dispose]();
    expectOk(await s.run("DEL", path, { config: s.config({ prevResult: added }) }));
    expectOk(await s.run("DEL", path, { config: s.config({ prevResult: added }) }));
    assert.deepEqual(await s.leases(), []);
    const after = await hostSnapshot(s.host.path);
    assert.deepEqual(after.iptables, before.iptables);
  },
});

Deno.test({
  name: "ptp ADD that fails (IPAM exhausted, ifname taken) leaves nothing behind",
  ignore,
  fn: async () => {
    await using s = await setup("1.0.0", {
      ranges: [[{ subnet: "10.67.0.0/24", rangeStart: "10.67.0.10", rangeEnd: "10.67.0.10" }]],
      routes: [{ dst: "0.0.0.0/0" }],
    });
    using c1 = createTestNetns();
    using c2 = createTestNetns();
    using c3 = createTestNetns();
    using other = createTestNetns();
    const first = expectOk(await s.run("ADD", c1));
    const afterFirst = await hostSnapshot(s.host.path);
    const leasesAfterFirst = await s.leases();
    const exhausted = await s.run("ADD", c2, { id: "cnit-p2" });
    assert.notEqual(exhausted.code, 0);
    assert.deepEqual(linkNames(c2), ["lo"]);
    assert.deepEqual(await hostSnapshot(s.host.path), afterFirst);

    expectOk(await s.run("DEL", c1, { config: s.config({ prevResult: first }) }));
    const afterDel = await hostSnapshot(s.host.path);
    createTestVeth({ name: "eth0", peerName: "p0", netns: c3, peerNetns: other });
    const taken = await s.run("ADD", c3, { id: "cnit-p3" });
    assert.notEqual(taken.code, 0);
    assert.match(String(taken.json?.msg), /eth0/);
    assert.deepEqual(linkNames(c3), ["eth0", "lo"]);
    assert.deepEqual(await hostSnapshot(s.host.path), afterDel);
    assert.deepEqual(await s.leases(), []);
    assert.notDeepEqual(leasesAfterFirst, []);
  },
});
