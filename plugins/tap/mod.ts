/**
 * The tap plugin: a persistent tap device inside the container (for a VM or userspace network stack), optionally
 * attached to a bridge there.
 * @module
 */
import {
  checkEntryMac,
  checkResultAddresses,
  delLinkAndIpam,
  entryLink,
  forwardGcToIpam,
  forwardStatusToIpam,
  sandboxEntry,
} from "../_attach/mod.ts";
import type { Plugin, PluginContext } from "../../cni/mod.ts";
import { ipamCheck } from "../../ipam/delegate.ts";
import { Rtnl } from "../../netlink/mod.ts";
import { addTap } from "./add.ts";
import { openNetns } from "../../iface/mod.ts";
import { loadTapConfig, TapConfig } from "./config.ts";

export { loadTapConfig, TapConfig, type TapPlan } from "./config.ts";

/** CHECK: prevResult's tap is in CNI_NETNS (a tun-kind link with the promised MAC) with its addresses and routes. */
async function checkTap(ctx: PluginContext<TapConfig>): Promise<void> {
  loadTapConfig(ctx.config, { args: ctx.args });
  using netns = openNetns(ctx.netns);
  if (ctx.config.ipam?.type) await ipamCheck(ctx);
  const prev = ctx.prevResult;
  if (prev === undefined) throw new Error("Required prevResult missing");
  const entry = sandboxEntry(prev, ctx);
  using container = Rtnl.open({ netns });
  const link = entryLink(container, entry);
  if (link.kind !== "tun") throw new Error(`Error: Container interface ${entry.name} not of type tap`);
  checkEntryMac(entry, link);
  checkResultAddresses(container, prev, { ifname: ctx.ifname });
}

/** The tap plugin object (type `tap`). */
export const tap: Plugin<TapConfig> = {
  type: "tap",
  description: "persistent tap device in the container, optionally on a bridge there",
  config: TapConfig,
  add: addTap,
  del: delLinkAndIpam,
  check: checkTap,
  gc: forwardGcToIpam,
  status: forwardStatusToIpam,
};
