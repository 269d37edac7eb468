/**
 * The IPAM plugins this binary carries, by CNI type, each imported lazily. {@linkcode ipamAdd} and friends run a
 * listed type in-process; any other type is exec'd from CNI_PATH.
 * @module
 */
import type { Plugin } from "../cni/mod.ts";

/** IPAM type → loader of its plugin object. */
export const ipamRegistry: Readonly<Record<string, () => Promise<Plugin<unknown>>>> = {
  "host-local": async () => (await import("./host_local/mod.ts")).hostLocal as Plugin<unknown>,
  static: async () => (await import("./static/mod.ts")).staticIpam as Plugin<unknown>,
  dhcp: async () => (await import("./dhcp/mod.ts")).dhcp as Plugin<unknown>,
};

/** Loads the in-process plugin for `type`, or returns undefined when it must be exec'd. */
export async function loadIpamPlugin(type: string): Promise<Plugin<unknown> | undefined> {
  const load = Object.hasOwn(ipamRegistry, type) ? ipamRegistry[type] : undefined;
  return load ? await load() : undefined;
}
