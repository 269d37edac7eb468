/**
 * Live tests of iface/: every operation runs between throwaway namespaces (one plays the host), never in the
 * test's own namespace.
 * @module
 */
import assert from "node:assert/strict";
import { Prefix } from "../addr/mod.ts";
import {
  checkInterface,
  configureInterface,
  delLinkByName,
  enableForwarding,
  ensureAddress,
  ensureBridge,
  netnsGoneIsFine,
  readSysctl,
  settleDad,
  setupVeth,
} from "../iface/mod.ts";
import { bridge, isNotSupported, linkData, Netns, Rtnl, withNetns } from "../netlink/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const ignore = Deno.uid() !== 0;

Deno.test({
  name: "setupVeth() puts the peer in the container under its final name and the host end up with accept_ra=0",
  ignore,
  fn: () => {
    using hostNs = createTestNetns();
    using containerNs = createTestNetns();
    const pair = setupVeth({
      hostNetns: hostNs.path,
      containerNetns: containerNs.path,
      containerIfname: "eth0",
      mtu: 1400,
      mac: "02:42:ac:11:00:07",
    });
    assert.match(pair.host.name, /^veth[0-9a-f]{8}$/);
    assert.equal(pair.container.name, "eth0");
    assert.equal(pair.container.mac?.toString(), "02:42:ac:11:00:07");
    assert.equal(pair.host.mtu, 1400);
    assert.equal(pair.container.mtu, 1400);
    assert.equal(pair.host.up, true);
    assert.equal(pair.container.up, false);
    assert.equal(pair.host.parentIndex, pair.container.index);
    assert.equal(pair.container.parentIndex, pair.host.index);
    using host = Rtnl.open({ netns: hostNs.path });
    using container = Rtnl.open({ netns: containerNs.path });
    assert.deepEqual(container.linkList().map((l) => l.name).sort(), ["eth0", "lo"]);
    assert.deepEqual(host.linkList().map((l) => l.name).sort(), ["lo", pair.host.name]);
    assert.equal(withNetns(hostNs.path, () => readSysctl(["ipv6", "conf", pair.host.name, "accept_ra"])), "0");
  },
});

Deno.test({
  name: "setupVeth() refuses an ifname the container already has and leaves nothing behind",
  ignore,
  fn: () => {
    using hostNs = createTestNetns();
    using containerNs = createTestNetns();
    setupVeth({ hostNetns: hostNs.path, containerNetns: containerNs.path, containerIfname: "eth0" });
    using host = Rtnl.open({ netns: hostNs.path });
    using container = Rtnl.open({ netns: containerNs.path });
    const before = [host.linkList().map((l) => l.name).sort(), container.linkList().map((l) => l.name).sort()];
    assert.throws(
      () => setupVeth({ hostNetns: hostNs.path, containerNetns: containerNs.path, containerIfname: "eth0" }),
      /Cannot create veth pair "eth0": container already has a link "eth0" \(EEXIST\)/,
    );
    assert.throws(
      () =>
        setupVeth({
          hostNetns: hostNs.path,
          containerNetns: containerNs.path,
          containerIfname: "eth1",
          hostIfname: before[0]?.find((n) => n.startsWith("veth")) ?? "",
        }),
      /Cannot create veth pair "eth1"/,
    );
    const after = [host.linkList().map((l) => l.name).sort(), container.linkList().map((l) => l.name).sort()];
    assert.deepEqual(after, before);
  },
});

Deno.test({
  name: "ensureBridge() creates, reuses and refuses a non-bridge; ensureAddress() adds, keeps, refuses, forces",
  ignore,
  fn: () => {
    using hostNs = createTestNetns();
    using containerNs = createTestNetns();
    using host = Rtnl.open({ netns: hostNs.path });
    const first = withNetns(hostNs.path, () => ensureBridge(host, { name: "cnitbr0", mtu: 1450 }));
    assert.equal(first.kind, "bridge");
    assert.equal(first.mtu, 1450);
    assert.equal(first.up, true);
    assert.equal(withNetns(hostNs.path, () => readSysctl(["ipv6", "conf", "cnitbr0", "accept_ra"])), "0");
    const again = withNetns(hostNs.path, () => ensureBridge(host, { name: "cnitbr0", promisc: true }));
    assert.equal(again.index, first.index);
    assert.equal(again.promisc, true);
    const pair = setupVeth({ hostNetns: hostNs.path, containerNetns: containerNs.path, containerIfname: "eth0" });
    assert.throws(
      () => withNetns(hostNs.path, () => ensureBridge(host, { name: pair.host.name })),
      /Cannot use "veth[0-9a-f]{8}" as a bridge: it exists but is a veth/,
    );

    const gw = Prefix.parse("10.99.0.1/24");
    assert.equal(ensureAddress(host, first.index, gw, { name: "cnitbr0" }), true);
    assert.equal(ensureAddress(host, first.index, gw, { name: "cnitbr0" }), false);
    const other = Prefix.parse("10.98.0.1/24");
    assert.throws(
      () => ensureAddress(host, first.index, other, { name: "cnitbr0" }),
      /Cannot add address 10.98.0.1\/24 to "cnitbr0": it already has 10.99.0.1\/24/,
    );
    const v6a = Prefix.parse("2001:db8:1::1/64");
    const v6b = Prefix.parse("2001:db8:2::1/64");
    assert.equal(ensureAddress(host, first.index, v6a), true);
    assert.equal(ensureAddress(host, first.index, v6b), true, "non-overlapping IPv6 subnets coexist");
    assert.equal(ensureAddress(host, first.index, other, { force: true }), true);
    const v4 = host.addrList({ index: first.index, family: 4 }).map((a) => a.prefix);
    assert.deepEqual(v4, ["10.98.0.1/24"]);
  },
});

Deno.test({
  name: "configureInterface() adds addresses, brings the link up, settles DAD and routes via the family gateway",
  ignore,
  fn: async () => {
    using hostNs = createTestNetns();
    using containerNs = createTestNetns();
    setupVeth({ hostNetns: hostNs.path, containerNetns: containerNs.path, containerIfname: "eth0" });
    using netns = Netns.open(containerNs.path);
    using container = Rtnl.open({ netns });
    withNetns(netns, () => Deno.writeTextFileSync("/proc/sys/net/ipv6/conf/eth0/disable_ipv6", "1"));
    await configureInterface(container, {
      ifname: "eth0",
      netns,
      ips: [
        { address: "10.77.0.5/24", gateway: "10.77.0.1" },
        { address: "2001:db8:77::5/64", gateway: "2001:db8:77::1" },
      ],
      routes: [
        { dst: "0.0.0.0/0" },
        { dst: "192.168.50.0/24", gw: "10.77.0.9", priority: 50 },
        { dst: "::/0" },
        { dst: "10.200.0.0/16", table: 100 },
      ],
    });
    const link = container.linkGet("eth0");
    assert.equal(link.up, true);
    assert.equal(withNetns(netns, () => readSysctl(["ipv6", "conf", "eth0", "disable_ipv6"])), "0");
    assert.equal(withNetns(netns, () => readSysctl(["ipv6", "conf", "eth0", "keep_addr_on_down"])), "1");
    const addresses = container.addrList({ index: link.index }).map((a) => a.prefix);
    assert.ok(addresses.includes("10.77.0.5/24"));
    assert.ok(addresses.includes("2001:db8:77::5/64"));
    const routes = container.routeList({ table: "all" });
    const v4Default = routes.find((r) => r.family === 4 && r.dst === undefined);
    assert.equal(v4Default?.gateway?.toString(), "10.77.0.1");
    const v6Default = routes.find((r) => r.family === 6 && r.dst === undefined && r.table === 254);
    assert.equal(v6Default?.gateway?.toString(), "2001:db8:77::1");
    const specific = routes.find((r) => r.dst?.toString() === "192.168.50.0/24");
    assert.equal(specific?.gateway?.toString(), "10.77.0.9");
    assert.equal(specific?.priority, 50);
    assert.equal(routes.find((r) => r.dst?.toString() === "10.200.0.0/16")?.table, 100);
    assert.ok(container.addrList({ index: link.index, family: 6 }).every((a) => !a.tentative));
    checkInterface(container, {
      ifname: "eth0",
      addresses: ["10.77.0.5/24", "2001:db8:77::5/64"],
      routes: [{ dst: "0.0.0.0/0", gw: "10.77.0.1" }, { dst: "10.200.0.0/16", table: 100 }],
    });
    assert.throws(() => checkInterface(container, { ifname: "eth0", addresses: ["10.77.0.6/24"] }), /10.77.0.6/);
    assert.throws(
      () => checkInterface(container, { ifname: "eth0", addresses: [], routes: [{ dst: "10.9.0.0/16" }] }),
      /Cannot find route 10.9.0.0\/16/,
    );
  },
});

Deno.test({
  name: "settleDad() waits for a tentative address and reports one that failed DAD",
  ignore,
  fn: async () => {
    using hostNs = createTestNetns();
    using containerNs = createTestNetns();
    const pair = setupVeth({ hostNetns: hostNs.path, containerNetns: containerNs.path, containerIfname: "eth0" });
    using host = Rtnl.open({ netns: hostNs.path });
    using container = Rtnl.open({ netns: containerNs.path });
    withNetns(containerNs.path, () => Deno.writeTextFileSync("/proc/sys/net/ipv6/conf/eth0/dad_transmits", "1"));
    withNetns(containerNs.path, () => Deno.writeTextFileSync("/proc/sys/net/ipv6/neigh/eth0/retrans_time_ms", "50"));
    container.linkSet(pair.container.index, { up: true });
    container.addrAdd(pair.container.index, "2001:db8:5::5/64");
    await settleDad(container, pair.container.index, { name: "eth0", timeoutMs: 3000 });
    assert.ok(container.addrList({ index: pair.container.index, family: 6 }).every((a) => !a.tentative));
    // The host side claims the same address first: the container's copy fails DAD.
    host.addrAdd(pair.host.index, "2001:db8:5::9/64", { noDad: true });
    container.addrAdd(pair.container.index, "2001:db8:5::9/64");
    await assert.rejects(
      () => settleDad(container, pair.container.index, { name: "eth0", timeoutMs: 3000 }),
      /Cannot settle addresses of "eth0": 2001:db8:5::9\/64 failed duplicate address detection/,
    );
  },
});

Deno.test({
  name: "delLinkByName() says whether the link existed; netnsGoneIsFine() skips a vanished namespace",
  ignore,
  fn: async () => {
    using hostNs = createTestNetns();
    const gone = createTestNetns();
    setupVeth({ hostNetns: hostNs.path, containerNetns: gone.path, containerIfname: "eth0" });
    using host = Rtnl.open({ netns: hostNs.path });
    assert.equal(await netnsGoneIsFine(gone.path, (netns) => netns.path), gone.path);
    gone[Symbol.dispose]();
    assert.equal(await netnsGoneIsFine(gone.path, () => "ran"), undefined);
    using containerNs = createTestNetns();
    const second = setupVeth({ hostNetns: hostNs.path, containerNetns: containerNs.path, containerIfname: "eth0" });
    assert.equal(delLinkByName(host, second.host.name), true);
    assert.equal(delLinkByName(host, second.host.name), false);
  },
});

Deno.test({
  name: "enableForwarding() turns on IPv4 and IPv6 forwarding in the calling thread's namespace",
  ignore,
  fn: () => {
    using hostNs = createTestNetns();
    const values = withNetns(hostNs.path, () => {
      enableForwarding([4, 6]);
      return [readSysctl(["ipv4", "ip_forward"]), readSysctl(["ipv6", "conf", "all", "forwarding"])];
    });
    assert.deepEqual(values, ["1", "1"]);
  },
});

Deno.test({
  name: "ensureBridge() creates a VLAN-filtering bridge (skipped when the kernel lacks bridge VLAN filtering)",
  ignore,
  fn: (t) => {
    using hostNs = createTestNetns();
    using host = Rtnl.open({ netns: hostNs.path });
    let link;
    try {
      link = withNetns(hostNs.path, () => ensureBridge(host, { name: "cnitbrv", vlanFiltering: true }));
    } catch (err) {
      if (!isNotSupported(err)) throw err;
      console.error(`skipped ${t.name}: ${(err as Error).message}`);
      return;
    }
    assert.equal(linkData(link, bridge)?.vlanFiltering, true);
  },
});
