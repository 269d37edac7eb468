import assert from "node:assert/strict";
import { IP } from "./ip.ts";
import { Prefix } from "./prefix.ts";

Deno.test("Prefix.parse() keeps the address and computes network, first and last", () => {
  const p = Prefix.parse("10.1.2.3/24");
  assert.equal(p.toString(), "10.1.2.3/24");
  assert.equal(p.network().toString(), "10.1.2.0/24");
  assert.equal(p.first().toString(), "10.1.2.0");
  assert.equal(p.last().toString(), "10.1.2.255");
  assert.equal(p.size(), 256n);
  assert.deepEqual(Array.from(p.mask()), [255, 255, 255, 0]);
  const odd = Prefix.parse("10.1.2.3/19");
  assert.equal(odd.network().toString(), "10.1.0.0/19");
  assert.equal(odd.last().toString(), "10.1.31.255");
});

Deno.test("Prefix handles /31 /32 /127 /128 and /0", () => {
  assert.equal(Prefix.parse("10.0.0.1/31").first().toString(), "10.0.0.0");
  assert.equal(Prefix.parse("10.0.0.1/31").last().toString(), "10.0.0.1");
  assert.equal(Prefix.parse("10.0.0.1/32").last().toString(), "10.0.0.1");
  assert.equal(Prefix.parse("2001:db8::1/127").first().toString(), "2001:db8::");
  assert.equal(Prefix.parse("2001:db8::1/127").last().toString(), "2001:db8::1");
  assert.equal(Prefix.parse("2001:db8::1/128").size(), 1n);
  assert.ok(Prefix.parse("0.0.0.0/0").contains(IP.parse("8.8.8.8")));
  assert.equal(Prefix.parse("::/0").last().toString(), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
});

Deno.test("Prefix.contains() and overlaps() respect families", () => {
  const net = Prefix.parse("2001:db8:1::/64");
  assert.ok(net.contains(IP.parse("2001:db8:1::ffff")));
  assert.ok(!net.contains(IP.parse("2001:db8:2::1")));
  assert.ok(!Prefix.parse("0.0.0.0/0").contains(IP.parse("::1")));
  assert.ok(Prefix.parse("10.0.0.0/8").overlaps(Prefix.parse("10.5.0.0/16")));
  assert.ok(Prefix.parse("10.5.0.0/16").overlaps(Prefix.parse("10.0.0.0/8")));
  assert.ok(!Prefix.parse("10.0.0.0/16").overlaps(Prefix.parse("10.1.0.0/16")));
});

Deno.test("Prefix.tryParse() rejects malformed CIDRs", () => {
  for (const bad of ["10.0.0.0", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/08", "x/8", "10.0.0.0/"]) {
    assert.equal(Prefix.tryParse(bad), undefined, bad);
  }
  assert.throws(() => Prefix.parse("10.0.0.0"), SyntaxError);
  assert.throws(() => new Prefix(IP.parse("10.0.0.0"), 40), RangeError);
});
