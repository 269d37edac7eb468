import assert from "node:assert/strict";
import { CniError } from "../../cni/errors.ts";
import { BridgeConfig, collectVlanTrunk, loadBridgeConfig } from "./config.ts";

function parse(extra: Record<string, unknown>): BridgeConfig {
  return BridgeConfig.parse({ cniVersion: "1.0.0", name: "n", type: "bridge", ...extra });
}

Deno.test("BridgeConfig has the reference defaults", () => {
  const c = parse({});
  assert.equal(c.bridge, "cni0");
  assert.equal(c.isGateway, false);
  assert.equal(c.preserveDefaultVlan, false);
  assert.equal(c.mtu, 0);
  assert.equal(c.vlan, 0);
  assert.equal(c.ipMasqBackend, undefined);
});

Deno.test("BridgeConfig keeps unknown keys and refuses an unknown ipMasqBackend", () => {
  assert.equal((parse({ extra: 1 }) as Record<string, unknown>).extra, 1);
  assert.throws(() => parse({ ipMasqBackend: "pf" }));
});

Deno.test("loadBridgeConfig() makes isDefaultGateway imply isGateway and L2 when ipam has no type", () => {
  const plan = loadBridgeConfig(parse({ isDefaultGateway: true, ipam: {} }));
  assert.equal(plan.isGateway, true);
  assert.equal(plan.isLayer3, false);
  assert.equal(loadBridgeConfig(parse({ ipam: { type: "host-local" } })).isLayer3, true);
});

Deno.test("loadBridgeConfig() refuses the combinations the reference refuses", () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ vlan: 4095 }, /invalid VLAN ID 4095/],
    [{ vlan: -1 }, /invalid VLAN ID -1/],
    [{ vlan: 5, vlanTrunk: [{ id: 6 }] }, /vlan and vlanTrunk/],
    [{ hairpinMode: true, promiscMode: true }, /hairpin mode and promiscuous mode/],
    [{ disableContainerInterface: true, ipam: { type: "host-local" } }, /cannot use IPAM/],
    [{ runtimeConfig: { mac: "zz" } }, /Cannot use MAC address "zz"/],
  ];
  for (const [extra, message] of cases) {
    assert.throws(() => loadBridgeConfig(parse(extra)), (err: unknown) => {
      return err instanceof CniError && err.code === 7 && message.test(err.message);
    }, JSON.stringify(extra));
  }
});

Deno.test("loadBridgeConfig() picks the MAC from runtimeConfig, then args.cni, then CNI_ARGS", () => {
  const env = [["MAC", "02:00:00:00:00:03"] as const];
  const all = { runtimeConfig: { mac: "02:00:00:00:00:01" }, args: { cni: { mac: "02:00:00:00:00:02" } } };
  assert.equal(loadBridgeConfig(parse(all), { args: env }).mac?.toString(), "02:00:00:00:00:01");
  assert.equal(loadBridgeConfig(parse({ args: all.args }), { args: env }).mac?.toString(), "02:00:00:00:00:02");
  assert.equal(loadBridgeConfig(parse({}), { args: env }).mac?.toString(), "02:00:00:00:00:03");
  assert.equal(loadBridgeConfig(parse({})).mac, undefined);
  assert.throws(() => loadBridgeConfig(parse({}), { args: [["FOO", "1"]] }), /unknown args/);
});

Deno.test("loadBridgeConfig() turns on vlan filtering for an access VLAN or any trunk", () => {
  assert.equal(loadBridgeConfig(parse({})).vlanFiltering, false);
  assert.equal(loadBridgeConfig(parse({ vlan: 7 })).vlanFiltering, true);
  assert.equal(loadBridgeConfig(parse({ vlanTrunk: [] })).vlanFiltering, true);
});

Deno.test("collectVlanTrunk() expands ranges and single IDs, sorted and unique", () => {
  assert.deepEqual(collectVlanTrunk([{ id: 9 }, { minID: 3, maxID: 5 }, { id: 4 }]), [3, 4, 5, 9]);
  assert.deepEqual(collectVlanTrunk([]), []);
  assert.throws(() => collectVlanTrunk([{ minID: 0, maxID: 3 }]), /incorrect trunk minID/);
  assert.throws(() => collectVlanTrunk([{ minID: 1, maxID: 4095 }]), /incorrect trunk maxID/);
  assert.throws(() => collectVlanTrunk([{ minID: 5, maxID: 3 }]), /minID is greater than maxID/);
  assert.throws(() => collectVlanTrunk([{ maxID: 3 }]), /minID is missing/);
  assert.throws(() => collectVlanTrunk([{ minID: 3 }]), /maxID is missing/);
  assert.throws(() => collectVlanTrunk([{ id: 4095 }]), /incorrect trunk id/);
});
