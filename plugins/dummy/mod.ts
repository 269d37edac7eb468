/**
 * The dummy plugin: a dummy interface inside the container carrying IPAM's addresses (a stable extra address with
 * no connectivity of its own).
 * @module
 */
import { delLinkAndIpam, forwardGcToIpam, forwardStatusToIpam } from "../_attach/mod.ts";
import type { Plugin } from "../../cni/mod.ts";
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
    await delLinkAndIpam(ctx, { isIpamRequired: true });
  },
  check: checkDummy,
  gc: forwardGcToIpam,
  status: forwardStatusToIpam,
};
