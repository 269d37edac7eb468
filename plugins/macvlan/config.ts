/**
 * The macvlan plugin's configuration (every field of the reference, same defaults) and {@linkcode loadMacvlanConfig},
 * which resolves the master, checks the MTU against it and picks the MAC.
 * @module
 */
import * as z from "zod/mini";
import { MAC } from "../../addr/mod.ts";
import { type ArgPair, checkArgs, CniError, ERR_INVALID_NETCONF, netconf } from "../../cni/mod.ts";
import type { MacvlanMode, Rtnl } from "../../netlink/mod.ts";
import { defaultRouteInterface } from "../../iface/mod.ts";

/** The whole network config as macvlan sees it (unknown keys kept). */
export const MacvlanConfig = netconf({
  /** Parent device; default: the interface of the default route (in the container netns with linkInContainer). */
  master: z._default(z.string(), ""),
  /** "bridge" (default, also for ""), "private", "vepa" or "passthru". */
  mode: z._default(z.enum(["", "bridge", "private", "vepa", "passthru"]), ""),
  /** 0 keeps the kernel's choice (the master's MTU); at most the master's MTU. */
  mtu: z._default(z.number().check(z.int()), 0),
  mac: z.optional(z.string()),
  /** The master lives inside the container netns. */
  linkInContainer: z._default(z.boolean(), false),
  /** Broadcast queue length of the master (IFLA_MACVLAN_BC_QUEUE_LEN); 0 or absent sends nothing. */
  bcqueuelen: z.optional(z.number().check(z.int(), z.minimum(0))),
  runtimeConfig: z.optional(z.looseObject({ mac: z.optional(z.string()) })),
});

/** The parsed config type. */
export type MacvlanConfig = z.infer<typeof MacvlanConfig>;

/** What ADD and CHECK act on. */
export interface MacvlanPlan {
  /** The config as parsed. */
  config: MacvlanConfig;
  /** The master's name (resolved from the default route when the config leaves it empty). */
  master: string;
  /** The kernel mode. */
  mode: MacvlanMode;
  /** The container MAC: `runtimeConfig.mac` > CNI_ARGS `MAC` > `mac`; undefined lets the kernel pick. */
  mac: MAC | undefined;
  /** True when the config names an IPAM plugin. */
  isLayer3: boolean;
}

/**
 * Resolves the plan against `rtnl`, bound to the namespace where the master lives. Throws CniError 7 for an MTU
 * outside [0, master MTU] or an unparsable MAC; an Error when the master (or a default route) is missing.
 */
export function loadMacvlanConfig(
  config: MacvlanConfig,
  options: { args: readonly ArgPair[]; rtnl: Rtnl },
): MacvlanPlan {
  const master = config.master || defaultRouteInterface(options.rtnl);
  const link = options.rtnl.linkFind(master);
  if (link === undefined) throw new Error(`Cannot find master "${master}": no such link (ENODEV)`);
  if (config.mtu < 0 || config.mtu > link.mtu) {
    throw new CniError(ERR_INVALID_NETCONF, `invalid MTU ${config.mtu}, must be [0, master MTU(${link.mtu})]`);
  }
  const text = config.runtimeConfig?.mac || checkArgs(options.args, ["MAC"]).MAC || config.mac || undefined;
  return {
    config,
    master,
    mode: config.mode || "bridge",
    mac: text === undefined ? undefined : parseMac(text),
    isLayer3: Boolean(config.ipam?.type),
  };
}

function parseMac(text: string): MAC {
  try {
    return MAC.parse(text);
  } catch (err) {
    throw new CniError(ERR_INVALID_NETCONF, `Cannot use MAC address "${text}": not a MAC address`, { cause: err });
  }
}
