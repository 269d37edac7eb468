/**
 * The sbr plugin's configuration: `table` (fixed table: only rules are managed), and from the reference's main branch
 * (after v1.9.1) `gateways` (static default gateways, one per family) and `addSourceHints`.
 * @module
 */
import * as z from "zod/mini";
import { IP } from "../../addr/mod.ts";
import { CniError, ERR_INVALID_NETCONF, netconf } from "../../cni/mod.ts";

/** The sbr config schema (unknown keys kept). */
export const SbrConfig = netconf({
  table: z.nullish(z.number().check(z.int())),
  gateways: z.nullish(z.array(z.string())),
  addSourceHints: z.optional(z.boolean()),
});

/** A parsed sbr config. */
export type SbrConfig = z.infer<typeof SbrConfig>;

/** Static gateways by family. */
export interface StaticGateways {
  /** IPv4 default gateway for every IPv4 address. */
  v4: IP | undefined;
  /** IPv6 default gateway for every IPv6 address. */
  v6: IP | undefined;
}

/** Parses `gateways`: at most two, one per family. Throws CniError 7 with the reference's messages. */
export function parseGateways(gateways: readonly string[] | null | undefined): StaticGateways {
  const out: StaticGateways = { v4: undefined, v6: undefined };
  const list = gateways ?? [];
  if (list.length > 2) {
    throw new CniError(ERR_INVALID_NETCONF, "gateways list cannot contain more than 2 entries (one IPv4, one IPv6)");
  }
  for (const text of list) {
    const ip = IP.tryParse(text);
    if (!ip) throw new CniError(ERR_INVALID_NETCONF, `invalid static gateway IP address: ${text}`);
    const key = ip.family === 4 ? "v4" : "v6";
    const seen = out[key];
    if (seen) {
      throw new CniError(
        ERR_INVALID_NETCONF,
        `gateways list contains multiple IPv${ip.family} addresses: ${seen} and ${text}`,
      );
    }
    out[key] = ip;
  }
  return out;
}
