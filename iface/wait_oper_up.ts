/**
 * Waiting for a link to become operationally up (a bridge port leaves the "down" state once both veth ends are up),
 * by polling with a deadline.
 * @module
 */
import type { Link, Rtnl } from "../netlink/mod.ts";
import { sleepSync } from "./sleep_sync.ts";

/** Options of {@linkcode waitOperUp}. */
export interface WaitOperUpOptions {
  /** Give up after this many milliseconds (default 2550, the sum of the reference's retry pauses). */
  timeoutMs?: number;
}

/**
 * Resolves with the link once its operational state is `up`; throws
 * `Cannot use link "veth1a2b3c4d": bridge port in error state: down` at the deadline.
 */
// deno-lint-ignore require-await -- async so that failures stay rejections; the pauses are sleepSync (no timer)
export async function waitOperUp(rtnl: Rtnl, index: number, options: WaitOperUpOptions = {}): Promise<Link> {
  const deadline = Date.now() + (options.timeoutMs ?? 2550);
  let pause = 5;
  for (;;) {
    const link = rtnl.linkGet(index);
    if (link.operState === "up") return link;
    if (Date.now() >= deadline) {
      throw new Error(`Cannot use link ${JSON.stringify(link.name)}: bridge port in error state: ${link.operState}`);
    }
    sleepSync(pause);
    pause = Math.min(pause * 2, 200);
  }
}
