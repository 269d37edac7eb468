/**
 * Turns a tuning `sysctl` key such as `net.ipv4.conf.IFNAME.arp_filter` into the path segments under
 * `/proc/sys/net` that `iface/sysctl.ts` accepts, refusing every key that would leave that directory.
 * @module
 */
import { CniError, ERR_INVALID_NETCONF } from "../../cni/mod.ts";
import { sysctlPath } from "../../iface/sysctl.ts";

/**
 * Resolves `key` for interface `ifname`: splits on `.`, replaces the first `IFNAME` with `ifname` (which may itself
 * contain dots, e.g. `eth0.100`), and returns the segments below `net`. Throws CniError 7 for a key outside `net`,
 * a key containing `/` (the reference would mangle it), or an empty, `.` or `..` segment.
 *
 * Differs from the reference on purpose: `net..ipv4.x` is refused instead of being cleaned to `net/ipv4/x`.
 * @example
 * ```ts
 * import { resolveSysctlKey } from "./sysctl_key.ts";
 * resolveSysctlKey("net.ipv4.conf.IFNAME.arp_filter", "eth0.100"); // ["ipv4", "conf", "eth0.100", "arp_filter"]
 * ```
 */
export function resolveSysctlKey(key: string, ifname: string): string[] {
  if (/[/\\\0]/.test(key)) throw invalidKey(key, "only dot-separated keys are accepted");
  const segments = key.split(".");
  const at = segments.findIndex((segment) => segment.includes("IFNAME"));
  if (at >= 0) segments[at] = (segments[at] ?? "").replace("IFNAME", ifname);
  if (segments[0] !== "net" || segments.length < 2) throw invalidKey(key, "it is not under /proc/sys/net");
  const below = segments.slice(1);
  try {
    sysctlPath(below);
  } catch (err) {
    throw invalidKey(key, err instanceof Error ? err.message : String(err), err);
  }
  return below;
}

function invalidKey(key: string, why: string, cause?: unknown): CniError {
  return new CniError(ERR_INVALID_NETCONF, `invalid net sysctl key: "${key}": ${why}`, { cause });
}
