/**
 * The macvlan plugin: a macvlan sub-interface of a host (or container) device, with its own MAC, moved into the
 * container.
 * @module
 */
import type { Plugin } from "../../cni/mod.ts";
import { delLinkByName, netnsGoneIsFine } from "../../iface/mod.ts";
import { ipamDel, ipamGc, ipamStatus } from "../../ipam/delegate.ts";
import { Rtnl } from "../../netlink/mod.ts";
import { addMacvlan } from "./add.ts";
import { checkMacvlan } from "./check.ts";
import { MacvlanConfig } from "./config.ts";

export { loadMacvlanConfig, MacvlanConfig, type MacvlanPlan } from "./config.ts";

/** The macvlan plugin object (type `macvlan`). */
export const macvlan: Plugin<MacvlanConfig> = {
  type: "macvlan",
  description: "macvlan sub-interface of a host device, with its own MAC",
  config: MacvlanConfig,
  add: addMacvlan,
  async del(ctx) {
    if (ctx.config.ipam?.type) await ipamDel(ctx);
    if (ctx.netns === "") return;
    await netnsGoneIsFine(ctx.netns, (netns) => {
      using rtnl = Rtnl.open({ netns });
      delLinkByName(rtnl, ctx.ifname);
    });
  },
  check: checkMacvlan,
  async gc(ctx) {
    if (ctx.config.ipam?.type) await ipamGc(ctx);
  },
  async status(ctx) {
    if (ctx.config.ipam?.type) await ipamStatus(ctx);
  },
};
