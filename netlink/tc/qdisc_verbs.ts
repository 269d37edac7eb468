/**
 * Qdisc verbs over a {@linkcode NetlinkConn} (rtnetlink): add, replace, change, delete and list, as `tc qdisc`.
 * @module
 */
import type { NetlinkConn } from "../wire/mod.ts";
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../wire/netlink_consts.ts";
import { RTM_DELQDISC, RTM_GETQDISC, RTM_NEWQDISC } from "../wire/rtnetlink_consts.ts";
import { decodeQdisc, encodeQdisc, encodeQdiscRef, type Qdisc } from "./qdisc.ts";
import { encodeTcmsg, formatHandle } from "./tcmsg.ts";

function describe(qdisc: Pick<Qdisc, "index" | "handle" | "parent"> & { kind?: string }): string {
  const kind = qdisc.kind === undefined ? "" : `${qdisc.kind} `;
  return `${kind}qdisc ${formatHandle(qdisc.handle)} (parent ${formatHandle(qdisc.parent)}) on link ${qdisc.index}`;
}

/** Adds a qdisc (`tc qdisc add dev <index> parent <parent> handle <handle> <kind> …`); NetlinkError EEXIST when taken. */
export function qdiscAdd(conn: NetlinkConn, qdisc: Qdisc): void {
  conn.request(`add ${describe(qdisc)}`, {
    type: RTM_NEWQDISC,
    flags: NLM_F_CREATE | NLM_F_EXCL,
    data: encodeQdisc(qdisc),
  });
}

/** Adds or replaces the qdisc at `parent` (`tc qdisc replace dev <index> parent <parent> handle <handle> <kind> …`). */
export function qdiscReplace(conn: NetlinkConn, qdisc: Qdisc): void {
  conn.request(`replace ${describe(qdisc)}`, {
    type: RTM_NEWQDISC,
    flags: NLM_F_CREATE | NLM_F_REPLACE,
    data: encodeQdisc(qdisc),
  });
}

/** Changes an existing qdisc's options in place (`tc qdisc change dev <index> … <kind> …`); ENOENT when absent. */
export function qdiscChange(conn: NetlinkConn, qdisc: Qdisc): void {
  conn.request(`change ${describe(qdisc)}`, { type: RTM_NEWQDISC, data: encodeQdisc(qdisc) });
}

/**
 * Deletes a qdisc (`tc qdisc del dev <index> parent <parent> handle <handle>`). When it is already gone the kernel
 * answers ENOENT, or EINVAL "Invalid handle" for a root qdisc (the default qdisc is back there).
 */
export function qdiscDel(conn: NetlinkConn, qdisc: Pick<Qdisc, "index" | "handle" | "parent">): void {
  conn.request(`delete ${describe(qdisc)}`, { type: RTM_DELQDISC, data: encodeQdiscRef(qdisc) });
}

/** Lists the qdiscs of link `index`, or of every link when it is omitted (`tc qdisc show [dev <index>]`). */
export function qdiscList(conn: NetlinkConn, index?: number): Qdisc[] {
  const what = index === undefined ? "list qdiscs" : `list qdiscs of link ${index}`;
  const messages = conn.dump(what, {
    type: RTM_GETQDISC,
    data: encodeTcmsg({ index: index ?? 0, handle: 0, parent: 0, info: 0 }),
  });
  return messages
    .filter((m) => m.type === RTM_NEWQDISC)
    .map((m) => decodeQdisc(m.data))
    .filter((q) => index === undefined || q.index === index);
}
