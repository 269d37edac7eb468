/**
 * The flannel plugin's configuration (flannel-io/cni-plugin): where to find the lease, where to keep the generated
 * delegate configs, and the delegate and ipam templates.
 * @module
 */
import * as z from "zod";
import { netconf } from "../../cni/mod.ts";
import { DEFAULT_SUBNET_FILE } from "./subnet_env.ts";

/** Where generated delegate configs are kept when `dataDir` is not set. */
export const DEFAULT_DATA_DIR = "/var/lib/cni/flannel";

/** The flannel config schema (unknown keys kept). */
export const FlannelConfig = netconf({
  subnetFile: z.string().optional().transform((v) => v || DEFAULT_SUBNET_FILE),
  dataDir: z.string().optional().transform((v) => v || DEFAULT_DATA_DIR),
  delegate: z.record(z.string(), z.unknown()).nullish(),
  ipam: z.record(z.string(), z.unknown()).nullish(),
  runtimeConfig: z.record(z.string(), z.unknown()).nullish(),
});

/** A parsed flannel config. */
export type FlannelConfig = z.infer<typeof FlannelConfig>;
