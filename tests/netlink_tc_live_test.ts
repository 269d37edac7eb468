/**
 * Live tests of netlink/tc in throwaway namespaces: the bandwidth plugin's setup (tbf on a veth, ingress qdisc with a
 * u32 → mirred redirect to an ifb carrying its own tbf) is created, read back over netlink and deleted.
 */
import assert from "node:assert/strict";
import { ifb, Rtnl, veth } from "../netlink/mod.ts";
import {
  calcRateTable,
  filterAdd,
  filterDel,
  filterList,
  ingressQdisc,
  makeHandle,
  pschedClock,
  qdiscAdd,
  qdiscChange,
  qdiscDel,
  qdiscList,
  qdiscReplace,
  redirectFilter,
  tbfForRate,
  tbfQdisc,
  TC_H_INGRESS,
  TC_H_ROOT,
} from "../netlink/tc/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const ignore = Deno.uid() !== 0;

/** Opens a namespace with veth "cnitv0" (peer "cnitv1") and ifb "cnitifb", all up; returns their indexes. */
function setup(rtnl: Rtnl): { vethIndex: number; ifbIndex: number } {
  rtnl.linkAdd({ name: "cnitv0", kind: veth, up: true, data: { peer: { name: "cnitv1" } } });
  rtnl.linkAdd({ name: "cnitifb", kind: ifb, up: true });
  return { vethIndex: rtnl.linkGet("cnitv0").index, ifbIndex: rtnl.linkGet("cnitifb").index };
}

Deno.test({
  name: "tc: tbf, ingress and a u32/mirred redirect to an ifb are added, read back with their rates and deleted",
  ignore,
  fn() {
    using ns = createTestNetns();
    using rtnl = Rtnl.open({ netns: ns.path });
    const { vethIndex, ifbIndex } = setup(rtnl);
    const clock = pschedClock();
    const ingressTbf = tbfForRate(1_000_000, 800_000, clock);
    const egressTbf = tbfForRate(8_000_000, 160_000, clock);

    qdiscAdd(rtnl.conn, tbfQdisc(vethIndex, ingressTbf));
    qdiscAdd(rtnl.conn, ingressQdisc(vethIndex));
    filterAdd(rtnl.conn, redirectFilter(vethIndex, ifbIndex));
    qdiscAdd(rtnl.conn, tbfQdisc(ifbIndex, egressTbf));

    const vethQdiscs = qdiscList(rtnl.conn, vethIndex);
    const tbf = vethQdiscs.find((q) => q.kind === "tbf");
    assert.equal(tbf?.handle, makeHandle(1, 0));
    assert.equal(tbf?.parent, TC_H_ROOT);
    assert.deepEqual([tbf?.tbf?.rate, tbf?.tbf?.buffer, tbf?.tbf?.limit], [125000, 12500000, 103125]);
    const ingress = vethQdiscs.find((q) => q.kind === "ingress");
    assert.deepEqual([ingress?.handle, ingress?.parent], [makeHandle(0xffff, 0), TC_H_INGRESS]);

    const ifbTbf = qdiscList(rtnl.conn, ifbIndex).find((q) => q.kind === "tbf");
    assert.deepEqual([ifbTbf?.tbf?.rate, ifbTbf?.tbf?.buffer, ifbTbf?.tbf?.limit], [
      egressTbf.rate,
      egressTbf.buffer,
      egressTbf.limit,
    ]);
    assert.ok(qdiscList(rtnl.conn).some((q) => q.index === ifbIndex), "a dump of all links includes the ifb");

    const filters = filterList(rtnl.conn, { index: vethIndex, parent: makeHandle(0xffff, 0) });
    const u32 = filters.find((f) => f.u32?.selector !== undefined);
    assert.equal(u32?.kind, "u32");
    assert.equal(u32?.priority, 1);
    assert.equal(u32?.u32?.classId, makeHandle(1, 1));
    const mirred = u32?.u32?.actions?.[0]?.mirred;
    assert.deepEqual([mirred?.direction, mirred?.ifindex, mirred?.verdict], ["egress-redirect", ifbIndex, "stolen"]);

    filterDel(rtnl.conn, { index: vethIndex, parent: makeHandle(0xffff, 0), priority: 1 });
    assert.deepEqual(filterList(rtnl.conn, { index: vethIndex, parent: makeHandle(0xffff, 0) }), []);
    qdiscDel(rtnl.conn, ingressQdisc(vethIndex));
    qdiscDel(rtnl.conn, tbfQdisc(vethIndex, ingressTbf));
    assert.deepEqual(qdiscList(rtnl.conn, vethIndex).filter((q) => q.kind === "tbf" || q.kind === "ingress"), []);
  },
});

Deno.test({
  name: "tc: qdiscReplace() and qdiscChange() update a tbf in place, qdiscAdd() refuses a second one",
  ignore,
  fn() {
    using ns = createTestNetns();
    using rtnl = Rtnl.open({ netns: ns.path });
    const { ifbIndex } = setup(rtnl);
    const clock = pschedClock();
    qdiscReplace(rtnl.conn, tbfQdisc(ifbIndex, tbfForRate(1_000_000, 800_000, clock)));
    assert.throws(
      () => qdiscAdd(rtnl.conn, tbfQdisc(ifbIndex, tbfForRate(1_000_000, 800_000, clock))),
      /EEXIST/,
    );
    const faster = tbfForRate(2_000_000, 800_000, clock);
    qdiscChange(rtnl.conn, tbfQdisc(ifbIndex, faster));
    assert.equal(qdiscList(rtnl.conn, ifbIndex).find((q) => q.kind === "tbf")?.tbf?.rate, faster.rate);
    const fastest = tbfForRate(80_000_000_000, 8_000_000, clock);
    qdiscReplace(rtnl.conn, tbfQdisc(ifbIndex, fastest));
    // 10 GB/s is above 2^32 bytes/s: it travels and comes back as TCA_TBF_RATE64.
    assert.equal(qdiscList(rtnl.conn, ifbIndex).find((q) => q.kind === "tbf")?.tbf?.rate, 10_000_000_000);
    qdiscDel(rtnl.conn, tbfQdisc(ifbIndex, fastest));
    // The way tc itself sends it: a rate table and TCA_TBF_BURST; the kernel derives the link layer from the table.
    const { spec, table } = calcRateTable({ rate: 125000 }, { tickInUsec: clock.tickInUsec });
    const { rate: _rate, ...rateSpec } = spec;
    qdiscReplace(
      rtnl.conn,
      tbfQdisc(ifbIndex, { ...tbfForRate(1_000_000, 800_000, clock), burst: 100000, rateSpec, rateTable: table }),
    );
    const tcStyle = qdiscList(rtnl.conn, ifbIndex).find((q) => q.kind === "tbf")?.tbf;
    assert.deepEqual([tcStyle?.rate, tcStyle?.limit, tcStyle?.rateSpec?.linklayer], [125000, 103125, 1]);
    assert.equal(tcStyle?.buffer, 12500000, "100000 bytes at 125000 B/s is 0.8 s = 12500000 ticks");
    qdiscDel(rtnl.conn, tbfQdisc(ifbIndex, fastest));
    // Once gone, the root is the default qdisc again, whose handle does not match: the kernel says EINVAL.
    assert.throws(() => qdiscDel(rtnl.conn, tbfQdisc(ifbIndex, fastest)), /EINVAL\): Invalid handle/);
  },
});
