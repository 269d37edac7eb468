/**
 * The tap plugin's configuration (every field of the reference, same defaults) and {@linkcode loadTapConfig}, which
 * picks the MAC and refuses what this build cannot do.
 * @module
 */
import * as z from "zod/mini";
import { MAC } from "../../addr/mod.ts";
import {
  type ArgPair,
  checkArgs,
  CniError,
  ERR_INVALID_NETCONF,
  ERR_UNSUPPORTED_FIELD,
  netconf,
} from "../../cni/mod.ts";

/** The whole network config as tap sees it (unknown keys kept; `selinuxcontext` folds onto `selinuxContext`). */
export const TapConfig = netconf({
  /** IFF_MULTI_QUEUE. */
  multiQueue: z._default(z.boolean(), false),
  /** 0 keeps the kernel's default (1500). */
  mtu: z._default(z.number().check(z.int(), z.minimum(0)), 0),
  mac: z.optional(z.string()),
  /** uid allowed to attach to the tap. */
  owner: z.optional(z.number().check(z.int(), z.minimum(0)).check(z.maximum(0xffffffff))),
  /** gid allowed to attach to the tap. */
  group: z.optional(z.number().check(z.int(), z.minimum(0)).check(z.maximum(0xffffffff))),
  /** SELinux label the tap is created with. */
  selinuxContext: z._default(z.string(), ""),
  /** An existing bridge in the container netns to attach the tap to. */
  bridge: z._default(z.string(), ""),
  runtimeConfig: z.optional(z.looseObject({ mac: z.optional(z.string()) })),
});

/** The parsed config type. */
export type TapConfig = z.infer<typeof TapConfig>;

/** What ADD acts on. */
export interface TapPlan {
  /** The config as parsed. */
  config: TapConfig;
  /** The tap's MAC: `runtimeConfig.mac` > CNI_ARGS `MAC` > `mac`; undefined lets the kernel pick. */
  mac: MAC | undefined;
  /**
   * IFF_VNET_HDR: set when both owner and group are given, as the reference's netlink path does (its `ip tuntap`
   * path, taken otherwise, does not set it).
   */
  vnetHdr: boolean;
}

/** Where SELinux reports whether it is enforcing; absent when SELinux is off. */
const SELINUX_ENFORCE = "/sys/fs/selinux/enforce";

/**
 * Resolves the plan. Throws CniError 7 for an unparsable MAC, and CniError 2 for `selinuxContext` on a host where
 * SELinux is enabled: labelling needs an exec of a helper under that label, which this build does not do (with
 * SELinux off the label has no effect, so it is accepted).
 */
export function loadTapConfig(config: TapConfig, options: { args: readonly ArgPair[] }): TapPlan {
  const text = config.runtimeConfig?.mac || checkArgs(options.args, ["MAC"]).MAC || config.mac || undefined;
  if (config.selinuxContext && isSelinuxEnabled()) {
    throw new CniError(
      ERR_UNSUPPORTED_FIELD,
      `Cannot create the tap with SELinux context "${config.selinuxContext}": not supported by this build`,
    );
  }
  return {
    config,
    mac: text === undefined ? undefined : parseMac(text),
    vnetHdr: config.owner !== undefined && config.group !== undefined,
  };
}

function isSelinuxEnabled(): boolean {
  try {
    Deno.statSync(SELINUX_ENFORCE);
    return true;
  } catch {
    return false;
  }
}

function parseMac(text: string): MAC {
  try {
    return MAC.parse(text);
  } catch (err) {
    throw new CniError(ERR_INVALID_NETCONF, `invalid args ${text} for MAC addr`, { cause: err });
  }
}
