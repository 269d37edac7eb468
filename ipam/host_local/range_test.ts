import assert from "node:assert/strict";
import { IP } from "../../addr/mod.ts";
import { Range } from "./range.ts";

Deno.test("Range.canonicalize() fills IPv4 defaults: start network+1, end broadcast-1, gateway network+1", () => {
  const r = Range.canonicalize({ subnet: "10.1.2.0/24" });
  assert.deepEqual(
    [r.subnet.toString(), r.rangeStart.toString(), r.rangeEnd.toString(), r.gateway.toString()],
    ["10.1.2.0/24", "10.1.2.1", "10.1.2.254", "10.1.2.1"],
  );
});

Deno.test("Range.canonicalize() fills IPv6 defaults: end is the last address", () => {
  const r = Range.canonicalize({ subnet: "2001:db8::/64" });
  assert.deepEqual([r.rangeStart.toString(), r.rangeEnd.toString()], ["2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff"]);
});

Deno.test("Range.canonicalize() keeps explicit start, end and gateway", () => {
  const r = Range.canonicalize({
    subnet: "10.1.0.0/16",
    rangeStart: "10.1.1.20",
    rangeEnd: "10.1.3.50",
    gateway: "10.1.0.254",
  });
  assert.deepEqual([`${r}`, r.gateway.toString()], ["10.1.1.20-10.1.3.50", "10.1.0.254"]);
});

Deno.test("Range.canonicalize() accepts /30 and /126 but rejects /31 /32 /127 /128 as too small", () => {
  assert.deepEqual(Range.canonicalize({ subnet: "10.0.0.0/30" }).toString(), "10.0.0.1-10.0.0.2");
  assert.deepEqual(Range.canonicalize({ subnet: "fd00::/126" }).toString(), "fd00::1-fd00::3");
  for (const subnet of ["10.0.0.0/31", "10.0.0.0/32", "fd00::/127", "fd00::/128"]) {
    assert.throws(() => Range.canonicalize({ subnet }), (e: Error) => e.message.includes("too small to allocate from"));
  }
});

Deno.test("Range.canonicalize() rejects a subnet with host bits set, naming the network address", () => {
  assert.throws(
    () => Range.canonicalize({ subnet: "10.0.0.5/24" }),
    (e: Error) =>
      e.message.includes("Network has host bits set. For a subnet mask of length 24 the network address is 10.0.0.0"),
  );
});

Deno.test("Range.canonicalize() rejects start or end outside the subnet, and start after end", () => {
  assert.throws(
    () => Range.canonicalize({ subnet: "10.0.0.0/24", rangeStart: "10.0.1.1" }),
    (e: Error) => e.message.includes("RangeStart"),
  );
  assert.throws(
    () => Range.canonicalize({ subnet: "10.0.0.0/24", rangeEnd: "10.0.1.1" }),
    (e: Error) => e.message.includes("RangeEnd"),
  );
  assert.throws(
    () => Range.canonicalize({ subnet: "10.0.0.0/24", rangeStart: "10.0.0.9", rangeEnd: "10.0.0.3" }),
    (e: Error) => e.message.includes("after RangeEnd"),
  );
  assert.throws(
    () => Range.canonicalize({ subnet: "nonsense" }),
    (e: Error) => e.message.includes("Cannot parse subnet"),
  );
});

Deno.test("Range.canonicalize() allows a gateway outside the range (and inside it)", () => {
  const r = Range.canonicalize({ subnet: "10.0.0.0/24", rangeStart: "10.0.0.10", gateway: "10.0.0.20" });
  assert.deepEqual(r.contains(r.gateway), true);
});

Deno.test("Range.contains() respects start, end and family", () => {
  const r = Range.canonicalize({ subnet: "10.0.0.0/24", rangeStart: "10.0.0.10", rangeEnd: "10.0.0.20" });
  assert.deepEqual(
    ["10.0.0.9", "10.0.0.10", "10.0.0.20", "10.0.0.21", "::ffff:10.0.0.15", "fd00::1"].map((s) =>
      r.contains(IP.parse(s))
    ),
    [false, true, true, false, true, false],
  );
});

Deno.test("Range.overlaps() detects shared addresses and ignores other families", () => {
  const a = Range.canonicalize({ subnet: "10.0.0.0/24", rangeEnd: "10.0.0.100" });
  const b = Range.canonicalize({ subnet: "10.0.0.0/24", rangeStart: "10.0.0.101" });
  const c = Range.canonicalize({ subnet: "10.0.0.0/16" });
  const d = Range.canonicalize({ subnet: "fd00::/64" });
  assert.deepEqual([a.overlaps(b), a.overlaps(c), c.overlaps(b), a.overlaps(d)], [false, true, true, false]);
});
