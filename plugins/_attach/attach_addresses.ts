/**
 * The last step of an interface plugin's ADD: the addresses go into the Result as the container interface's and onto the
 * container interface (iface's configureInterface: addresses, link up, IPv6 DAD, routes).
 * @module
 */
import type { Result } from "../../cni/mod.ts";
import { configureInterface } from "../../iface/mod.ts";
import type { Netns, Rtnl } from "../../netlink/mod.ts";
import { type Addresses, setResultAddresses, type SetResultAddressesOptions } from "./container_result.ts";

/** Options of {@linkcode attachAddresses}. */
export interface AttachAddressesOptions extends SetResultAddressesOptions {
  /** Handle bound to the container namespace. */
  container: Rtnl;
  /** The container namespace (for the sysctl writes of IPv6 setup). */
  netns: Netns;
  /** CNI_IFNAME. */
  ifname: string;
}

/**
 * Puts `addresses` into `result` ({@linkcode setResultAddresses}) and configures them and their routes on `ifname`
 * in the container. Throws configureInterface's `Cannot add address …` / `Cannot add route …`.
 */
export async function attachAddresses(
  result: Result,
  addresses: Addresses,
  options: AttachAddressesOptions,
): Promise<void> {
  const ips = setResultAddresses(result, addresses, options);
  await configureInterface(options.container, {
    ifname: options.ifname,
    ips,
    routes: addresses.routes ?? [],
    netns: options.netns,
  });
}
