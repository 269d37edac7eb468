/**
 * Network sysctls, read and written through `/proc/sys/net` of the calling thread's namespace. Every path is built
 * from checked segments, so no key can reach outside `/proc/sys/net` (no `..`, no `/` inside a segment).
 * Calls are synchronous on purpose: inside `withNetns` only sync I/O sees the entered namespace.
 * @module
 */

const ROOT = "/proc/sys/net";

/**
 * Builds the `/proc/sys/net/...` path of `segments` (e.g. `["ipv4", "conf", "eth0", "forwarding"]`). Throws
 * RangeError for an empty segment, `.`/`..`, or one containing `/` or NUL.
 * @example
 * ```ts
 * import { sysctlPath } from "./sysctl.ts";
 * sysctlPath(["ipv6", "conf", "eth0.100", "accept_ra"]); // "/proc/sys/net/ipv6/conf/eth0.100/accept_ra"
 * ```
 */
export function sysctlPath(segments: readonly string[]): string {
  if (segments.length === 0) throw new RangeError("Cannot build a sysctl path: no key");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === ".." || /[/\0]/.test(segment)) {
      throw new RangeError(`Cannot use sysctl key segment "${segment}": it would leave ${ROOT}`);
    }
  }
  return `${ROOT}/${segments.join("/")}`;
}

/** Writes `value` to the sysctl at `segments` under `/proc/sys/net`. Equivalent to `sysctl -w net.<key>=<value>`. */
export function writeSysctl(segments: readonly string[], value: string): void {
  Deno.writeTextFileSync(sysctlPath(segments), value);
}

/** Reads the sysctl at `segments` under `/proc/sys/net`, trimmed. Equivalent to `sysctl -n net.<key>`. */
export function readSysctl(segments: readonly string[]): string {
  return Deno.readTextFileSync(sysctlPath(segments)).trim();
}

/** Writes the sysctl only when its current value differs (saves a write and a netlink event on repeats). */
export function ensureSysctl(segments: readonly string[], value: string): void {
  if (readSysctl(segments) !== value) writeSysctl(segments, value);
}
