/**
 * Neighbour notification on address changes: gratuitous ARP (`arp_notify`) and unsolicited neighbour
 * advertisements (`ndisc_notify`), so peers learn a moved or reused address at once.
 * @module
 */
import { type Netns, withNetns } from "../netlink/mod.ts";
import { writeSysctl } from "./sysctl.ts";

/** Options of {@linkcode enableNotifySysctls}. */
export interface EnableNotifySysctlsOptions {
  /** The namespace of `ifname`; default the calling thread's own. */
  netns?: Netns;
  /** Also set IPv6 `ndisc_notify` (default false: IPv4 `arp_notify` only). */
  ipv6?: boolean;
}

/**
 * Sets `net.ipv4.conf.<ifname>.arp_notify` (and `net.ipv6.conf.<ifname>.ndisc_notify` with `ipv6`) to 1. Best
 * effort, as in the reference: a missing key (IPv6 disabled, no such link) is not a reason to fail; only entering
 * `netns` can throw. Equivalent to `sysctl -w net.ipv4.conf.<ifname>.arp_notify=1`.
 */
export function enableNotifySysctls(ifname: string, options: EnableNotifySysctlsOptions = {}): void {
  const write = () => {
    writeBestEffort(["ipv4", "conf", ifname, "arp_notify"]);
    if (options.ipv6) writeBestEffort(["ipv6", "conf", ifname, "ndisc_notify"]);
  };
  if (options.netns === undefined) write();
  else withNetns(options.netns, write);
}

function writeBestEffort(key: string[]): void {
  try {
    writeSysctl(key, "1");
  } catch {
    // A missing key (IPv6 disabled) is not a reason to fail, as in the reference.
  }
}
