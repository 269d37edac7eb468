/**
 * Every plugin this binary can be, by CNI type name, each loaded lazily so a plugin's start-up pays only for the
 * modules it uses. `main.ts` dispatches on it; `build.ts` makes one symlink per entry; the runtime uses it to run
 * chains in-process.
 * @module
 */
import type { Plugin } from "../cni/plugin.ts";

/** What kind of plugin an entry is (for `cni --help`). */
export type PluginKind = "main" | "ipam" | "meta";

/** One registered plugin: a description for `--help` and a lazy loader. */
export interface PluginEntry {
  /** One line for `cni --help`. */
  readonly description: string;
  /** Interface (main), IPAM or chained (meta) plugin. */
  readonly kind: PluginKind;
  /**
   * The plugin object's `supportedVersions`, when it sets one (absent: every spec version). Lets main.ts answer
   * VERSION without importing the plugin; `plugins/registry_test.ts` keeps the two equal.
   */
  readonly supportedVersions?: readonly string[];
  /** Imports the plugin's module and returns its plugin object. */
  load(): Promise<Plugin<unknown>>;
}

/** The plugin registry, keyed by CNI type. */
export const registry: Readonly<Record<string, PluginEntry>> = {
  loopback: {
    description: "bring up the loopback interface in the container",
    kind: "main",
    load: async () => (await import("./loopback/mod.ts")).loopback,
  },
  bridge: {
    description: "attach the container to a Linux bridge through a veth pair",
    kind: "main",
    load: async () => (await import("./bridge/mod.ts")).bridge,
  },
  ptp: {
    description: "a veth pair with host routes, no bridge (point to point)",
    kind: "main",
    load: async () => (await import("./ptp/mod.ts")).ptp,
  },
  macvlan: {
    description: "macvlan sub-interface of a host device, with its own MAC",
    kind: "main",
    load: async () => (await import("./macvlan/mod.ts")).macvlan,
  },
  ipvlan: {
    description: "ipvlan sub-interface of a host device, sharing its MAC",
    kind: "main",
    load: async () => (await import("./ipvlan/mod.ts")).ipvlan,
  },
  vlan: {
    description: "802.1Q VLAN sub-interface of a host device",
    kind: "main",
    load: async () => (await import("./vlan/mod.ts")).vlan,
  },
  "host-device": {
    description: "move an existing host device into the container",
    kind: "main",
    load: async () => (await import("./host_device/mod.ts")).hostDevice,
  },
  dummy: {
    description: "dummy interface in the container carrying IPAM's addresses",
    kind: "main",
    load: async () => (await import("./dummy/mod.ts")).dummy,
  },
  tap: {
    description: "persistent tap device in the container, optionally on a bridge there",
    kind: "main",
    load: async () => (await import("./tap/mod.ts")).tap,
  },
  tuning: {
    description: "set sysctls and link attributes in the container, restored on DEL",
    kind: "meta",
    load: async () => (await import("./tuning/mod.ts")).tuning,
  },
  bandwidth: {
    description: "limit ingress and egress rates with tc token buckets",
    kind: "meta",
    supportedVersions: ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"],
    load: async () => (await import("./bandwidth/mod.ts")).bandwidth,
  },
  sbr: {
    description: "source-based routing: a routing table per container address",
    kind: "meta",
    load: async () => (await import("./sbr/mod.ts")).sbr,
  },
  vrf: {
    description: "put the container interface into a VRF",
    kind: "meta",
    supportedVersions: ["0.3.1", "0.4.0", "1.0.0", "1.1.0"],
    load: async () => (await import("./vrf/mod.ts")).vrf,
  },
  dhcp: {
    description: "lease addresses from a DHCP server through the dhcp daemon (dhcp daemon …)",
    kind: "ipam",
    load: async () => (await import("../ipam/dhcp/mod.ts")).dhcp,
  },
  "host-local": {
    description: "allocate addresses from ranges, stored on the host's disk",
    kind: "ipam",
    load: async () => (await import("../ipam/host_local/mod.ts")).hostLocal,
  },
  static: {
    description: "assign fixed addresses, routes and DNS",
    kind: "ipam",
    load: async () => (await import("../ipam/static/mod.ts")).staticIpam,
  },
  portmap: {
    description: "map host ports to container ports (iptables or nftables)",
    kind: "meta",
    load: async () => (await import("./portmap/mod.ts")).portmap,
  },
  firewall: {
    description: "allow the container's traffic through the host firewall",
    kind: "meta",
    supportedVersions: ["0.4.0", "1.0.0", "1.1.0"],
    load: async () => (await import("./firewall/mod.ts")).firewall,
  },
  flannel: {
    description: "configure a delegate plugin from flannel's subnet lease",
    kind: "meta",
    load: async () => (await import("./flannel/mod.ts")).flannel,
  },
};

/** Names of the non-plugin tools the binary also answers to. */
export const TOOL_NAMES: readonly string[] = ["cnitool"];

/** Returns the registry entry for `name`, or undefined. */
export function findPlugin(name: string): PluginEntry | undefined {
  return Object.hasOwn(registry, name) ? registry[name] : undefined;
}
