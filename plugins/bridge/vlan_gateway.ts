/**
 * The gateway port of an access VLAN: with `vlan` and `isGateway`, the gateway address cannot sit on the bridge
 * (untagged), so a veth pair in the host gets it: `<bridge>.<vlan>` holds the address, its peer is a bridge port
 * with that VLAN as PVID.
 * @module
 */
import { setupVeth } from "../../iface/mod.ts";
import { type Link, Netns, type Rtnl } from "../../netlink/mod.ts";
import { attachPort } from "./port.ts";

/** Returns the link `<bridge>.<vlan>`, creating its veth pair and bridge port when absent. */
export function ensureVlanGateway(
  rtnl: Rtnl,
  options: { bridge: Link; vlan: number; preserveDefaultVlan: boolean },
): Link {
  const name = `${options.bridge.name}.${options.vlan}`;
  const existing = rtnl.linkFind(name);
  if (existing !== undefined) return existing;
  using here = Netns.current();
  const pair = setupVeth({ containerNetns: here, containerIfname: name, mtu: options.bridge.mtu });
  try {
    attachPort(rtnl, pair.host, {
      bridge: options.bridge,
      hairpin: false,
      isolated: false,
      vlan: options.vlan,
      trunkVlans: [],
      preserveDefaultVlan: options.preserveDefaultVlan,
    });
    rtnl.linkSet(pair.container.index, { up: true });
  } catch (err) {
    rtnl.linkDel(pair.host.index);
    throw new Error(`Cannot create VLAN gateway "${name}": ${(err as Error).message}`, { cause: err });
  }
  return rtnl.linkGet(pair.container.index);
}
