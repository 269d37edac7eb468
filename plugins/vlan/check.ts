/**
 * vlan CHECK: the container interface of prevResult exists in CNI_NETNS, is a vlan with the configured ID (and MTU
 * when set) and the promised MAC, the master still exists, and prevResult's addresses and routes are in place.
 * @module
 */
import type { PluginContext } from "../../cni/mod.ts";
import { checkEntryMac, checkResultAddresses, entryLink, sandboxEntry } from "../_attach/mod.ts";
import { ipamCheck } from "../../ipam/delegate.ts";
import { linkData, Rtnl, vlan } from "../../netlink/mod.ts";
import { openNetns } from "../../iface/mod.ts";
import type { VlanConfig } from "./config.ts";

/** Runs vlan CHECK; throws an Error naming the first thing that differs from prevResult. */
export async function checkVlan(ctx: PluginContext<VlanConfig>): Promise<void> {
  using netns = openNetns(ctx.netns);
  await ipamCheck(ctx);
  const prev = ctx.prevResult;
  if (prev === undefined) throw new Error("vlan: Required prevResult missing");
  const entry = sandboxEntry(prev, ctx);
  using container = Rtnl.open({ netns });
  using host = Rtnl.open();
  if ((ctx.config.linkInContainer ? container : host).linkFind(ctx.config.master) === undefined) {
    throw new Error(`failed to lookup master "${ctx.config.master}": no such link`);
  }
  const link = entryLink(container, entry, "vlan: ");
  const data = linkData(link, vlan);
  if (data === undefined) throw new Error(`Error: Container interface ${entry.name} not of type vlan`);
  checkEntryMac(entry, link, "vlan: ");
  if (data.id !== ctx.config.vlanId) {
    throw new Error(`Container vlan ${entry.name} has VLAN ID ${data.id}, configured ${ctx.config.vlanId}`);
  }
  if (ctx.config.mtu !== 0 && ctx.config.mtu !== link.mtu) {
    throw new Error(`Configured MTU of ${entry.name} is ${ctx.config.mtu}, current value is ${link.mtu}`);
  }
  checkResultAddresses(container, prev, { ifname: ctx.ifname });
}
