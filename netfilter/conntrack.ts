/**
 * portmap's stale-flow cleanup: after a host port is (re)mapped, UDP flows to it that conntrack still routes to an
 * old destination are deleted (go's `DeleteConntrackEntriesForDstPort`). The ctnetlink messages live in
 * `netlink/netfilter/`; this file only picks the filter.
 * @module
 */
import { conntrackDeleteMatching, type ConntrackFlow, conntrackList, openConntrack } from "../netlink/mod.ts";
import type { Netns } from "../netlink/mod.ts";

/** IANA protocol number of UDP. */
export const PROTOCOL_UDP = 17;
/** IANA protocol number of TCP. */
export const PROTOCOL_TCP = 6;
/** IANA protocol number of SCTP. */
export const PROTOCOL_SCTP = 132;

/** Options of the conntrack helpers. */
export interface ConntrackOptions {
  /** Address family of the flows. */
  family: 4 | 6;
  /** L4 protocol number (e.g. {@linkcode PROTOCOL_UDP}). */
  protocol: number;
  /** Work in this namespace's conntrack table (default: the caller's). */
  netns?: Netns | string;
}

/** Lists the flows of `family` (`conntrack -L -f ipv4`). */
export function listConntrackFlows(family: 4 | 6, options: { netns?: Netns | string } = {}): ConntrackFlow[] {
  using conn = openConntrack({ netns: options.netns });
  return conntrackList(conn, family);
}

/**
 * Deletes the flows of `protocol` whose original destination port is `port` and returns how many went
 * (`conntrack -D -p udp --orig-port-dst <port>`).
 */
export function deleteConntrackByDestinationPort(port: number, options: ConntrackOptions): number {
  using conn = openConntrack({ netns: options.netns });
  return conntrackDeleteMatching(conn, { family: options.family, protocol: options.protocol, dstPort: port });
}
