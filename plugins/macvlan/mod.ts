/**
 * The macvlan plugin: a macvlan sub-interface of a host (or container) device, with its own MAC, moved into the
 * container.
 * @module
 */
import { delLinkAndIpam, forwardGcToIpam, forwardStatusToIpam } from "../_attach/mod.ts";
import type { Plugin } from "../../cni/mod.ts";
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
  del: delLinkAndIpam,
  check: checkMacvlan,
  gc: forwardGcToIpam,
  status: forwardStatusToIpam,
};
