/**
 * The static IPAM plugin: returns the configured (or runtime-supplied) addresses, routes and DNS; keeps no state.
 * @module
 */
import { IP } from "../../addr/mod.ts";
import type { IPConfig, Plugin, Result } from "../../cni/mod.ts";
import { loadStaticConfig, StaticConfig } from "./config.ts";

export { loadStaticConfig, type StaticAddress, StaticConfig, type StaticPlan } from "./config.ts";

/** The static plugin object (type `static`). */
export const staticIpam: Plugin<StaticConfig> = {
  type: "static",
  description: "IPAM: fixed addresses from the config, CNI_ARGS, args or runtimeConfig",
  config: StaticConfig,

  add(ctx) {
    const plan = loadStaticConfig(ctx.config, { args: ctx.args });
    const ips: IPConfig[] = plan.addresses.map((a) => {
      const ip: IPConfig = { address: a.address.toString() };
      if (a.gateway) ip.gateway = a.gateway.toString();
      return ip;
    });
    const result: Result = { cniVersion: ctx.cniVersion, ips, dns: plan.dns };
    if (plan.routes.length > 0) result.routes = plan.routes;
    return result;
  },

  del() {
    // Nothing was allocated.
  },

  /** Each configured address must be in prevResult with its gateway; unlike the reference, a missing one fails. */
  check(ctx) {
    const plan = loadStaticConfig(ctx.config, { args: ctx.args });
    if (!ctx.prevResult) throw new Error("required prevResult missing");
    const got = (ctx.prevResult.ips ?? []).map((c) => ({
      ip: IP.tryParse(c.address.split("/")[0] ?? ""),
      gateway: c.gateway ? IP.tryParse(c.gateway) : undefined,
    }));
    for (const want of plan.addresses) {
      const match = got.find((g) => g.ip?.equals(want.address.ip));
      if (!match) throw new Error(`static: Failed to find addr ${want.address.ip} on interface ${ctx.ifname}`);
      if (want.gateway && !match.gateway?.equals(want.gateway)) {
        throw new Error(`static: Failed to match addr ${want.address.ip} on interface ${ctx.ifname}`);
      }
    }
  },
};
