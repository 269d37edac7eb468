/**
 * Addresses (RTM_NEWADDR/DELADDR/GETADDR over struct ifaddrmsg): the decoded {@linkcode Address} and its verbs.
 * @module
 */
import { type Family, IP, Prefix } from "../../addr/mod.ts";
import { AttributeDecoder } from "../wire/attribute_decoder.ts";
import { AttributeEncoder } from "../wire/attribute_encoder.ts";
import type { NetlinkConn } from "../wire/netlink_conn.ts";
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../wire/netlink_consts.ts";
import { StructReader } from "../wire/struct_reader.ts";
import { StructWriter } from "../wire/struct_writer.ts";
import {
  IFA_ADDRESS,
  IFA_BROADCAST,
  IFA_CACHEINFO,
  IFA_F_DADFAILED,
  IFA_F_DEPRECATED,
  IFA_F_NODAD,
  IFA_F_NOPREFIXROUTE,
  IFA_F_PERMANENT,
  IFA_F_TENTATIVE,
  IFA_FLAGS,
  IFA_LABEL,
  IFA_LOCAL,
  IFADDRMSG_LEN,
  RT_SCOPE_UNIVERSE,
  RTM_DELADDR,
  RTM_GETADDR,
  RTM_NEWADDR,
} from "../wire/rtnetlink_consts.ts";
import { afOf, familyOf, ipFromBytes, toIP, toPrefix } from "./_family.ts";

/** An address on a link, as the kernel reports it. */
export interface Address {
  /** The link's index. */
  index: number;
  /** 4 or 6. */
  family: Family;
  /** The address with its prefix length, as text: "10.0.0.1/24". */
  prefix: string;
  /** The address (IFA_LOCAL for IPv4, IFA_ADDRESS for IPv6). */
  ip: IP;
  /** The prefix length. */
  prefixLen: number;
  /** Scope (0 universe, 253 link, 254 host). */
  scope: number;
  /** IFA_F_* flags (IFA_FLAGS when present, else the header's 8 bits). */
  flags: number;
  /** IPv6 duplicate address detection is still running (IFA_F_TENTATIVE). */
  tentative: boolean;
  /** IPv6 duplicate address detection failed (IFA_F_DADFAILED). */
  dadFailed: boolean;
  /** The address is deprecated (IFA_F_DEPRECATED). */
  deprecated: boolean;
  /** The address is static, not autoconfigured (IFA_F_PERMANENT). */
  permanent: boolean;
  /** IFA_ADDRESS when it differs from IFA_LOCAL (point-to-point peer). */
  peer?: IP;
  /** IFA_BROADCAST (IPv4). */
  broadcast?: IP;
  /** IFA_LABEL (IPv4). */
  label?: string;
  /** Preferred lifetime in seconds (0xffffffff = forever), from IFA_CACHEINFO. */
  preferredLifetime?: number;
  /** Valid lifetime in seconds (0xffffffff = forever), from IFA_CACHEINFO. */
  validLifetime?: number;
}

/** Options of `addrAdd`. */
export interface AddressOptions {
  /** Skip IPv6 duplicate address detection (IFA_F_NODAD, `nodad`). */
  noDad?: boolean;
  /** Do not add the prefix route (IFA_F_NOPREFIXROUTE, `noprefixroute`). */
  noPrefixRoute?: boolean;
  /** Scope (default universe). */
  scope?: number;
  /** IPv4 broadcast: an address, "auto" (the default: last address of the prefix when shorter than /31) or "none". */
  broadcast?: IP | string | "auto" | "none";
  /** IPv4 label (`label eth0:1`). */
  label?: string;
  /** Point-to-point peer (`peer`): sent as IFA_ADDRESS. */
  peer?: IP | string;
  /** Replace an existing address instead of failing with EEXIST (`ip addr replace`). */
  replace?: boolean;
}

function encodeIfAddrMsg(family: Family, prefixLen: number, flags: number, scope: number, index: number): Uint8Array {
  return new StructWriter(IFADDRMSG_LEN).u8(afOf(family)).u8(prefixLen).u8(flags & 0xff).u8(scope).u32(index)
    .bytes();
}

function autoBroadcast(prefix: Prefix): IP | undefined {
  return prefix.family === 4 && prefix.bits < 31 ? prefix.last() : undefined;
}

/** Encodes the RTM_NEWADDR payload that adds `prefix` to link `index`. */
export function encodeAddrAdd(index: number, prefix: Prefix | string, options: AddressOptions = {}): Uint8Array {
  const p = toPrefix(prefix);
  const flags = (options.noDad ? IFA_F_NODAD : 0) | (options.noPrefixRoute ? IFA_F_NOPREFIXROUTE : 0);
  const enc = new AttributeEncoder(encodeIfAddrMsg(p.family, p.bits, flags, options.scope ?? RT_SCOPE_UNIVERSE, index));
  enc.bytes(IFA_LOCAL, p.ip.bytes);
  enc.bytes(IFA_ADDRESS, options.peer === undefined ? p.ip.bytes : toIP(options.peer).bytes);
  if (p.family === 4) {
    const b = options.broadcast ?? "auto";
    const broadcast = b === "auto" ? autoBroadcast(p) : b === "none" ? undefined : toIP(b);
    if (broadcast !== undefined) enc.bytes(IFA_BROADCAST, broadcast.bytes);
    if (options.label !== undefined) enc.str(IFA_LABEL, options.label);
  }
  if (flags > 0xff) enc.u32(IFA_FLAGS, flags);
  return enc.encode();
}

/** Encodes the RTM_DELADDR payload that removes `prefix` from link `index`. */
export function encodeAddrDel(index: number, prefix: Prefix | string): Uint8Array {
  const p = toPrefix(prefix);
  const enc = new AttributeEncoder(encodeIfAddrMsg(p.family, p.bits, 0, 0, index));
  enc.bytes(IFA_LOCAL, p.ip.bytes);
  if (p.family === 6) enc.bytes(IFA_ADDRESS, p.ip.bytes);
  return enc.encode();
}

/** Decodes an RTM_NEWADDR payload; returns undefined for families other than IPv4/IPv6. */
export function decodeAddress(data: Uint8Array): Address | undefined {
  const r = new StructReader(data);
  const af = r.u8();
  const prefixLen = r.u8();
  let flags = r.u8();
  const scope = r.u8();
  const index = r.u32();
  const family = familyOf(af);
  if (family === undefined) return undefined;
  let local: IP | undefined;
  let address: IP | undefined;
  const extra: Partial<Address> = {};
  const dec = new AttributeDecoder(r.rest());
  while (dec.next()) {
    switch (dec.type) {
      case IFA_LOCAL:
        local = ipFromBytes(dec.bytes());
        break;
      case IFA_ADDRESS:
        address = ipFromBytes(dec.bytes());
        break;
      case IFA_BROADCAST: {
        const ip = ipFromBytes(dec.bytes());
        if (ip) extra.broadcast = ip;
        break;
      }
      case IFA_LABEL:
        extra.label = dec.str();
        break;
      case IFA_FLAGS:
        flags = dec.u32();
        break;
      case IFA_CACHEINFO: {
        const c = new StructReader(dec.bytes());
        extra.preferredLifetime = c.u32();
        extra.validLifetime = c.u32();
        break;
      }
    }
  }
  dec.finish();
  const ip = local ?? address;
  if (ip === undefined) throw new RangeError(`Cannot decode address on link ${index}: no IFA_LOCAL or IFA_ADDRESS`);
  if (address !== undefined && local !== undefined && !address.equals(local)) extra.peer = address;
  return {
    index,
    family,
    prefix: `${ip}/${prefixLen}`,
    ip,
    prefixLen,
    scope,
    flags,
    tentative: (flags & IFA_F_TENTATIVE) !== 0,
    dadFailed: (flags & IFA_F_DADFAILED) !== 0,
    deprecated: (flags & IFA_F_DEPRECATED) !== 0,
    permanent: (flags & IFA_F_PERMANENT) !== 0,
    ...extra,
  };
}

/** Filters of `addrList`. */
export interface AddressListOptions {
  /** Only this family. */
  family?: Family;
  /** Only addresses on this link. */
  index?: number;
}

/** Lists addresses (`ip addr show [dev <index>]`, `ip -4`/`-6`). */
export function addrList(conn: NetlinkConn, options: AddressListOptions = {}): Address[] {
  const data = new StructWriter(IFADDRMSG_LEN).u8(afOf(options.family)).skip(3).u32(0).bytes();
  const out: Address[] = [];
  for (const msg of conn.dump("list addresses", { type: RTM_GETADDR, data })) {
    const a = decodeAddress(msg.data);
    if (a === undefined) continue;
    if (options.index !== undefined && a.index !== options.index) continue;
    out.push(a);
  }
  return out;
}

/** Adds an address (`ip addr add <prefix> dev <index> [nodad] [noprefixroute]`); NetlinkError EEXIST if present. */
export function addrAdd(
  conn: NetlinkConn,
  index: number,
  prefix: Prefix | string,
  options: AddressOptions = {},
): void {
  conn.request(`add address ${prefix} to link ${index}`, {
    type: RTM_NEWADDR,
    flags: NLM_F_CREATE | (options.replace ? NLM_F_REPLACE : NLM_F_EXCL),
    data: encodeAddrAdd(index, prefix, options),
  });
}

/** Removes an address (`ip addr del <prefix> dev <index>`); NetlinkError EADDRNOTAVAIL when absent. */
export function addrDel(conn: NetlinkConn, index: number, prefix: Prefix | string): void {
  conn.request(`delete address ${prefix} from link ${index}`, {
    type: RTM_DELADDR,
    data: encodeAddrDel(index, prefix),
  });
}
