/**
 * The `dns` of a network config as result DNS: what interface plugins return instead of (or over) IPAM's DNS.
 * @module
 */
import type { DNS } from "./result.ts";

/** The config's `dns` field shape (every key optional). */
export interface ConfigDns {
  /** Name servers. */
  nameservers?: string[] | undefined;
  /** Local domain. */
  domain?: string | undefined;
  /** Search domains. */
  search?: string[] | undefined;
  /** resolv.conf options. */
  options?: string[] | undefined;
}

/**
 * Copies the fields the config sets (an empty `domain` counts as unset, as Go's omitempty); undefined when none is.
 * @example
 * ```ts
 * import { configuredDns } from "./config_dns.ts";
 * configuredDns({ nameservers: ["10.0.0.53"], domain: "" }); // { nameservers: ["10.0.0.53"] }
 * ```
 */
export function configuredDns(dns: ConfigDns | undefined): DNS | undefined {
  if (dns === undefined) return undefined;
  const out: DNS = {};
  if (dns.nameservers !== undefined) out.nameservers = dns.nameservers;
  if (dns.domain) out.domain = dns.domain;
  if (dns.search !== undefined) out.search = dns.search;
  if (dns.options !== undefined) out.options = dns.options;
  return Object.keys(out).length > 0 ? out : undefined;
}
