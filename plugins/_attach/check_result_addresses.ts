/**
 * CHECK's last step for a plugin with one container interface: what the previous result promised is really there.
 * @module
 */
import type { Result } from "../../cni/mod.ts";
import { checkInterface } from "../../iface/mod.ts";
import type { Rtnl } from "../../netlink/mod.ts";

/**
 * Throws iface's `Cannot find address …` / `Cannot find route …` unless every address of `prevResult` is on
 * `ifname` in the namespace `container` is bound to and every route of `prevResult` exists there.
 */
export function checkResultAddresses(container: Rtnl, prevResult: Result, options: { ifname: string }): void {
  checkInterface(container, {
    ifname: options.ifname,
    addresses: (prevResult.ips ?? []).map((ip) => ip.address),
    routes: prevResult.routes ?? [],
  });
}
