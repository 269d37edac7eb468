/**
 * `node:path`'s `basename` for POSIX paths, without importing `node:path` (which costs ~6 ms per exec in Deno 2.9).
 * @module
 */

/**
 * The last segment of `path`, as node's `path.posix.basename` without a suffix: trailing `/`s are ignored, `""` for
 * `""` and for `"/"`.
 *
 * @example
 * ```ts
 * import { basename } from "./basename.ts";
 * basename("/sys/bus/pci/drivers/virtio-pci/"); // "virtio-pci"
 * ```
 */
export function basename(path: string): string {
  let start = 0;
  let end = -1;
  for (let i = path.length - 1; i >= 0; i--) {
    if (path[i] === "/") {
      if (end !== -1) {
        start = i + 1;
        break;
      }
    } else if (end === -1) {
      end = i + 1;
    }
  }
  return end === -1 ? "" : path.slice(start, end);
}
