/**
 * IPAM ADD as an interface plugin runs it: the lease is released again (best effort) when the rest of ADD fails,
 * and a result without addresses is refused, as the reference's interface plugins do.
 * @module
 */
import type { IPConfig, PluginContext, Result } from "../../cni/mod.ts";
import { ipamAdd, ipamDel, type WithIpam } from "../../ipam/delegate.ts";
import { deferBestEffort } from "./defer_best_effort.ts";

/** An IPAM result that carries at least one address. */
export type IpamAddresses = Result & { ips: IPConfig[] };

/**
 * Runs the IPAM plugin's ADD and defers its DEL on `undo`. Throws the IPAM's CniError, or
 * `IPAM plugin returned missing IP config` when it returned no address (the lease is released then too).
 */
export async function addIpam<C extends WithIpam>(
  ctx: PluginContext<C>,
  undo: AsyncDisposableStack,
): Promise<IpamAddresses> {
  const ipam = await ipamAdd(ctx);
  deferBestEffort(undo, () => ipamDel(ctx));
  if (!ipam.ips || ipam.ips.length === 0) throw new Error("IPAM plugin returned missing IP config");
  return { ...ipam, ips: ipam.ips };
}
