/**
 * Gateway planning for bridge ADD (the reference's `calcGateways`): points every IPAM address at the container
 * interface, fills in missing gateways when the bridge is the gateway, and adds default routes when asked.
 * @module
 */
import { IP, Prefix } from "../../addr/mod.ts";
import type { Result } from "../../cni/result.ts";

/** The bridge addresses to ensure, per family: each gateway with its subnet's prefix length (`10.1.0.1/24`). */
export interface GatewayPlan {
  /** IPv4 gateway addresses for the bridge. */
  v4: Prefix[];
  /** IPv6 gateway addresses for the bridge. */
  v6: Prefix[];
}

/** Index of the container interface in a bridge result: [bridge, host veth, container veth]. */
export const CONTAINER_INTERFACE_INDEX = 2;

/**
 * Rewrites `result` in place and returns the gateways to put on the bridge. With `isGateway` a missing gateway
 * becomes the subnet's first address; with `isDefaultGateway` a default route via it is added unless the result
 * already has a default route with a gateway for that family.
 */
export function planGateways(result: Result, options: { isGateway: boolean; isDefaultGateway: boolean }): GatewayPlan {
  const plan: GatewayPlan = { v4: [], v6: [] };
  const hasDefault = { 4: false, 6: false };
  for (const ipc of result.ips ?? []) {
    const address = Prefix.parse(ipc.address);
    const family = address.family;
    ipc.interface = CONTAINER_INTERFACE_INDEX;
    if (ipc.gateway === undefined && options.isGateway) ipc.gateway = address.network().ip.next().toString();
    if (options.isDefaultGateway && !hasDefault[family]) {
      hasDefault[family] = hasDefaultRoute(result, family);
      if (!hasDefault[family]) {
        result.routes = [...(result.routes ?? []), defaultRoute(family, ipc.gateway)];
        hasDefault[family] = true;
      }
    }
    if (options.isGateway && ipc.gateway !== undefined) {
      (family === 4 ? plan.v4 : plan.v6).push(new Prefix(IP.parse(ipc.gateway), address.bits));
    }
  }
  return plan;
}

function defaultDst(family: 4 | 6): string {
  return family === 4 ? "0.0.0.0/0" : "::/0";
}

function hasDefaultRoute(result: Result, family: 4 | 6): boolean {
  const dst = defaultDst(family);
  return (result.routes ?? []).some((r) => r.gw !== undefined && Prefix.tryParse(r.dst)?.toString() === dst);
}

function defaultRoute(family: 4 | 6, gateway: string | undefined): { dst: string; gw?: string } {
  return gateway === undefined ? { dst: defaultDst(family) } : { dst: defaultDst(family), gw: gateway };
}
