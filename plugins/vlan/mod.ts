/**
 * The vlan plugin: an 802.1Q sub-interface of a host (or container) device, moved into the container.
 * @module
 */
import { delLinkAndIpam, forwardGcToIpam, forwardStatusToIpam } from "../_attach/mod.ts";
import type { Plugin } from "../../cni/mod.ts";
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
    await delLinkAndIpam(ctx, { isIpamRequired: true });
  },
  check: checkVlan,
  gc: forwardGcToIpam,
  status: forwardStatusToIpam,
};
