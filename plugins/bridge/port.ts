/**
 * Plugging a host veth into the bridge: master, hairpin, isolation and VLANs (an access port carries one untagged
 * PVID, a trunk port tagged VLANs only; VLAN 1 is dropped unless `preserveDefaultVlan`).
 * @module
 */
import type { Link, Rtnl } from "../../netlink/mod.ts";

/** How to configure the port. */
export interface PortOptions {
  /** The bridge to join. */
  bridge: Link;
  /** Hairpin mode (`hairpinMode`). */
  hairpin: boolean;
  /** Port isolation (`portIsolation`). */
  isolated: boolean;
  /** Access VLAN, 0 for none (`vlan`). */
  vlan: number;
  /** Trunk VLANs (`vlanTrunk`, expanded). */
  trunkVlans: readonly number[];
  /** Keep the bridge's default VLAN on the port (`preserveDefaultVlan`). */
  preserveDefaultVlan: boolean;
}

/** Enslaves `port` to the bridge and applies the options; throws with the port and bridge named. */
export function attachPort(rtnl: Rtnl, port: Link, options: PortOptions): void {
  const what = `port "${port.name}" of bridge "${options.bridge.name}"`;
  try {
    rtnl.linkSet(port.index, { master: options.bridge.index });
    rtnl.bridgePortSet(port.index, { hairpin: options.hairpin, ...(options.isolated && { isolated: true }) });
    const hasVlans = options.vlan !== 0 || options.trunkVlans.length > 0;
    if (hasVlans && !options.preserveDefaultVlan) removePortVlans(rtnl, port.index);
    if (options.vlan !== 0) rtnl.bridgeVlanAdd(port.index, { vid: options.vlan, pvid: true, untagged: true });
    for (const vid of options.trunkVlans) rtnl.bridgeVlanAdd(port.index, { vid });
  } catch (err) {
    throw new Error(`Cannot set up ${what}: ${(err as Error).message}`, { cause: err });
  }
}

/** Removes every VLAN the bridge gave the port by default (its `vlan_default_pvid`). */
function removePortVlans(rtnl: Rtnl, index: number): void {
  const port = rtnl.bridgePortList().find((p) => p.index === index);
  for (const vlan of port?.vlans ?? []) rtnl.bridgeVlanDel(index, { vid: vlan.vid });
}
