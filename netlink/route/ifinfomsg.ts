/**
 * struct ifinfomsg and the link attributes shared by RTM_NEWLINK requests and veth peers: one encoder, so `linkAdd`,
 * `linkSet` and the veth driver write them the same way.
 * @module
 */
import type { MAC } from "../../addr/mod.ts";
import type { AttributeEncoder } from "../wire/attribute_encoder.ts";
import { StructReader } from "../wire/struct_reader.ts";
import { StructWriter } from "../wire/struct_writer.ts";
import {
  IFINFOMSG_LEN,
  IFLA_ADDRESS,
  IFLA_GROUP,
  IFLA_IFALIAS,
  IFLA_IFNAME,
  IFLA_LINK,
  IFLA_MASTER,
  IFLA_MTU,
  IFLA_NET_NS_FD,
  IFLA_NET_NS_PID,
  IFLA_NUM_RX_QUEUES,
  IFLA_NUM_TX_QUEUES,
  IFLA_TXQLEN,
} from "../wire/rtnetlink_consts.ts";
import { toMac } from "./_family.ts";

/** The fixed header of every link message. */
export interface IfInfoMsg {
  /** Address family: AF_UNSPEC for links, AF_BRIDGE for bridge port and VLAN requests. */
  family: number;
  /** Hardware type (ARPHRD_*), set by the kernel. */
  type: number;
  /** Interface index, 0 when unknown. */
  index: number;
  /** IFF_* flags. */
  flags: number;
  /** Which IFF_* flags to change. */
  change: number;
}

/** Encodes an ifinfomsg (16 bytes). */
export function encodeIfInfoMsg(msg: Partial<IfInfoMsg>): Uint8Array<ArrayBuffer> {
  return new StructWriter(IFINFOMSG_LEN).u8(msg.family ?? 0).u8(0).u16(msg.type ?? 0).i32(msg.index ?? 0)
    .u32(msg.flags ?? 0).u32(msg.change ?? 0).bytes();
}

/** Decodes an ifinfomsg and returns it with the attribute bytes that follow. */
export function decodeIfInfoMsg(data: Uint8Array): { header: IfInfoMsg; attrs: Uint8Array } {
  const r = new StructReader(data);
  const family = r.u8();
  r.skip(1);
  const header = { family, type: r.u16(), index: r.i32(), flags: r.u32(), change: r.u32() };
  return { header, attrs: r.rest() };
}

/** Link attributes a request may set; an unset field sends no attribute. */
export interface LinkAttributes {
  /** IFLA_IFNAME: the name (at most 15 bytes). */
  name?: string | undefined;
  /** IFLA_MTU. */
  mtu?: number | undefined;
  /** IFLA_ADDRESS: the hardware address. */
  mac?: MAC | string | undefined;
  /** IFLA_TXQLEN. */
  txqlen?: number | undefined;
  /** IFLA_MASTER: the master's index, 0 (or null) to release the link from its master. */
  master?: number | null | undefined;
  /** IFLA_LINK: the lower device (macvlan, ipvlan, vlan parent). */
  parentIndex?: number | undefined;
  /** IFLA_NET_NS_FD: move/create the link in the namespace this fd refers to. */
  netnsFd?: number | undefined;
  /** IFLA_NET_NS_PID: move/create the link in the namespace of this process. */
  netnsPid?: number | undefined;
  /** IFLA_IFALIAS: a free-text alias ("" clears it). */
  alias?: string | undefined;
  /** IFLA_GROUP: the device group. */
  group?: number | undefined;
  /** IFLA_NUM_TX_QUEUES (creation only). */
  numTxQueues?: number | undefined;
  /** IFLA_NUM_RX_QUEUES (creation only). */
  numRxQueues?: number | undefined;
}

/** Maximum interface name length in bytes (IFNAMSIZ - 1). */
export const IFNAME_MAX = 15;

/** Throws TypeError unless `name` is a valid interface name (1–15 bytes, no "/", ":" or whitespace, not "." or ".."). */
export function checkLinkName(name: string): void {
  const length = new TextEncoder().encode(name).length;
  if (length === 0 || length > IFNAME_MAX || /[\s/:]/.test(name) || name === "." || name === "..") {
    throw new TypeError(`Cannot use link name ${JSON.stringify(name)}: must be 1-15 bytes without "/", ":" or spaces`);
  }
}

/** Writes the set fields of `attrs`; throws TypeError for an invalid name. */
export function encodeLinkAttributes(enc: AttributeEncoder, attrs: LinkAttributes): void {
  if (attrs.name !== undefined) {
    checkLinkName(attrs.name);
    enc.str(IFLA_IFNAME, attrs.name);
  }
  if (attrs.mtu !== undefined) enc.u32(IFLA_MTU, attrs.mtu);
  if (attrs.mac !== undefined) enc.bytes(IFLA_ADDRESS, toMac(attrs.mac).bytes);
  if (attrs.txqlen !== undefined) enc.u32(IFLA_TXQLEN, attrs.txqlen);
  if (attrs.master !== undefined) enc.u32(IFLA_MASTER, attrs.master ?? 0);
  if (attrs.parentIndex !== undefined) enc.u32(IFLA_LINK, attrs.parentIndex);
  if (attrs.netnsFd !== undefined) enc.u32(IFLA_NET_NS_FD, attrs.netnsFd);
  if (attrs.netnsPid !== undefined) enc.u32(IFLA_NET_NS_PID, attrs.netnsPid);
  if (attrs.alias !== undefined) enc.str(IFLA_IFALIAS, attrs.alias);
  if (attrs.group !== undefined) enc.u32(IFLA_GROUP, attrs.group);
  if (attrs.numTxQueues !== undefined) enc.u32(IFLA_NUM_TX_QUEUES, attrs.numTxQueues);
  if (attrs.numRxQueues !== undefined) enc.u32(IFLA_NUM_RX_QUEUES, attrs.numRxQueues);
}
