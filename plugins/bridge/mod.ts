/**
 * The bridge plugin: a veth pair per container with the host end on a Linux bridge, optionally the subnet's
 * gateway and masquerading.
 * @module
 */
import type { Plugin } from "../../cni/mod.ts";
import { ipamGc, ipamStatus } from "../../ipam/mod.ts";
import { gcIpMasq } from "../../netfilter/mod.ts";
import { addBridge } from "./add.ts";
import { checkBridge } from "./check.ts";
import { BridgeConfig } from "./config.ts";
import { delBridge } from "./del.ts";

export { BridgeConfig, type BridgePlan, loadBridgeConfig } from "./config.ts";

/** The bridge plugin object (type `bridge`). */
export const bridge: Plugin<BridgeConfig> = {
  type: "bridge",
  description: "veth pair per container, host end on a Linux bridge",
  config: BridgeConfig,
  add: addBridge,
  del: delBridge,
  check: checkBridge,
  async gc(ctx) {
    const errors: unknown[] = [];
    if (ctx.config.ipam?.type) await ipamGc(ctx).catch((err) => errors.push(err));
    if (ctx.config.ipMasq) {
      const valid = ctx.validAttachments.map((a) => ({ containerId: a.containerID, ifname: a.ifname }));
      await gcIpMasq(ctx.network, valid).catch((err) => errors.push(err));
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, "Cannot garbage-collect bridge attachments");
  },
  async status(ctx) {
    if (ctx.config.ipam?.type) await ipamStatus(ctx);
  },
};
