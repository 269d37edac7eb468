import assert from "node:assert/strict";
import { IP } from "./ip.ts";

Deno.test("IP.parse() formats IPv4 and IPv6 as Go prints them", () => {
  const cases: [string, string][] = [
    ["10.0.0.1", "10.0.0.1"],
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    ["::", "::"],
    ["::1", "::1"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:1:1:1:1:1:1", "2001:db8:1:1:1:1:1:1"],
    ["2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["fe80::", "fe80::"],
    ["::ffff:10.1.2.3", "::ffff:10.1.2.3"],
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
  ];
  for (const [input, want] of cases) assert.equal(IP.parse(input).toString(), want, input);
});

Deno.test("IP.tryParse() rejects malformed text", () => {
  const bad = [
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3.-1",
    "a.b.c.d",
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "12345::",
    "fe80::1%eth0",
    "1:2:3:4:5:6:7::8",
    " 1.2.3.4",
  ];
  for (const text of bad) assert.equal(IP.tryParse(text), undefined, text);
  assert.throws(() => IP.parse("nope"), SyntaxError);
});

Deno.test("IP arithmetic steps and wraps in both families", () => {
  assert.equal(IP.parse("10.0.0.255").next().toString(), "10.0.1.0");
  assert.equal(IP.parse("10.0.1.0").prev().toString(), "10.0.0.255");
  assert.equal(IP.parse("255.255.255.255").next().toString(), "0.0.0.0");
  assert.equal(IP.parse("::").prev().toString(), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  assert.equal(IP.parse("2001:db8::ffff").add(2n).toString(), "2001:db8::1:1");
  assert.equal(IP.fromBigInt(0x0a000001n, 4).toString(), "10.0.0.1");
  assert.equal(IP.parse("10.0.0.1").toBigInt(), 0x0a000001n);
});

Deno.test("IP.compare() orders IPv4 before IPv6 and numerically within a family", () => {
  const sorted = ["2001:db8::2", "10.0.0.2", "2001:db8::1", "9.255.255.255"].map((s) => IP.parse(s))
    .sort((a, b) => a.compare(b)).map(String);
  assert.deepEqual(sorted, ["9.255.255.255", "10.0.0.2", "2001:db8::1", "2001:db8::2"]);
  assert.ok(IP.parse("10.0.0.1").equals(IP.parse("10.0.0.1")));
  assert.ok(!IP.parse("10.0.0.1").equals(IP.parse("::ffff:10.0.0.1")));
  assert.ok(IP.unspecified(6).isUnspecified);
});
