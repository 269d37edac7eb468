/**
 * vlan ADD: create the 802.1Q sub-interface under a temporary name directly inside the container netns (from the
 * host, or from inside with linkInContainer), rename it to CNI_IFNAME, then IPAM and addresses. Each step registers
 * its undo; they run in reverse unless ADD completes (the reference leaves the link behind when IPAM fails).
 * @module
 */
import { configuredDns, type PluginContext, type Result } from "../../cni/mod.ts";
import { createInNetns, openNetns } from "../../iface/mod.ts";
import { addIpam, attachAddresses, containerResult, deferBestEffort } from "../_attach/mod.ts";
import { type LinkSpec, Rtnl, vlan, type VlanData } from "../../netlink/mod.ts";
import { loadVlanConfig, type VlanConfig } from "./config.ts";

/** The link ADD creates: `tmpName` tagged `vlanId` on `masterIndex`, born in the namespace of `netnsFd`. */
export function vlanLinkSpec(
  config: VlanConfig,
  where: { tmpName: string; masterIndex: number; netnsFd: number },
): LinkSpec<VlanData> {
  return {
    name: where.tmpName,
    kind: vlan,
    data: { id: config.vlanId },
    parentIndex: where.masterIndex,
    netnsFd: where.netnsFd,
    ...(config.mtu > 0 ? { mtu: config.mtu } : {}),
  };
}

/** Runs vlan ADD and returns the current-version result: one interface, in the container. */
export async function addVlan(ctx: PluginContext<VlanConfig>): Promise<Result> {
  using netns = openNetns(ctx.netns);
  using host = Rtnl.open();
  using container = Rtnl.open({ netns });
  const owner = ctx.config.linkInContainer ? container : host;
  const masterIndex = loadVlanConfig(ctx.config, owner);
  await using undo = new AsyncDisposableStack();

  const link = createInNetns(container, {
    ifname: ctx.ifname,
    create: (tmpName) => owner.linkAdd(vlanLinkSpec(ctx.config, { tmpName, masterIndex, netnsFd: netns.fd })),
    messages: { create: "failed to create vlan", rename: `failed to rename vlan to "${ctx.ifname}"` },
  });
  deferBestEffort(undo, () => container.linkDel(link.index));

  const ipam = await addIpam(ctx, undo);
  const result = containerResult(ctx, link);
  await attachAddresses(result, ipam, { container, netns, ifname: ctx.ifname });
  result.dns = configuredDns(ctx.config.dns) ?? {};
  undo.move();
  return result;
}
