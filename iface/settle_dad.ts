/**
 * Waiting for IPv6 duplicate address detection to finish, by polling the link's address flags (the reference's
 * `ip.SettleAddresses`), with a deadline instead of a fixed sleep.
 * @module
 */
import type { Rtnl } from "../netlink/mod.ts";
import { sleepSync } from "./sleep_sync.ts";

/** Options of {@linkcode settleDad}. */
export interface SettleDadOptions {
  /** Give up after this many milliseconds (default 5000, as the reference). */
  timeoutMs?: number;
  /** First pause between polls in milliseconds; it doubles up to 100 ms (default 5). */
  intervalMs?: number;
  /** The link's name, for error messages. */
  name?: string;
}

/**
 * Resolves once no IPv6 address on link `index` is tentative. Throws when one failed DAD
 * (`Cannot settle addresses of "eth0": 2001:db8::5/64 failed duplicate address detection`) or at the deadline.
 */
// deno-lint-ignore require-await -- async so that failures stay rejections; the pauses are sleepSync (no timer)
export async function settleDad(rtnl: Rtnl, index: number, options: SettleDadOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const label = options.name === undefined ? `link ${index}` : JSON.stringify(options.name);
  const deadline = Date.now() + timeoutMs;
  let pause = options.intervalMs ?? 5;
  for (;;) {
    const addresses = rtnl.addrList({ index, family: 6 });
    const failed = addresses.find((a) => a.dadFailed);
    if (failed) {
      throw new Error(`Cannot settle addresses of ${label}: ${failed.prefix} failed duplicate address detection`);
    }
    const tentative = addresses.find((a) => a.tentative);
    if (tentative === undefined) return;
    if (Date.now() >= deadline) {
      throw new Error(`Cannot settle addresses of ${label}: ${tentative.prefix} still tentative after ${timeoutMs} ms`);
    }
    sleepSync(pause);
    pause = Math.min(pause * 2, 100);
  }
}
