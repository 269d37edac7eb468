/**
 * Filter verbs over a {@linkcode NetlinkConn} (rtnetlink): add, replace, delete and list, as `tc filter`.
 * @module
 */
import type { NetlinkConn } from "../wire/mod.ts";
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../wire/netlink_consts.ts";
import { RTM_DELTFILTER, RTM_GETTFILTER, RTM_NEWTFILTER } from "../wire/rtnetlink_consts.ts";
import { decodeFilter, encodeFilter, encodeFilterRef, type Filter } from "./filter.ts";
import { formatHandle } from "./tcmsg.ts";

/** Which filters a delete or list names: a link and parent, narrowed by priority, protocol and handle when set. */
export type FilterRef = Pick<Filter, "index" | "parent"> & Partial<Pick<Filter, "handle" | "priority" | "protocol">>;

function describe(filter: FilterRef & { kind?: string }): string {
  const kind = filter.kind === undefined ? "" : `${filter.kind} `;
  const prio = filter.priority ? ` prio ${filter.priority}` : "";
  return `${kind}filter${prio} (parent ${formatHandle(filter.parent)}) on link ${filter.index}`;
}

/** Adds a filter (`tc filter add dev <index> parent <parent> protocol <proto> prio <prio> <kind> …`). */
export function filterAdd(conn: NetlinkConn, filter: Filter): void {
  conn.request(`add ${describe(filter)}`, {
    type: RTM_NEWTFILTER,
    flags: NLM_F_CREATE | NLM_F_EXCL,
    data: encodeFilter(filter),
  });
}

/** Adds or replaces a filter (`tc filter replace dev <index> parent <parent> … <kind> …`). */
export function filterReplace(conn: NetlinkConn, filter: Filter): void {
  conn.request(`replace ${describe(filter)}`, {
    type: RTM_NEWTFILTER,
    flags: NLM_F_CREATE | NLM_F_REPLACE,
    data: encodeFilter(filter),
  });
}

/**
 * Deletes filters (`tc filter del dev <index> parent <parent> [prio <prio> [protocol <proto> handle <h> <kind>]]`);
 * with only link and parent it removes all of them. NetlinkError ENOENT when none matches.
 */
export function filterDel(conn: NetlinkConn, ref: FilterRef & { kind?: string }): void {
  conn.request(`delete ${describe(ref)}`, { type: RTM_DELTFILTER, data: encodeFilterRef(ref) });
}

/**
 * Lists the filters of link `ref.index` attached to `ref.parent` (`tc filter show dev <index> parent <parent>`);
 * parent 0 means the root qdisc. A u32 filter also reports its hash table as an entry with a divisor.
 */
export function filterList(conn: NetlinkConn, ref: Pick<Filter, "index"> & { parent?: number }): Filter[] {
  const parent = ref.parent ?? 0;
  const messages = conn.dump(`list filters (parent ${formatHandle(parent)}) of link ${ref.index}`, {
    type: RTM_GETTFILTER,
    data: encodeFilterRef({ index: ref.index, parent }),
  });
  return messages.filter((m) => m.type === RTM_NEWTFILTER).map((m) => decodeFilter(m.data));
}
