/**
 * The tbf parameters the reference bandwidth plugin derives from a rate and burst in bits (its `buffer`, `limit`
 * and `latencyInUsec` helpers over vishvananda/netlink's tick clock), reproduced with the same float/uint32 steps.
 *
 * @example
 * ```ts
 * import { tbfForRate } from "./tbf_for_rate.ts";
 * const tbf = tbfForRate(1_000_000, 800_000, { tickInUsec: 15.625 });
 * console.assert(tbf.rate === 125000 && tbf.buffer === 12500000 && tbf.limit === 103125);
 * ```
 * @module
 */
import { TIME_UNITS_PER_SEC, toUint32 } from "./rate_spec.ts";
import type { TbfOptions } from "./tbf.ts";

/** The bandwidth plugin's fixed queueing latency, milliseconds. */
export const BANDWIDTH_LATENCY_MS = 25;

/** Options of {@linkcode tbfForRate}. */
export interface TbfForRateOptions {
  /** Scheduler ticks per microsecond, from `pschedClock().tickInUsec`. */
  tickInUsec: number;
  /** Queueing latency that sizes `limit`, milliseconds; 25 as the bandwidth plugin. */
  latencyMs?: number;
}

/**
 * Returns `{ rate, buffer, limit }` for a tbf shaping to `rateBits` bits/s with a `burstBits`-bit bucket, as the
 * bandwidth plugin computes them. Throws RangeError when a value rounds to zero (the plugin's "invalid value(s)").
 */
export function tbfForRate(
  rateBits: number,
  burstBits: number,
  options: TbfForRateOptions,
): Pick<TbfOptions, "rate" | "buffer" | "limit"> {
  if (!Number.isSafeInteger(rateBits) || rateBits <= 0) {
    throw new RangeError(`Cannot compute tbf parameters: invalid rate ${rateBits}`);
  }
  if (!Number.isSafeInteger(burstBits) || burstBits <= 0) {
    throw new RangeError(`Cannot compute tbf parameters: invalid burst ${burstBits}`);
  }
  const rate = Math.floor(rateBits / 8);
  const burst = toUint32(Math.floor(burstBits / 8));
  const latency = TIME_UNITS_PER_SEC * ((options.latencyMs ?? BANDWIDTH_LATENCY_MS) / 1000);
  const buffer = rate === 0 ? 0 : toUint32(toUint32((burst * TIME_UNITS_PER_SEC) / rate) * options.tickInUsec);
  const limit = (toUint32((rate * latency) / TIME_UNITS_PER_SEC) + burst) >>> 0;
  if (rate === 0 || buffer === 0 || limit === 0) {
    throw new RangeError(
      `Cannot compute tbf parameters for rate ${rateBits} and burst ${burstBits}: ` +
        `rate ${rate}, buffer ${buffer}, limit ${limit} (verify bandwidth and burst configuration)`,
    );
  }
  return { rate, buffer, limit };
}
