/**
 * `node:path`'s `resolve` for one POSIX path, without importing `node:path` (which costs ~6 ms per exec in Deno 2.9).
 * @module
 */
import { normalizeSegments } from "./_normalize.ts";

/**
 * The absolute, normalized form of `path` as node's `path.posix.resolve(path)` gives it: relative to `cwd` (default
 * `Deno.cwd()`), no trailing `/` except for the root itself; an empty path resolves to `cwd`.
 *
 * @example
 * ```ts
 * import { resolvePath } from "./resolve_path.ts";
 * resolvePath("../run/netns/a/", { cwd: "/var/lib" }); // "/var/run/netns/a"
 * ```
 */
export function resolvePath(path: string, options: { cwd?: string } = {}): string {
  const full = path.startsWith("/") ? path : `${options.cwd ?? Deno.cwd()}/${path}`;
  return `/${normalizeSegments(full, true)}`;
}
