/**
 * The Result of an interface plugin that puts one interface into the container: that interface first, its
 * addresses pointing at it (index 0 unless the plugin lists host interfaces before it), the routes beside them.
 * @module
 */
import type { Interface, IPConfig, Result, Route } from "../../cni/mod.ts";
import type { Link } from "../../netlink/mod.ts";

/** Addresses and routes to put on the container interface: IPAM's, or a previous plugin's when chained. */
export interface Addresses {
  /** The addresses, without an `interface` index (IPAM results have none). */
  ips: readonly IPConfig[];
  /** The routes, when any. */
  routes?: Route[] | undefined;
}

/** The result entry of `link` inside the container at `sandbox` (CNI_NETNS); `mac` is "" when it has none. */
export function containerInterface(link: Link, sandbox: string): Interface {
  return { ...hostInterface(link), sandbox };
}

/** The result entry of `link` in the host namespace (no sandbox); `mac` is "" when it has none. */
export function hostInterface(link: Link): Interface {
  return { name: link.name, mac: link.mac?.toString() ?? "" };
}

/** A Result at `ctx.cniVersion` whose one interface is `link` inside CNI_NETNS. */
export function containerResult(ctx: { cniVersion: string; netns: string }, link: Link): Result {
  return { cniVersion: ctx.cniVersion, interfaces: [containerInterface(link, ctx.netns)] };
}

/** Options of {@linkcode setResultAddresses}. */
export interface SetResultAddressesOptions {
  /** Index of the container interface in `result.interfaces` (default 0). */
  interfaceIndex?: number;
}

/**
 * Sets `result.ips` to `addresses.ips` as addresses of interface 0 (or `interfaceIndex`), and `result.routes` to
 * the routes when there are any. Returns the result's new `ips`.
 * @example
 * ```ts
 * import { setResultAddresses } from "./container_result.ts";
 * const result = { cniVersion: "1.1.0" };
 * setResultAddresses(result, { ips: [{ address: "10.1.0.5/24" }] }); // [{ address: "10.1.0.5/24", interface: 0 }]
 * ```
 */
export function setResultAddresses(
  result: Result,
  addresses: Addresses,
  options: SetResultAddressesOptions = {},
): IPConfig[] {
  const index = options.interfaceIndex ?? 0;
  result.ips = addresses.ips.map((ip) => ({ ...ip, interface: index }));
  if (addresses.routes) result.routes = addresses.routes;
  return result.ips;
}
