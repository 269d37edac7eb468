/**
 * Neighbours (RTM_NEWNEIGH/DELNEIGH/GETNEIGH over struct ndmsg): ARP and NDP entries, minimal.
 * @module
 */
import type { Family, IP, MAC } from "../../addr/mod.ts";
import { AttributeDecoder } from "../wire/attribute_decoder.ts";
import { AttributeEncoder } from "../wire/attribute_encoder.ts";
import type { NetlinkConn } from "../wire/netlink_conn.ts";
import { NLM_F_CREATE, NLM_F_REPLACE } from "../wire/netlink_consts.ts";
import { StructReader } from "../wire/struct_reader.ts";
import { StructWriter } from "../wire/struct_writer.ts";
import {
  NDA_DST,
  NDA_LLADDR,
  NDMSG_LEN,
  NUD_PERMANENT,
  NUD_REACHABLE,
  RTM_DELNEIGH,
  RTM_GETNEIGH,
  RTM_NEWNEIGH,
} from "../wire/rtnetlink_consts.ts";
import { afOf, familyOf, ipFromBytes, macFromBytes, toIP, toMac } from "./_family.ts";

/** A neighbour entry. */
export interface Neighbor {
  /** The link's index. */
  index: number;
  /** 4 or 6. */
  family: Family;
  /** The neighbour's IP. */
  ip: IP;
  /** Its link-layer address, when resolved. */
  mac?: MAC;
  /** NUD_* state bits (0x80 permanent, 0x02 reachable, 0x04 stale, 0x20 failed). */
  state: number;
  /** NTF_* flags. */
  flags: number;
}

/** A neighbour to add or replace. */
export interface NeighborSpec {
  /** The neighbour's IP. */
  ip: IP | string;
  /** Its link-layer address. */
  mac: MAC | string;
  /** Permanent (the default) or merely reachable. */
  permanent?: boolean;
}

function encodeNdMsg(family: Family | undefined, index: number, state: number): Uint8Array {
  return new StructWriter(NDMSG_LEN).u8(afOf(family)).u8(0).u16(0).i32(index).u16(state).u8(0).u8(0).bytes();
}

/** Decodes an RTM_NEWNEIGH payload; undefined for families other than IPv4/IPv6 or without NDA_DST. */
export function decodeNeighbor(data: Uint8Array): Neighbor | undefined {
  const r = new StructReader(data);
  const family = familyOf(r.u8());
  r.skip(3);
  const index = r.i32();
  const state = r.u16();
  const flags = r.u8();
  r.skip(1);
  if (family === undefined) return undefined;
  let ip: IP | undefined;
  let mac: MAC | undefined;
  const dec = new AttributeDecoder(r.rest());
  while (dec.next()) {
    if (dec.type === NDA_DST) ip = ipFromBytes(dec.bytes());
    else if (dec.type === NDA_LLADDR) mac = macFromBytes(dec.bytes());
  }
  dec.finish();
  if (ip === undefined) return undefined;
  return mac === undefined ? { index, family, ip, state, flags } : { index, family, ip, mac, state, flags };
}

/** Filters of `neighList`. */
export interface NeighborListOptions {
  /** Only this family. */
  family?: Family;
  /** Only this link. */
  index?: number;
}

/** Lists neighbours (`ip neigh show [dev <index>]`). */
export function neighList(conn: NetlinkConn, options: NeighborListOptions = {}): Neighbor[] {
  const data = encodeNdMsg(options.family, 0, 0);
  const out: Neighbor[] = [];
  for (const msg of conn.dump("list neighbours", { type: RTM_GETNEIGH, data })) {
    const n = decodeNeighbor(msg.data);
    if (n === undefined || (options.index !== undefined && n.index !== options.index)) continue;
    out.push(n);
  }
  return out;
}

/** Adds or replaces a neighbour (`ip neigh replace <ip> lladdr <mac> dev <index> nud permanent`). */
export function neighAdd(conn: NetlinkConn, index: number, spec: NeighborSpec): void {
  const ip = toIP(spec.ip);
  const state = spec.permanent === false ? NUD_REACHABLE : NUD_PERMANENT;
  const enc = new AttributeEncoder(encodeNdMsg(ip.family, index, state));
  enc.bytes(NDA_DST, ip.bytes);
  enc.bytes(NDA_LLADDR, toMac(spec.mac).bytes);
  conn.request(`add neighbour ${ip} on link ${index}`, {
    type: RTM_NEWNEIGH,
    flags: NLM_F_CREATE | NLM_F_REPLACE,
    data: enc.encode(),
  });
}

/** Deletes a neighbour (`ip neigh del <ip> dev <index>`); NetlinkError ENOENT when absent. */
export function neighDel(conn: NetlinkConn, index: number, ip: IP | string): void {
  const addr = toIP(ip);
  const enc = new AttributeEncoder(encodeNdMsg(addr.family, index, 0));
  enc.bytes(NDA_DST, addr.bytes);
  conn.request(`delete neighbour ${addr} on link ${index}`, { type: RTM_DELNEIGH, data: enc.encode() });
}
