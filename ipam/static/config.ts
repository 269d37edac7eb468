/**
 * The static IPAM plugin's configuration and {@linkcode loadStaticConfig}, which applies the overrides in the
 * reference's order: CNI_ARGS `IP`/`GATEWAY` extend the configured addresses, `args.cni.ips` replaces them, and
 * `runtimeConfig.ips` replaces them again.
 * @module
 */
import * as z from "zod/mini";
import { IP, Prefix } from "../../addr/mod.ts";
import {
  type ArgPair,
  checkArgs,
  CniError,
  DEFAULT_CONFIG_VERSION,
  type DNS,
  ERR_INVALID_NETCONF,
  IpamRouteConfig,
  netconf,
  type Route,
  routeOfConfig,
  versionAtLeast,
} from "../../cni/mod.ts";

/** The whole network config as static sees it (the base netconf plus its fields; unknown keys kept). */
export const StaticConfig = netconf({
  ipam: z.looseObject({
    type: z.string(),
    addresses: z.optional(z.array(z.looseObject({ address: z.string(), gateway: z.optional(z.string()) }))),
    routes: z.optional(z.array(IpamRouteConfig)),
    dns: z.optional(z.looseObject({
      nameservers: z.optional(z.array(z.string())),
      domain: z.optional(z.string()),
      search: z.optional(z.array(z.string())),
      options: z.optional(z.array(z.string())),
    })),
  }),
  runtimeConfig: z.optional(z.looseObject({ ips: z.optional(z.array(z.string())) })),
  args: z.optional(z.looseObject({ cni: z.optional(z.looseObject({ ips: z.optional(z.array(z.string())) })) })),
});

/** The parsed config type. */
export type StaticConfig = z.infer<typeof StaticConfig>;

/** One resolved address. */
export interface StaticAddress {
  /** Address with prefix length, as written (host bits kept). */
  address: Prefix;
  /** Gateway, if any. */
  gateway: IP | undefined;
}

/** The resolved config. */
export interface StaticPlan {
  /** Addresses in result order. */
  addresses: StaticAddress[];
  /** Routes returned as configured. */
  routes: Route[];
  /** DNS returned as configured (`{}` when absent). */
  dns: DNS;
}

/**
 * Applies the overrides and validates. Throws `CniError` 7 with the reference's messages for an address that is
 * not CIDR, a bad gateway, or more than one address per family under cniVersion < 0.3.0; CNI_ARGS keys other than
 * `IP` and `GATEWAY` fail (code 2) unless `IgnoreUnknown=1`.
 */
export function loadStaticConfig(config: StaticConfig, options: { args?: readonly ArgPair[] } = {}): StaticPlan {
  let addresses: StaticAddress[] = (config.ipam.addresses ?? []).map((a) => ({
    address: parseCidr(a.address, "the 'address' field is expected to be in CIDR notation, got: '%s'"),
    gateway: a.gateway ? parseGateway(a.gateway) : undefined,
  }));
  const env = checkArgs(options.args ?? [], ["IP", "GATEWAY"]);
  if (env.IP) {
    for (const item of env.IP.split(",")) {
      addresses.push({
        address: parseCidr(item.trim(), "the 'ip' field is expected to be in CIDR notation, got: '%s'"),
        gateway: undefined,
      });
    }
  }
  if (env.GATEWAY) {
    for (const item of env.GATEWAY.split(",")) {
      const gw = parseGateway(item);
      for (const a of addresses) if (a.address.contains(gw)) a.gateway = gw;
    }
  }
  for (const list of [config.args?.cni?.ips, config.runtimeConfig?.ips]) {
    if (list && list.length > 0) {
      addresses = list.map((s) => ({
        address: parseCidr(s, "an entry in the 'ips' field is NOT in CIDR notation, got: '%s'"),
        gateway: undefined,
      }));
    }
  }
  const v4 = addresses.filter((a) => a.address.family === 4).length;
  const version = config.cniVersion || DEFAULT_CONFIG_VERSION;
  if ((v4 > 1 || addresses.length - v4 > 1) && !versionAtLeast(version, "0.3.0")) {
    throw new CniError(ERR_INVALID_NETCONF, `CNI version ${version} does not support more than 1 address per family`);
  }
  return { addresses, routes: (config.ipam.routes ?? []).map(cleanRoute), dns: cleanDns(config.ipam.dns) };
}

function parseCidr(text: string, message: string): Prefix {
  const prefix = Prefix.tryParse(text.trim());
  if (!prefix) throw new CniError(ERR_INVALID_NETCONF, message.replace("%s", text));
  return prefix;
}

function parseGateway(text: string): IP {
  const ip = IP.tryParse(text.trim());
  if (!ip) throw new CniError(ERR_INVALID_NETCONF, `invalid gateway address: ${text}`);
  return ip;
}

function cleanRoute(route: IpamRouteConfig): Route {
  if (!Prefix.tryParse(route.dst)) throw new CniError(ERR_INVALID_NETCONF, `Cannot parse route dst "${route.dst}"`);
  return routeOfConfig(route);
}

function cleanDns(dns: StaticConfig["ipam"]["dns"]): DNS {
  const out: DNS = {};
  if (dns?.nameservers) out.nameservers = dns.nameservers;
  if (dns?.domain) out.domain = dns.domain;
  if (dns?.search) out.search = dns.search;
  if (dns?.options) out.options = dns.options;
  return out;
}
