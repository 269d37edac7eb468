/**
 * The network configuration every plugin receives on stdin (spec "Plugin configuration objects"), as a zod schema
 * that keeps unknown keys. Plugins extend it with {@linkcode netconf}.
 * @module
 */
import * as z from "zod";
import { DEFAULT_CONFIG_VERSION } from "./version.ts";

/** The `ipam` section: a `type` plus whatever the IPAM plugin reads. */
export const IpamConfig = z.looseObject({ type: z.string().optional() });

/** The `dns` section of a config. */
export const DnsConfig = z.looseObject({
  nameservers: z.array(z.string()).optional(),
  domain: z.string().optional(),
  search: z.array(z.string()).optional(),
  options: z.array(z.string()).optional(),
});

/** The `args` section: runtime-supplied, namespaced; `args.cni` holds the CNI conventions (`ips`, `labels`, …). */
export const ArgsConfig = z.looseObject({ cni: z.looseObject({}).optional() });

/** The fields every plugin config shares; spread into a plugin's own shape by {@linkcode netconf}. */
export const netconfShape = {
  /** Missing or empty means "0.1.0", as Go's config decoder reads it. */
  cniVersion: z.string().nullish().transform((v) => v || DEFAULT_CONFIG_VERSION),
  name: z.string(),
  type: z.string().optional(),
  capabilities: z.record(z.string(), z.boolean()).optional(),
  ipam: IpamConfig.optional(),
  dns: DnsConfig.optional(),
  args: ArgsConfig.optional(),
  runtimeConfig: z.looseObject({}).optional(),
  /** Kept raw: the skel parses it with `parseResult` into `ctx.prevResult`. */
  prevResult: z.unknown().optional(),
  ipMasq: z.boolean().optional(),
};

/** The base network config schema (unknown keys kept). */
export const NetConf = z.looseObject(netconfShape);

/** A parsed base network config. */
export type NetConf = z.infer<typeof NetConf>;

/**
 * Builds a plugin's config schema: the base fields plus `extra` (which may override a base field), unknown keys kept.
 * @example
 * ```ts
 * import * as z from "zod";
 * import { netconf } from "./netconf.ts";
 * const BridgeConfig = netconf({ bridge: z.string().default("cni0") });
 * BridgeConfig.parse({ cniVersion: "1.0.0", name: "n", type: "bridge" }).bridge; // "cni0"
 * ```
 */
export function netconf<S extends z.ZodRawShape>(
  extra: S,
): z.ZodObject<Omit<typeof netconfShape, keyof S> & S, z.core.$loose> {
  return z.looseObject({ ...netconfShape, ...extra }) as unknown as z.ZodObject<
    Omit<typeof netconfShape, keyof S> & S,
    z.core.$loose
  >;
}
