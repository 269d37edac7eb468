/**
 * bridge DEL: delete the container's veth (collecting its addresses), release the IPAM lease, remove the mac
 * spoof-check and masquerade rules. Idempotent, and a vanished netns is success. Unlike the reference, masquerade is torn down also when
 * CNI_NETNS is empty or gone, from prevResult's addresses (the leak of plugins#810).
 * @module
 */
import { Prefix } from "../../addr/mod.ts";
import type { PluginContext } from "../../cni/mod.ts";
import { ipamDel } from "../../ipam/delegate.ts";
import { delContainerLink } from "../_attach/mod.ts";
import { type BridgeConfig, loadBridgeConfig } from "./config.ts";

/** Runs bridge DEL. The bridge itself is never deleted (other containers may be joining it right now). */
export async function delBridge(ctx: PluginContext<BridgeConfig>): Promise<void> {
  const plan = loadBridgeConfig(ctx.config, { args: ctx.args });
  const removed = await delContainerLink(ctx);
  if (plan.isLayer3) await ipamDel(ctx);
  // Also when the netns is gone (the reference returns early there and leaves the rules behind).
  // netfilter is imported only when the config uses it: most attachments never do, and it is a large chunk to load.
  if (plan.config.macspoofchk) {
    const { teardownSpoofCheck } = await import("../../netfilter/mod.ts");
    await teardownSpoofCheck({ containerId: ctx.containerId, ifname: ctx.ifname });
  }
  if (plan.isLayer3 && plan.config.ipMasq) {
    const ips = removed && removed.length > 0 ? removed : prevResultAddresses(ctx);
    const { teardownIpMasq } = await import("../../netfilter/mod.ts");
    await teardownIpMasq({ network: ctx.network, containerId: ctx.containerId, ifname: ctx.ifname, ips });
  }
}

/** prevResult's addresses on the container interface (every address when none names an interface). */
function prevResultAddresses(ctx: PluginContext<BridgeConfig>): string[] {
  const prev = ctx.prevResult;
  if (prev === undefined) return [];
  const index = (prev.interfaces ?? []).findIndex((i) => i.name === ctx.ifname && i.sandbox !== undefined);
  return (prev.ips ?? [])
    .filter((ip) => ip.interface === undefined || index < 0 || ip.interface === index)
    .map((ip) => ip.address)
    .filter((address) => Prefix.tryParse(address) !== undefined);
}
