/**
 * The ipvlan plugin: an ipvlan sub-interface (sharing the master's MAC) moved into the container; chainable after a
 * plugin that picked the master and addresses.
 * @module
 */
import type { Plugin } from "../../cni/mod.ts";
import { delLinkByName, netnsGoneIsFine } from "../../iface/mod.ts";
import { ipamDel, ipamGc, ipamStatus } from "../../ipam/delegate.ts";
import { Rtnl } from "../../netlink/mod.ts";
import { addIpvlan, ipvlanLinkSpec } from "./add.ts";
import { checkIpvlan } from "./check.ts";
import { IpvlanConfig } from "./config.ts";

export { ipvlanLinkSpec };
export { IpvlanConfig, ipvlanMode, resolveIpvlanMaster } from "./config.ts";

/** The ipvlan plugin object (type `ipvlan`). */
export const ipvlan: Plugin<IpvlanConfig> = {
  type: "ipvlan",
  description: "ipvlan sub-interface of a host device, sharing its MAC",
  config: IpvlanConfig,
  add: addIpvlan,
  async del(ctx) {
    if (ctx.config.ipam?.type) await ipamDel(ctx);
    if (ctx.netns === "") return;
    await netnsGoneIsFine(ctx.netns, (netns) => {
      using rtnl = Rtnl.open({ netns });
      delLinkByName(rtnl, ctx.ifname);
    });
  },
  check: checkIpvlan,
  async gc(ctx) {
    if (ctx.config.ipam?.type) await ipamGc(ctx);
  },
  async status(ctx) {
    if (ctx.config.ipam?.type) await ipamStatus(ctx);
  },
};
