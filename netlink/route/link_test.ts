import assert from "node:assert/strict";
import { MAC } from "../../addr/mod.ts";
import { FakeKernel } from "../fake_kernel.ts";
import { loadCapture } from "../testdata/capture_file.ts";
import { AttributeDecoder } from "../wire/attribute_decoder.ts";
import { NLM_F_CREATE, NLM_F_EXCL } from "../wire/netlink_consts.ts";
import { RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK } from "../wire/rtnetlink_consts.ts";
import { bridge } from "../kinds/bridge.ts";
import { veth } from "../kinds/veth.ts";
import { decodeIfInfoMsg } from "./ifinfomsg.ts";
import { decodeLink, encodeLinkAdd, encodeLinkSet, linkData } from "./link.ts";
import { Rtnl } from "./rtnl.ts";

const ZERO_IFINFO = new Array(16).fill(0);
const text = (s: string) => [...new TextEncoder().encode(s)];

Deno.test("decodeLink() decodes a veth captured from the kernel", () => {
  const link = decodeLink(loadCapture("link_veth").data);
  assert.equal(link.name, "cnit-v0");
  assert.equal(link.kind, "veth");
  assert.equal(link.slaveKind, "bridge");
  assert.equal(link.mtu, 1400);
  assert.equal(link.mac?.toString(), "02:00:00:00:00:10");
  assert.equal(link.alias, "capture");
  assert.equal(link.master, 3);
  assert.equal(link.linkNetnsId, 0);
  assert.equal(link.parentIndex, 2);
  assert.equal(link.up, true);
  assert.equal(link.operState, "down");
  assert.equal(link.txqlen, 1000);
});

Deno.test("decodeLink() decodes bridge data through the bridge driver", () => {
  const link = decodeLink(loadCapture("link_bridge").data);
  assert.equal(link.kind, "bridge");
  const data = linkData(link, bridge);
  assert.equal(data?.mcastSnooping, false);
  assert.equal(data?.stp, false);
  assert.equal(linkData(link, veth), undefined);
});

Deno.test("decodeLink() decodes loopback without a kind", () => {
  const link = decodeLink(loadCapture("link_lo").data);
  assert.deepEqual([link.index, link.name, link.type, link.mtu, link.kind], [1, "lo", 772, 65536, undefined]);
  assert.ok(link.mac?.isZero);
});

Deno.test("encodeLinkAdd() writes a veth with its peer placed in another namespace", () => {
  const bytes = encodeLinkAdd({
    name: "cnit-a",
    kind: veth,
    mtu: 1500,
    data: { peer: { name: "cnit-b", netnsFd: 5 } },
  });
  assert.deepEqual([...bytes], [
    ...ZERO_IFINFO,
    ...[11, 0, 3, 0, ...text("cnit-a"), 0, 0], // IFLA_IFNAME
    ...[8, 0, 4, 0, 0xdc, 0x05, 0, 0], // IFLA_MTU 1500
    ...[60, 0, 18, 0x80], // IFLA_LINKINFO | NLA_F_NESTED
    ...[9, 0, 1, 0, ...text("veth"), 0, 0, 0, 0], // IFLA_INFO_KIND
    ...[44, 0, 2, 0x80], // IFLA_INFO_DATA | NLA_F_NESTED
    ...[40, 0, 1, 0x80], // VETH_INFO_PEER | NLA_F_NESTED
    ...ZERO_IFINFO, // the peer's ifinfomsg
    ...[11, 0, 3, 0, ...text("cnit-b"), 0, 0], // IFLA_IFNAME
    ...[8, 0, 28, 0, 5, 0, 0, 0], // IFLA_NET_NS_FD
  ]);
});

Deno.test("encodeLinkAdd() sends only the kind for a kind string without a driver", () => {
  const bytes = encodeLinkAdd({ name: "d0", kind: "dummy", up: true });
  assert.deepEqual([...bytes], [
    ...[0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0], // flags = change = IFF_UP
    ...[7, 0, 3, 0, ...text("d0"), 0, 0], // IFLA_IFNAME
    ...[16, 0, 18, 0x80, 10, 0, 1, 0, ...text("dummy"), 0, 0, 0],
  ]);
  assert.throws(() => encodeLinkAdd({ name: "x0", kind: "nosuch", data: { a: 1 } }), /no driver for kind "nosuch"/);
  assert.throws(() => encodeLinkAdd({ name: "much-too-long-name", kind: "dummy" }), /1-15 bytes/);
});

Deno.test("encodeLinkSet() batches flags and attributes in one message", () => {
  const bytes = encodeLinkSet(7, { up: false, promisc: true, mtu: 9000, master: null, mac: "02:00:00:00:00:01" });
  const { header, attrs } = decodeIfInfoMsg(bytes);
  assert.deepEqual(header, { family: 0, type: 0, index: 7, flags: 0x100, change: 0x101 });
  const dec = new AttributeDecoder(attrs);
  const seen: Record<number, unknown> = {};
  while (dec.next()) seen[dec.type] = dec.type === 1 ? new MAC(dec.bytes()).toString() : dec.u32();
  dec.finish();
  assert.deepEqual(seen, { 1: "02:00:00:00:00:01", 4: 9000, 10: 0 });
});

Deno.test("Rtnl.linkGet() asks by name and decodes the reply", () => {
  const capture = loadCapture("link_veth");
  const kernel = new FakeKernel(() => ({ messages: [capture] }));
  using rtnl = new Rtnl(kernel);
  assert.equal(rtnl.linkGet("cnit-v0").index, 2);
  const req = kernel.requests[0]!;
  assert.equal(req.type, RTM_GETLINK);
  const dec = new AttributeDecoder(decodeIfInfoMsg(req.data).attrs);
  assert.ok(dec.next());
  assert.equal(dec.str(), "cnit-v0");
});

Deno.test("Rtnl.linkFind() returns undefined on ENODEV and rethrows other errors", () => {
  using missing = new Rtnl(new FakeKernel(() => ({ errno: 19 })));
  assert.equal(missing.linkFind("cnit-none"), undefined);
  using denied = new Rtnl(new FakeKernel(() => ({ errno: 1 })));
  assert.throws(() => denied.linkFind("cnit-none"), /\(EPERM\)/);
});

Deno.test("Rtnl.linkAdd() creates with CREATE|EXCL and names the link in errors", () => {
  const kernel = new FakeKernel(() => ({ errno: 17 }));
  using rtnl = new Rtnl(kernel);
  assert.throws(
    () => rtnl.linkAdd({ name: "cnit-br", kind: bridge, data: {} }),
    { message: 'Cannot add bridge link "cnit-br": File exists (EEXIST)' },
  );
  assert.equal(kernel.requests[0]!.type, RTM_NEWLINK);
  assert.equal(kernel.requests[0]!.flags & (NLM_F_CREATE | NLM_F_EXCL), NLM_F_CREATE | NLM_F_EXCL);
});

Deno.test("Rtnl.linkSet() sends down first when renaming and setting down together", () => {
  const kernel = new FakeKernel(() => {});
  using rtnl = new Rtnl(kernel);
  rtnl.linkSet(4, { up: false, name: "cnit-new" });
  rtnl.linkSet(4, { up: true, mtu: 1400 });
  const headers = kernel.requests.map((r) => decodeIfInfoMsg(r.data).header);
  assert.deepEqual(headers.map((h) => [h.index, h.flags, h.change]), [[4, 0, 1], [4, 0, 0], [4, 1, 1]]);
});

Deno.test("Rtnl.linkDel() deletes by index or by name", () => {
  const kernel = new FakeKernel(() => {});
  using rtnl = new Rtnl(kernel);
  rtnl.linkDel(9);
  rtnl.linkDel("cnit-x");
  assert.deepEqual(kernel.requests.map((r) => r.type), [RTM_DELLINK, RTM_DELLINK]);
  assert.equal(decodeIfInfoMsg(kernel.requests[0]!.data).header.index, 9);
  assert.equal(decodeIfInfoMsg(kernel.requests[1]!.data).attrs.length, 12);
});
