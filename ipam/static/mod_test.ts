import assert from "node:assert/strict";
import { CniError, type PluginContext, type Result } from "../../cni/mod.ts";
import { type StaticConfig, staticIpam } from "./mod.ts";

function ctx(
  raw: unknown,
  options: { args?: [string, string][]; prevResult?: Result } = {},
): PluginContext<StaticConfig> {
  const config = staticIpam.config.parse(raw);
  return {
    command: "ADD",
    config,
    cniVersion: config.cniVersion ?? "0.1.0",
    network: config.name,
    containerId: "c1",
    netns: "/var/run/netns/x",
    ifname: "eth0",
    args: options.args ?? [],
    path: [],
    prevResult: options.prevResult,
    validAttachments: [],
    stdin: new Uint8Array(),
    env: {},
  };
}

const base = {
  cniVersion: "1.0.0",
  name: "n",
  ipam: {
    type: "static",
    addresses: [{ address: "10.10.0.5/24", gateway: "10.10.0.254" }, { address: "3ffe:ffff:0:1ff::1/64" }],
    routes: [{ dst: "0.0.0.0/0" }],
    dns: { nameservers: ["8.8.8.8"], domain: "example.com", search: ["example.com"] },
  },
};

Deno.test("staticIpam.add() returns the configured addresses, routes and dns", async () => {
  assert.deepEqual(await staticIpam.add(ctx(base)), {
    cniVersion: "1.0.0",
    ips: [{ address: "10.10.0.5/24", gateway: "10.10.0.254" }, { address: "3ffe:ffff:0:1ff::1/64" }],
    routes: [{ dst: "0.0.0.0/0" }],
    dns: { nameservers: ["8.8.8.8"], domain: "example.com", search: ["example.com"] },
  });
});

Deno.test("staticIpam.add() appends CNI_ARGS IP (comma list) and applies GATEWAY to the address that holds it", async () => {
  const raw = { cniVersion: "1.0.0", name: "n", ipam: { type: "static" } };
  const result = await staticIpam.add(
    ctx(raw, { args: [["IP", "10.1.0.2/24, 10.2.0.2/24"], ["GATEWAY", "10.2.0.1"]] }),
  );
  assert.deepEqual(result.ips, [{ address: "10.1.0.2/24" }, { address: "10.2.0.2/24", gateway: "10.2.0.1" }]);
});

Deno.test("staticIpam.add() lets runtimeConfig.ips win over args.cni.ips over the config", async () => {
  const raw = { ...base, args: { cni: { ips: ["10.3.0.3/24"] } } };
  assert.deepEqual((await staticIpam.add(ctx(raw))).ips, [{ address: "10.3.0.3/24" }]);
  const both = { ...raw, runtimeConfig: { ips: ["10.4.0.4/16"] } };
  assert.deepEqual((await staticIpam.add(ctx(both))).ips, [{ address: "10.4.0.4/16" }]);
});

Deno.test("staticIpam.add() rejects non-CIDR addresses, unknown CNI_ARGS and two v4 addresses under 0.2.0", () => {
  const bad = { ...base, ipam: { type: "static", addresses: [{ address: "10.0.0.1" }] } };
  assert.throws(() => staticIpam.add(ctx(bad)), (e: Error) => e instanceof CniError && e.code === 7);
  assert.throws(
    () => staticIpam.add(ctx(base, { args: [["FOO", "1"]] })),
    (e: Error) => e instanceof CniError && e.code === 2,
  );
  const old = {
    ...base,
    cniVersion: "0.2.0",
    ipam: { type: "static", addresses: [{ address: "10.0.0.1/24" }, { address: "10.0.1.1/24" }] },
  };
  assert.throws(() => staticIpam.add(ctx(old)), /does not support more than 1 address per family/);
});

Deno.test("staticIpam.check() accepts a matching prevResult and rejects a missing address or wrong gateway", async () => {
  const good = await staticIpam.add(ctx(base));
  staticIpam.check!(ctx(base, { prevResult: good }));
  const wrongGw: Result = { ...good, ips: [{ address: "10.10.0.5/24", gateway: "10.10.0.1" }, good.ips![1]!] };
  assert.throws(() => staticIpam.check!(ctx(base, { prevResult: wrongGw })), /Failed to match addr 10\.10\.0\.5/);
  const missing: Result = { ...good, ips: [good.ips![0]!] };
  assert.throws(() => staticIpam.check!(ctx(base, { prevResult: missing })), /Failed to find addr 3ffe:ffff:0:1ff::1/);
});
