/**
 * dummy ADD: create a dummy link named CNI_IFNAME inside the container netns (from there: the host never sees it),
 * run IPAM and configure it. The link is removed again when IPAM or configuration fails.
 * @module
 */
import { configuredDns, type PluginContext, type Result } from "../../cni/mod.ts";
import { addIpam, attachAddresses, containerResult, deferBestEffort } from "../_attach/mod.ts";
import { dummy, type LinkSpec, type NoData, Rtnl } from "../../netlink/mod.ts";
import type { DummyConfig } from "./config.ts";
import { openNetns } from "../../iface/mod.ts";

/** The link ADD creates, from inside the container netns. Equivalent to `ip link add <ifname> type dummy`. */
export function dummyLinkSpec(ifname: string): LinkSpec<NoData> {
  return { name: ifname, kind: dummy };
}

/** Throws the reference's error unless the config names an IPAM plugin. */
export function requireIpam(config: DummyConfig): void {
  if (!config.ipam?.type) throw new Error("dummy interface requires an IPAM configuration");
}

/**
 * Runs dummy ADD and returns IPAM's result with the dummy as its one interface. The config's `dns`, when it sets
 * anything, replaces IPAM's (the reference ignores the config's `dns`).
 */
export async function addDummy(ctx: PluginContext<DummyConfig>): Promise<Result> {
  requireIpam(ctx.config);
  using netns = openNetns(ctx.netns);
  using container = Rtnl.open({ netns });
  await using undo = new AsyncDisposableStack();
  try {
    container.linkAdd(dummyLinkSpec(ctx.ifname));
  } catch (err) {
    throw new Error(`failed to create dummy: ${(err as Error).message}`, { cause: err });
  }
  const link = container.linkGet(ctx.ifname);
  deferBestEffort(undo, () => container.linkDel(link.index));

  const ipam = await addIpam(ctx, undo);
  const result: Result = { ...ipam, ...containerResult(ctx, link) };
  await attachAddresses(result, ipam, { container, netns, ifname: ctx.ifname });
  const dns = configuredDns(ctx.config.dns);
  if (dns !== undefined) result.dns = dns;
  undo.move();
  return result;
}
