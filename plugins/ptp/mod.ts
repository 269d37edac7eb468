/**
 * The ptp plugin: a veth pair per container, routed through the host instead of bridged.
 * @module
 */
import type { Plugin } from "../../cni/mod.ts";
import { ipamGc, ipamStatus } from "../../ipam/mod.ts";
import { gcIpMasq } from "../../netfilter/mod.ts";
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
  async gc(ctx) {
    const errors: unknown[] = [];
    await ipamGc(ctx).catch((err) => errors.push(err));
    if (ctx.config.ipMasq) {
      const valid = ctx.validAttachments.map((a) => ({ containerId: a.containerID, ifname: a.ifname }));
      await gcIpMasq(ctx.network, valid).catch((err) => errors.push(err));
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, "Cannot garbage-collect ptp attachments");
  },
  async status(ctx) {
    await ipamStatus(ctx);
  },
};
