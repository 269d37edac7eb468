/**
 * DEL of an interface plugin whose only state in the container is one link: release the addresses first (so a
 * half-done ADD still frees its lease), then delete the link, where a gone netns or link is success.
 * @module
 */
import type { PluginContext } from "../../cni/mod.ts";
import { delLinkInNetns } from "../../iface/mod.ts";
import { ipamDel, type WithIpam } from "../../ipam/delegate.ts";

/** Options of {@linkcode delLinkAndIpam}. */
export interface DelLinkAndIpamOptions {
  /** Run IPAM DEL even without `ipam.type` (it then fails with code 7), for plugins that require IPAM. */
  isIpamRequired?: boolean;
}

/**
 * Runs IPAM DEL when `ipam.type` is set (always with `isIpamRequired`), then deletes CNI_IFNAME in CNI_NETNS; an
 * empty or gone netns and a missing link are success. Throws the IPAM's CniError.
 */
export async function delLinkAndIpam<C extends WithIpam>(
  ctx: PluginContext<C>,
  options: DelLinkAndIpamOptions = {},
): Promise<void> {
  if (options.isIpamRequired || ctx.config.ipam?.type) await ipamDel(ctx);
  await delLinkInNetns(ctx.netns, ctx.ifname);
}
