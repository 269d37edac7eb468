/**
 * The network configuration every plugin receives on stdin (spec "Plugin configuration objects"), as a zod schema
 * that keeps unknown keys. Plugins extend it with {@linkcode netconf}.
 * @module
 */
import * as z from "zod/mini";
import "./zod_english.ts";
import { DEFAULT_CONFIG_VERSION } from "./version.ts";

/** The `ipam` section: a `type` plus whatever the IPAM plugin reads. */
export const IpamConfig = z.looseObject({ type: z.optional(z.string()) });

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
