/**
 * POSIX path arithmetic with `node:path`'s exact results, for the plugin path: in Deno 2.9 importing `node:path`
 * costs ~6 ms per process, and every CNI call is a process (bench/README.md). A leaf module: it imports nothing of ours.
 * @module
 */
export { basename } from "./basename.ts";
export { dirname } from "./dirname.ts";
export { joinPath } from "./join_path.ts";
export { resolvePath } from "./resolve_path.ts";
