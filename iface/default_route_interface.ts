/**
 * The interface of the default route: where macvlan and ipvlan attach when no `master` is given.
 * @module
 */
import type { Rtnl } from "../netlink/mod.ts";

/**
 * The name of the first default route's interface, IPv4 first, then IPv6 (the reference's
 * `getDefaultRouteInterfaceName`). Equivalent to `ip route show default`. Throws when there is no default route.
 */
export function defaultRouteInterface(rtnl: Rtnl): string {
  for (const family of [4, 6] as const) {
    const route = rtnl.routeList({ family }).find((r) => r.dst === undefined && r.oif !== undefined);
    if (route?.oif !== undefined) return rtnl.linkGet(route.oif).name;
  }
  throw new Error("Cannot find the default route interface: no default route");
}
