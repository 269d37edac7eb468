/**
 * GC of a plugin that masquerades (bridge, ptp): the IPAM plugin's GC and, with `ipMasq`, the masquerade rules of
 * attachments that are no longer valid. Both run even when the first fails.
 * @module
 */
import type { PluginContext } from "../../cni/mod.ts";

/** Options of {@linkcode gcWithIpMasq}. */
export interface GcWithIpMasqOptions<C> {
  /** The IPAM half of GC (ipam's `ipamGc`, or {@linkcode forwardGcToIpam} when IPAM is optional). */
  ipamGc: (ctx: PluginContext<C>) => Promise<void>;
  /** The config's `ipMasq`. */
  ipMasq: boolean;
  /** The plugin type, for the message of several failures. */
  type: string;
}

/**
 * Runs `ipamGc` and, with `ipMasq`, removes the masquerade rules of `ctx.network` that no valid attachment owns.
 * Throws the one failure, or an AggregateError `Cannot garbage-collect <type> attachments` with both.
 */
export async function gcWithIpMasq<C>(ctx: PluginContext<C>, options: GcWithIpMasqOptions<C>): Promise<void> {
  const errors: unknown[] = [];
  await options.ipamGc(ctx).catch((err) => errors.push(err));
  if (options.ipMasq) {
    const valid = ctx.validAttachments.map((a) => ({ containerId: a.containerID, ifname: a.ifname }));
    const { gcIpMasq } = await import("../../netfilter/mod.ts");
    await gcIpMasq(ctx.network, valid).catch((err) => errors.push(err));
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `Cannot garbage-collect ${options.type} attachments`);
}
