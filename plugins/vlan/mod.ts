/**
 * The vlan plugin: an 802.1Q sub-interface of a host (or container) device, moved into the container.
 * @module
 */
import type { Plugin } from "../../cni/mod.ts";
import { delLinkByName, netnsGoneIsFine } from "../../iface/mod.ts";
import { ipamDel, ipamGc, ipamStatus } from "../../ipam/delegate.ts";
import { Rtnl } from "../../netlink/mod.ts";
import { addVlan, vlanLinkSpec } from "./add.ts";
import { checkVlan } from "./check.ts";
import { checkVlanConfig, VlanConfig } from "./config.ts";

export { vlanLinkSpec };
export { checkVlanConfig, loadVlanConfig, VlanConfig } from "./config.ts";

/** The vlan plugin object (type `vlan`). DEL does not need the master to exist (the reference's does). */
export const vlan: Plugin<VlanConfig> = {
  type: "vlan",
  description: "802.1Q VLAN sub-interface of a host device",
  config: VlanConfig,
  add: addVlan,
  async del(ctx) {
    checkVlanConfig(ctx.config);
    await ipamDel(ctx);
    if (ctx.netns === "") return;
    await netnsGoneIsFine(ctx.netns, (netns) => {
      using rtnl = Rtnl.open({ netns });
      delLinkByName(rtnl, ctx.ifname);
    });
  },
  check: checkVlan,
  async gc(ctx) {
    if (ctx.config.ipam?.type) await ipamGc(ctx);
  },
  async status(ctx) {
    if (ctx.config.ipam?.type) await ipamStatus(ctx);
  },
};
