/**
 * The ipvlan plugin's configuration (every field of the reference, same defaults) and {@linkcode resolveIpvlanMaster},
 * which picks the master: the configured one, prevResult's single interface when chained, else the default route's.
 * @module
 */
import * as z from "zod/mini";
import { netconf, type Result } from "../../cni/mod.ts";
import type { IpvlanMode, Rtnl } from "../../netlink/mod.ts";
import { defaultRouteInterface } from "../../iface/mod.ts";

/** The whole network config as ipvlan sees it (unknown keys kept). */
export const IpvlanConfig = netconf({
  /** Parent device; default: prevResult's single interface when chained, else the default route's interface. */
  master: z._default(z.string(), ""),
  /** "l2" (default, also for ""), "l3" or "l3s". */
  mode: z._default(z.enum(["", "l2", "l3", "l3s"]), ""),
  /** 0 keeps the kernel's choice. */
  mtu: z._default(z.number().check(z.int()), 0),
  /** The master lives inside the container netns. */
  linkInContainer: z._default(z.boolean(), false),
});

/** The parsed config type. */
export type IpvlanConfig = z.infer<typeof IpvlanConfig>;

/** The kernel mode of a config ("" means l2). */
export function ipvlanMode(config: IpvlanConfig): IpvlanMode {
  return config.mode || "l2";
}

/**
 * The master's name: `master` when set; with a prevResult, its single named interface (the chained case, where
 * `ipam` may be omitted too); otherwise the default route's interface in the namespace `rtnl` is bound to.
 * Throws `chained master failure. PrevResult lacks a single named interface` as the reference does.
 */
export function resolveIpvlanMaster(
  config: IpvlanConfig,
  options: { prevResult: Result | undefined; rtnl: Rtnl },
): string {
  if (config.master) return config.master;
  if (options.prevResult !== undefined) {
    const interfaces = options.prevResult.interfaces ?? [];
    const name = interfaces.length === 1 ? interfaces[0]?.name : undefined;
    if (!name) throw new Error("chained master failure. PrevResult lacks a single named interface");
    return name;
  }
  return defaultRouteInterface(options.rtnl);
}
