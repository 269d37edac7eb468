/**
 * Live tests of the link kind drivers in throwaway namespaces: each kind is created, read back over netlink and
 * deleted. Kinds this kernel lacks (EOPNOTSUPP "Unknown device type") are skipped with the kernel's reason.
 */
import assert from "node:assert/strict";
import {
  dummy,
  ifb,
  ipvlan,
  isNotSupported,
  linkData,
  type LinkDriver,
  type LinkSpec,
  macvlan,
  Rtnl,
  veth,
  vlan,
  vrf,
} from "../netlink/mod.ts";
import { MAC } from "../addr/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const isRoot = Deno.uid() === 0;

/** Why `driver` cannot be created here (the kernel's words), or undefined when it can; probed in a throwaway netns. */
function unsupportedReason(driver: LinkDriver): string | undefined {
  if (!isRoot) return "needs root";
  using ns = createTestNetns();
  using rtnl = Rtnl.open({ netns: ns.path });
  rtnl.linkAdd({ name: "cnitp0", kind: veth, data: { peer: { name: "cnitp1" } } });
  const spec: LinkSpec = { name: "cnitprobe", kind: driver.kind, parentIndex: rtnl.linkGet("cnitp0").index };
  if (driver.kind === "vlan") spec.data = { id: 1 };
  if (driver.kind === "vrf") spec.data = { table: 100 };
  try {
    rtnl.linkAdd(spec);
    return undefined;
  } catch (err) {
    if (isNotSupported(err)) return (err as Error).message;
    throw err;
  }
}

/** A test that runs in its own namespace with a veth "cnitpar" to act as parent, or is skipped with `reason`. */
function kindTest<D>(driver: LinkDriver<D>, what: string, fn: (rtnl: Rtnl, parent: number) => void): void {
  const reason = unsupportedReason(driver as LinkDriver);
  Deno.test({
    name: reason === undefined ? `${driver.kind}: ${what}` : `${driver.kind}: ${what} (skipped: ${reason})`,
    ignore: reason !== undefined,
    fn() {
      using ns = createTestNetns();
      using rtnl = Rtnl.open({ netns: ns.path });
      rtnl.linkAdd({ name: "cnitpar", kind: veth, data: { peer: { name: "cnitpeer" } } });
      fn(rtnl, rtnl.linkGet("cnitpar").index);
    },
  });
}

kindTest(macvlan, "every mode is created and read back with its flags and bcqueuelen", (rtnl, parent) => {
  for (const mode of ["bridge", "private", "vepa", "source"] as const) {
    rtnl.linkAdd({ name: `cnitmv-${mode}`, kind: macvlan, parentIndex: parent, data: { mode, bcQueueLen: 200 } });
    const link = rtnl.linkGet(`cnitmv-${mode}`);
    assert.equal(link.kind, "macvlan");
    assert.equal(link.parentIndex, parent);
    const data = linkData(link, macvlan);
    assert.equal(data?.mode, mode);
    assert.equal(data?.bcQueueLen, 200);
    rtnl.linkDel(link.index);
  }
  // passthru takes the whole parent: one per parent, and nopromisc keeps the parent out of promiscuous mode.
  rtnl.linkAdd({ name: "cnitmv-pt", kind: macvlan, parentIndex: parent, data: { mode: "passthru", nopromisc: true } });
  const data = linkData(rtnl.linkGet("cnitmv-pt"), macvlan);
  assert.deepEqual([data?.mode, data?.nopromisc], ["passthru", true]);
  assert.equal(rtnl.linkGet(parent).promisc, false);
  rtnl.linkDel("cnitmv-pt");
  assert.equal(rtnl.linkFind("cnitmv-pt"), undefined);
});

kindTest(macvlan, "source mode keeps its MAC list", (rtnl, parent) => {
  rtnl.linkAdd({
    name: "cnitmv-src",
    kind: macvlan,
    parentIndex: parent,
    data: {
      mode: "source",
      macaddrMode: "set",
      macaddrs: [MAC.parse("02:00:00:00:00:01"), MAC.parse("02:00:00:00:00:02")],
    },
  });
  const data = linkData(rtnl.linkGet("cnitmv-src"), macvlan);
  assert.equal(data?.mode, "source");
  assert.equal(data?.macaddrCount, 2);
  assert.deepEqual(data?.macaddrs?.map(String).sort(), ["02:00:00:00:00:01", "02:00:00:00:00:02"]);
});

kindTest(ifb, "is created up without IFLA_INFO_DATA and deleted", (rtnl) => {
  rtnl.linkAdd({ name: "cnitifb", kind: ifb, up: true, mtu: 1400 });
  const link = rtnl.linkGet("cnitifb");
  assert.equal(link.kind, "ifb");
  assert.equal(link.mtu, 1400);
  assert.equal(link.up, true);
  rtnl.linkDel(link.index);
  assert.equal(rtnl.linkFind("cnitifb"), undefined);
});

kindTest(ipvlan, "every mode and flag is created and read back", (rtnl, parent) => {
  for (const mode of ["l2", "l3", "l3s"] as const) {
    rtnl.linkAdd({ name: "cnitipv", kind: ipvlan, parentIndex: parent, data: { mode, flag: "private" } });
    assert.deepEqual(linkData(rtnl.linkGet("cnitipv"), ipvlan), { mode, flag: "private" });
    rtnl.linkDel("cnitipv");
  }
});

kindTest(vlan, "id and protocol are read back", (rtnl, parent) => {
  rtnl.linkAdd({ name: "cnitvl", kind: vlan, parentIndex: parent, data: { id: 42, protocol: "802.1ad" } });
  const data = linkData(rtnl.linkGet("cnitvl"), vlan);
  assert.deepEqual([data?.id, data?.protocol], [42, "802.1ad"]);
});

kindTest(vrf, "table is read back", (rtnl) => {
  rtnl.linkAdd({ name: "cnitvrf", kind: vrf, data: { table: 1001 } });
  assert.equal(linkData(rtnl.linkGet("cnitvrf"), vrf)?.table, 1001);
});

kindTest(dummy, "is created and deleted", (rtnl) => {
  rtnl.linkAdd({ name: "cnitdum", kind: dummy });
  assert.equal(rtnl.linkGet("cnitdum").kind, "dummy");
  rtnl.linkDel("cnitdum");
});
