import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { CniError } from "../../cni/mod.ts";
import { parseSubnetEnv } from "./subnet_env.ts";

Deno.test("parseSubnetEnv() reads a dual-stack lease, masks subnets and drops repeated networks", () => {
  const env = parseSubnetEnv(
    [
      "FLANNEL_NETWORK=10.1.0.0/16,10.1.0.0/16,10.2.0.0/16",
      "FLANNEL_SUBNET=10.1.17.1/24",
      "FLANNEL_IPV6_NETWORK=fc00::/48",
      "FLANNEL_IPV6_SUBNET=fc00:0:0:17::1/64",
      "FLANNEL_MTU=1472",
      "FLANNEL_IPMASQ=true",
      "",
    ].join("\n"),
    "subnet.env",
  );
  deepStrictEqual(env.networks.map(String), ["10.1.0.0/16", "10.2.0.0/16"]);
  strictEqual(env.subnet?.toString(), "10.1.17.0/24");
  deepStrictEqual(env.ipv6Networks.map(String), ["fc00::/48"]);
  strictEqual(env.ipv6Subnet?.toString(), "fc00:0:0:17::/64");
  strictEqual(env.mtu, 1472);
  strictEqual(env.ipMasq, true);
});

Deno.test("parseSubnetEnv() treats any FLANNEL_IPMASQ but true as false", () => {
  const env = parseSubnetEnv(
    "FLANNEL_IPV6_NETWORK=fc00::/48\nFLANNEL_IPV6_SUBNET=fc00::/64\nFLANNEL_MTU=1\nFLANNEL_IPMASQ=TRUE",
    "f",
  );
  strictEqual(env.ipMasq, false);
  strictEqual(env.subnet, undefined);
});

Deno.test("parseSubnetEnv() names every missing key", () => {
  throws(() => parseSubnetEnv("FLANNEL_SUBNET=10.1.17.1/24\n", "/run/x.env"), (err) => {
    ok(err instanceof CniError);
    strictEqual(
      err.message,
      "/run/x.env is missing FLANNEL_NETWORK, FLANNEL_IPV6_NETWORK, FLANNEL_MTU, FLANNEL_IPMASQ",
    );
    return true;
  });
});

Deno.test("parseSubnetEnv() refuses a bad CIDR or MTU", () => {
  throws(() => parseSubnetEnv("FLANNEL_NETWORK=10.1.0.0\n", "f"), CniError);
  throws(() => parseSubnetEnv("FLANNEL_MTU=-1\n", "f"), CniError);
});
