/**
 * The tc objects the bandwidth plugin creates, read and removes: a root tbf on the host veth for traffic to the
 * container, and for traffic from it an ingress qdisc + u32/mirred redirect to an IFB device that carries a tbf.
 * @module
 */
import { CniError, ERR_INTERNAL, ERR_INVALID_NETCONF } from "../../cni/mod.ts";
import { isNotFound, type Rtnl } from "../../netlink/mod.ts";
import {
  filterAdd,
  ingressQdisc,
  makeHandle,
  pschedClock,
  type Qdisc,
  qdiscAdd,
  qdiscDel,
  qdiscList,
  redirectFilter,
  tbfForRate,
  type TbfOptions,
  tbfQdisc,
  TC_H_INGRESS,
  TC_H_ROOT,
} from "../../netlink/tc/mod.ts";

/** The tbf parameters for a rate (bits/s) and burst (bits). Throws CniError 7 when they round to zero. */
export function tbfFor(rateBits: number, burstBits: number): Pick<TbfOptions, "rate" | "buffer" | "limit"> {
  try {
    return tbfForRate(rateBits, burstBits, { tickInUsec: pschedClock().tickInUsec });
  } catch (err) {
    if (err instanceof RangeError) throw new CniError(ERR_INVALID_NETCONF, err.message, { cause: err });
    throw err;
  }
}

/** Adds the root tbf to link `index`. Equivalent to `tc qdisc add dev <index> root handle 1: tbf rate … burst …`. */
export function addTbf(rtnl: Rtnl, index: number, tbf: Pick<TbfOptions, "rate" | "buffer" | "limit">): void {
  try {
    qdiscAdd(rtnl.conn, tbfQdisc(index, tbf));
  } catch (err) {
    throw new CniError(ERR_INTERNAL, `create qdisc: ${(err as Error).message}`, { cause: err });
  }
}

/** Redirects everything arriving on link `index` to the IFB `ifbIndex` (ingress qdisc + u32 filter with mirred). */
export function addRedirect(rtnl: Rtnl, index: number, ifbIndex: number): void {
  try {
    qdiscAdd(rtnl.conn, ingressQdisc(index));
  } catch (err) {
    throw new CniError(ERR_INTERNAL, `create ingress qdisc: ${(err as Error).message}`, { cause: err });
  }
  try {
    filterAdd(rtnl.conn, redirectFilter(index, ifbIndex));
  } catch (err) {
    throw new CniError(ERR_INTERNAL, `add filter: ${(err as Error).message}`, { cause: err });
  }
}

/** The root tbf (handle 1:) of link `index`, or undefined. */
export function rootTbf(rtnl: Rtnl, index: number): Qdisc | undefined {
  return qdiscList(rtnl.conn, index).find((q) => q.kind === "tbf" && q.parent === TC_H_ROOT);
}

/** Throws CniError 999 (the reference's messages) unless link `index` has a root tbf with exactly these parameters. */
export function checkTbf(rtnl: Rtnl, index: number, expected: Pick<TbfOptions, "rate" | "buffer" | "limit">): void {
  const tbf = rootTbf(rtnl, index)?.tbf;
  if (!tbf) throw new CniError(ERR_INTERNAL, "Failed to find qdisc");
  if (tbf.rate !== expected.rate) throw new CniError(ERR_INTERNAL, "Rate doesn't match");
  if (tbf.limit !== expected.limit) throw new CniError(ERR_INTERNAL, "Limit doesn't match");
  if (tbf.buffer !== expected.buffer) throw new CniError(ERR_INTERNAL, "Buffer doesn't match");
}

/**
 * Removes the plugin's qdiscs from link `index` (its root tbf 1: and the ingress qdisc, which takes the redirect
 * filter with it); what is already gone is fine.
 */
export function removeShaping(rtnl: Rtnl, index: number): void {
  for (const q of qdiscList(rtnl.conn, index)) {
    const ours = (q.kind === "tbf" && q.parent === TC_H_ROOT && q.handle === makeHandle(1, 0)) ||
      (q.kind === "ingress" && q.parent === TC_H_INGRESS);
    if (!ours) continue;
    try {
      qdiscDel(rtnl.conn, q);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
