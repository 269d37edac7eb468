/**
 * macvlan ADD: create the sub-interface under a temporary name directly inside the container netns (from the host,
 * or from inside with linkInContainer), rename it to CNI_IFNAME, then IPAM and addresses. Each step registers its
 * undo as soon as it succeeds; they run in reverse unless ADD completes.
 * @module
 */
import { configuredDns, type PluginContext, type Result } from "../../cni/mod.ts";
import { createInNetns, enableNotifySysctls, openNetns } from "../../iface/mod.ts";
import { addIpam, attachAddresses, containerResult, deferBestEffort } from "../_attach/mod.ts";
import { type Link, macvlan, Netns, Rtnl } from "../../netlink/mod.ts";
import { loadMacvlanConfig, type MacvlanConfig, type MacvlanPlan } from "./config.ts";

/** Runs macvlan ADD and returns the current-version result: one interface, in the container. */
export async function addMacvlan(ctx: PluginContext<MacvlanConfig>): Promise<Result> {
  using netns = openNetns(ctx.netns);
  using host = Rtnl.open();
  using container = Rtnl.open({ netns });
  const owner = ctx.config.linkInContainer ? container : host;
  const plan = loadMacvlanConfig(ctx.config, { args: ctx.args, rtnl: owner });
  await using undo = new AsyncDisposableStack();

  const link = createMacvlan(plan, { owner, container, netns, ifname: ctx.ifname });
  deferBestEffort(undo, () => container.linkDel(link.index));
  const result = containerResult(ctx, link);
  if (plan.isLayer3) {
    const ipam = await addIpam(ctx, undo);
    enableNotifySysctls(ctx.ifname, { netns, ipv6: true });
    await attachAddresses(result, ipam, { container, netns, ifname: ctx.ifname });
  } else {
    container.linkSet(link.index, { up: true });
  }
  result.dns = configuredDns(ctx.config.dns) ?? {};
  undo.move();
  return result;
}

/** Creates the macvlan inside the container netns (from where the master lives), named `ifname`; returns it. */
function createMacvlan(
  plan: MacvlanPlan,
  step: { owner: Rtnl; container: Rtnl; netns: Netns; ifname: string },
): Link {
  const master = step.owner.linkGet(plan.master);
  return createInNetns(step.container, {
    ifname: step.ifname,
    create: (tmpName) =>
      step.owner.linkAdd({
        name: tmpName,
        kind: macvlan,
        data: {
          mode: plan.mode,
          ...(plan.config.bcqueuelen ? { bcQueueLen: plan.config.bcqueuelen } : {}),
        },
        parentIndex: master.index,
        netnsFd: step.netns.fd,
        ...(plan.config.mtu > 0 ? { mtu: plan.config.mtu } : {}),
        ...(plan.mac ? { mac: plan.mac } : {}),
      }),
    messages: {
      create: `Cannot create macvlan "${step.ifname}" on "${plan.master}"`,
      rename: `Cannot rename macvlan to "${step.ifname}"`,
    },
  });
}
