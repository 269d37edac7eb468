/**
 * Conntrack entries over ctnetlink (NETLINK_NETFILTER): list the table and delete flows by their original tuple,
 * which is what portmap needs to drop stale UDP entries (go's `DeleteConntrackEntriesForDstPort`, which dumps and
 * deletes matching flows one by one, as here). Calls are synchronous; pass `netns` to work in another namespace.
 * @module
 */
import { IP } from "../addr/mod.ts";
import { AttributeDecoder, AttributeEncoder, NetlinkConn, NetlinkError, NetlinkSocket } from "../netlink/wire/mod.ts";
import type { Netns } from "../netlink/sys/mod.ts";
import {
  AF_INET,
  AF_INET6,
  CTA_IP_V4_DST,
  CTA_IP_V4_SRC,
  CTA_IP_V6_DST,
  CTA_IP_V6_SRC,
  CTA_PROTO_DST_PORT,
  CTA_PROTO_NUM,
  CTA_PROTO_SRC_PORT,
  CTA_TUPLE_IP,
  CTA_TUPLE_ORIG,
  CTA_TUPLE_PROTO,
  IPCTNL_MSG_CT_DELETE,
  IPCTNL_MSG_CT_GET,
  NETLINK_NETFILTER,
  NFNETLINK_V0,
  NFNL_SUBSYS_CTNETLINK,
  NLA_F_NESTED,
} from "./_ctnetlink_consts.ts";

/** IANA protocol number of UDP. */
export const PROTOCOL_UDP = 17;
/** IANA protocol number of TCP. */
export const PROTOCOL_TCP = 6;
/** IANA protocol number of SCTP. */
export const PROTOCOL_SCTP = 132;

/** One flow's original-direction tuple, plus the raw tuple bytes used to delete it. */
export interface ConntrackFlow {
  /** Address family of the flow. */
  family: 4 | 6;
  /** L4 protocol number. */
  protocol: number;
  /** Original source address. */
  source?: string;
  /** Original destination address. */
  destination?: string;
  /** Original source port (TCP/UDP/SCTP). */
  sourcePort?: number;
  /** Original destination port (TCP/UDP/SCTP). */
  destinationPort?: number;
  /** The payload of CTA_TUPLE_ORIG as the kernel sent it. */
  originalTuple: Uint8Array;
}

/** nfgenmsg: family, version, resource id (big-endian, 0). */
function nfgenmsg(family: 4 | 6): Uint8Array {
  return new Uint8Array([family === 6 ? AF_INET6 : AF_INET, NFNETLINK_V0, 0, 0]);
}

const ctType = (msg: number) => (NFNL_SUBSYS_CTNETLINK << 8) | msg;

/** The IPCTNL_MSG_CT_GET dump request for one family (just the nfgenmsg header). */
export function encodeConntrackDumpRequest(family: 4 | 6): { type: number; data: Uint8Array } {
  return { type: ctType(IPCTNL_MSG_CT_GET), data: nfgenmsg(family) };
}

/** The IPCTNL_MSG_CT_DELETE request for a listed flow, identified by its original tuple. */
export function encodeConntrackDeleteRequest(flow: ConntrackFlow): { type: number; data: Uint8Array } {
  const enc = new AttributeEncoder(nfgenmsg(flow.family));
  enc.nested(CTA_TUPLE_ORIG | NLA_F_NESTED, (e) => e.raw(flow.originalTuple));
  return { type: ctType(IPCTNL_MSG_CT_DELETE), data: enc.encode() };
}

/** Decodes one IPCTNL_MSG_CT_NEW message (as dumps return) into its original tuple; undefined when it has none. */
export function decodeConntrackFlow(data: Uint8Array): ConntrackFlow | undefined {
  const family = data[0] === AF_INET6 ? 6 : 4;
  const dec = new AttributeDecoder(data.subarray(4));
  let flow: ConntrackFlow | undefined;
  while (dec.next()) {
    if (dec.type !== CTA_TUPLE_ORIG) continue;
    const tuple = dec.bytes();
    flow = { family, protocol: 0, originalTuple: tuple };
    const t = new AttributeDecoder(tuple);
    while (t.next()) {
      if (t.type === CTA_TUPLE_IP) {
        const ip = t.decoder();
        while (ip.next()) {
          const bytes = ip.bytes();
          if (bytes.length !== 4 && bytes.length !== 16) continue;
          const text = new IP(bytes).toString();
          if (ip.type === CTA_IP_V4_SRC || ip.type === CTA_IP_V6_SRC) flow.source = text;
          if (ip.type === CTA_IP_V4_DST || ip.type === CTA_IP_V6_DST) flow.destination = text;
        }
      } else if (t.type === CTA_TUPLE_PROTO) {
        const proto = t.decoder();
        while (proto.next()) {
          if (proto.type === CTA_PROTO_NUM) flow.protocol = proto.u8();
          else if (proto.type === CTA_PROTO_SRC_PORT) flow.sourcePort = proto.u16be();
          else if (proto.type === CTA_PROTO_DST_PORT) flow.destinationPort = proto.u16be();
        }
      }
    }
  }
  dec.finish();
  return flow;
}

/** Options of the conntrack verbs. */
export interface ConntrackOptions {
  /** Work in this namespace (the socket is opened there); default: the caller's. */
  netns?: Netns | string | undefined;
}

function open(options: ConntrackOptions): NetlinkConn {
  return new NetlinkConn(NetlinkSocket.open({ protocol: NETLINK_NETFILTER, netns: options.netns }));
}

/** Lists the conntrack table of one family. Equivalent to `conntrack -L -f ipv4|ipv6`. */
export function listConntrackFlows(family: 4 | 6, options: ConntrackOptions = {}): ConntrackFlow[] {
  using conn = open(options);
  return listWith(conn, family);
}

function listWith(conn: NetlinkConn, family: 4 | 6): ConntrackFlow[] {
  const flows: ConntrackFlow[] = [];
  for (const msg of conn.dump("list conntrack flows", encodeConntrackDumpRequest(family))) {
    const flow = decodeConntrackFlow(msg.data);
    if (flow) flows.push(flow);
  }
  return flows;
}

/**
 * Deletes every flow of `family` with L4 `protocol` whose original destination port is `port`; returns how many
 * were deleted. A flow that vanished meanwhile is skipped. Equivalent to `conntrack -D -p udp --orig-port-dst <port>`.
 */
export function deleteConntrackByDestinationPort(
  port: number,
  options: ConntrackOptions & { family: 4 | 6; protocol: number },
): number {
  using conn = open(options);
  let deleted = 0;
  for (const flow of listWith(conn, options.family)) {
    if (flow.protocol !== options.protocol || flow.destinationPort !== port) continue;
    try {
      conn.request(`delete conntrack flow to port ${port}`, encodeConntrackDeleteRequest(flow));
      deleted++;
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === 2) continue; // ENOENT: expired meanwhile
      throw err;
    }
  }
  return deleted;
}
