/**
 * Plain values describing one container's host port mappings, shared by the iptables and nftables hostport rules.
 * @module
 */
import { IP, Prefix } from "../addr/mod.ts";

/** One `portMappings` entry (the CNI `portMappings` capability). */
export interface PortMapping {
  /** Port on the host. */
  hostPort: number;
  /** Port in the container. */
  containerPort: number;
  /** `tcp`, `udp` or `sctp`. */
  protocol: string;
  /** Host address to match; empty or absent means every local address. */
  hostIP?: string | undefined;
}

/** Everything the hostport rules for one container address need. */
export interface HostportSpec {
  /** Network name (names the per-container chain and comments). */
  network: string;
  /** Container ID. */
  containerId: string;
  /** The container's address with prefix length as assigned, e.g. `10.1.0.5/24`. */
  containerIp: string;
  /** The mappings; entries whose `hostIP` is of the other family are skipped. */
  mappings: readonly PortMapping[];
  /** Masquerade hairpin and localhost traffic (`snat`, default true). */
  snat: boolean;
  /** Masquerade traffic from every source, not only hairpin/localhost (`masqAll`). */
  masqAll: boolean;
  /** Extra match tokens for this family (`conditionsV4` / `conditionsV6`). */
  conditions: readonly string[];
}

/** How a mapping applies to one container address: skipped, any local address, or one host address. */
export function mappingDestination(mapping: PortMapping, family: 4 | 6): "skip" | "any" | IP {
  if (!mapping.hostIP) return "any";
  const host = IP.tryParse(mapping.hostIP);
  if (host === undefined) return "any";
  if (host.family !== family) return "skip";
  return host.toBigInt() === 0n ? "any" : host;
}

/** The family of a CIDR or bare address. */
export function familyOfCidr(cidr: string): 4 | 6 {
  const p = Prefix.tryParse(cidr);
  return p ? p.family : IP.parse(cidr).family;
}

/** The bare address of a CIDR (or the address itself). */
export function addressOfCidr(cidr: string): IP {
  const p = Prefix.tryParse(cidr);
  return p ? p.ip : IP.parse(cidr);
}

/** `ip:port`, or `[ip]:port` for IPv6 (go's `fmtIPPort` / `net.JoinHostPort`). */
export function joinHostPort(ip: IP, port: number): string {
  return ip.family === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
}
