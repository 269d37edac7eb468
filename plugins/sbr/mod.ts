/**
 * The sbr meta plugin (plugins/meta/sbr): source-based routing for the chained interface, so replies leave through
 * the interface their source address belongs to.
 *
 * DEL differs from the reference on purpose: an empty CNI_NETNS or a namespace that is gone is success (the rules
 * went with it), where the reference fails when the netns path no longer exists.
 * @module
 */
import {
  CniError,
  ERR_INTERNAL,
  ERR_INVALID_NETCONF,
  type Plugin,
  type PluginContext,
  type Result,
} from "../../cni/mod.ts";
import { isNotFound, Rtnl } from "../../netlink/mod.ts";
import { parseGateways, SbrConfig } from "./config.ts";
import { NetnsLock } from "./netns_lock.ts";
import { routeBySource, ruleToTable, tidyRules } from "./routes.ts";
import { addressesFor } from "./table_plan.ts";

/** The sbr plugin. CHECK is a no-op, as in the reference. */
export const sbr: Plugin<SbrConfig> = {
  type: "sbr",
  description: "source-based routing: a routing table per address of the container interface",
  config: SbrConfig,
  add: addSbr,
  del: delSbr,
  check() {},
};

async function addSbr(ctx: PluginContext<SbrConfig>): Promise<Result> {
  const prev = ctx.prevResult;
  if (prev === undefined) throw new CniError(ERR_INVALID_NETCONF, "This plugin must be called as chained plugin");
  if ((prev.ips ?? []).length === 0) {
    throw new CniError(ERR_INTERNAL, `No IP addresses supplied on interface: ${ctx.ifname}`);
  }
  const ips = addressesFor(ctx.ifname, prev);
  const gateways = parseGateways(ctx.config.gateways);
  const table = ctx.config.table ?? undefined;
  using _lock = await NetnsLock.acquire(ctx.netns);
  using rtnl = Rtnl.open({ netns: ctx.netns });
  if (table !== undefined) ruleToTable(rtnl, ips, table);
  else routeBySource(rtnl, ips, { ifname: ctx.ifname, gateways, addSourceHints: ctx.config.addSourceHints ?? false });
  return prev;
}

async function delSbr(ctx: PluginContext<SbrConfig>): Promise<void> {
  if (ctx.netns === "") return;
  let lock: NetnsLock;
  try {
    lock = await NetnsLock.acquire(ctx.netns);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || isNotFound(err)) return;
    throw err;
  }
  using _lock = lock;
  let rtnl: Rtnl;
  try {
    rtnl = Rtnl.open({ netns: ctx.netns });
  } catch (err) {
    // A leftover file that is no longer a namespace: nothing to tidy.
    if (isNotFound(err) || err instanceof TypeError) return;
    throw err;
  }
  using _rtnl = rtnl;
  tidyRules(rtnl, ctx.ifname, ctx.config.table ?? undefined);
}
