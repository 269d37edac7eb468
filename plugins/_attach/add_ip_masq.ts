/**
 * Masquerading as the routed plugins (bridge, ptp) set it up during ADD: the rules for the container's addresses,
 * removed again (best effort) when the rest of ADD fails.
 * @module
 */
import type { PluginContext } from "../../cni/mod.ts";
import type { NetfilterBackend } from "../../netfilter/mod.ts";
import { deferBestEffort } from "./defer_best_effort.ts";

/** Options of {@linkcode addIpMasq}. */
export interface AddIpMasqOptions {
  /** The container's addresses with prefix length (`10.1.0.5/24`). */
  ips: readonly string[];
  /** The config's `ipMasqBackend`; default netfilter's choice. */
  backend?: NetfilterBackend | undefined;
}

/** Masquerades traffic from `options.ips` leaving their subnet, and defers the teardown on `undo`. Throws netfilter's error. */
export async function addIpMasq(
  ctx: PluginContext<unknown>,
  undo: AsyncDisposableStack,
  options: AddIpMasqOptions,
): Promise<void> {
  const { setupIpMasq, teardownIpMasq } = await import("../../netfilter/mod.ts");
  const masq = { network: ctx.network, containerId: ctx.containerId, ifname: ctx.ifname, ips: options.ips };
  deferBestEffort(undo, () => teardownIpMasq(masq));
  await setupIpMasq({ ...masq, ...(options.backend && { backend: options.backend }) });
}
