/**
 * cnitool's container ID: `cnitool-` plus the first 10 bytes (20 hex digits) of SHA-512 of the absolute netns path,
 * so repeated calls for one namespace address the same attachment.
 *
 * @example
 * ```ts
 * import { containerIdFor } from "./container_id.ts";
 * import { strictEqual } from "node:assert/strict";
 * strictEqual(await containerIdFor("/var/run/netns/cnit-a"), "cnitool-6dae9e0f2c02655293de");
 * ```
 * @module
 */
import { resolvePath } from "../../fspath/mod.ts";

/** Returns the container ID cnitool uses for `netns` (made absolute against the current directory first). */
export async function containerIdFor(netns: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-512", new TextEncoder().encode(resolvePath(netns)));
  const hex = [...new Uint8Array(digest).subarray(0, 10)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `cnitool-${hex}`;
}
