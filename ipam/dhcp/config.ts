/**
 * The dhcp IPAM plugin's configuration: `ipam.daemonSocketPath`, `ipam.request`, `ipam.provide`, `ipam.priority`.
 * @module
 */
import * as z from "zod";
import { netconf } from "../../cni/mod.ts";

/** The whole network config as dhcp sees it (the base netconf plus its `ipam` fields; unknown keys kept). */
export const DhcpConfig = netconf({
  ipam: z.looseObject({
    type: z.string(),
    daemonSocketPath: z.string().optional(),
    request: z.array(z.looseObject({ option: z.string(), skipDefault: z.boolean().optional() })).optional(),
    provide: z.array(z.looseObject({
      option: z.string(),
      value: z.string().optional(),
      fromArg: z.string().optional(),
    })).optional(),
    priority: z.number().int().optional(),
  }),
});

/** The parsed config type. */
export type DhcpConfig = z.infer<typeof DhcpConfig>;
