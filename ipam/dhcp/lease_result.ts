/**
 * {@linkcode leaseResult}: what a DHCPACK means as an IPAM result: the address with the subnet mask's length, the
 * first router as gateway, routes (option 121 alone when present, as RFC 3442 says; otherwise option 33 plus a
 * default route via the router, as the reference does) and DNS from options 6, 15 and 119.
 * @module
 */
import { IP, Prefix } from "../../addr/mod.ts";
import type { DNS, IPConfig, Route } from "../../cni/mod.ts";
import { decodeClasslessRoutes } from "./classless_routes.ts";
import { decodeDomainSearch } from "./domain_search.ts";
import { decodeIPv4List, decodeStaticRoutes, decodeText, DhcpOption, type DhcpRoute } from "./options.ts";
import type { DhcpPacket } from "./packet.ts";

/** The IPAM part of a result, as the daemon returns it. */
export interface LeaseResult {
  /** One IPv4 address with its gateway. */
  ips: IPConfig[];
  /** Routes from the lease. */
  routes: Route[];
  /** DNS from the lease (empty when the server sent none). */
  dns: DNS;
}

/** Options of {@linkcode leaseResult}. */
export interface LeaseResultOptions {
  /** Route metric put on every route (`priority` in the config). */
  priority?: number | undefined;
}

/** The prefix length of a contiguous netmask, or undefined when the mask is not contiguous. */
function maskBits(mask: Uint8Array): number | undefined {
  const value = ((mask[0]! << 24) | (mask[1]! << 16) | (mask[2]! << 8) | mask[3]!) >>> 0;
  const ones = Math.clz32(~value >>> 0);
  const rebuilt = ones === 0 ? 0 : (0xffffffff << (32 - ones)) >>> 0;
  return rebuilt === value ? ones : undefined;
}

/** Converts a DHCPACK into addresses, routes and DNS; throws when the subnet mask is missing or not contiguous. */
export function leaseResult(ack: DhcpPacket, options: LeaseResultOptions = {}): LeaseResult {
  const mask = ack.options.get(DhcpOption.SUBNET_MASK);
  if (mask?.length !== 4) throw new Error("DHCP option Subnet Mask not found in DHCPACK");
  const bits = maskBits(mask);
  if (bits === undefined) throw new Error(`DHCP subnet mask ${new IP(mask.slice())} is not contiguous`);
  const gateway = decodeIPv4List(ack.options.get(DhcpOption.ROUTER) ?? new Uint8Array())[0];
  const ip: IPConfig = { address: new Prefix(ack.yiaddr, bits).toString() };
  if (gateway) ip.gateway = gateway.toString();
  const routes = leaseRoutes(ack, gateway).map((r) => {
    const route: Route = { dst: r.dst };
    if (r.gw !== "0.0.0.0") route.gw = r.gw;
    if (options.priority !== undefined) route.priority = options.priority;
    return route;
  });
  return { ips: [ip], routes, dns: leaseDns(ack) };
}

function leaseRoutes(ack: DhcpPacket, gateway: IP | undefined): DhcpRoute[] {
  const classless = ack.options.get(DhcpOption.CLASSLESS_STATIC_ROUTES);
  if (classless) {
    const routes = decodeClasslessRoutes(classless);
    if (routes.length > 0) return routes;
  }
  const routes = decodeStaticRoutes(ack.options.get(DhcpOption.STATIC_ROUTES) ?? new Uint8Array());
  if (gateway) routes.push({ dst: "0.0.0.0/0", gw: gateway.toString() });
  return routes;
}

function leaseDns(ack: DhcpPacket): DNS {
  const dns: DNS = {};
  const servers = decodeIPv4List(ack.options.get(DhcpOption.DNS_SERVERS) ?? new Uint8Array());
  if (servers.length > 0) dns.nameservers = servers.map(String);
  const domain = ack.options.get(DhcpOption.DOMAIN_NAME);
  if (domain && domain.length > 0) dns.domain = decodeText(domain);
  const search = ack.options.get(DhcpOption.DOMAIN_SEARCH);
  if (search && search.length > 0) dns.search = decodeDomainSearch(search);
  return dns;
}
