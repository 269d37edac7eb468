/**
 * `node:path`'s `dirname` for POSIX paths, without importing `node:path` (which costs ~6 ms per exec in Deno 2.9).
 * @module
 */

/**
 * Everything before the last segment of `path`, as node's `path.posix.dirname`: trailing `/`s are ignored, `"."` for
 * a bare name, `"/"` for a top-level entry (and node's `"//"` for `//name`).
 *
 * @example
 * ```ts
 * import { dirname } from "./dirname.ts";
 * dirname("/run/cni/dhcp.sock"); // "/run/cni"
 * ```
 */
export function dirname(path: string): string {
  if (path === "") return ".";
  const hasRoot = path.startsWith("/");
  let end = -1;
  let isInTrailingSlashes = true;
  for (let i = path.length - 1; i >= 1; i--) {
    if (path[i] === "/") {
      if (!isInTrailingSlashes) {
        end = i;
        break;
      }
    } else {
      isInTrailingSlashes = false;
    }
  }
  if (end === -1) return hasRoot ? "/" : ".";
  if (hasRoot && end === 1) return "//";
  return path.slice(0, end);
}
