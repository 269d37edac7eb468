/**
 * DEL of a container link whose addresses DEL still needs afterwards (to tear down masquerading): an empty or
 * gone netns and a missing link are success.
 * @module
 */
import type { PluginContext } from "../../cni/mod.ts";
import { delLinkCollectingAddresses, netnsGoneIsFine } from "../../iface/mod.ts";
import { Rtnl } from "../../netlink/mod.ts";

/**
 * Deletes CNI_IFNAME in CNI_NETNS and returns its global unicast addresses (`10.1.0.5/24`), or undefined when
 * CNI_NETNS is empty or gone or the link is missing. Throws netlink's error otherwise.
 */
export async function delContainerLink(ctx: PluginContext<unknown>): Promise<string[] | undefined> {
  if (ctx.netns === "") return undefined;
  return await netnsGoneIsFine(ctx.netns, (netns) => {
    using rtnl = Rtnl.open({ netns });
    return delLinkCollectingAddresses(rtnl, ctx.ifname);
  });
}
