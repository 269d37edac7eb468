import assert from "node:assert/strict";
import { FakeKernel } from "../fake_kernel.ts";
import { NLM_F_CREATE, NLM_F_REPLACE } from "../wire/netlink_consts.ts";
import { RTM_DELNEIGH, RTM_NEWNEIGH } from "../wire/rtnetlink_consts.ts";
import { decodeNeighbor } from "./neigh.ts";
import { Rtnl } from "./rtnl.ts";

Deno.test("Rtnl.neighAdd() writes ndmsg, NDA_DST and NDA_LLADDR from the headers", () => {
  const kernel = new FakeKernel(() => {});
  using rtnl = new Rtnl(kernel);
  rtnl.neighAdd(3, { ip: "10.0.0.9", mac: "02:00:00:00:00:09" });
  const req = kernel.requests[0]!;
  assert.equal(req.type, RTM_NEWNEIGH);
  assert.equal(req.flags & (NLM_F_CREATE | NLM_F_REPLACE), NLM_F_CREATE | NLM_F_REPLACE);
  assert.deepEqual([...req.data], [
    ...[2, 0, 0, 0, 3, 0, 0, 0, 0x80, 0, 0, 0], // AF_INET, ifindex 3, NUD_PERMANENT
    ...[8, 0, 1, 0, 10, 0, 0, 9], // NDA_DST
    ...[10, 0, 2, 0, 2, 0, 0, 0, 0, 9, 0, 0], // NDA_LLADDR
  ]);
  const n = decodeNeighbor(req.data)!;
  assert.deepEqual([n.index, String(n.ip), String(n.mac), n.state], [3, "10.0.0.9", "02:00:00:00:00:09", 0x80]);
});

Deno.test("Rtnl.neighDel() sends RTM_DELNEIGH for the IP on the link", () => {
  const kernel = new FakeKernel(() => {});
  using rtnl = new Rtnl(kernel);
  rtnl.neighDel(5, "fd00::9");
  const n = decodeNeighbor(kernel.requests[0]!.data)!;
  assert.equal(kernel.requests[0]!.type, RTM_DELNEIGH);
  assert.deepEqual([n.index, n.family, String(n.ip), n.mac], [5, 6, "fd00::9", undefined]);
});
