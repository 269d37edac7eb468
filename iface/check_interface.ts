/**
 * CHECK helpers: the addresses and routes a result promised are really present in the container (the reference's
 * `ip.ValidateExpectedInterfaceIPs` and `ip.ValidateExpectedRoute`).
 * @module
 */
import { IP, Prefix } from "../addr/mod.ts";
import type { Rtnl } from "../netlink/mod.ts";
import type { InterfaceRoute } from "./configure_interface.ts";

/** Options of {@linkcode checkInterface}. */
export interface CheckInterfaceOptions {
  /** The link that must carry the addresses. */
  ifname: string;
  /** Addresses with prefix length (`10.1.0.5/24`) that must be on the link. */
  addresses: readonly (string | Prefix)[];
  /** Routes that must exist: same destination (and table), and the same next hop when one is given. */
  routes?: readonly InterfaceRoute[];
}

/**
 * Throws `Cannot find address 10.1.0.5/24 on "eth0"` or `Cannot find route 0.0.0.0/0 via 10.1.0.1` when the
 * namespace `rtnl` is bound to lacks one; `Cannot find link "eth0"` when the link is gone.
 */
export function checkInterface(rtnl: Rtnl, options: CheckInterfaceOptions): void {
  const link = rtnl.linkFind(options.ifname);
  if (link === undefined) throw new Error(`Cannot find link "${options.ifname}"`);
  const present = new Set(rtnl.addrList({ index: link.index }).map((a) => a.prefix));
  for (const address of options.addresses) {
    const wanted = (typeof address === "string" ? Prefix.parse(address) : address).toString();
    if (!present.has(wanted)) throw new Error(`Cannot find address ${wanted} on "${options.ifname}"`);
  }
  for (const route of options.routes ?? []) checkRoute(rtnl, route);
}

function checkRoute(rtnl: Rtnl, route: InterfaceRoute): void {
  const dst = typeof route.dst === "string" ? Prefix.parse(route.dst) : route.dst;
  const gw = route.gw === undefined ? undefined : typeof route.gw === "string" ? IP.parse(route.gw) : route.gw;
  const wantedDst = dst.network().toString();
  const found = rtnl.routeList({ family: dst.family, table: route.table ?? 254 }).some((r) => {
    const rDst = r.dst?.network().toString() ?? (dst.family === 4 ? "0.0.0.0/0" : "::/0");
    return rDst === wantedDst && (gw === undefined || (r.gateway !== undefined && r.gateway.equals(gw)));
  });
  if (!found) throw new Error(`Cannot find route ${wantedDst}${gw === undefined ? "" : ` via ${gw}`}`);
}
