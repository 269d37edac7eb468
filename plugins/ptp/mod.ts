/**
 * The ptp plugin: a veth pair per container, routed through the host instead of bridged.
 * @module
 */
import type { Plugin } from "../../cni/mod.ts";
import { ipamGc, ipamStatus } from "../../ipam/delegate.ts";
import { gcWithIpMasq } from "../_attach/mod.ts";
import { addPtp } from "./add.ts";
import { checkPtp } from "./check.ts";
import { PtpConfig } from "./config.ts";
import { delPtp } from "./del.ts";

export { PtpConfig } from "./config.ts";

/** The ptp plugin object (type `ptp`). */
export const ptp: Plugin<PtpConfig> = {
  type: "ptp",
  description: "veth pair per container, routed point-to-point through the host",
  config: PtpConfig,
  add: addPtp,
  del: delPtp,
  check: checkPtp,
  gc: (ctx) => gcWithIpMasq(ctx, { ipamGc, ipMasq: ctx.config.ipMasq, type: "ptp" }),
  async status(ctx) {
    await ipamStatus(ctx);
  },
};
