/**
 * The network configuration every plugin receives on stdin (spec "Plugin configuration objects"), as a zod schema
 * that keeps unknown keys. Plugins extend it with {@linkcode netconf}.
 * @module
 */
import * as z from "zod/mini";
import "./zod_english.ts";
import type { Route } from "./result.ts";
import { DEFAULT_CONFIG_VERSION } from "./version.ts";

/** The `ipam` section: a `type` plus whatever the IPAM plugin reads. */
export const IpamConfig = z.looseObject({ type: z.optional(z.string()) });

/** A route as IPAM plugins take it in `ipam.routes` (the spec's route fields; unknown keys kept). */
export const IpamRouteConfig = z.looseObject({
  dst: z.string(),
  gw: z.optional(z.string()),
  mtu: z.optional(z.number().check(z.int())),
  advmss: z.optional(z.number().check(z.int())),
  priority: z.optional(z.number().check(z.int())),
  table: z.optional(z.number().check(z.int())),
  scope: z.optional(z.number().check(z.int())),
});

/** A parsed `ipam.routes` entry. */
export type IpamRouteConfig = z.infer<typeof IpamRouteConfig>;

/** The result route of a configured one, with only the fields it sets (unknown keys dropped; nothing validated). */
export function routeOfConfig(route: IpamRouteConfig): Route {
  const out: Route = { dst: route.dst };
  if (route.gw !== undefined) out.gw = route.gw;
  for (const key of ["mtu", "advmss", "priority", "table", "scope"] as const) {
    const value = route[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The `dns` section of a config. */
export const DnsConfig = z.looseObject({
  nameservers: z.optional(z.array(z.string())),
  domain: z.optional(z.string()),
  search: z.optional(z.array(z.string())),
  options: z.optional(z.array(z.string())),
});

/** The `args` section: runtime-supplied, namespaced; `args.cni` holds the CNI conventions (`ips`, `labels`, …). */
export const ArgsConfig = z.looseObject({ cni: z.optional(z.looseObject({})) });

/** The fields every plugin config shares; spread into a plugin's own shape by {@linkcode netconf}. */
export const netconfShape = {
  /** Missing or empty means "0.1.0", as Go's config decoder reads it. */
  cniVersion: z.pipe(z.nullish(z.string()), z.transform((v) => v || DEFAULT_CONFIG_VERSION)),
  name: z.string(),
  type: z.optional(z.string()),
  capabilities: z.optional(z.record(z.string(), z.boolean())),
  ipam: z.optional(IpamConfig),
  dns: z.optional(DnsConfig),
  args: z.optional(ArgsConfig),
  runtimeConfig: z.optional(z.looseObject({})),
  /** Kept raw: the skel parses it with `parseResult` into `ctx.prevResult`. */
  prevResult: z.optional(z.unknown()),
  ipMasq: z.optional(z.boolean()),
};

/** The base network config schema (unknown keys kept). */
export const NetConf = z.looseObject(netconfShape);

/** A parsed base network config. */
export type NetConf = z.infer<typeof NetConf>;

/**
 * Builds a plugin's config schema: the base fields plus `extra` (which may override a base field), unknown keys kept.
 * @example
 * ```ts
 * import * as z from "zod/mini";
 * import { netconf } from "./netconf.ts";
 * const BridgeConfig = netconf({ bridge: z._default(z.string(), "cni0") });
 * BridgeConfig.parse({ cniVersion: "1.0.0", name: "n", type: "bridge" }).bridge; // "cni0"
 * ```
 */
export function netconf<S extends z.core.$ZodShape>(
  extra: S,
): z.ZodMiniObject<Omit<typeof netconfShape, keyof S> & S, z.core.$loose> {
  return z.looseObject({ ...netconfShape, ...extra }) as unknown as z.ZodMiniObject<
    Omit<typeof netconfShape, keyof S> & S,
    z.core.$loose
  >;
}
