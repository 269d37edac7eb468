/**
 * The bridge plugin: a veth pair per container with the host end on a Linux bridge, optionally the subnet's
 * gateway and masquerading.
 * @module
 */
import type { Plugin } from "../../cni/mod.ts";
import { forwardGcToIpam, forwardStatusToIpam, gcWithIpMasq } from "../_attach/mod.ts";
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
  gc: (ctx) => gcWithIpMasq(ctx, { ipamGc: forwardGcToIpam, ipMasq: ctx.config.ipMasq, type: "bridge" }),
  status: forwardStatusToIpam,
};
