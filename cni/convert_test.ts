import assert from "node:assert/strict";
import { convertResult, formatJson, formatResult, parseResult } from "./convert.ts";
import { CniError } from "./errors.ts";
import { SPEC_VERSIONS } from "./version.ts";

// Golden files: testdata/results/<v>.json are realistic dual-stack results as a plugin of that version prints them;
// testdata/convert/<from>_to_<to>.golden (not .json, so deno fmt leaves them alone) is what Go's PrintResult prints after conversion. Regenerate (then review the
// diff) with: UPDATE_GOLDEN=1 deno test -A cni/convert_test.ts
const UPDATE = Deno.env.get("UPDATE_GOLDEN") === "1";
const dir = new URL("./testdata/", import.meta.url);

function catchCniError(fn: () => unknown): CniError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CniError) return e;
    throw e;
  }
  throw new Error("expected a CniError");
}

function fixture(version: string): unknown {
  return JSON.parse(Deno.readTextFileSync(new URL(`results/${version}.json`, dir)));
}

for (const from of SPEC_VERSIONS) {
  for (const to of SPEC_VERSIONS) {
    Deno.test(`formatResult() converts the ${from} golden result to ${to} as Go prints it`, () => {
      const golden = new URL(`convert/${from}_to_${to}.golden`, dir);
      const got = formatResult(parseResult(fixture(from)), to);
      if (UPDATE) Deno.writeTextFileSync(golden, got);
      assert.equal(got, Deno.readTextFileSync(golden));
    });
  }
}

Deno.test("parseResult() labels the result with its own version and keeps every 1.1.0 field", () => {
  const result = parseResult(fixture("1.1.0"));
  assert.equal(result.cniVersion, "1.1.0");
  assert.deepEqual(result.interfaces?.[2], {
    name: "eth0",
    mac: "0a:58:0a:16:00:07",
    mtu: 1450,
    sandbox: "/var/run/netns/cni-1234",
    socketPath: "/run/vhost/eth0.sock",
    pciID: "0000:00:1f.6",
  });
  assert.deepEqual(result.routes?.[1], { dst: "10.50.0.0/16", table: 200, scope: 253 });
});

Deno.test("parseResult() reads 0.2.0 as ips [ip4, ip6] with ip4's routes first", () => {
  const result = parseResult(fixture("0.2.0"));
  assert.deepEqual(result, {
    cniVersion: "0.2.0",
    ips: [{ address: "10.22.0.7/16", gateway: "10.22.0.1" }, { address: "fd00:22::7/64" }],
    routes: [{ dst: "0.0.0.0/0", gw: "10.22.0.1" }, { dst: "fd00:99::/48", gw: "fd00:22::fe" }],
    dns: {},
  });
});

Deno.test("parseResult() reprints addresses in Go's form", () => {
  const result = parseResult({
    cniVersion: "1.0.0",
    ips: [{ address: "2001:DB8:0:0::7/64", gateway: "2001:0db8::1" }],
  });
  assert.deepEqual(result.ips, [{ address: "2001:db8::7/64", gateway: "2001:db8::1" }]);
});

Deno.test("parseResult() uses the fallback version when cniVersion is missing", () => {
  const result = parseResult({ ips: [{ address: "10.0.0.2/24" }] }, "1.0.0");
  assert.equal(result.cniVersion, "1.0.0");
  assert.deepEqual(result.ips, [{ address: "10.0.0.2/24" }]);
  assert.equal(parseResult({ ip4: { ip: "10.0.0.2/24" } }).cniVersion, "0.2.0");
});

Deno.test("parseResult() treats null as absent and drops unknown keys, as Go's decoder does", () => {
  const result = parseResult({
    cniVersion: "1.1.0",
    interfaces: [{ name: "eth0", mac: null, extra: true }],
    ips: null,
    routes: [{ dst: "0.0.0.0/0", gw: null }],
    dns: null,
    surprise: { a: 1 },
  });
  assert.deepEqual(result, {
    cniVersion: "1.1.0",
    interfaces: [{ name: "eth0" }],
    routes: [{ dst: "0.0.0.0/0" }],
    dns: {},
  });
});

Deno.test("parseResult() rejects a malformed result with code 6 naming the field", () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ cniVersion: "1.0.0", ips: [{ address: "10.0.0.300/24" }] }, /ips\[0\]\.address: invalid CIDR address/],
    [{ cniVersion: "0.4.0", ips: [{ version: "4", address: "10.0.0.3/24", gateway: "nope" }] }, /ips\[0\]\.gateway/],
    [{ cniVersion: "0.2.0", ip4: { ip: "10.0.0.3" } }, /ip4\.ip: invalid CIDR address "10\.0\.0\.3"/],
    [{ cniVersion: "1.1.0", routes: [{ dst: "0.0.0.0/0", mtu: 1.5 }] }, /routes\[0\]\.mtu/],
    [{ cniVersion: "1.1.0", interfaces: "eth0" }, /interfaces: /],
    [{ cniVersion: 1 }, /cniVersion: expected a string/],
    [[], /expected a JSON object/],
  ];
  for (const [json, message] of cases) {
    const err = catchCniError(() => parseResult(json));
    assert.equal(err.code, 6, JSON.stringify(json));
    assert.match(err.message, message);
  }
});

Deno.test("parseResult() names the input and uses the given code", () => {
  const err = catchCniError(() =>
    parseResult({ cniVersion: "1.0.0", ips: [{}] }, undefined, { what: "prevResult", code: 7 })
  );
  assert.equal(err.code, 7);
  assert.match(err.message, /^Cannot parse prevResult: ips\[0\]\.address: /);
});

Deno.test("parseResult() rejects an unknown version with code 1", () => {
  const err = catchCniError(() => parseResult({ cniVersion: "2.0.0" }));
  assert.equal(err.code, 1);
  assert.match(err.message, /unsupported CNI result version "2\.0\.0"/);
});

Deno.test("convertResult() to 0.2.0 fails without any IP address", () => {
  const result = parseResult({ cniVersion: "1.0.0", interfaces: [{ name: "lo", mac: "00:00:00:00:00:00" }] });
  for (const version of ["0.1.0", "0.2.0"]) {
    const err = catchCniError(() => convertResult(result, version));
    assert.equal(err.message, "cannot convert: no valid IP addresses");
  }
  assert.deepEqual(convertResult(result, "0.4.0"), {
    cniVersion: "0.4.0",
    interfaces: [{ name: "lo", mac: "00:00:00:00:00:00" }],
    dns: {},
  });
});

Deno.test("convertResult() to 0.2.0 keeps one address per family and drops routes of a missing family", () => {
  const result = parseResult({
    cniVersion: "1.0.0",
    ips: [{ address: "10.0.0.2/24" }, { address: "10.0.1.2/24", gateway: "10.0.1.1" }],
    routes: [{ dst: "0.0.0.0/0" }, { dst: "::/0", gw: "fd00::1" }],
  });
  assert.deepEqual(convertResult(result, "0.2.0"), {
    cniVersion: "0.2.0",
    ip4: { ip: "10.0.0.2/24", routes: [{ dst: "0.0.0.0/0" }] },
    dns: {},
  });
});

Deno.test("convertResult() to 0.4.0 counts an IPv4-mapped address as version 4, as Go's To4() does", () => {
  const result = parseResult({ cniVersion: "1.0.0", ips: [{ address: "::ffff:10.0.0.2/120" }] });
  const ips = convertResult(result, "0.4.0").ips as Array<{ version: string }>;
  assert.equal(ips[0]?.version, "4");
});

Deno.test("convertResult() rejects an unknown target version", () => {
  assert.throws(() => convertResult(parseResult(fixture("1.0.0")), "0.5.0"), /no converter for CNI result version/);
});

Deno.test("formatResult() round-trips through every version without further loss", () => {
  for (const from of SPEC_VERSIONS) {
    for (const to of SPEC_VERSIONS) {
      const once = formatResult(parseResult(fixture(from)), to);
      const twice = formatResult(parseResult(JSON.parse(once)), to);
      assert.equal(twice, once, `${from} → ${to}`);
    }
  }
});

Deno.test("formatResult() keeps everything going up from 1.0.0 and back", () => {
  const original = parseResult(fixture("1.0.0"));
  const back = parseResult(JSON.parse(formatResult(parseResult(JSON.parse(formatResult(original, "1.1.0"))), "1.0.0")));
  assert.deepEqual(back, original);
});

Deno.test("formatResult() always prints dns and no trailing newline", () => {
  const text = formatResult({ cniVersion: "1.1.0", ips: [{ address: "10.0.0.2/24" }] }, "1.0.0");
  assert.equal(
    text,
    '{\n    "cniVersion": "1.0.0",\n    "ips": [\n        {\n            "address": "10.0.0.2/24"\n        }\n    ],\n    "dns": {}\n}',
  );
});

Deno.test("formatJson() escapes <, > and & as Go's encoder does", () => {
  assert.equal(formatJson({ domain: "a<b>&c" }), '{\n    "domain": "a\\u003cb\\u003e\\u0026c"\n}');
});
