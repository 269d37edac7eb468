import assert from "node:assert/strict";
import { CniError } from "../../cni/mod.ts";
import { HostLocalConfig, loadHostLocalConfig } from "./config.ts";

function load(raw: unknown, args: [string, string][] = []) {
  return loadHostLocalConfig(HostLocalConfig.parse(raw), { args });
}

Deno.test("loadHostLocalConfig() orders ipRanges, the legacy subnet, then ranges; defaults dataDir", () => {
  const plan = load({
    cniVersion: "1.0.0",
    name: "net",
    ipam: { type: "host-local", subnet: "10.1.0.0/24", ranges: [[{ subnet: "fd00::/64" }]] },
    runtimeConfig: { ipRanges: [[{ subnet: "10.2.0.0/24" }]] },
  });
  assert.deepEqual(plan.rangeSets.map(String), [
    "10.2.0.1-10.2.0.254",
    "10.1.0.1-10.1.0.254",
    "fd00::1-fd00::ffff:ffff:ffff:ffff",
  ]);
  assert.equal(plan.dataDir, "/var/lib/cni/networks");
  assert.equal(plan.network, "net");
});

Deno.test("loadHostLocalConfig() keeps legacy rangeStart/rangeEnd/gateway", () => {
  const plan = load({
    name: "n",
    ipam: {
      type: "host-local",
      subnet: "10.1.0.0/16",
      rangeStart: "10.1.1.1",
      rangeEnd: "10.1.1.9",
      gateway: "10.1.0.1",
    },
  });
  assert.equal(plan.rangeSets[0]!.toString(), "10.1.1.1-10.1.1.9");
});

Deno.test("loadHostLocalConfig() collects requested IPs from CNI_ARGS, args.cni.ips and runtimeConfig.ips", () => {
  const plan = load({
    cniVersion: "1.0.0",
    name: "n",
    ipam: { type: "host-local", subnet: "10.1.0.0/16" },
    args: { cni: { ips: ["10.1.0.8"] } },
    runtimeConfig: { ips: ["10.1.0.9/16"] },
  }, [["IP", "10.1.0.7"]]);
  assert.deepEqual(plan.requested.map(String), ["10.1.0.7", "10.1.0.8", "10.1.0.9"]);
});

Deno.test("loadHostLocalConfig() fails with code 7 on missing, invalid or overlapping ranges", () => {
  const cases: [unknown, string][] = [
    [{ name: "n", ipam: { type: "host-local" } }, "no IP ranges specified"],
    [
      { name: "n", ipam: { type: "host-local", subnet: "10.0.0.0/31" } },
      "invalid range set 0: Network 10.0.0.0/31 too small",
    ],
    [
      {
        cniVersion: "1.0.0",
        name: "n",
        ipam: { type: "host-local", ranges: [[{ subnet: "10.0.0.0/24" }], [{ subnet: "10.0.0.0/16" }]] },
      },
      "range set 0 overlaps with 1",
    ],
    [
      { name: "n", ipam: { type: "host-local", ranges: [[{ subnet: "10.0.0.0/24" }, { subnet: "fd00::/64" }]] } },
      "invalid range set 0: mixed address families",
    ],
    [
      {
        cniVersion: "0.2.0",
        name: "n",
        ipam: { type: "host-local", ranges: [[{ subnet: "10.0.0.0/24" }], [{ subnet: "10.1.0.0/24" }]] },
      },
      "CNI version 0.2.0 does not support more than 1 address per family",
    ],
  ];
  for (const [raw, message] of cases) {
    assert.throws(
      () => load(raw),
      (e: Error) => e instanceof CniError && e.code === 7 && e.message.startsWith(message),
    );
  }
});
