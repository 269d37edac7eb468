import assert from "node:assert/strict";
import * as z from "zod/mini";
import { IpamRouteConfig, NetConf, netconf, routeOfConfig } from "./netconf.ts";
import { zodToCniError } from "./zod_to_cni_error.ts";

Deno.test("NetConf defaults cniVersion to 0.1.0 when missing or empty, as Go's decoder does", () => {
  assert.equal(NetConf.parse({ name: "n" }).cniVersion, "0.1.0");
  assert.equal(NetConf.parse({ name: "n", cniVersion: "" }).cniVersion, "0.1.0");
  assert.equal(NetConf.parse({ name: "n", cniVersion: "1.0.0" }).cniVersion, "1.0.0");
});

Deno.test("NetConf keeps unknown keys at every level it knows", () => {
  const parsed = NetConf.parse({
    cniVersion: "1.1.0",
    name: "n",
    type: "bridge",
    custom: { x: 1 },
    ipam: { type: "host-local", subnet: "10.0.0.0/24" },
    dns: { nameservers: ["10.0.0.1"], extra: true },
    args: { cni: { ips: ["10.0.0.5"] }, other: "kept" },
    runtimeConfig: { portMappings: [] },
    prevResult: { cniVersion: "1.1.0" },
    capabilities: { portMappings: true },
    ipMasq: true,
  });
  assert.deepEqual(parsed.custom, { x: 1 });
  assert.equal(parsed.ipam?.subnet, "10.0.0.0/24");
  assert.equal(parsed.dns?.extra, true);
  assert.deepEqual(parsed.args?.cni?.ips, ["10.0.0.5"]);
  assert.equal(parsed.args?.other, "kept");
  assert.deepEqual(parsed.runtimeConfig, { portMappings: [] });
  assert.deepEqual(parsed.prevResult, { cniVersion: "1.1.0" });
});

Deno.test("netconf() extends the base shape, and extra fields may override base ones", () => {
  const Bridge = netconf({
    bridge: z._default(z.string(), "cni0"),
    ipMasq: z._default(z.boolean(), false),
    mtu: z.optional(z.number().check(z.int())),
  });
  const parsed = Bridge.parse({ name: "n", type: "bridge", mtu: 1400, zzz: 1 });
  assert.equal(parsed.bridge, "cni0");
  assert.equal(parsed.ipMasq, false);
  assert.equal(parsed.mtu, 1400);
  assert.equal(parsed.cniVersion, "0.1.0");
  assert.equal(parsed.zzz, 1);
});

Deno.test("zodToCniError() lists every issue with its path and code 7", () => {
  const schema = netconf({
    ipam: z.looseObject({ type: z.string(), ranges: z.array(z.array(z.object({ subnet: z.string() }))) }),
  });
  const parsed = schema.safeParse({ name: 5, ipam: { type: "host-local", ranges: [[{ subnet: 1 }]] } });
  assert.equal(parsed.success, false);
  if (parsed.success) return;
  const err = zodToCniError(parsed.error, "network config");
  assert.equal(err.code, 7);
  assert.match(err.message, /^Cannot parse network config: /);
  assert.match(err.message, /name: Invalid input: expected string, received number/);
  assert.match(err.message, /; ipam\.ranges\[0\]\[0\]\.subnet: Invalid input: expected string, received number/);
});

Deno.test("IpamRouteConfig keeps unknown keys; routeOfConfig() copies only the route fields that are set", () => {
  const parsed = IpamRouteConfig.parse({ dst: "10.9.0.0/16", gw: "10.1.0.1", mtu: 1400, note: "x" });
  assert.equal((parsed as Record<string, unknown>).note, "x");
  assert.deepEqual(routeOfConfig(parsed), { dst: "10.9.0.0/16", gw: "10.1.0.1", mtu: 1400 });
  assert.deepEqual(routeOfConfig(IpamRouteConfig.parse({ dst: "0.0.0.0/0", table: 100, scope: 0 })), {
    dst: "0.0.0.0/0",
    table: 100,
    scope: 0,
  });
  assert.equal(IpamRouteConfig.safeParse({ dst: "10.9.0.0/16", mtu: 1.5 }).success, false);
});
