/**
 * Routes (RTM_NEWROUTE/DELROUTE/GETROUTE over struct rtmsg): the decoded {@linkcode Route}, the {@linkcode RouteSpec}
 * callers pass, and the route verbs.
 * @module
 */
import { type Family, type IP, Prefix } from "../../addr/mod.ts";
import { AttributeDecoder } from "../wire/attribute_decoder.ts";
import { AttributeEncoder } from "../wire/attribute_encoder.ts";
import type { NetlinkConn } from "../wire/netlink_conn.ts";
import { NLA_F_NESTED, NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../wire/netlink_consts.ts";
import { StructReader } from "../wire/struct_reader.ts";
import { StructWriter } from "../wire/struct_writer.ts";
import {
  RT_SCOPE_HOST,
  RT_SCOPE_LINK,
  RT_SCOPE_NOWHERE,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_MAIN,
  RT_TABLE_UNSPEC,
  RTA_DST,
  RTA_GATEWAY,
  RTA_IIF,
  RTA_METRICS,
  RTA_OIF,
  RTA_PREFSRC,
  RTA_PRIORITY,
  RTA_SRC,
  RTA_TABLE,
  RTAX_ADVMSS,
  RTAX_MTU,
  RTM_DELROUTE,
  RTM_F_CLONED,
  RTM_GETROUTE,
  RTM_NEWROUTE,
  RTMSG_LEN,
  RTN_LOCAL,
  RTN_UNICAST,
  RTNH_F_ONLINK,
  RTPROT_BOOT,
} from "../wire/rtnetlink_consts.ts";
import { afOf, familyOf, ipFromBytes, toIP, toPrefix } from "./_family.ts";

/** A route as the kernel reports it. */
export interface Route {
  /** 4 or 6. */
  family: Family;
  /** Destination; undefined for the default route. */
  dst?: Prefix;
  /** Source selector (RTA_SRC with rtm_src_len, IPv6 source routing). */
  src?: Prefix;
  /** Next hop (RTA_GATEWAY). */
  gateway?: IP;
  /** Output link index (RTA_OIF). */
  oif?: number;
  /** Input link index (RTA_IIF). */
  iif?: number;
  /** Table id (RTA_TABLE, or rtm_table). */
  table: number;
  /** Scope (0 universe, 253 link, 254 host). */
  scope: number;
  /** Protocol (2 kernel, 3 boot, 4 static). */
  protocol: number;
  /** Type (1 unicast, 2 local, 3 broadcast, 6 blackhole, 7 unreachable). */
  type: number;
  /** rtm_flags (RTNH_F_ONLINK = 4, …). */
  flags: number;
  /** Metric (RTA_PRIORITY). */
  priority?: number;
  /** Preferred source (RTA_PREFSRC). */
  prefsrc?: IP;
  /** RTAX_MTU from RTA_METRICS. */
  mtu?: number;
  /** RTAX_ADVMSS from RTA_METRICS. */
  advmss?: number;
}

/** A route to add, replace or delete; addresses may be addr/ values or text. */
export interface RouteSpec {
  /** Destination ("10.0.0.0/8"); omit for the default route of the gateway's family. */
  dst?: Prefix | string;
  /** Source selector (IPv6 `from`). */
  src?: Prefix | string;
  /** Next hop. */
  gateway?: IP | string;
  /** Output link index. */
  oif?: number;
  /** Table id (default main, 254); ids above 255 go in RTA_TABLE. */
  table?: number;
  /**
   * Scope. Default as `ip route`: host for local routes, link for a unicast route without gateway, universe
   * otherwise; for a delete, any scope matches.
   */
  scope?: number;
  /** Protocol (default boot, 3, as `ip route`). */
  protocol?: number;
  /** Type (default unicast). */
  type?: number;
  /** Metric (RTA_PRIORITY). */
  priority?: number;
  /** Preferred source address (`src` in `ip route`). */
  prefsrc?: IP | string;
  /** Path MTU metric. */
  mtu?: number;
  /** Advertised MSS metric. */
  advmss?: number;
  /** Gateway is on-link even if no prefix covers it (`onlink`). */
  onlink?: boolean;
  /** Family when neither dst nor gateway says it (e.g. deleting "any default route"). */
  family?: Family;
}

/**
 * The spec that recreates (or deletes) a route as it was read; spread it to change a field, e.g.
 * `{ ...routeSpecOf(route), table: 100 }` to copy it into another table.
 */
export function routeSpecOf(route: Route): RouteSpec {
  const spec: RouteSpec = {
    family: route.family,
    table: route.table,
    scope: route.scope,
    protocol: route.protocol,
    type: route.type,
  };
  if (route.dst) spec.dst = route.dst;
  if (route.src) spec.src = route.src;
  if (route.gateway) spec.gateway = route.gateway;
  if (route.oif !== undefined) spec.oif = route.oif;
  if (route.priority !== undefined) spec.priority = route.priority;
  if (route.prefsrc) spec.prefsrc = route.prefsrc;
  if (route.mtu !== undefined) spec.mtu = route.mtu;
  if (route.advmss !== undefined) spec.advmss = route.advmss;
  return spec;
}

function specFamily(spec: RouteSpec): Family {
  if (spec.dst !== undefined) return toPrefix(spec.dst).family;
  if (spec.gateway !== undefined) return toIP(spec.gateway).family;
  if (spec.family !== undefined) return spec.family;
  if (spec.prefsrc !== undefined) return toIP(spec.prefsrc).family;
  throw new TypeError("Cannot encode route: give dst, gateway or family");
}

function defaultScope(spec: RouteSpec, type: number, isDelete: boolean): number {
  if (spec.scope !== undefined) return spec.scope;
  if (isDelete) return RT_SCOPE_NOWHERE;
  if (type === RTN_LOCAL) return RT_SCOPE_HOST;
  if (type === RTN_UNICAST && spec.gateway === undefined) return RT_SCOPE_LINK;
  return RT_SCOPE_UNIVERSE;
}

/** Encodes the rtmsg + attributes of `spec` for RTM_NEWROUTE, or for RTM_DELROUTE when `isDelete`. */
export function encodeRoute(spec: RouteSpec, isDelete = false): Uint8Array {
  const family = specFamily(spec);
  const dst = spec.dst === undefined ? undefined : toPrefix(spec.dst);
  const src = spec.src === undefined ? undefined : toPrefix(spec.src);
  for (const p of [dst, src]) {
    if (p !== undefined && p.family !== family) throw new TypeError(`Cannot encode route: ${p} is not IPv${family}`);
  }
  const table = spec.table ?? RT_TABLE_MAIN;
  const type = spec.type ?? RTN_UNICAST;
  const header = new StructWriter(RTMSG_LEN)
    .u8(afOf(family))
    .u8(dst?.bits ?? 0)
    .u8(src?.bits ?? 0)
    .u8(0)
    .u8(table > 255 ? RT_TABLE_UNSPEC : table)
    .u8(isDelete && spec.protocol === undefined ? 0 : spec.protocol ?? RTPROT_BOOT)
    .u8(defaultScope(spec, type, isDelete))
    .u8(type)
    .u32(spec.onlink ? RTNH_F_ONLINK : 0)
    .bytes();
  const enc = new AttributeEncoder(header);
  if (dst !== undefined) enc.bytes(RTA_DST, dst.network().ip.bytes);
  if (src !== undefined) enc.bytes(RTA_SRC, src.network().ip.bytes);
  if (spec.gateway !== undefined) enc.bytes(RTA_GATEWAY, toIP(spec.gateway).bytes);
  if (spec.oif !== undefined) enc.u32(RTA_OIF, spec.oif);
  if (spec.priority !== undefined) enc.u32(RTA_PRIORITY, spec.priority);
  if (spec.prefsrc !== undefined) enc.bytes(RTA_PREFSRC, toIP(spec.prefsrc).bytes);
  if (table > 255) enc.u32(RTA_TABLE, table);
  if (spec.mtu !== undefined || spec.advmss !== undefined) {
    enc.nested(RTA_METRICS | NLA_F_NESTED, (m) => {
      if (spec.mtu !== undefined) m.u32(RTAX_MTU, spec.mtu);
      if (spec.advmss !== undefined) m.u32(RTAX_ADVMSS, spec.advmss);
    });
  }
  return enc.encode();
}

function prefixFrom(bytes: Uint8Array, bits: number): Prefix | undefined {
  const ip = ipFromBytes(bytes);
  return ip === undefined ? undefined : new Prefix(ip, bits);
}

/** Decodes an RTM_NEWROUTE payload; returns undefined for families other than IPv4/IPv6. */
export function decodeRoute(data: Uint8Array): Route | undefined {
  const r = new StructReader(data);
  const af = r.u8();
  const dstLen = r.u8();
  const srcLen = r.u8();
  r.skip(1); // tos
  let table = r.u8();
  const protocol = r.u8();
  const scope = r.u8();
  const type = r.u8();
  const flags = r.u32();
  const family = familyOf(af);
  if (family === undefined) return undefined;
  const route: Omit<Route, "table"> = { family, scope, protocol, type, flags };
  const dec = new AttributeDecoder(r.rest());
  while (dec.next()) {
    switch (dec.type) {
      case RTA_DST: {
        const p = prefixFrom(dec.bytes(), dstLen);
        if (p) route.dst = p;
        break;
      }
      case RTA_SRC: {
        const p = prefixFrom(dec.bytes(), srcLen);
        if (p) route.src = p;
        break;
      }
      case RTA_GATEWAY: {
        const ip = ipFromBytes(dec.bytes());
        if (ip) route.gateway = ip;
        break;
      }
      case RTA_PREFSRC: {
        const ip = ipFromBytes(dec.bytes());
        if (ip) route.prefsrc = ip;
        break;
      }
      case RTA_OIF:
        route.oif = dec.u32();
        break;
      case RTA_IIF:
        route.iif = dec.u32();
        break;
      case RTA_PRIORITY:
        route.priority = dec.u32();
        break;
      case RTA_TABLE:
        table = dec.u32();
        break;
      case RTA_METRICS:
        dec.nested((m) => {
          while (m.next()) {
            if (m.type === RTAX_MTU) route.mtu = m.u32();
            else if (m.type === RTAX_ADVMSS) route.advmss = m.u32();
          }
        });
        break;
    }
  }
  dec.finish();
  return { ...route, table };
}

/** Filters of `routeList`. */
export interface RouteListOptions {
  /** Only this family (default both). */
  family?: Family;
  /** Only this table (default main, 254), or "all". */
  table?: number | "all";
  /** Only routes through this output link. */
  oif?: number;
}

/** Lists routes (`ip route show [table <t>] [dev <oif>]`); cloned cache entries are skipped. */
export function routeList(conn: NetlinkConn, options: RouteListOptions = {}): Route[] {
  const data = new StructWriter(RTMSG_LEN).u8(afOf(options.family)).bytes();
  const table = options.table ?? RT_TABLE_MAIN;
  const out: Route[] = [];
  for (const msg of conn.dump("list routes", { type: RTM_GETROUTE, data })) {
    const route = decodeRoute(msg.data);
    if (route === undefined || (route.flags & RTM_F_CLONED) !== 0) continue;
    if (table !== "all" && route.table !== table) continue;
    if (options.oif !== undefined && route.oif !== options.oif) continue;
    out.push(route);
  }
  return out;
}

function describe(spec: RouteSpec): string {
  const dst = spec.dst === undefined ? "default" : String(spec.dst);
  const via = spec.gateway === undefined ? "" : ` via ${spec.gateway}`;
  const dev = spec.oif === undefined ? "" : ` dev ${spec.oif}`;
  return `route ${dst}${via}${dev}`;
}

/** Adds a route (`ip route add …`); NetlinkError EEXIST when an equal route exists. */
export function routeAdd(conn: NetlinkConn, spec: RouteSpec): void {
  conn.request(`add ${describe(spec)}`, {
    type: RTM_NEWROUTE,
    flags: NLM_F_CREATE | NLM_F_EXCL,
    data: encodeRoute(spec),
  });
}

/** Adds or replaces a route (`ip route replace …`). */
export function routeReplace(conn: NetlinkConn, spec: RouteSpec): void {
  conn.request(`replace ${describe(spec)}`, {
    type: RTM_NEWROUTE,
    flags: NLM_F_CREATE | NLM_F_REPLACE,
    data: encodeRoute(spec),
  });
}

/** Appends a route after existing ones with the same key (`ip route append …`). */
export function routeAppend(conn: NetlinkConn, spec: RouteSpec): void {
  conn.request(`append ${describe(spec)}`, {
    type: RTM_NEWROUTE,
    flags: NLM_F_CREATE | NLM_F_APPEND,
    data: encodeRoute(spec),
  });
}

/** Deletes a route (`ip route del …`); NetlinkError ESRCH when none matches. */
export function routeDel(conn: NetlinkConn, spec: RouteSpec): void {
  conn.request(`delete ${describe(spec)}`, { type: RTM_DELROUTE, data: encodeRoute(spec, true) });
}
