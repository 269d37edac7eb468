/**
 * The DEL of a plugin whose only state in the container is one link: delete it by name, where a gone namespace, an
 * empty CNI_NETNS or a missing link all mean there is nothing left to do.
 * @module
 */
import { Rtnl } from "../netlink/mod.ts";
import { delLinkByName } from "./del_link_by_name.ts";
import { netnsGoneIsFine } from "./netns_gone_is_fine.ts";

/**
 * Deletes the link `ifname` inside the namespace at `netnsPath`; succeeds without doing anything when the path is
 * empty, the namespace is gone or the link is. Equivalent to `ip -n <netns> link del dev <ifname>`.
 */
export async function delLinkInNetns(netnsPath: string, ifname: string): Promise<void> {
  if (netnsPath === "") return;
  await netnsGoneIsFine(netnsPath, (netns) => {
    using rtnl = Rtnl.open({ netns });
    delLinkByName(rtnl, ifname);
  });
}
