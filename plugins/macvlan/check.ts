/**
 * macvlan CHECK: the container interface of prevResult exists in CNI_NETNS, is a macvlan of the configured mode with
 * the promised MAC, the master still exists, and the addresses and routes of prevResult are in place.
 * @module
 */
import type { Interface, PluginContext } from "../../cni/mod.ts";
import { checkResultAddresses } from "../_attach/mod.ts";
import { ipamCheck } from "../../ipam/delegate.ts";
import { linkData, macvlan, Rtnl } from "../../netlink/mod.ts";
import { openNetns } from "../../iface/mod.ts";
import { loadMacvlanConfig, type MacvlanConfig } from "./config.ts";

/** Runs macvlan CHECK; throws an Error naming the first thing that differs from prevResult. */
export async function checkMacvlan(ctx: PluginContext<MacvlanConfig>): Promise<void> {
  using netns = openNetns(ctx.netns);
  using host = Rtnl.open();
  using container = Rtnl.open({ netns });
  const plan = loadMacvlanConfig(ctx.config, {
    args: ctx.args,
    rtnl: ctx.config.linkInContainer ? container : host,
  });
  if (plan.isLayer3) await ipamCheck(ctx);
  const prev = ctx.prevResult;
  if (prev === undefined) throw new Error("required prevResult missing");
  const entry = findContainerInterface(prev.interfaces ?? [], ctx);
  const link = container.linkFind(entry.name);
  if (link === undefined) throw new Error(`container Interface name in prevResult: ${entry.name} not found`);
  const data = linkData(link, macvlan);
  if (data === undefined) throw new Error(`error: Container interface ${entry.name} not of type macvlan`);
  if (data.mode !== plan.mode) {
    throw new Error(`container macvlan mode ${data.mode} does not match expected value: ${plan.mode}`);
  }
  const mac = link.mac?.toString() ?? "";
  if (entry.mac && entry.mac !== mac) {
    throw new Error(`interface ${entry.name} Mac ${entry.mac} doesn't match container Mac: ${mac}`);
  }
  checkResultAddresses(container, prev, { ifname: ctx.ifname });
}

/** prevResult's interface named CNI_IFNAME in CNI_NETNS; throws the reference's sandbox-mismatch error otherwise. */
export function findContainerInterface(
  interfaces: readonly Interface[],
  ctx: { ifname: string; netns: string },
): Interface {
  const entry = interfaces.find((i) => i.name === ctx.ifname && i.sandbox === ctx.netns);
  if (entry === undefined) {
    throw new Error(`sandbox in prevResult  doesn't match configured netns: ${ctx.netns}`);
  }
  return entry;
}
