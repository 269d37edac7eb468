/**
 * CHECK's last step for a plugin with one container interface: what the previous result promised is really there.
 * @module
 */
import type { Result } from "../../cni/mod.ts";
import { checkInterface } from "../../iface/mod.ts";
import type { Rtnl } from "../../netlink/mod.ts";

/** Options of {@linkcode checkResultAddresses}. */
export interface CheckResultAddressesOptions {
  /** CNI_IFNAME. */
  ifname: string;
  /** Check only the addresses whose `interface` is this index (default: every address). */
  interfaceIndex?: number;
}

/**
 * Throws iface's `Cannot find address …` / `Cannot find route …` unless every address of `prevResult` (of
 * `interfaceIndex` when given) is on `ifname` in the namespace `container` is bound to and every route of
 * `prevResult` exists there.
 */
export function checkResultAddresses(container: Rtnl, prevResult: Result, options: CheckResultAddressesOptions): void {
  const { interfaceIndex } = options;
  const ips = (prevResult.ips ?? []).filter((ip) => interfaceIndex === undefined || ip.interface === interfaceIndex);
  checkInterface(container, {
    ifname: options.ifname,
    addresses: ips.map((ip) => ip.address),
    routes: prevResult.routes ?? [],
  });
}
