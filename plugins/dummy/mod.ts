/**
 * The dummy plugin: a dummy interface inside the container carrying IPAM's addresses (a stable extra address with
 * no connectivity of its own).
 * @module
 */
import type { Plugin } from "../../cni/mod.ts";
import { delLinkByName, netnsGoneIsFine } from "../../iface/mod.ts";
import { ipamDel, ipamGc, ipamStatus } from "../../ipam/delegate.ts";
import { Rtnl } from "../../netlink/mod.ts";
import { addDummy, dummyLinkSpec, requireIpam } from "./add.ts";
import { checkDummy } from "./check.ts";
import { DummyConfig } from "./config.ts";

export { dummyLinkSpec };
export { DummyConfig } from "./config.ts";

/** The dummy plugin object (type `dummy`). */
export const dummy: Plugin<DummyConfig> = {
  type: "dummy",
  description: "dummy interface in the container carrying IPAM's addresses",
  config: DummyConfig,
  add: addDummy,
  async del(ctx) {
    requireIpam(ctx.config);
    await ipamDel(ctx);
    if (ctx.netns === "") return;
    await netnsGoneIsFine(ctx.netns, (netns) => {
      using rtnl = Rtnl.open({ netns });
      delLinkByName(rtnl, ctx.ifname);
    });
  },
  check: checkDummy,
  async gc(ctx) {
    if (ctx.config.ipam?.type) await ipamGc(ctx);
  },
  async status(ctx) {
    if (ctx.config.ipam?.type) await ipamStatus(ctx);
  },
};
