/**
 * sbr's netlink work: per-address `from <ip> lookup <table>` rules, a default route through the gateway in that
 * table, and the interface's main-table routes moved into it (default mode); only rules with a fixed `table`; and
 * removing the rules again on DEL.
 * @module
 */
import { IP, Prefix } from "../../addr/mod.ts";
import { CniError, ERR_INTERNAL, type IPConfig } from "../../cni/mod.ts";
import { routeSpecOf, type Rtnl } from "../../netlink/mod.ts";
import type { StaticGateways } from "./config.ts";
import { FIRST_TABLE_ID, nextFreeTable } from "./table_plan.ts";

const RT_TABLE_MAIN = 254;
const RT_SCOPE_LINK = 253;

/** Options of {@linkcode routeBySource}. */
export interface RouteBySourceOptions {
  /** The container interface. */
  ifname: string;
  /** Gateways that replace prevResult's, by family. */
  gateways: StaticGateways;
  /** Keep subnet routes in main with a `src` hint instead of moving everything (reference main branch). */
  addSourceHints: boolean;
}

function hostPrefix(ip: IP): Prefix {
  return Prefix.parse(`${ip}/${ip.family === 4 ? 32 : 128}`);
}

function fail(message: string, err: unknown): CniError {
  return new CniError(ERR_INTERNAL, `${message}: ${(err as Error).message}`, { cause: err });
}

/** Default mode: one table per address, starting at the first free table ≥ 100. */
export function routeBySource(rtnl: Rtnl, ips: readonly IPConfig[], options: RouteBySourceOptions): void {
  let rules, mainRoutes;
  try {
    rules = rtnl.ruleList();
  } catch (err) {
    throw fail("Failed to list all rules", err);
  }
  try {
    mainRoutes = rtnl.routeList();
  } catch (err) {
    throw fail("Failed to list all routes", err);
  }
  const used = new Set([...rules.map((rule) => rule.table), ...mainRoutes.map((route) => route.table)]);
  let table = nextFreeTable(used, FIRST_TABLE_ID);
  let link;
  try {
    link = rtnl.linkGet(options.ifname);
  } catch (err) {
    throw fail(`Cannot find network interface ${options.ifname}`, err);
  }
  const linkRoutes = rtnl.routeList({ oif: link.index });

  for (const ipConfig of ips) {
    const address = Prefix.parse(ipConfig.address);
    try {
      rtnl.ruleAdd({ src: hostPrefix(address.ip), table });
    } catch (err) {
      throw fail("Failed to add rule", err);
    }
    const isV4 = address.family === 4;
    const gateway = (isV4 ? options.gateways.v4 : options.gateways.v6) ??
      (ipConfig.gateway ? IP.parse(ipConfig.gateway) : undefined);
    if (gateway) {
      try {
        rtnl.routeAdd({ dst: isV4 ? "0.0.0.0/0" : "::/0", gateway, table, oif: link.index });
      } catch (err) {
        throw fail(`Failed to add default route to ${gateway}`, err);
      }
    }
    for (const route of linkRoutes) {
      const generic = route.prefsrc === undefined && route.gateway === undefined;
      const related = (route.prefsrc && address.contains(route.prefsrc)) ||
        (route.gateway && address.contains(route.gateway));
      if (!generic && !related) continue;
      try {
        rtnl.routeReplace({ ...routeSpecOf(route), table });
      } catch (err) {
        throw fail("Failed to readd route", err);
      }
    }
    used.add(table);
    table = nextFreeTable(used, table + 1);
  }

  if (options.addSourceHints) {
    for (const ipConfig of ips) {
      const address = Prefix.parse(ipConfig.address);
      try {
        rtnl.routeReplace({
          dst: address.network(),
          prefsrc: address.ip,
          table: RT_TABLE_MAIN,
          scope: RT_SCOPE_LINK,
          oif: link.index,
        });
      } catch {
        // The reference only warns here.
      }
    }
    for (const route of linkRoutes) {
      if (route.scope === RT_SCOPE_LINK) continue;
      try {
        rtnl.routeDel(routeSpecOf(route));
      } catch {
        // The reference only warns here.
      }
    }
    return;
  }
  for (const route of linkRoutes) {
    try {
      rtnl.routeDel(routeSpecOf(route));
    } catch (err) {
      throw fail("Failed to delete route", err);
    }
  }
}

/** Fixed-table mode: only `from <ip> lookup <table>` rules; routes are left alone. */
export function ruleToTable(rtnl: Rtnl, ips: readonly IPConfig[], table: number): void {
  for (const ipConfig of ips) {
    try {
      rtnl.ruleAdd({ src: hostPrefix(Prefix.parse(ipConfig.address).ip), table });
    } catch (err) {
      throw fail("failed to add rule", err);
    }
  }
}

/**
 * Deletes every rule whose `from` address is an address of `ifname` (only rules of `table` when set). A missing
 * interface means nothing to tidy. Keeps going after a failed delete and throws the last failure.
 */
export function tidyRules(rtnl: Rtnl, ifname: string, table: number | undefined): void {
  let rules;
  try {
    rules = rtnl.ruleList();
  } catch (err) {
    throw fail("Failed to list all rules to tidy", err);
  }
  if (table !== undefined) rules = rules.filter((rule) => rule.table === table);
  const link = rtnl.linkFind(ifname);
  if (!link) return;
  const addresses = rtnl.addrList({ index: link.index });
  let last: CniError | undefined;
  for (const rule of rules) {
    const src = rule.src;
    if (!src || !addresses.some((address) => address.ip.equals(src.ip))) continue;
    try {
      rtnl.ruleDel({
        family: rule.family,
        src,
        table: rule.table,
        ...(rule.priority !== undefined && { priority: rule.priority }),
      });
    } catch (err) {
      last = fail("Failed to delete rule", err);
    }
  }
  if (last) throw last;
}
