/**
 * The flannel plugin's configuration (flannel-io/cni-plugin): where to find the lease, where to keep the generated
 * delegate configs, and the delegate and ipam templates.
 * @module
 */
import * as z from "zod/mini";
import { netconf } from "../../cni/mod.ts";
import { DEFAULT_SUBNET_FILE } from "./subnet_env.ts";

/** Where generated delegate configs are kept when `dataDir` is not set. */
export const DEFAULT_DATA_DIR = "/var/lib/cni/flannel";

/** The flannel config schema (unknown keys kept). */
export const FlannelConfig = netconf({
  subnetFile: z.pipe(z.optional(z.string()), z.transform((v) => v || DEFAULT_SUBNET_FILE)),
  dataDir: z.pipe(z.optional(z.string()), z.transform((v) => v || DEFAULT_DATA_DIR)),
  delegate: z.nullish(z.record(z.string(), z.unknown())),
  ipam: z.nullish(z.record(z.string(), z.unknown())),
  runtimeConfig: z.nullish(z.record(z.string(), z.unknown())),
});

/** A parsed flannel config. */
export type FlannelConfig = z.infer<typeof FlannelConfig>;
