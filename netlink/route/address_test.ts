import assert from "node:assert/strict";
import { FakeKernel } from "../fake_kernel.ts";
import { loadCapture } from "../testdata/capture_file.ts";
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../wire/netlink_consts.ts";
import { RTM_DELADDR, RTM_NEWADDR } from "../wire/rtnetlink_consts.ts";
import { decodeAddress, encodeAddrAdd, encodeAddrDel } from "./address.ts";
import { Rtnl } from "./rtnl.ts";

Deno.test("decodeAddress() decodes an IPv4 address captured from the kernel", () => {
  const a = decodeAddress(loadCapture("addr_v4").data)!;
  assert.deepEqual(
    [a.index, a.family, a.prefix, a.prefixLen, a.scope, a.broadcast?.toString(), a.label, a.permanent],
    [3, 4, "10.99.0.1/24", 24, 0, "10.99.0.255", "cnit-br0", true],
  );
  assert.equal(a.validLifetime, 0xffffffff);
});

Deno.test("decodeAddress() decodes an IPv6 nodad address captured from the kernel", () => {
  const a = decodeAddress(loadCapture("addr_v6").data)!;
  assert.deepEqual([a.family, a.prefix, a.tentative, a.flags], [6, "fd00:99::1/64", false, 0x82]);
});

Deno.test("encodeAddrAdd() writes ifaddrmsg, IFA_LOCAL, IFA_ADDRESS and the automatic IPv4 broadcast", () => {
  assert.deepEqual([...encodeAddrAdd(3, "10.1.2.3/24")], [
    ...[2, 24, 0, 0, 3, 0, 0, 0], // AF_INET, /24, flags 0, scope universe, index 3
    ...[8, 0, 2, 0, 10, 1, 2, 3], // IFA_LOCAL
    ...[8, 0, 1, 0, 10, 1, 2, 3], // IFA_ADDRESS
    ...[8, 0, 4, 0, 10, 1, 2, 255], // IFA_BROADCAST
  ]);
  assert.equal(encodeAddrAdd(3, "10.1.2.3/31").length, 8 + 16);
  assert.equal(encodeAddrAdd(3, "10.1.2.3/24", { broadcast: "none" }).length, 8 + 16);
});

Deno.test("encodeAddrAdd() puts flags above 8 bits in IFA_FLAGS", () => {
  const bytes = encodeAddrAdd(1, "fd00::1/64", { noDad: true, noPrefixRoute: true });
  assert.deepEqual([...bytes.subarray(0, 8)], [10, 64, 2, 0, 1, 0, 0, 0]);
  assert.deepEqual([...bytes.subarray(-8)], [8, 0, 8, 0, 0x02, 0x02, 0, 0]); // IFA_FLAGS = NODAD | NOPREFIXROUTE
});

Deno.test("encodeAddrAdd() output decodes back to the same address", () => {
  const a = decodeAddress(encodeAddrAdd(5, "192.168.7.9/20", { label: "eth0:1" }))!;
  assert.deepEqual([a.index, a.prefix, a.broadcast?.toString(), a.label], [
    5,
    "192.168.7.9/20",
    "192.168.15.255",
    "eth0:1",
  ]);
  const b = decodeAddress(encodeAddrDel(5, "2001:db8::5/64"))!;
  assert.equal(b.prefix, "2001:db8::5/64");
});

Deno.test("Rtnl.addrList() filters by link; addrAdd() and addrDel() choose flags and message types", () => {
  const capture = loadCapture("addr_v4");
  const kernel = new FakeKernel((req) => req.type === 22 ? { messages: [capture, capture] } : {});
  using rtnl = new Rtnl(kernel);
  assert.equal(rtnl.addrList({ index: 3 }).length, 2);
  assert.equal(rtnl.addrList({ index: 4 }).length, 0);
  rtnl.addrAdd(3, "10.0.0.1/8");
  rtnl.addrAdd(3, "10.0.0.1/8", { replace: true });
  rtnl.addrDel(3, "10.0.0.1/8");
  const [, , add, replace, del] = kernel.requests;
  assert.equal(add!.type, RTM_NEWADDR);
  assert.equal(add!.flags & (NLM_F_CREATE | NLM_F_EXCL), NLM_F_CREATE | NLM_F_EXCL);
  assert.equal(replace!.flags & (NLM_F_REPLACE | NLM_F_EXCL), NLM_F_REPLACE);
  assert.equal(del!.type, RTM_DELADDR);
});

Deno.test("Rtnl.addrDel() names the address in EADDRNOTAVAIL errors", () => {
  using rtnl = new Rtnl(new FakeKernel(() => ({ errno: 99, extAck: "ipv4: Address not found" })));
  assert.throws(() => rtnl.addrDel(3, "10.0.0.1/8"), {
    message:
      "Cannot delete address 10.0.0.1/8 from link 3: Cannot assign requested address (EADDRNOTAVAIL): ipv4: Address not found",
  });
});
