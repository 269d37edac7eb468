/**
 * tap ADD: create a persistent tap under a temporary name inside the container netns, set its MTU and MAC, rename
 * it to CNI_IFNAME, attach it to `bridge` when set, bring it up, then IPAM and addresses. Each step registers its
 * undo; they run in reverse unless ADD completes.
 * @module
 */
import { configuredDns, type PluginContext, type Result } from "../../cni/mod.ts";
import { createInNetns, enableNotifySysctls, openNetns } from "../../iface/mod.ts";
import { addIpam, attachAddresses, containerResult, deferBestEffort } from "../_attach/mod.ts";
import { type Link, Netns, Rtnl, tuntapCreate } from "../../netlink/mod.ts";
import { loadTapConfig, type TapConfig, type TapPlan } from "./config.ts";

/** Runs tap ADD and returns the current-version result: one interface, in the container. */
export async function addTap(ctx: PluginContext<TapConfig>): Promise<Result> {
  const plan = loadTapConfig(ctx.config, { args: ctx.args });
  using netns = openNetns(ctx.netns);
  using container = Rtnl.open({ netns });
  await using undo = new AsyncDisposableStack();

  const link = createTap(plan, { container, netns, ifname: ctx.ifname, undo });
  const result = containerResult(ctx, link);
  if (ctx.config.ipam?.type) {
    const ipam = await addIpam(ctx, undo);
    enableNotifySysctls(ctx.ifname, { netns });
    await attachAddresses(result, ipam, { container, netns, ifname: ctx.ifname });
  }
  result.dns = configuredDns(ctx.config.dns) ?? {};
  undo.move();
  return result;
}

function createTap(
  plan: TapPlan,
  step: { container: Rtnl; netns: Netns; ifname: string; undo: AsyncDisposableStack },
): Link {
  const { config } = plan;
  const { container } = step;
  const link = createInNetns(container, {
    ifname: step.ifname,
    create: (tmpName) =>
      tuntapCreate(tmpName, {
        mode: "tap",
        multiQueue: config.multiQueue,
        vnetHdr: plan.vnetHdr,
        netns: step.netns,
        ...(config.owner !== undefined ? { owner: config.owner } : {}),
        ...(config.group !== undefined ? { group: config.group } : {}),
      }),
    configure: (index) => {
      if (config.mtu > 0 || plan.mac !== undefined) {
        container.linkSet(index, {
          ...(config.mtu > 0 ? { mtu: config.mtu } : {}),
          ...(plan.mac !== undefined ? { mac: plan.mac } : {}),
        });
      }
    },
    messages: { create: "failed to create tap", rename: `failed to rename tap to "${step.ifname}"` },
  });
  deferBestEffort(step.undo, () => container.linkDel(link.index));
  if (config.bridge) {
    const bridge = container.linkFind(config.bridge);
    if (bridge === undefined) throw new Error(`failed to get bridge ${config.bridge}: no such link (ENODEV)`);
    container.linkSet(link.index, { master: bridge.index });
  }
  container.linkSet(link.index, { up: true });
  return container.linkGet(link.index);
}
