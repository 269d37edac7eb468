/**
 * The vlan plugin's configuration (every field of the reference, same defaults) and {@linkcode loadVlanConfig},
 * which checks the master, the VLAN ID and the MTU.
 * @module
 */
import * as z from "zod/mini";
import { CniError, ERR_INVALID_NETCONF, netconf } from "../../cni/mod.ts";
import type { Rtnl } from "../../netlink/mod.ts";

/** The whole network config as vlan sees it (unknown keys kept). */
export const VlanConfig = netconf({
  /** The parent device; required (the docs' "default route interface" was never implemented). */
  master: z._default(z.string(), ""),
  /** 802.1Q VLAN ID, 0–4094. */
  vlanId: z._default(z.number().check(z.int()), 0),
  /** 0 keeps the kernel's choice (the master's MTU); at most the master's MTU. */
  mtu: z._default(z.number().check(z.int()), 0),
  /** The master lives inside the container netns. */
  linkInContainer: z._default(z.boolean(), false),
});

/** The parsed config type. */
export type VlanConfig = z.infer<typeof VlanConfig>;

/** Throws CniError 7 for a missing master or a VLAN ID outside 0–4094, with the reference's messages. */
export function checkVlanConfig(config: VlanConfig): void {
  if (config.master === "") {
    throw new CniError(
      ERR_INVALID_NETCONF,
      '"master" field is required. It specifies the host interface name to create the VLAN for',
    );
  }
  if (config.vlanId < 0 || config.vlanId > 4094) {
    throw new CniError(ERR_INVALID_NETCONF, `invalid VLAN ID ${config.vlanId} (must be between 0 and 4095 inclusive)`);
  }
}

/**
 * Checks the config and returns the master's index in the namespace `rtnl` is bound to. Throws CniError 7 as
 * {@linkcode checkVlanConfig} does or for an MTU outside [0, master MTU]; an Error when the master is missing.
 */
export function loadVlanConfig(config: VlanConfig, rtnl: Rtnl): number {
  checkVlanConfig(config);
  const master = rtnl.linkFind(config.master);
  if (master === undefined) throw new Error(`failed to lookup master "${config.master}": no such link (ENODEV)`);
  if (config.mtu < 0 || config.mtu > master.mtu) {
    throw new CniError(ERR_INVALID_NETCONF, `invalid MTU ${config.mtu}, must be [0, master MTU(${master.mtu})]`);
  }
  return master.index;
}
