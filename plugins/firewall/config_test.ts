import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { CniError } from "../../cni/errors.ts";
import type { PluginContext } from "../../cni/plugin.ts";
import { FirewallConfig } from "./config.ts";
import { firewall } from "./mod.ts";

const base = { cniVersion: "1.0.0", name: "net", type: "firewall" };

Deno.test("FirewallConfig applies the reference's defaults", () => {
  const conf = FirewallConfig.parse({ ...base, iptablesAdminChainName: "", ingressPolicy: "" });
  assertEquals([conf.backend, conf.iptablesAdminChainName, conf.firewalldZone, conf.ingressPolicy], [
    "",
    "CNI-ADMIN",
    "trusted",
    "open",
  ]);
});

Deno.test("firewall supports spec 0.4.0 and later only", () => {
  assertEquals(firewall.supportedVersions, ["0.4.0", "1.0.0", "1.1.0"]);
});

function ctx(config: Record<string, unknown>): PluginContext<FirewallConfig> {
  return {
    command: "ADD",
    config: FirewallConfig.parse({ ...base, ...config }),
    cniVersion: "1.0.0",
    network: "net",
    containerId: "c",
    netns: "/x",
    ifname: "eth0",
    args: [],
    path: [],
    prevResult: { cniVersion: "1.0.0", ips: [{ address: "10.0.0.5/24" }] },
    validAttachments: [],
    stdin: new Uint8Array(),
    env: {},
  };
}

Deno.test("firewall add() refuses the firewalld backend and unknown policies with code 2", async () => {
  const isCode2 = (err: unknown) => err instanceof CniError && err.code === 2;
  await rejects(Promise.resolve().then(() => firewall.add(ctx({ backend: "firewalld" }))), isCode2);
  await rejects(Promise.resolve().then(() => firewall.add(ctx({ ingressPolicy: "closed" }))), isCode2);
});

Deno.test("firewall add() without prevResult fails with code 7", async () => {
  const c = { ...ctx({}), prevResult: undefined };
  await rejects(
    Promise.resolve().then(() => firewall.add(c)),
    (err: unknown) => err instanceof CniError && err.code === 7,
  );
});
