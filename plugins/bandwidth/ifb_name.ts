/**
 * The name of the IFB device that shapes a container's egress: `bwp` + sha512(network name + container ID) in hex,
 * 15 characters, exactly as the reference names it so either implementation can clean up after the other.
 * @module
 */
import { hashWithPrefix } from "../../netfilter/chain_name.ts";

/** Longest Linux interface name. */
const MAX_IFB_NAME_LENGTH = 15;

/**
 * Returns the IFB name for an attachment.
 * @example
 * ```ts
 * import { ifbName } from "./ifb_name.ts";
 * ifbName("mynet", "ctr1").length; // 15
 * ```
 */
export function ifbName(network: string, containerId: string): string {
  return hashWithPrefix(network + containerId, { length: MAX_IFB_NAME_LENGTH, prefix: "bwp" });
}
