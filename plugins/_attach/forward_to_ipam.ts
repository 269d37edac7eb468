/**
 * GC and STATUS of an interface plugin that keeps no state of its own outside the container: both are the IPAM
 * plugin's business when the config names one, and no-ops otherwise.
 * @module
 */
import type { PluginContext } from "../../cni/mod.ts";
import { ipamGc, ipamStatus, type WithIpam } from "../../ipam/delegate.ts";

/** GC: forwarded to the IPAM plugin (same `cni.dev/valid-attachments`) when `ipam.type` is set, else nothing. */
export async function forwardGcToIpam<C extends WithIpam>(ctx: PluginContext<C>): Promise<void> {
  if (ctx.config.ipam?.type) await ipamGc(ctx);
}

/** STATUS: the IPAM plugin's answer (throws its CniError 50/51) when `ipam.type` is set, else ready. */
export async function forwardStatusToIpam<C extends WithIpam>(ctx: PluginContext<C>): Promise<void> {
  if (ctx.config.ipam?.type) await ipamStatus(ctx);
}
