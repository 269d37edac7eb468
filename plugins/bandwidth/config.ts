/**
 * The bandwidth plugin's configuration: static `ingressRate/ingressBurst/egressRate/egressBurst` (bits/s and bits),
 * or the `bandwidth` capability in `runtimeConfig`, used only when none of the static fields is present.
 * @module
 */
import * as z from "zod/mini";
import { CniError, ERR_INVALID_NETCONF, netconf } from "../../cni/mod.ts";

const bits = z.number().check(z.int(), z.nonnegative());

const BandwidthEntry = z.looseObject({
  ingressRate: z.optional(bits),
  ingressBurst: z.optional(bits),
  egressRate: z.optional(bits),
  egressBurst: z.optional(bits),
});

/** The bandwidth config schema (unknown keys kept). */
export const BandwidthConfig = netconf({
  ...BandwidthEntry.shape,
  runtimeConfig: z.optional(z.looseObject({ bandwidth: z.nullish(BandwidthEntry) })),
});

/** A parsed bandwidth config. */
export type BandwidthConfig = z.infer<typeof BandwidthConfig>;

/** The limits to apply, in bits/s and bits; 0 means "no limit" for that direction. */
export interface BandwidthLimits {
  /** Rate of traffic towards the container. */
  ingressRate: number;
  /** Burst of traffic towards the container. */
  ingressBurst: number;
  /** Rate of traffic from the container. */
  egressRate: number;
  /** Burst of traffic from the container. */
  egressBurst: number;
}

const STATIC_KEYS = ["ingressRate", "ingressBurst", "egressRate", "egressBurst"] as const;
const MAX_BURST_BYTES = 0xffffffff;

/**
 * Returns the limits to apply: the static fields when any is present (Go allocates its embedded entry then), else
 * `runtimeConfig.bandwidth`, else undefined. Throws CniError 7 when a rate lacks its burst or the reverse, or a burst
 * is 4 GB or more.
 */
export function resolveLimits(config: BandwidthConfig): BandwidthLimits | undefined {
  const hasStatic = STATIC_KEYS.some((key) => config[key] !== undefined);
  const entry = hasStatic ? config : config.runtimeConfig?.bandwidth ?? undefined;
  if (!entry) return undefined;
  const limits: BandwidthLimits = {
    ingressRate: entry.ingressRate ?? 0,
    ingressBurst: entry.ingressBurst ?? 0,
    egressRate: entry.egressRate ?? 0,
    egressBurst: entry.egressBurst ?? 0,
  };
  checkRateAndBurst(limits.ingressRate, limits.ingressBurst);
  checkRateAndBurst(limits.egressRate, limits.egressBurst);
  return limits;
}

/** True when no direction is limited (the plugin then passes prevResult through untouched). */
export function isUnlimited(limits: BandwidthLimits | undefined): boolean {
  return !limits ||
    (limits.ingressRate === 0 && limits.ingressBurst === 0 && limits.egressRate === 0 && limits.egressBurst === 0);
}

function checkRateAndBurst(rate: number, burst: number): void {
  if (burst === 0 && rate !== 0) throw new CniError(ERR_INVALID_NETCONF, "if rate is set, burst must also be set");
  if (rate === 0 && burst !== 0) throw new CniError(ERR_INVALID_NETCONF, "if burst is set, rate must also be set");
  if (Math.floor(burst / 8) >= MAX_BURST_BYTES) {
    throw new CniError(ERR_INVALID_NETCONF, "burst cannot be more than 4GB");
  }
}
