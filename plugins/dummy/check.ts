/**
 * dummy CHECK: prevResult's container interface exists in CNI_NETNS, is an up dummy with the promised MAC, and
 * carries prevResult's addresses (the reference checks no routes for dummy; neither do we).
 * @module
 */
import type { PluginContext } from "../../cni/mod.ts";
import { checkEntryMac, entryLink, sandboxEntry } from "../_attach/mod.ts";
import { checkInterface, openNetns } from "../../iface/mod.ts";
import { ipamCheck } from "../../ipam/delegate.ts";
import { Rtnl } from "../../netlink/mod.ts";
import { requireIpam } from "./add.ts";
import type { DummyConfig } from "./config.ts";

/** Runs dummy CHECK; throws an Error naming the first thing that differs from prevResult. */
export async function checkDummy(ctx: PluginContext<DummyConfig>): Promise<void> {
  requireIpam(ctx.config);
  using netns = openNetns(ctx.netns);
  await ipamCheck(ctx);
  const prev = ctx.prevResult;
  if (prev === undefined) throw new Error("dummy: Required prevResult missing");
  const entry = sandboxEntry(prev, ctx);
  using container = Rtnl.open({ netns });
  const link = entryLink(container, entry);
  if (link.kind !== "dummy") throw new Error(`Error: Container interface ${entry.name} not of type dummy`);
  checkEntryMac(entry, link);
  if (!link.up) throw new Error(`Interface ${entry.name} is down`);
  checkInterface(container, { ifname: ctx.ifname, addresses: (prev.ips ?? []).map((ip) => ip.address) });
}
