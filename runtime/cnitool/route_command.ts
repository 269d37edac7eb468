/**
 * `cnitool route add|rm|ls NETNS …`: manage a running container's routes over our netlink (runv's proposal, seed
 * 000). Tables for people, `--json` for programs.
 * @module
 */
import { parseFlags } from "./parse_flags.ts";
import { type Family, Prefix } from "../../addr/mod.ts";
import { type Route, type RouteSpec, Rtnl } from "../../netlink/mod.ts";
import type { CnitoolIo } from "./cnitool_io.ts";
import { openContainerNetns } from "./container_netns.ts";
import { cidrFlag, ifnameFlag, ipFlag, UsageError } from "./flag_value.ts";
import { formatRoutes, type RouteView, routeView } from "./route_view.ts";
import { printOutput, runCommandGroup } from "./run_subcommand.ts";

/** Usage of `cnitool route`, with the JSON field names. */
export const ROUTE_USAGE = `Usage: cnitool route <command> NETNS [arguments] [--json]

  add NETNS --dest CIDR|default [--dev IF] [--gateway IP] [--src IP]   add a route to the main table
  rm  NETNS DEST [--dev IF]     remove every main-table route to DEST (a CIDR or "default"), or only those via IF
  ls  NETNS [--table main|local|all|N]   list routes (default: the main table): DEST GATEWAY DEV SRC SCOPE TABLE

NETNS is a path or a name under /var/run/netns. --src is the preferred source address ("src" in ip route).
--json prints, for add, the route added; for rm, the routes removed; for ls, the routes; each:
  {"dest": "10.0.0.0/24"|"default", "family": 4|6, "gateway": string|null, "dev": string|null, "src": string|null,
   "scope": "universe"|"link"|"host"|..., "table": number, "protocol": string, "type": string, "metric": number|null}
`;

const COMMON = { json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;
const MAIN_TABLE = 254;
const LOCAL_TABLE = 255;

/** Runs `cnitool route …` with `args` after the word "route"; returns the exit status. */
export function runRouteCommand(args: readonly string[], io: CnitoolIo): number {
  return runCommandGroup({ name: "route", usage: ROUTE_USAGE, commands: { add, rm: remove, ls: list } }, args, io);
}

/** Parses a destination: "default" (of `family`) or a CIDR whose host bits are zero. */
function destFlag(flag: string, text: string, family: Family | undefined): Prefix | "default" {
  if (text === "default") return "default";
  const prefix = cidrFlag(flag, text);
  if (!prefix.network().ip.equals(prefix.ip)) {
    throw new UsageError(`Cannot use ${flag} "${text}": host bits are set (did you mean ${prefix.network()}?)`);
  }
  if (family !== undefined && prefix.family !== family) {
    throw new UsageError(`Cannot use ${flag} "${text}": the gateway or source is IPv${family}`);
  }
  return prefix;
}

function add(args: string[], io: CnitoolIo): void {
  const { values, positionals } = parseFlags(args, {
    ...COMMON,
    dest: { type: "string" },
    dev: { type: "string" },
    src: { type: "string" },
    gateway: { type: "string" },
  });
  if (positionals.length !== 1) throw new UsageError(`expected NETNS, got ${positionals.length} argument(s)`);
  if (values.dest === undefined) throw new UsageError("--dest CIDR|default is required");
  const gateway = values.gateway === undefined ? undefined : ipFlag("--gateway", values.gateway);
  const src = values.src === undefined ? undefined : ipFlag("--src", values.src);
  const dev = values.dev === undefined ? undefined : ifnameFlag("--dev", values.dev);
  if (gateway !== undefined && src !== undefined && gateway.family !== src.family) {
    throw new UsageError(`Cannot use --gateway "${gateway}" with --src "${src}": different IP families`);
  }
  const dest = destFlag("--dest", values.dest, gateway?.family ?? src?.family);
  if (dev === undefined && gateway === undefined) throw new UsageError("give --dev IF, --gateway IP or both");
  const family = dest === "default" ? gateway?.family ?? src?.family ?? 4 : dest.family;
  using netns = openContainerNetns(positionals[0]!);
  using rtnl = Rtnl.open({ netns });
  const label = dest === "default" ? "default" : dest.toString();
  const added = inNetns(`Cannot add route "${label}" to netns "${netns.path}"`, () => {
    const oif = dev === undefined ? undefined : rtnl.linkGet(dev).index;
    const dst = dest === "default" ? Prefix.parse(family === 4 ? "0.0.0.0/0" : "::/0") : dest;
    rtnl.routeAdd({
      dst,
      ...(gateway && { gateway }),
      ...(oif !== undefined && { oif }),
      ...(src && { prefsrc: src }),
    });
    return matching(rtnl, { dest: label, family, ...(oif !== undefined && { oif }) })
      .filter((r) => gateway === undefined || r.gateway?.equals(gateway));
  });
  const views = viewsOf(rtnl, added);
  printOutput(io, { json: values.json ?? false, value: views[0] ?? null, text: () => formatRoutes(views) });
}

function remove(args: string[], io: CnitoolIo): void {
  const { values, positionals } = parseFlags(args, { ...COMMON, dev: { type: "string" } });
  if (positionals.length !== 2) throw new UsageError(`expected NETNS DEST, got ${positionals.length} argument(s)`);
  const dest = destFlag("DEST", positionals[1]!, undefined);
  const dev = values.dev === undefined ? undefined : ifnameFlag("--dev", values.dev);
  using netns = openContainerNetns(positionals[0]!);
  using rtnl = Rtnl.open({ netns });
  const label = dest === "default" ? "default" : dest.toString();
  const removed = inNetns(`Cannot remove route "${label}" from netns "${netns.path}"`, () => {
    const oif = dev === undefined ? undefined : rtnl.linkGet(dev).index;
    const routes = matching(rtnl, {
      dest: label,
      ...(dest !== "default" && { family: dest.family }),
      ...(oif !== undefined && { oif }),
    });
    if (routes.length === 0) throw new Error("no such route (ESRCH)");
    const views = viewsOf(rtnl, routes);
    for (const route of routes) rtnl.routeDel(specOf(route));
    return views;
  });
  printOutput(io, { json: values.json ?? false, value: removed, text: () => formatRoutes(removed) });
}

function list(args: string[], io: CnitoolIo): void {
  const { values, positionals } = parseFlags(args, { ...COMMON, table: { type: "string" } });
  if (positionals.length !== 1) throw new UsageError(`expected NETNS, got ${positionals.length} argument(s)`);
  const table = tableFlag(values.table ?? "main");
  using netns = openContainerNetns(positionals[0]!);
  using rtnl = Rtnl.open({ netns });
  const routes = rtnl.routeList({ table }).toSorted((a, b) => a.family - b.family);
  const views = viewsOf(rtnl, routes);
  printOutput(io, { json: values.json ?? false, value: views, text: () => formatRoutes(views) });
}

function tableFlag(text: string): number | "all" {
  if (text === "all") return "all";
  if (text === "main") return MAIN_TABLE;
  if (text === "local") return LOCAL_TABLE;
  const id = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(id >= 1 && id <= 0xffffffff)) {
    throw new UsageError(`Cannot use --table "${text}": expected main, local, all or a table id`);
  }
  return id;
}

/** Main-table routes whose destination is `dest` ("default" or a network CIDR), optionally of one family or link. */
function matching(rtnl: Rtnl, filter: { dest: string; family?: Family; oif?: number }): Route[] {
  const routes = rtnl.routeList({ table: MAIN_TABLE, ...(filter.family && { family: filter.family }) });
  return routes.filter((r) =>
    routeView(r, []).dest === filter.dest && (filter.oif === undefined || r.oif === filter.oif)
  );
}

/** The delete request for exactly `route`. */
function specOf(route: Route): RouteSpec {
  return {
    family: route.family,
    table: route.table,
    ...(route.dst && { dst: route.dst }),
    ...(route.gateway && { gateway: route.gateway }),
    ...(route.oif !== undefined && { oif: route.oif }),
    ...(route.priority !== undefined && { priority: route.priority }),
    protocol: route.protocol,
    type: route.type,
  };
}

function viewsOf(rtnl: Rtnl, routes: readonly Route[]): RouteView[] {
  const links = rtnl.linkList();
  return routes.map((r) => routeView(r, links));
}

function inNetns<T>(message: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`${message}: ${reason}`, { cause: err });
  }
}
