/**
 * ipvlan ADD: create the sub-interface under a temporary name directly inside the container netns (from the host,
 * or from inside with linkInContainer), rename it to CNI_IFNAME, then apply IPAM's addresses, or prevResult's when
 * chained without `ipam`. Each step registers its undo; they run in reverse unless ADD completes.
 * @module
 */
import { configuredDns, type PluginContext, type Result } from "../../cni/mod.ts";
import { createInNetns, enableNotifySysctls, openNetns } from "../../iface/mod.ts";
import { addIpam, type Addresses, attachAddresses, containerResult, deferBestEffort } from "../_attach/mod.ts";
import { ipvlan, type IpvlanData, type LinkSpec, Rtnl } from "../../netlink/mod.ts";
import { type IpvlanConfig, ipvlanMode, resolveIpvlanMaster } from "./config.ts";

/** The link ADD creates: `tmpName` on `masterIndex`, born in the namespace of `netnsFd`. */
export function ipvlanLinkSpec(
  config: IpvlanConfig,
  where: { tmpName: string; masterIndex: number; netnsFd: number },
): LinkSpec<IpvlanData> {
  return {
    name: where.tmpName,
    kind: ipvlan,
    data: { mode: ipvlanMode(config) },
    parentIndex: where.masterIndex,
    netnsFd: where.netnsFd,
    ...(config.mtu > 0 ? { mtu: config.mtu } : {}),
  };
}

/** Runs ipvlan ADD and returns the current-version result: one interface, in the container. */
export async function addIpvlan(ctx: PluginContext<IpvlanConfig>): Promise<Result> {
  using netns = openNetns(ctx.netns);
  using host = Rtnl.open();
  using container = Rtnl.open({ netns });
  const owner = ctx.config.linkInContainer ? container : host;
  const masterName = resolveIpvlanMaster(ctx.config, { prevResult: ctx.prevResult, rtnl: owner });
  const master = owner.linkFind(masterName);
  if (master === undefined) throw new Error(`Cannot find master "${masterName}": no such link (ENODEV)`);
  await using undo = new AsyncDisposableStack();

  const link = createInNetns(container, {
    ifname: ctx.ifname,
    create: (tmpName) =>
      owner.linkAdd(ipvlanLinkSpec(ctx.config, { tmpName, masterIndex: master.index, netnsFd: netns.fd })),
    messages: {
      create: `Cannot create ipvlan "${ctx.ifname}" on "${masterName}"`,
      rename: `Cannot rename ipvlan to "${ctx.ifname}"`,
    },
  });
  deferBestEffort(undo, () => container.linkDel(link.index));
  const result = containerResult(ctx, link);
  const addresses = await addressesOf(ctx, undo);
  enableNotifySysctls(ctx.ifname, { netns, ipv6: true });
  await attachAddresses(result, addresses, { container, netns, ifname: ctx.ifname });
  result.dns = configuredDns(ctx.config.dns) ?? {};
  undo.move();
  return result;
}

/** prevResult's addresses when chained without `ipam.type` (and it has some), else a fresh IPAM ADD. */
async function addressesOf(ctx: PluginContext<IpvlanConfig>, undo: AsyncDisposableStack): Promise<Addresses> {
  const prev = ctx.prevResult;
  if (!ctx.config.ipam?.type && prev !== undefined && (prev.ips ?? []).length > 0) {
    return { ips: prev.ips ?? [], routes: prev.routes };
  }
  return await addIpam(ctx, undo);
}
