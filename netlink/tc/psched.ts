/**
 * The packet scheduler clock (/proc/net/psched), which converts times to the "ticks" tc structs carry, parsed as
 * iproute2's `tc_core_init` and vishvananda/netlink's `initClock` do.
 *
 * @example
 * ```ts
 * import { parsePsched } from "./psched.ts";
 * const clock = parsePsched("000003e8 00000040 000f4240 3b9aca00\n");
 * console.assert(clock.tickInUsec === 15.625 && clock.clockFactor === 1);
 * ```
 * @module
 */
import { TIME_UNITS_PER_SEC } from "./rate_spec.ts";

/** Where the kernel publishes the scheduler clock. */
const PSCHED_PATH = "/proc/net/psched";

/** The scheduler clock's conversion factors. */
export interface PschedClock {
  /** Ticks per microsecond (t2us / us2t × clockFactor); 15.625 on kernels since 3.x. */
  tickInUsec: number;
  /** Clock resolution over TIME_UNITS_PER_SEC. */
  clockFactor: number;
  /** Timer frequency (hz), used by some qdiscs. */
  hz: number;
}

/** Parses the four hex words of /proc/net/psched; throws SyntaxError when they are missing or not hex. */
export function parsePsched(text: string): PschedClock {
  const words = text.trim().split(/\s+/);
  const values = words.slice(0, 4).map((w) => (/^[0-9a-fA-F]+$/.test(w) ? parseInt(w, 16) : NaN));
  const [t2us, us2t, clockRes, hz] = values;
  if (
    values.length < 4 || t2us === undefined || us2t === undefined || clockRes === undefined || hz === undefined ||
    values.some((v) => Number.isNaN(v)) || us2t === 0
  ) {
    throw new SyntaxError(`Cannot parse ${PSCHED_PATH}: ${JSON.stringify(text.trim())}`);
  }
  // Kernels with a 1 GHz clock report t2us in the second word (iproute2 calls this "compatibility").
  const ticks = clockRes === 1_000_000_000 ? us2t : t2us;
  const clockFactor = clockRes / TIME_UNITS_PER_SEC;
  return { tickInUsec: (ticks / us2t) * clockFactor, clockFactor, hz: clockRes === 1_000_000 ? hz : 100 };
}

let cached: PschedClock | undefined;

/** Reads /proc/net/psched once per process and returns its parsed clock; throws when it cannot be read. */
export function pschedClock(): PschedClock {
  cached ??= parsePsched(Deno.readTextFileSync(PSCHED_PATH));
  return cached;
}
