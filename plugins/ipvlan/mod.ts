/**
 * The ipvlan plugin: an ipvlan sub-interface (sharing the master's MAC) moved into the container; chainable after a
 * plugin that picked the master and addresses.
 * @module
 */
import { delLinkAndIpam, forwardGcToIpam, forwardStatusToIpam } from "../_attach/mod.ts";
import type { Plugin } from "../../cni/mod.ts";
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
  del: delLinkAndIpam,
  check: checkIpvlan,
  gc: forwardGcToIpam,
  status: forwardStatusToIpam,
};
