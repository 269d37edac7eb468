/**
 * The current (1.1.0) result shape, the one every plugin builds. Other spec generations live beside this file and
 * are reached through conversion; plugins never see them.
 * @module
 */

/** An interface created or touched by a plugin (`interfaces[]`). */
export interface Interface {
  /** Interface name, e.g. `eth0`. */
  name: string;
  /** MAC address in `aa:bb:cc:dd:ee:ff` form. */
  mac?: string;
  /** MTU (1.1.0). */
  mtu?: number;
  /** Namespace path for a container-side interface; absent for host-side ones. */
  sandbox?: string;
  /** vhost-user or similar socket path (1.1.0). */
  socketPath?: string;
  /** PCI address of the device (1.1.0). */
  pciID?: string;
}

/** An address assigned to an interface (`ips[]`). */
export interface IPConfig {
  /** Index into `interfaces[]`; absent in IPAM results. */
  interface?: number;
  /** Address with prefix length, e.g. `10.1.0.5/24`. */
  address: string;
  /** Default gateway for this subnet, if any. */
  gateway?: string;
}

/** A route (`routes[]`). */
export interface Route {
  /** Destination prefix, e.g. `0.0.0.0/0`. */
  dst: string;
  /** Next hop; absent means the default gateway of the family, or on-link. */
  gw?: string;
  /** Route MTU (1.1.0). */
  mtu?: number;
  /** Advertised MSS (1.1.0). */
  advmss?: number;
  /** Route priority / metric (1.1.0). */
  priority?: number;
  /** Routing table (1.1.0). */
  table?: number;
  /** Route scope, as the kernel numbers it (1.1.0). */
  scope?: number;
}

/** DNS settings (`dns`). */
export interface DNS {
  /** Name server addresses. */
  nameservers?: string[];
  /** Local domain. */
  domain?: string;
  /** Search domains. */
  search?: string[];
  /** resolv.conf options. */
  options?: string[];
}

/** A result in the current version's shape. `cniVersion` is the version the result is labelled with. */
export interface Result {
  /** Spec version this result is expressed in. */
  cniVersion: string;
  /** Interfaces created or touched. */
  interfaces?: Interface[];
  /** Assigned addresses. */
  ips?: IPConfig[];
  /** Routes. */
  routes?: Route[];
  /** DNS settings; always printed (possibly `{}`), as the Go library does. */
  dns?: DNS;
}
