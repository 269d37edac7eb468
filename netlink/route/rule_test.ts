import assert from "node:assert/strict";
import { FakeKernel } from "../fake_kernel.ts";
import { loadCapture } from "../testdata/capture_file.ts";
import { decodeRule, encodeRule } from "./rule.ts";
import { decodeNeighbor } from "./neigh.ts";
import { Rtnl } from "./rtnl.ts";

Deno.test("decodeRule() decodes `from 10.99.0.0/24 lookup 1000 pref 100` captured from the kernel", () => {
  const r = decodeRule(loadCapture("rule_v4_from").data)!;
  assert.deepEqual([r.family, String(r.src), r.table, r.priority, r.action, r.invert], [
    4,
    "10.99.0.0/24",
    1000,
    100,
    1,
    false,
  ]);
});

Deno.test("encodeRule() writes fib_rule_hdr and attributes from the headers", () => {
  assert.deepEqual([...encodeRule({ src: "10.0.0.0/8", table: 100, priority: 5 })], [
    ...[2, 0, 8, 0, 100, 0, 0, 1, 0, 0, 0, 0], // AF_INET, src_len 8, table 100, FR_ACT_TO_TBL
    ...[8, 0, 2, 0, 10, 0, 0, 0], // FRA_SRC
    ...[8, 0, 6, 0, 5, 0, 0, 0], // FRA_PRIORITY
    ...[8, 0, 15, 0, 100, 0, 0, 0], // FRA_TABLE
  ]);
  const r = decodeRule(encodeRule({ dst: "fd00::/16", table: 2000, invert: true, fwmark: 7 }))!;
  assert.deepEqual([r.family, String(r.dst), r.table, r.invert, r.fwmark], [6, "fd00::/16", 2000, true, 7]);
});

Deno.test("Rtnl.ruleList() dumps both families when none is given", () => {
  const capture = loadCapture("rule_v4_from");
  const kernel = new FakeKernel(() => ({ messages: [capture] }));
  using rtnl = new Rtnl(kernel);
  assert.equal(rtnl.ruleList().length, 2);
  assert.deepEqual(kernel.requests.map((r) => r.data[0]), [2, 10]);
});

Deno.test("decodeNeighbor() decodes a permanent IPv4 neighbour captured from the kernel", () => {
  const n = decodeNeighbor(loadCapture("neigh_v4").data)!;
  assert.deepEqual([n.index, String(n.ip), String(n.mac), n.state], [3, "10.99.0.7", "02:00:00:00:00:77", 0x80]);
});
