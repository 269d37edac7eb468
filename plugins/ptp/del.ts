/**
 * ptp DEL: release the IPAM lease, delete the container's veth (collecting its addresses), remove the masquerade
 * rules. Idempotent; a vanished netns is success. Unlike the reference, masquerade is torn down also when the netns
 * is empty or gone, from prevResult's addresses.
 * @module
 */
import type { PluginContext } from "../../cni/mod.ts";
import { ipamDel } from "../../ipam/delegate.ts";
import { delContainerLink } from "../_attach/mod.ts";
import type { PtpConfig } from "./config.ts";
import { CONTAINER_INTERFACE_INDEX } from "./add.ts";

/** Runs ptp DEL. The host end goes with the pair; its gateway address and host routes go with it. */
export async function delPtp(ctx: PluginContext<PtpConfig>): Promise<void> {
  await ipamDel(ctx);
  const removed = await delContainerLink(ctx);
  if (!ctx.config.ipMasq) return;
  const ips = removed && removed.length > 0
    ? removed
    : (ctx.prevResult?.ips ?? []).filter((ip) =>
      (ip.interface ?? CONTAINER_INTERFACE_INDEX) === CONTAINER_INTERFACE_INDEX
    )
      .map((ip) => ip.address);
  const { teardownIpMasq } = await import("../../netfilter/mod.ts");
  await teardownIpMasq({ network: ctx.network, containerId: ctx.containerId, ifname: ctx.ifname, ips });
}
