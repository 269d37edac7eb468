/**
 * The NETNS argument of `cnitool interface|route`: a path, or a name under /var/run/netns as `ip netns` names them.
 * @module
 */
import { Netns, NETNS_RUN_DIR } from "../../netlink/mod.ts";

/** Returns the path `ref` names: itself when it contains "/", else /var/run/netns/`ref`. */
export function containerNetnsPath(ref: string): string {
  return ref.includes("/") ? ref : `${NETNS_RUN_DIR}/${ref}`;
}

/** Opens the namespace `ref` names; throws `Cannot open netns "x": No such file or directory (ENOENT)` when absent. */
export function openContainerNetns(ref: string): Netns {
  if (ref === "") throw new TypeError('Cannot open netns "": empty name');
  return Netns.open(containerNetnsPath(ref));
}
