/**
 * Finds the host-side veth of the container interface: the peer index the container's veth reports (IFLA_LINK), looked
 * up in the host namespace and matched against prevResult's host interfaces, as the reference does.
 * @module
 */
import { CniError, ERR_INTERNAL, type Interface } from "../../cni/mod.ts";
import type { Link, Rtnl } from "../../netlink/mod.ts";

/** The two ends of the container's veth. */
export interface VethEnds {
  /** The host end, as the host namespace reports it. */
  host: Link;
  /** Its entry in prevResult's interfaces. */
  hostInterface: Interface;
}

/**
 * Returns the host end of `ifname`'s veth. Throws CniError 999 when the interface is not a veth, its peer is not in the
 * host namespace, or prevResult does not list the peer as a host interface.
 */
export function findHostVeth(
  handles: { host: Rtnl; container: Rtnl },
  options: { ifname: string; interfaces: readonly Interface[] },
): VethEnds {
  if (options.interfaces.length === 0) throw new CniError(ERR_INTERNAL, "no interfaces provided");
  let peerIndex: number | undefined;
  let why = "";
  try {
    const link = handles.container.linkGet(options.ifname);
    if (link.kind === "veth") peerIndex = link.parentIndex;
    else why = `it is a ${link.kind ?? "physical"} link`;
  } catch (err) {
    why = (err as Error).message;
  }
  if (!peerIndex || peerIndex <= 0) {
    throw new CniError(ERR_INTERNAL, `container interface ${options.ifname} has no veth peer: ${why}`);
  }
  let host: Link;
  try {
    host = handles.host.linkGet(peerIndex);
  } catch (err) {
    throw new CniError(ERR_INTERNAL, `veth peer with index ${peerIndex} is not in host ns`, { cause: err });
  }
  const hostInterface = options.interfaces.find((iface) => !iface.sandbox && iface.name === host.name);
  if (!hostInterface) throw new CniError(ERR_INTERNAL, "no veth peer of container interface found in host ns");
  return { host, hostInterface };
}
