import assert from "node:assert/strict";
import { IP } from "../../addr/mod.ts";
import { RangeSet } from "./range_set.ts";

Deno.test("RangeSet.canonicalize() rejects an empty set, mixed families and overlapping ranges", () => {
  assert.throws(() => RangeSet.canonicalize([]), (e: Error) => e.message.includes("empty range set"));
  assert.throws(
    () => RangeSet.canonicalize([{ subnet: "10.0.0.0/24" }, { subnet: "fd00::/64" }]),
    (e: Error) => e.message.includes("mixed address families"),
  );
  assert.throws(
    () => RangeSet.canonicalize([{ subnet: "10.0.0.0/24" }, { subnet: "10.0.0.0/16" }]),
    (e: Error) => e.message.includes("subnets 10.0.0.1-10.0.0.254 and 10.0.0.1-10.0.255.254 overlap"),
  );
});

Deno.test("RangeSet.rangeFor() finds the holding range and toString() joins ranges with commas", () => {
  const set = RangeSet.canonicalize([{ subnet: "10.0.0.0/24" }, { subnet: "10.0.1.0/24" }]);
  assert.deepEqual(set.rangeFor(IP.parse("10.0.1.7"))?.subnet.toString(), "10.0.1.0/24");
  assert.deepEqual(set.rangeFor(IP.parse("10.0.2.7")), undefined);
  assert.deepEqual(set.toString(), "10.0.0.1-10.0.0.254,10.0.1.1-10.0.1.254");
  assert.deepEqual(set.family, 4);
});
