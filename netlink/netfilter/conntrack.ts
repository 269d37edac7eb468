/**
 * Conntrack verbs over ctnetlink (a NETLINK_NETFILTER {@linkcode NetlinkConn}): list, create and delete flows, and
 * delete every flow matching a protocol and original destination, as the portmap plugin does for stale UDP flows.
 * @module
 */
import type { Netns } from "../sys/netns.ts";
import { hasErrno, isNotSupported } from "../sys/errno.ts";
import { NetlinkConn, NetlinkSocket } from "../wire/mod.ts";
import { NETLINK_NETFILTER } from "../wire/netlink_consts.ts";
import {
  CONNTRACK_MSG,
  type ConntrackFilter,
  type ConntrackFlow,
  type ConntrackTuple,
  decodeConntrackFlow,
  encodeConntrackDelete,
  encodeConntrackDump,
  encodeConntrackNew,
  matchesConntrackFilter,
} from "./conntrack_flow.ts";
import { NLM_F_CREATE, NLM_F_EXCL } from "../wire/netlink_consts.ts";

/** Options of {@linkcode openConntrack}. */
export interface ConntrackOpenOptions {
  /** Open the socket inside this namespace, whose conntrack table the verbs then see. */
  netns?: Netns | string | undefined;
}

/** Opens a ctnetlink conversation (NETLINK_NETFILTER socket); close it when done. */
export function openConntrack(options: ConntrackOpenOptions = {}): NetlinkConn {
  return new NetlinkConn(NetlinkSocket.open({ protocol: NETLINK_NETFILTER, netns: options.netns }));
}

function describe(filter: ConntrackFilter | undefined): string {
  if (filter === undefined) return "";
  const dst = filter.dst === undefined ? "" : ` dst ${filter.dst}`;
  const port = filter.dstPort === undefined ? "" : ` dport ${filter.dstPort}`;
  return ` (protocol ${filter.protocol}${dst}${port})`;
}

/**
 * Lists the flows of one family, optionally only those matching `filter` (`conntrack -L -f ipv4 [-p udp --dport
 * <port>]`). The kernel filters when it can (CTA_FILTER, Linux 5.8+); otherwise the whole table is dumped and
 * filtered here.
 */
export function conntrackList(conn: NetlinkConn, family: 4 | 6, filter?: ConntrackFilter): ConntrackFlow[] {
  const op = `list IPv${family} conntrack flows${describe(filter)}`;
  let messages;
  try {
    messages = conn.dump(op, { type: CONNTRACK_MSG.get, data: encodeConntrackDump(family, filter) });
  } catch (err) {
    if (filter === undefined || !(isNotSupported(err) || hasErrno(err, "EINVAL"))) throw err;
    messages = conn.dump(op, { type: CONNTRACK_MSG.get, data: encodeConntrackDump(family) });
  }
  const flows = messages.filter((m) => m.type === CONNTRACK_MSG.new).map((m) => decodeConntrackFlow(m.data));
  return filter === undefined ? flows : flows.filter((f) => matchesConntrackFilter(f, filter));
}

/**
 * Deletes one flow by its original tuple, zone and id (`conntrack -D` of that flow). Returns false when it is
 * already gone (ENOENT: expired, or its tuple now belongs to a flow with another id).
 */
export function conntrackDelete(
  conn: NetlinkConn,
  flow: Pick<ConntrackFlow, "family" | "original"> & Partial<Pick<ConntrackFlow, "id" | "zone">>,
): boolean {
  const t = flow.original;
  try {
    conn.request(`delete conntrack flow ${t.src}:${t.srcPort ?? "-"} -> ${t.dst}:${t.dstPort ?? "-"}`, {
      type: CONNTRACK_MSG.delete,
      data: encodeConntrackDelete(flow),
    });
    return true;
  } catch (err) {
    if (hasErrno(err, "ENOENT")) return false;
    throw err;
  }
}

/**
 * Deletes every flow of `family` matching `filter` and returns how many went, as the portmap plugin clears stale UDP
 * flows to a mapped port: `conntrack -D -f ipv4 -p udp --orig-port-dst <port> [--orig-dst <ip>]`.
 */
export function conntrackDeleteMatching(
  conn: NetlinkConn,
  filter: ConntrackFilter & { family: 4 | 6 },
): number {
  let deleted = 0;
  for (const flow of conntrackList(conn, filter.family, filter)) {
    if (conntrackDelete(conn, flow)) deleted++;
  }
  return deleted;
}

/**
 * Creates a flow (`conntrack -I -p <proto> -s <src> -d <dst> --sport <p> --dport <p> --timeout <s>`); the reply
 * tuple defaults to the original inverted. Throws NetlinkError EEXIST when the tuple is already tracked.
 */
export function conntrackAdd(
  conn: NetlinkConn,
  flow: { family: 4 | 6; original: ConntrackTuple; reply?: ConntrackTuple; timeout: number; mark?: number },
): void {
  const t = flow.original;
  conn.request(`create conntrack flow ${t.src}:${t.srcPort ?? "-"} -> ${t.dst}:${t.dstPort ?? "-"}`, {
    type: CONNTRACK_MSG.new,
    flags: NLM_F_CREATE | NLM_F_EXCL,
    data: encodeConntrackNew(flow),
  });
}
