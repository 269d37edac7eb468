/**
 * ipvlan CHECK: the container interface of prevResult exists in CNI_NETNS, is an ipvlan of the configured mode with
 * the promised MAC, the master still exists, and the addresses and routes of prevResult are in place.
 * @module
 */
import type { PluginContext } from "../../cni/mod.ts";
import { checkEntryMac, checkResultAddresses, entryLink, sandboxEntry } from "../_attach/mod.ts";
import { ipamCheck } from "../../ipam/delegate.ts";
import { ipvlan, linkData, Rtnl } from "../../netlink/mod.ts";
import { openNetns } from "../../iface/mod.ts";
import { type IpvlanConfig, ipvlanMode } from "./config.ts";

/**
 * Runs ipvlan CHECK; throws an Error naming the first thing that differs from prevResult. The master is looked up
 * only when configured (the reference fails CHECK of a chained ipvlan, whose master came from the previous result).
 */
export async function checkIpvlan(ctx: PluginContext<IpvlanConfig>): Promise<void> {
  using netns = openNetns(ctx.netns);
  if (ctx.config.ipam?.type) await ipamCheck(ctx);
  const prev = ctx.prevResult;
  if (prev === undefined) throw new Error("Required prevResult missing");
  const entry = sandboxEntry(prev, ctx);
  using container = Rtnl.open({ netns });
  if (ctx.config.master) {
    using host = Rtnl.open();
    const owner = ctx.config.linkInContainer ? container : host;
    if (owner.linkFind(ctx.config.master) === undefined) {
      throw new Error(`failed to lookup master "${ctx.config.master}": no such link`);
    }
  }
  const link = entryLink(container, entry);
  const data = linkData(link, ipvlan);
  if (data === undefined) throw new Error(`Error: Container interface ${entry.name} not of type ipvlan`);
  const mode = ipvlanMode(ctx.config);
  if (data.mode !== mode) {
    throw new Error(`Container IPVlan mode ${data.mode} does not match expected value: ${mode}`);
  }
  checkEntryMac(entry, link);
  checkResultAddresses(container, prev, { ifname: ctx.ifname });
}
