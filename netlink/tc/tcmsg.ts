/**
 * The traffic-control message header (struct tcmsg, linux/rtnetlink.h), tc handles and the top-level TCA_*
 * attributes shared by qdisc and filter messages.
 *
 * @example
 * ```ts
 * import { decodeTcmsg, encodeTcmsg, formatHandle, TC_H_INGRESS } from "./tcmsg.ts";
 * const bytes = encodeTcmsg({ index: 3, handle: 0xffff0000, parent: TC_H_INGRESS, info: 0 });
 * console.assert(bytes.length === 20 && decodeTcmsg(bytes).index === 3 && formatHandle(TC_H_INGRESS) === "ffff:fff1");
 * ```
 * @module
 */
import { StructReader, StructWriter } from "../wire/mod.ts";

/** Size of struct tcmsg. */
export const TCMSG_LEN = 20;

/** Top-level attribute: the qdisc, class, filter or action kind (string). */
export const TCA_KIND = 1;
/** Top-level attribute: the kind's own options (nested, or a struct for some kinds). */
export const TCA_OPTIONS = 2;
/** Top-level attribute: legacy statistics (struct tc_stats). */
export const TCA_STATS = 3;
/** Top-level attribute: kind-specific statistics. */
export const TCA_XSTATS = 4;
/** Top-level attribute: rate estimator. */
export const TCA_RATE = 5;
/** Top-level attribute: statistics (nested TCA_STATS_*). */
export const TCA_STATS2 = 7;
/** Top-level attribute: filter chain index (u32). */
export const TCA_CHAIN = 11;
/** Top-level attribute: offloaded to hardware (u8). */
export const TCA_HW_OFFLOAD = 12;

/** Parent of a root qdisc. */
export const TC_H_ROOT = 0xffffffff;
/** Parent of the ingress and clsact qdiscs. */
export const TC_H_INGRESS = 0xfffffff1;
/** Parent of the clsact qdisc (the same value as TC_H_INGRESS). */
export const TC_H_CLSACT = TC_H_INGRESS;
/** Minor of clsact's ingress hook: filters go on parent ffff:fff2. */
export const TC_H_MIN_INGRESS = 0xfff2;
/** Minor of clsact's egress hook: filters go on parent ffff:fff3. */
export const TC_H_MIN_EGRESS = 0xfff3;
/** No handle: let the kernel pick one. */
export const TC_H_UNSPEC = 0;

/** The fixed header of every qdisc, class and filter message. */
export interface Tcmsg {
  /** tcm_family; AF_UNSPEC (0) unless set. */
  family?: number;
  /** tcm_ifindex: the link. */
  index: number;
  /** tcm_handle: this object's handle (major:minor). */
  handle: number;
  /** tcm_parent: the parent's handle, or TC_H_ROOT / TC_H_INGRESS. */
  parent: number;
  /** tcm_info: for filters, priority << 16 | protocol in network order; 0 for qdiscs. */
  info: number;
}

/** Encodes a struct tcmsg. */
export function encodeTcmsg(msg: Tcmsg): Uint8Array<ArrayBuffer> {
  return new StructWriter(TCMSG_LEN)
    .u8(msg.family ?? 0)
    .skip(3)
    .i32(msg.index)
    .u32(msg.handle)
    .u32(msg.parent)
    .u32(msg.info)
    .bytes();
}

/** Decodes the struct tcmsg at the start of `data`; throws RangeError when it is too short. */
export function decodeTcmsg(data: Uint8Array): Tcmsg {
  const r = new StructReader(data);
  const family = r.u8();
  r.skip(3);
  return { family, index: r.i32(), handle: r.u32(), parent: r.u32(), info: r.u32() };
}

/** Builds a tc handle from its 16-bit major and minor, as `MakeHandle` / `TC_H_MAKE`. */
export function makeHandle(major: number, minor: number): number {
  return (((major & 0xffff) << 16) | (minor & 0xffff)) >>> 0;
}

/** Formats a handle as tc prints it: "1:0", "ffff:fff1", "root" for TC_H_ROOT, "none" for 0. */
export function formatHandle(handle: number): string {
  if (handle === TC_H_ROOT) return "root";
  if (handle === TC_H_UNSPEC) return "none";
  return `${(handle >>> 16).toString(16)}:${(handle & 0xffff).toString(16)}`;
}
