import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { CniError } from "../../cni/mod.ts";
import { FlannelConfig } from "./config.ts";
import { buildDelegateConfig, formatDelegateConfig } from "./delegate_config.ts";
import { parseSubnetEnv } from "./subnet_env.ts";

const env = parseSubnetEnv(
  "FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.17.1/24\nFLANNEL_IPV6_NETWORK=fc00::/48\n" +
    "FLANNEL_IPV6_SUBNET=fc00:0:0:17::/64\nFLANNEL_MTU=1472\nFLANNEL_IPMASQ=true\n",
  "subnet.env",
);

Deno.test("buildDelegateConfig() fills a bridge delegate from the lease", () => {
  const config = FlannelConfig.parse({ cniVersion: "1.0.0", name: "cbr", type: "flannel" });
  const text = formatDelegateConfig(buildDelegateConfig({ config, env, rawCniVersion: "1.0.0" }));
  strictEqual(
    text,
    '{"cniVersion":"1.0.0","ipMasq":false,"ipam":{"ranges":[[{"subnet":"10.1.17.0/24"}],[{"subnet":"fc00:0:0:17::/64"}]],' +
      '"routes":[{"dst":"10.1.0.0/16"},{"dst":"fc00::/48"}],"type":"host-local"},"isGateway":true,"mtu":1472,' +
      '"name":"cbr","type":"bridge"}',
  );
});

Deno.test("buildDelegateConfig() keeps what the template and ipam set, and copies runtimeConfig", () => {
  const config = FlannelConfig.parse({
    name: "n",
    type: "flannel",
    delegate: { type: "ptp", mtu: 1400, ipMasq: true, hairpinMode: true },
    ipam: { type: "static-ish", routes: [{ dst: "192.168.0.5/24", gw: "10.1.17.1" }], extra: 1 },
    runtimeConfig: { portMappings: [] },
  });
  const delegate = buildDelegateConfig({ config, env, rawCniVersion: "" });
  strictEqual(delegate.cniVersion, undefined);
  strictEqual(delegate.isGateway, undefined);
  strictEqual(delegate.mtu, 1400);
  strictEqual(delegate.ipMasq, true);
  deepStrictEqual(delegate.runtimeConfig, { portMappings: [] });
  const ipam = JSON.parse(formatDelegateConfig(delegate)).ipam;
  deepStrictEqual(ipam, {
    extra: 1,
    ranges: [[{ subnet: "10.1.17.0/24" }], [{ subnet: "fc00:0:0:17::/64" }]],
    routes: [{ dst: "192.168.0.5/24", gw: "10.1.17.1" }, { dst: "10.1.0.0/16" }, { dst: "fc00::/48" }],
    type: "static-ish",
  });
});

Deno.test("buildDelegateConfig() refuses a template with name, ipam or a non-string type", () => {
  for (const delegate of [{ name: "x" }, { ipam: {} }, { type: 3 }]) {
    const config = FlannelConfig.parse({ name: "n", delegate });
    throws(() => buildDelegateConfig({ config, env, rawCniVersion: "1.0.0" }), (err) => {
      ok(err instanceof CniError);
      strictEqual(err.code, 7);
      return true;
    });
  }
});

Deno.test("FlannelConfig applies the reference's defaults", () => {
  const config = FlannelConfig.parse({ name: "n" });
  strictEqual(config.subnetFile, "/run/flannel/subnet.env");
  strictEqual(config.dataDir, "/var/lib/cni/flannel");
});
