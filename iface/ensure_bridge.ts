/**
 * Create-or-reuse of a Linux bridge, safe when several ADDs race to create it (EEXIST means another ADD won).
 * @module
 */
import { bridge, isExists, type Link, type Rtnl } from "../netlink/mod.ts";
import { writeSysctl } from "./sysctl.ts";

/** Options of {@linkcode ensureBridge}. */
export interface EnsureBridgeOptions {
  /** The bridge's name. */
  name: string;
  /** MTU when creating it; 0 or unset keeps the kernel's default. An existing bridge keeps its MTU. */
  mtu?: number;
  /** Turn promiscuous mode on (never turned off). */
  promisc?: boolean;
  /** Create it with VLAN filtering on (an existing bridge is left as it is, as in the reference). */
  vlanFiltering?: boolean;
}

/**
 * Returns the bridge `name`, creating it when absent, then sets `accept_ra=0` on it (in the calling thread's
 * namespace, which must be the one `rtnl` is bound to) and brings it up. Throws
 * `Cannot use "cni0" as a bridge: it exists but is a veth` when the name belongs to another kind of link.
 */
export function ensureBridge(rtnl: Rtnl, options: EnsureBridgeOptions): Link {
  const { name } = options;
  try {
    rtnl.linkAdd({
      name,
      kind: bridge,
      mtu: options.mtu ? options.mtu : undefined,
      data: options.vlanFiltering ? { vlanFiltering: true } : {},
    });
  } catch (err) {
    if (!isExists(err)) throw err;
  }
  let link = rtnl.linkGet(name);
  if (link.kind !== "bridge") {
    throw new Error(`Cannot use "${name}" as a bridge: it exists but is a ${link.kind ?? "device without a kind"}`);
  }
  if (options.promisc && !link.promisc) rtnl.linkSet(link.index, { promisc: true });
  try {
    writeSysctl(["ipv6", "conf", name, "accept_ra"], "0");
  } catch {
    // IPv6 disabled: nothing to turn off.
  }
  if (!link.up) rtnl.linkSet(link.index, { up: true });
  link = rtnl.linkGet(link.index);
  return link;
}
