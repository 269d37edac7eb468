/**
 * Which container addresses portmap forwards to: the first IPv4 and first IPv6 of prevResult that are not on a
 * known non-sandbox interface (plugins/meta/portmap/main.go `parseConfig`).
 * @module
 */
import { IP } from "../../addr/mod.ts";
import type { Result } from "../../cni/result.ts";

/** The chosen addresses, as CIDRs (`10.1.0.5/24`). */
export interface ContainerIps {
  /** First eligible IPv4 address. */
  v4?: string;
  /** First eligible IPv6 address. */
  v6?: string;
}

/** Picks the container's addresses from `prevResult`; an IP naming an interface that is not `ifname` in a sandbox is skipped. */
export function containerIps(prevResult: Result, ifname: string): ContainerIps {
  const out: ContainerIps = {};
  const interfaces = prevResult.interfaces ?? [];
  for (const ipc of prevResult.ips ?? []) {
    const address = ipc.address.split("/")[0] ?? "";
    const family = IP.tryParse(address)?.family;
    if (family === undefined) continue;
    if (family === 4 ? out.v4 !== undefined : out.v6 !== undefined) continue;
    const index = ipc.interface;
    if (index !== undefined && index >= 0 && index < interfaces.length) {
      const intf = interfaces[index]!;
      if (intf.name !== ifname || !intf.sandbox) continue;
    }
    if (family === 4) out.v4 = ipc.address;
    else out.v6 = ipc.address;
  }
  return out;
}
