/**
 * How `cnitool route ls` shows a route: one JSON shape with stable field names (see {@linkcode RouteView}) and a
 * table with the columns DEST GATEWAY DEV SRC SCOPE TABLE. Numbers the kernel uses are printed as `ip route` names
 * them (rtnetlink(7)); unknown ones as their number.
 * @module
 */
import type { Link, Route } from "../../netlink/mod.ts";
import { formatTable } from "./table.ts";

/** A route as cnitool prints it with `--json`; absent values are null, never missing. */
export interface RouteView {
  /** Destination prefix ("10.0.0.0/24"), or "default". */
  dest: string;
  /** 4 or 6. */
  family: number;
  /** Next hop, null for a directly connected route. */
  gateway: string | null;
  /** Output interface name, null when the route has none. */
  dev: string | null;
  /** Preferred source address (`src` in `ip route`), null when unset. */
  src: string | null;
  /** "universe", "site", "link", "host", "nowhere" or a number as text. */
  scope: string;
  /** Routing table id (254 is main, 255 local). */
  table: number;
  /** "kernel", "boot", "static", "dhcp", "ra", … or a number as text. */
  protocol: string;
  /** "unicast", "local", "broadcast", "blackhole", "unreachable", … or a number as text. */
  type: string;
  /** Metric, null when the kernel reported none. */
  metric: number | null;
}

const SCOPES: Record<number, string> = { 0: "universe", 200: "site", 253: "link", 254: "host", 255: "nowhere" };
const PROTOCOLS: Record<number, string> = {
  1: "redirect",
  2: "kernel",
  3: "boot",
  4: "static",
  9: "ra",
  16: "dhcp",
};
const TYPES: Record<number, string> = {
  1: "unicast",
  2: "local",
  3: "broadcast",
  4: "anycast",
  5: "multicast",
  6: "blackhole",
  7: "unreachable",
  8: "prohibit",
  9: "throw",
};
const TABLES: Record<number, string> = { 253: "default", 254: "main", 255: "local" };

/** Builds the view of `route`, naming its output interface from `links`. */
export function routeView(route: Route, links: readonly Link[]): RouteView {
  return {
    dest: route.dst === undefined || route.dst.bits === 0 && route.dst.ip.isUnspecified
      ? "default"
      : route.dst.network().toString(),
    family: route.family,
    gateway: route.gateway?.toString() ?? null,
    dev: route.oif === undefined ? null : links.find((l) => l.index === route.oif)?.name ?? String(route.oif),
    src: route.prefsrc?.toString() ?? null,
    scope: SCOPES[route.scope] ?? String(route.scope),
    table: route.table,
    protocol: PROTOCOLS[route.protocol] ?? String(route.protocol),
    type: TYPES[route.type] ?? String(route.type),
    metric: route.priority ?? null,
  };
}

/** The table header of {@linkcode formatRoutes}. */
export const ROUTE_COLUMNS: readonly string[] = ["DEST", "GATEWAY", "DEV", "SRC", "SCOPE", "TABLE"];

/** Formats routes as an aligned table; a non-unicast route shows its type before the destination. */
export function formatRoutes(views: readonly RouteView[]): string {
  return formatTable(
    ROUTE_COLUMNS,
    views.map((v) => [
      v.type === "unicast" ? v.dest : `${v.type} ${v.dest}`,
      v.gateway ?? "",
      v.dev ?? "",
      v.src ?? "",
      v.scope,
      TABLES[v.table] ?? String(v.table),
    ]),
  );
}
