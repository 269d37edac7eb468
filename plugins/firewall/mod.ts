/**
 * The firewall plugin: lets the container's addresses through the host's FORWARD chain (iptables backend), and
 * optionally isolates bridges (`ingressPolicy`), as plugins/meta/firewall. Chained only; result = prevResult.
 * The firewalld backend (D-Bus) is not implemented: asking for it is error 2, and an unset backend means iptables
 * even when firewalld runs (the reference would pick firewalld then).
 * @module
 */
import { CniError, ERR_INVALID_NETCONF, ERR_UNSUPPORTED_FIELD } from "../../cni/errors.ts";
import type { Plugin, PluginContext } from "../../cni/plugin.ts";
import type { Result } from "../../cni/result.ts";
import { SPEC_VERSIONS, versionAtLeast } from "../../cni/version.ts";
import {
  checkForwardFirewall,
  familyOfCidr,
  setupBridgeIsolation,
  setupForwardFirewall,
  teardownForwardFirewall,
} from "../../netfilter/mod.ts";
import { FirewallConfig } from "./config.ts";

/** Rejects the backends and policies we do not implement, with code 2. */
function checkSupported(conf: FirewallConfig): void {
  if (conf.backend === "firewalld") {
    throw new CniError(
      ERR_UNSUPPORTED_FIELD,
      'Cannot use firewall backend "firewalld": firewalld backend is not supported',
    );
  }
  if (conf.backend !== "" && conf.backend !== "iptables") {
    throw new CniError(ERR_UNSUPPORTED_FIELD, `Cannot use firewall backend "${conf.backend}": unknown backend`);
  }
  if (!["open", "same-bridge", "isolated"].includes(conf.ingressPolicy)) {
    throw new CniError(
      ERR_UNSUPPORTED_FIELD,
      `Cannot use ingress policy "${conf.ingressPolicy}": unknown ingress policy`,
    );
  }
}

function requirePrevResult(ctx: PluginContext<FirewallConfig>): Result {
  if (ctx.prevResult === undefined) {
    throw new CniError(ERR_INVALID_NETCONF, "Cannot run firewall: missing prevResult from earlier plugin");
  }
  return ctx.prevResult;
}

const addresses = (result: Result | undefined) => (result?.ips ?? []).map((ip) => ip.address);

/** Applies `same-bridge`/`isolated`: the bridge is prevResult's first interface (bridge must run before us). */
async function setupIngressPolicy(conf: FirewallConfig, prev: Result): Promise<void> {
  if (conf.ingressPolicy === "open") return;
  const bridge = prev.interfaces?.[0]?.name;
  if (!prev.interfaces?.length) {
    throw new CniError(
      ERR_INVALID_NETCONF,
      `Cannot apply ingress policy "${conf.ingressPolicy}": interface needs to be set, make sure to chain "firewall" plugin with "bridge"`,
    );
  }
  if (!bridge) throw new CniError(ERR_INVALID_NETCONF, "Cannot apply ingress policy: got empty bridge name");
  const families = addresses(prev).map((ip) => familyOfCidr(ip.split("/")[0]!));
  await setupBridgeIsolation(bridge, { isolated: conf.ingressPolicy === "isolated", families });
}

async function add(ctx: PluginContext<FirewallConfig>): Promise<Result> {
  const prev = requirePrevResult(ctx);
  checkSupported(ctx.config);
  await setupForwardFirewall({ ips: addresses(prev), adminChain: ctx.config.iptablesAdminChainName });
  await setupIngressPolicy(ctx.config, prev);
  return prev;
}

async function del(ctx: PluginContext<FirewallConfig>): Promise<void> {
  checkSupported(ctx.config);
  // Without prevResult there is nothing to delete; isolation rules stay, since the bridge may still be shared.
  await teardownForwardFirewall({ ips: addresses(ctx.prevResult), adminChain: ctx.config.iptablesAdminChainName });
}

async function check(ctx: PluginContext<FirewallConfig>): Promise<void> {
  const prev = requirePrevResult(ctx);
  checkSupported(ctx.config);
  await checkForwardFirewall({ ips: addresses(prev), adminChain: ctx.config.iptablesAdminChainName });
}

/** The firewall plugin object; spec 0.4.0 and later only, as the reference. */
export const firewall: Plugin<FirewallConfig> = {
  type: "firewall",
  description: "allow the container's traffic through the host firewall (iptables FORWARD), optional bridge isolation",
  config: FirewallConfig,
  supportedVersions: SPEC_VERSIONS.filter((v) => versionAtLeast(v, "0.4.0")),
  add,
  del,
  check,
};
