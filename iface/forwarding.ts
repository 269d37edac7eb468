/**
 * IP forwarding, switched on for the families a plugin routes (the reference's `EnableIP4Forward` and
 * `EnableIP6Forward`).
 * @module
 */
import type { Family } from "../addr/mod.ts";
import { ensureSysctl } from "./sysctl.ts";

/**
 * Turns on forwarding in the calling thread's namespace: `net.ipv4.ip_forward=1` for 4 and
 * `net.ipv6.conf.all.forwarding=1` for 6; writes only when the value differs. Throws when /proc refuses the write.
 */
export function enableForwarding(families: Iterable<Family>): void {
  for (const family of new Set(families)) {
    if (family === 4) ensureSysctl(["ipv4", "ip_forward"], "1");
    else ensureSysctl(["ipv6", "conf", "all", "forwarding"], "1");
  }
}
