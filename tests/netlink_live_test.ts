import assert from "node:assert/strict";
import {
  bridge,
  hasErrno,
  isExists,
  isNotFound,
  isNotSupported,
  linkData,
  NetlinkError,
  Netns,
  Rtnl,
  veth,
} from "../netlink/mod.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";

const ignore = Deno.uid() !== 0;

function openFds(): number {
  return [...Deno.readDirSync("/proc/self/fd")].length;
}

/** A live test in its own namespace with an open handle; fails if the test leaks a file descriptor. */
function liveTest(name: string, fn: (rtnl: Rtnl, ns: TestNetns) => void): void {
  Deno.test({
    name,
    ignore,
    fn() {
      const before = openFds();
      {
        using ns = createTestNetns();
        using rtnl = Rtnl.open({ netns: ns.path });
        fn(rtnl, ns);
      }
      assert.equal(openFds(), before, "file descriptors leaked");
    },
  });
}

/** True when the kernel has CONFIG_BRIDGE_VLAN_FILTERING (probed once, in a throwaway namespace). */
function hasBridgeVlanFiltering(): boolean {
  if (ignore) return false;
  using ns = createTestNetns();
  using rtnl = Rtnl.open({ netns: ns.path });
  try {
    rtnl.linkAdd({ name: "cnit-probe", kind: bridge, data: { vlanFiltering: true } });
    return true;
  } catch (err) {
    if (isNotSupported(err)) return false;
    throw err;
  }
}

liveTest("Rtnl.linkAdd() creates a veth whose peer is placed, named and addressed in another namespace", (rtnl) => {
  using peerNs = createTestNetns();
  using peerHandle = Netns.open(peerNs.path);
  rtnl.linkAdd({
    name: "cnit-v0",
    kind: veth,
    mtu: 1400,
    data: { peer: { name: "cnit-v1", netnsFd: peerHandle.fd, mac: "02:00:00:00:01:01", mtu: 1400 } },
  });
  const local = rtnl.linkGet("cnit-v0");
  assert.equal(local.kind, "veth");
  assert.equal(local.mtu, 1400);
  assert.equal(rtnl.linkFind("cnit-v1"), undefined);
  assert.notEqual(local.linkNetnsId, undefined);
  using peerRtnl = Rtnl.open({ netns: peerNs.path });
  const peer = peerRtnl.linkGet("cnit-v1");
  assert.equal(peer.mac?.toString(), "02:00:00:00:01:01");
  assert.equal(peer.mtu, 1400);
  assert.equal(local.parentIndex, peer.index);
  assert.equal(peer.parentIndex, local.index);
});

liveTest("Rtnl.linkSet() changes up, MTU, MAC, alias, txqlen and promisc in one request", (rtnl) => {
  rtnl.linkAdd({ name: "cnit-s0", kind: veth, data: { peer: { name: "cnit-s1" } } });
  const link = rtnl.linkGet("cnit-s0");
  assert.equal(link.up, false);
  rtnl.linkSet(link.index, {
    up: true,
    mtu: 1280,
    mac: "02:00:00:00:02:02",
    alias: "cnit alias",
    txqlen: 321,
    promisc: true,
    allmulti: true,
  });
  const after = rtnl.linkGet(link.index);
  assert.deepEqual(
    [after.up, after.mtu, after.mac?.toString(), after.alias, after.txqlen, after.promisc, after.allmulti],
    [true, 1280, "02:00:00:00:02:02", "cnit alias", 321, true, true],
  );
  rtnl.linkSet(link.index, { up: false, promisc: false });
  const down = rtnl.linkGet(link.index);
  assert.deepEqual([down.up, down.promisc, down.operState], [false, false, "down"]);
});

liveTest("Rtnl.linkSet() renames a link that is up by taking it down first", (rtnl) => {
  rtnl.linkAdd({ name: "cnit-r0", kind: veth, up: true, data: { peer: { name: "cnit-r1" } } });
  const index = rtnl.linkGet("cnit-r0").index;
  rtnl.linkSet(index, { up: false, name: "cnit-renamed" });
  assert.equal(rtnl.linkGet(index).name, "cnit-renamed");
  assert.equal(rtnl.linkFind("cnit-r0"), undefined);
});

liveTest("Rtnl bridge: create, enslave, port settings, nomaster", (rtnl) => {
  rtnl.linkAdd({ name: "cnit-br0", kind: bridge, mac: "02:00:00:00:03:03", data: { mcastSnooping: false } });
  rtnl.linkAdd({ name: "cnit-p0", kind: veth, data: { peer: { name: "cnit-p1" } } });
  const br = rtnl.linkGet("cnit-br0");
  assert.equal(linkData(br, bridge)?.mcastSnooping, false);
  assert.equal(br.mac?.toString(), "02:00:00:00:03:03");
  const port = rtnl.linkGet("cnit-p0");
  rtnl.linkSet(port.index, { master: br.index, up: true });
  rtnl.linkSet(br.index, { up: true });
  const enslaved = rtnl.linkGet(port.index);
  assert.equal(enslaved.master, br.index);
  assert.equal(enslaved.slaveKind, "bridge");
  rtnl.bridgePortSet(port.index, { hairpin: true, learning: false, isolated: true });
  const settings = rtnl.bridgePortList().find((p) => p.index === port.index);
  assert.deepEqual([settings?.master, settings?.hairpin, settings?.learning, settings?.isolated], [
    br.index,
    true,
    false,
    true,
  ]);
  rtnl.linkSet(port.index, { master: null });
  assert.equal(rtnl.linkGet(port.index).master, undefined);
});

const vlanFiltering = hasBridgeVlanFiltering();
const vlanSkipReason = ignore || vlanFiltering ? "" : " (ignored: kernel built without CONFIG_BRIDGE_VLAN_FILTERING)";

Deno.test({
  name: `Rtnl.bridgeVlanAdd() adds a PVID/untagged VLAN to a port and bridgeVlanDel() removes it${vlanSkipReason}`,
  ignore: ignore || !vlanFiltering,
  fn() {
    using ns = createTestNetns();
    using rtnl = Rtnl.open({ netns: ns.path });
    rtnl.linkAdd({ name: "cnit-vbr", kind: bridge, data: { vlanFiltering: true } });
    rtnl.linkAdd({ name: "cnit-vp0", kind: veth, data: { peer: { name: "cnit-vp1" } } });
    const br = rtnl.linkGet("cnit-vbr").index;
    const port = rtnl.linkGet("cnit-vp0").index;
    rtnl.linkSet(port, { master: br });
    rtnl.bridgeVlanAdd(port, { vid: 10, pvid: true, untagged: true });
    const vlans = rtnl.bridgePortList().find((p) => p.index === port)?.vlans ?? [];
    assert.ok(vlans.some((v) => v.vid === 10 && v.pvid && v.untagged));
    rtnl.bridgeVlanDel(port, { vid: 10 });
    const after = rtnl.bridgePortList().find((p) => p.index === port)?.vlans ?? [];
    assert.ok(!after.some((v) => v.vid === 10));
  },
});

liveTest("Rtnl.linkSet() moves a link into another namespace by fd", (rtnl) => {
  using other = createTestNetns();
  using otherHandle = Netns.open(other.path);
  rtnl.linkAdd({ name: "cnit-m0", kind: veth, data: { peer: { name: "cnit-m1" } } });
  const index = rtnl.linkGet("cnit-m0").index;
  rtnl.linkSet(index, { netnsFd: otherHandle.fd, name: "cnit-moved" });
  assert.equal(rtnl.linkFind("cnit-m0"), undefined);
  using otherRtnl = Rtnl.open({ netns: other.path });
  assert.equal(otherRtnl.linkGet("cnit-moved").kind, "veth");
});

liveTest("Rtnl address verbs add, list and delete IPv4 and IPv6 addresses", (rtnl) => {
  rtnl.linkAdd({ name: "cnit-a0", kind: veth, up: true, data: { peer: { name: "cnit-a1" } } });
  const index = rtnl.linkGet("cnit-a0").index;
  rtnl.addrAdd(index, "10.200.0.1/24");
  rtnl.addrAdd(index, "fd00:200::1/64", { noDad: true, noPrefixRoute: true });
  const addrs = rtnl.addrList({ index });
  const v4 = addrs.find((a) => a.family === 4);
  const v6 = addrs.find((a) => a.prefix === "fd00:200::1/64");
  assert.equal(v4?.prefix, "10.200.0.1/24");
  assert.equal(v4?.broadcast?.toString(), "10.200.0.255");
  assert.ok(v6 !== undefined && !v6.tentative);
  assert.deepEqual(rtnl.addrList({ family: 6, index }).map((a) => a.family).filter((f) => f !== 6), []);
  assert.ok(!rtnl.routeList({ family: 6 }).some((r) => String(r.dst) === "fd00:200::/64"), "noprefixroute ignored");
  assert.throws(() => rtnl.addrAdd(index, "10.200.0.1/24"), (err: unknown) => isExists(err));
  rtnl.addrAdd(index, "10.200.0.1/24", { replace: true });
  rtnl.addrDel(index, "10.200.0.1/24");
  rtnl.addrDel(index, "fd00:200::1/64");
  assert.deepEqual(rtnl.addrList({ index }).filter((a) => !a.prefix.startsWith("fe80")), []);
  assert.throws(
    () => rtnl.addrDel(index, "10.200.0.1/24"),
    (err: unknown) => err instanceof NetlinkError && isNotFound(err) && err.errnoName === "EADDRNOTAVAIL",
  );
});

liveTest("Rtnl route verbs add, replace, list and delete IPv4 and IPv6 routes", (rtnl) => {
  rtnl.linkAdd({ name: "cnit-rt0", kind: veth, up: true, data: { peer: { name: "cnit-rt1" } } });
  const oif = rtnl.linkGet("cnit-rt0").index;
  rtnl.linkSet(rtnl.linkGet("cnit-rt1").index, { up: true });
  rtnl.addrAdd(oif, "10.201.0.1/24");
  rtnl.addrAdd(oif, "fd00:201::1/64", { noDad: true });
  rtnl.routeAdd({ dst: "10.202.0.0/16", gateway: "10.201.0.254", oif, priority: 10, mtu: 1300 });
  rtnl.routeAdd({ dst: "10.203.0.0/16", gateway: "10.201.0.254", table: 1234, prefsrc: "10.201.0.1" });
  rtnl.routeAdd({ dst: "10.204.0.0/16", oif, scope: 253 });
  rtnl.routeAdd({ dst: "fd00:202::/64", gateway: "fd00:201::fe", oif });
  rtnl.routeAdd({ gateway: "10.201.0.254" });

  const main = rtnl.routeList({ family: 4 });
  const r202 = main.find((r) => String(r.dst) === "10.202.0.0/16");
  assert.deepEqual([String(r202?.gateway), r202?.oif, r202?.priority, r202?.mtu], ["10.201.0.254", oif, 10, 1300]);
  assert.equal(main.find((r) => String(r.dst) === "10.204.0.0/16")?.scope, 253);
  assert.ok(main.some((r) => r.dst === undefined && String(r.gateway) === "10.201.0.254"), "default route listed");
  const t1234 = rtnl.routeList({ table: 1234 });
  assert.deepEqual(t1234.map((r) => [String(r.dst), String(r.prefsrc), r.table]), [[
    "10.203.0.0/16",
    "10.201.0.1",
    1234,
  ]]);
  assert.ok(rtnl.routeList({ family: 6 }).some((r) => String(r.dst) === "fd00:202::/64"));

  assert.throws(() => rtnl.routeAdd({ dst: "10.202.0.0/16", gateway: "10.201.0.254", oif, priority: 10 }), {
    name: "NetlinkError",
    message: /EEXIST/,
  });
  rtnl.routeReplace({ dst: "10.202.0.0/16", gateway: "10.201.0.253", oif, priority: 10 });
  const replaced = rtnl.routeList({ family: 4 }).filter((r) => String(r.dst) === "10.202.0.0/16");
  assert.deepEqual(replaced.map((r) => String(r.gateway)), ["10.201.0.253"]);

  rtnl.routeDel({ dst: "10.202.0.0/16", oif, priority: 10 });
  rtnl.routeDel({ dst: "10.203.0.0/16", table: 1234 });
  rtnl.routeDel({ dst: "fd00:202::/64", gateway: "fd00:201::fe" });
  rtnl.routeDel({ family: 4, gateway: "10.201.0.254" });
  const left = rtnl.routeList({ table: "all" }).map((r) => String(r.dst));
  for (const gone of ["10.202.0.0/16", "10.203.0.0/16", "fd00:202::/64", "undefined"]) {
    assert.ok(!left.includes(gone), `${gone} still routed`);
  }
  assert.throws(
    () => rtnl.routeDel({ dst: "10.202.0.0/16" }),
    (err: unknown) => isNotFound(err) && hasErrno(err, "ESRCH"),
  );
});

liveTest("Rtnl rule verbs add, list and delete policy rules", (rtnl) => {
  rtnl.ruleAdd({ src: "10.205.0.0/24", table: 1500, priority: 1000 });
  rtnl.ruleAdd({ src: "fd00:205::/64", table: 1500, priority: 1000 });
  const rules = rtnl.ruleList();
  assert.ok(rules.some((r) => r.family === 4 && String(r.src) === "10.205.0.0/24" && r.table === 1500));
  assert.ok(rules.some((r) => r.family === 6 && String(r.src) === "fd00:205::/64" && r.priority === 1000));
  assert.throws(() => rtnl.ruleAdd({ src: "10.205.0.0/24", table: 1500, priority: 1000 }), (e: unknown) => isExists(e));
  rtnl.ruleDel({ src: "10.205.0.0/24", table: 1500, priority: 1000 });
  rtnl.ruleDel({ src: "fd00:205::/64", priority: 1000 });
  assert.ok(!rtnl.ruleList().some((r) => r.table === 1500));
  assert.throws(() => rtnl.ruleDel({ src: "10.205.0.0/24", priority: 1000 }), (e: unknown) => isNotFound(e));
});

liveTest("Rtnl neighbour verbs add, list and delete a permanent entry", (rtnl) => {
  rtnl.linkAdd({ name: "cnit-n0", kind: veth, up: true, data: { peer: { name: "cnit-n1" } } });
  const index = rtnl.linkGet("cnit-n0").index;
  rtnl.neighAdd(index, { ip: "10.206.0.9", mac: "02:00:00:00:06:09" });
  const entry = rtnl.neighList({ index }).find((n) => String(n.ip) === "10.206.0.9");
  assert.deepEqual([entry?.mac?.toString(), entry?.state], ["02:00:00:00:06:09", 0x80]);
  rtnl.neighDel(index, "10.206.0.9");
  assert.ok(!rtnl.neighList({ index }).some((n) => String(n.ip) === "10.206.0.9"));
});

liveTest("Rtnl errors carry errno names and the kernel's extended ack", (rtnl) => {
  assert.throws(
    () => rtnl.linkGet("cnit-missing"),
    (err: unknown) =>
      err instanceof NetlinkError && err.errnoName === "ENODEV" && isNotFound(err) &&
      err.message.startsWith('Cannot get link "cnit-missing": No such device (ENODEV)'),
  );
  assert.throws(() => rtnl.linkDel(424242), (err: unknown) => isNotFound(err));
  rtnl.linkAdd({ name: "cnit-e0", kind: veth, data: { peer: { name: "cnit-e1" } } });
  assert.throws(
    () => rtnl.linkAdd({ name: "cnit-e0", kind: veth, data: { peer: { name: "cnit-e2" } } }),
    (err: unknown) => isExists(err) && (err as Error).message.startsWith('Cannot add veth link "cnit-e0": File exists'),
  );
  assert.throws(
    () => rtnl.linkAdd({ name: "cnit-k0", kind: "cnitnosuchkind" }),
    (err: unknown) => err instanceof NetlinkError && isNotSupported(err) && err.extAck === "Unknown device type",
  );
  assert.throws(
    () => rtnl.routeAdd({ dst: "10.207.0.0/16", gateway: "10.208.0.1" }),
    (err: unknown) => err instanceof NetlinkError && err.errnoName === "ENETUNREACH" && err.extAck !== undefined,
  );
});

liveTest("Rtnl.linkList() reads a dump spanning many datagrams", (rtnl) => {
  const pairs = 40;
  for (let i = 0; i < pairs; i++) {
    rtnl.linkAdd({ name: `cnit-d${i}`, kind: veth, data: { peer: { name: `cnit-e${i}` } } });
  }
  const names = new Set(rtnl.linkList().map((l) => l.name));
  assert.equal(names.size, 2 * pairs + 1);
  for (let i = 0; i < pairs; i++) assert.ok(names.has(`cnit-d${i}`) && names.has(`cnit-e${i}`));
});
