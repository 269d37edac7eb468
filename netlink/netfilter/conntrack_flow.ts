/**
 * ctnetlink messages (NETLINK_NETFILTER, NFNL_SUBSYS_CTNETLINK; linux/netfilter/nfnetlink_conntrack.h): a conntrack
 * flow with its tuples, the dump request (optionally filtered in the kernel with CTA_FILTER), and the delete and
 * create requests, encoded and decoded side by side.
 *
 * @example
 * ```ts
 * import { decodeConntrackFlow, encodeConntrackNew } from "./conntrack_flow.ts";
 * import { IP } from "../../addr/mod.ts";
 * const original = { src: IP.parse("10.0.0.1"), dst: IP.parse("10.0.0.2"), protocol: 17, srcPort: 5000, dstPort: 53 };
 * const flow = decodeConntrackFlow(encodeConntrackNew({ family: 4, original, timeout: 30 }));
 * console.assert(flow.original.dstPort === 53 && flow.reply?.srcPort === 53);
 * ```
 * @module
 */
import { IP } from "../../addr/mod.ts";
import { AttributeDecoder, AttributeEncoder, type RawAttribute } from "../wire/mod.ts";
import { NLA_F_NESTED } from "../wire/netlink_consts.ts";

/** Subsystem id of ctnetlink in nfnetlink message types (type = subsys << 8 | message). */
const NFNL_SUBSYS_CTNETLINK = 1;
const NFNETLINK_V0 = 0;
const IPCTNL_MSG_CT_NEW = 0;
const IPCTNL_MSG_CT_GET = 1;
const IPCTNL_MSG_CT_DELETE = 2;
const AF_INET = 2;
const AF_INET6 = 10;
/** Size of struct nfgenmsg. */
const NFGENMSG_LEN = 4;

const CTA_TUPLE_ORIG = 1;
const CTA_TUPLE_REPLY = 2;
const CTA_STATUS = 3;
const CTA_TIMEOUT = 7;
const CTA_MARK = 8;
const CTA_ID = 12;
const CTA_ZONE = 18;
const CTA_FILTER = 25;
const CTA_TUPLE_IP = 1;
const CTA_TUPLE_PROTO = 2;
const CTA_TUPLE_ZONE = 3;
const CTA_IP_V4_SRC = 1;
const CTA_IP_V4_DST = 2;
const CTA_IP_V6_SRC = 3;
const CTA_IP_V6_DST = 4;
const CTA_PROTO_NUM = 1;
const CTA_PROTO_SRC_PORT = 2;
const CTA_PROTO_DST_PORT = 3;
const CTA_FILTER_ORIG_FLAGS = 1;
const CTA_FILTER_REPLY_FLAGS = 2;
// Bits of CTA_FILTER_*_FLAGS (net/netfilter/nf_conntrack_netlink.c, CTA_FILTER_F_CTA_*).
const CTA_FILTER_F_CTA_IP_DST = 1 << 1;
const CTA_FILTER_F_CTA_PROTO_NUM = 1 << 3;
const CTA_FILTER_F_CTA_PROTO_DST_PORT = 1 << 5;

/** nlmsg_type of a ctnetlink message (`NFNL_SUBSYS_CTNETLINK << 8 | msg`). */
export const CONNTRACK_MSG = {
  /** IPCTNL_MSG_CT_NEW: create, or a flow in a dump. */
  new: (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW,
  /** IPCTNL_MSG_CT_GET: get or dump. */
  get: (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET,
  /** IPCTNL_MSG_CT_DELETE: delete one flow (by tuple) or flush. */
  delete: (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_DELETE,
} as const;

/** One direction of a flow: addresses, L4 protocol and ports. */
export interface ConntrackTuple {
  /** Source address. */
  src: IP;
  /** Destination address. */
  dst: IP;
  /** L4 protocol number (6 TCP, 17 UDP, 132 SCTP, 1 ICMP, …). */
  protocol: number;
  /** Source port (TCP, UDP, SCTP, DCCP). */
  srcPort?: number;
  /** Destination port. */
  dstPort?: number;
  /** CTA_TUPLE_ZONE, when the tuple carries one. */
  zone?: number;
  /** Protocol attributes not decoded above (ICMP id/type/code), kept as received. */
  protoOther?: RawAttribute[];
}

/** A conntrack flow as the kernel reports it. */
export interface ConntrackFlow {
  /** 4 or 6, from nfgenmsg. */
  family: 4 | 6;
  /** The original direction (CTA_TUPLE_ORIG). */
  original: ConntrackTuple;
  /** The reply direction (CTA_TUPLE_REPLY). */
  reply?: ConntrackTuple;
  /** CTA_ID: the kernel's id of the flow; a delete carrying it removes only that very flow. */
  id?: number;
  /** CTA_ZONE. */
  zone?: number;
  /** CTA_MARK. */
  mark?: number;
  /** CTA_STATUS: IPS_* bits. */
  status?: number;
  /** CTA_TIMEOUT: seconds left. */
  timeout?: number;
  /** Other attributes (counters, protocol info, …), kept as received. */
  other?: RawAttribute[];
}

/** What a dump or bulk delete selects: a protocol, and optionally the original destination port and address. */
export interface ConntrackFilter {
  /** L4 protocol number. */
  protocol: number;
  /** Original destination port. */
  dstPort?: number;
  /** Original destination address (its family must match the dump's). */
  dst?: IP;
}

function nfgenmsg(family: 4 | 6): Uint8Array {
  return Uint8Array.of(family === 6 ? AF_INET6 : AF_INET, NFNETLINK_V0, 0, 0);
}

function ipTypes(family: 4 | 6): { src: number; dst: number } {
  return family === 6 ? { src: CTA_IP_V6_SRC, dst: CTA_IP_V6_DST } : { src: CTA_IP_V4_SRC, dst: CTA_IP_V4_DST };
}

function encodeTuple(enc: AttributeEncoder, family: 4 | 6, tuple: ConntrackTuple): void {
  const types = ipTypes(family);
  if (tuple.src.family !== family || tuple.dst.family !== family) {
    throw new TypeError(`Cannot encode conntrack tuple ${tuple.src} -> ${tuple.dst}: not IPv${family}`);
  }
  enc.nested(CTA_TUPLE_IP | NLA_F_NESTED, (e) => {
    e.bytes(types.src, tuple.src.bytes);
    e.bytes(types.dst, tuple.dst.bytes);
  });
  enc.nested(CTA_TUPLE_PROTO | NLA_F_NESTED, (e) => {
    e.u8(CTA_PROTO_NUM, tuple.protocol);
    if (tuple.srcPort !== undefined) e.u16be(CTA_PROTO_SRC_PORT, tuple.srcPort);
    if (tuple.dstPort !== undefined) e.u16be(CTA_PROTO_DST_PORT, tuple.dstPort);
    for (const attr of tuple.protoOther ?? []) e.bytes(attr.type, attr.data);
  });
  if (tuple.zone !== undefined) enc.u16be(CTA_TUPLE_ZONE, tuple.zone);
}

function decodeTuple(dec: AttributeDecoder): ConntrackTuple {
  let src: IP | undefined;
  let dst: IP | undefined;
  const tuple: Partial<ConntrackTuple> & { protocol: number } = { protocol: 0 };
  const protoOther: RawAttribute[] = [];
  while (dec.next()) {
    if (dec.type === CTA_TUPLE_IP) {
      const ip = dec.decoder();
      while (ip.next()) {
        if (ip.type === CTA_IP_V4_SRC || ip.type === CTA_IP_V6_SRC) src = new IP(ip.bytes());
        else if (ip.type === CTA_IP_V4_DST || ip.type === CTA_IP_V6_DST) dst = new IP(ip.bytes());
      }
      ip.finish();
    } else if (dec.type === CTA_TUPLE_PROTO) {
      const proto = dec.decoder();
      while (proto.next()) {
        if (proto.type === CTA_PROTO_NUM) tuple.protocol = proto.u8();
        else if (proto.type === CTA_PROTO_SRC_PORT) tuple.srcPort = proto.u16be();
        else if (proto.type === CTA_PROTO_DST_PORT) tuple.dstPort = proto.u16be();
        else protoOther.push(proto.raw());
      }
      proto.finish();
    } else if (dec.type === CTA_TUPLE_ZONE) {
      tuple.zone = dec.u16be();
    }
  }
  dec.finish();
  if (src === undefined || dst === undefined) throw new RangeError("Cannot decode conntrack tuple: no addresses");
  if (protoOther.length > 0) tuple.protoOther = protoOther;
  return { ...tuple, src, dst };
}

/** Decodes an IPCTNL_MSG_CT_NEW payload (a flow in a dump); throws RangeError when it is malformed. */
export function decodeConntrackFlow(data: Uint8Array): ConntrackFlow {
  const family = data[0] === AF_INET6 ? 6 : 4;
  let original: ConntrackTuple | undefined;
  const flow: Omit<ConntrackFlow, "original"> = { family };
  const other: RawAttribute[] = [];
  const dec = new AttributeDecoder(data.subarray(NFGENMSG_LEN));
  while (dec.next()) {
    switch (dec.type) {
      case CTA_TUPLE_ORIG:
        original = decodeTuple(dec.decoder());
        break;
      case CTA_TUPLE_REPLY:
        flow.reply = decodeTuple(dec.decoder());
        break;
      case CTA_ID:
        flow.id = dec.u32be();
        break;
      case CTA_ZONE:
        flow.zone = dec.u16be();
        break;
      case CTA_MARK:
        flow.mark = dec.u32be();
        break;
      case CTA_STATUS:
        flow.status = dec.u32be();
        break;
      case CTA_TIMEOUT:
        flow.timeout = dec.u32be();
        break;
      default:
        other.push(dec.raw());
    }
  }
  dec.finish();
  if (original === undefined) throw new RangeError("Cannot decode conntrack flow: no CTA_TUPLE_ORIG");
  if (other.length > 0) flow.other = other;
  return { ...flow, original };
}

/**
 * Encodes an IPCTNL_MSG_CT_GET dump request for `family`. With a filter, the kernel (5.8+) filters by CTA_FILTER
 * itself; older kernels answer EINVAL or EOPNOTSUPP, and the caller dumps without one.
 */
export function encodeConntrackDump(family: 4 | 6, filter?: ConntrackFilter): Uint8Array<ArrayBuffer> {
  const enc = new AttributeEncoder(nfgenmsg(family));
  if (filter === undefined) return enc.encode();
  let flags = CTA_FILTER_F_CTA_PROTO_NUM;
  enc.nested(CTA_TUPLE_ORIG | NLA_F_NESTED, (tuple) => {
    const dst = filter.dst;
    if (dst !== undefined) {
      if (dst.family !== family) throw new TypeError(`Cannot filter IPv${family} conntrack flows by ${dst}`);
      flags |= CTA_FILTER_F_CTA_IP_DST;
      tuple.nested(CTA_TUPLE_IP | NLA_F_NESTED, (e) => e.bytes(ipTypes(family).dst, dst.bytes));
    }
    tuple.nested(CTA_TUPLE_PROTO | NLA_F_NESTED, (e) => {
      e.u8(CTA_PROTO_NUM, filter.protocol);
      if (filter.dstPort !== undefined) {
        flags |= CTA_FILTER_F_CTA_PROTO_DST_PORT;
        e.u16be(CTA_PROTO_DST_PORT, filter.dstPort);
      }
    });
  });
  enc.nested(CTA_FILTER | NLA_F_NESTED, (e) => {
    e.u32(CTA_FILTER_ORIG_FLAGS, flags);
    e.u32(CTA_FILTER_REPLY_FLAGS, 0);
  });
  return enc.encode();
}

/**
 * Encodes an IPCTNL_MSG_CT_DELETE for one flow: its original tuple, its zone, and its id when known (the kernel then
 * deletes nothing if the tuple now belongs to another flow).
 */
export function encodeConntrackDelete(
  flow: Pick<ConntrackFlow, "family" | "original"> & Partial<Pick<ConntrackFlow, "id" | "zone">>,
): Uint8Array<ArrayBuffer> {
  const enc = new AttributeEncoder(nfgenmsg(flow.family));
  enc.nested(CTA_TUPLE_ORIG | NLA_F_NESTED, (e) => encodeTuple(e, flow.family, flow.original));
  if (flow.zone !== undefined) enc.u16be(CTA_ZONE, flow.zone);
  if (flow.id !== undefined) enc.u32be(CTA_ID, flow.id);
  return enc.encode();
}

/** Returns `tuple` seen from the other end: addresses and ports swapped. */
export function invertTuple(tuple: ConntrackTuple): ConntrackTuple {
  const inverted: ConntrackTuple = { src: tuple.dst, dst: tuple.src, protocol: tuple.protocol };
  if (tuple.dstPort !== undefined) inverted.srcPort = tuple.dstPort;
  if (tuple.srcPort !== undefined) inverted.dstPort = tuple.srcPort;
  if (tuple.zone !== undefined) inverted.zone = tuple.zone;
  return inverted;
}

/**
 * Encodes an IPCTNL_MSG_CT_NEW that creates a flow (`conntrack -I`): the original tuple, the reply tuple (by default
 * the original inverted, i.e. no NAT), and the timeout in seconds.
 */
export function encodeConntrackNew(
  flow: Pick<ConntrackFlow, "family" | "original"> & { reply?: ConntrackTuple; timeout: number; mark?: number },
): Uint8Array<ArrayBuffer> {
  const enc = new AttributeEncoder(nfgenmsg(flow.family));
  enc.nested(CTA_TUPLE_ORIG | NLA_F_NESTED, (e) => encodeTuple(e, flow.family, flow.original));
  const reply = flow.reply ?? invertTuple(flow.original);
  enc.nested(CTA_TUPLE_REPLY | NLA_F_NESTED, (e) => encodeTuple(e, flow.family, reply));
  enc.u32be(CTA_TIMEOUT, flow.timeout);
  if (flow.mark !== undefined) enc.u32be(CTA_MARK, flow.mark);
  return enc.encode();
}

/** True when `flow` is selected by `filter` (the same test the kernel applies with CTA_FILTER). */
export function matchesConntrackFilter(flow: ConntrackFlow, filter: ConntrackFilter): boolean {
  const t = flow.original;
  if (t.protocol !== filter.protocol) return false;
  if (filter.dstPort !== undefined && t.dstPort !== filter.dstPort) return false;
  if (filter.dst !== undefined && !t.dst.equals(filter.dst)) return false;
  return true;
}
