/**
 * The dhcp IPAM plugin's configuration: `ipam.daemonSocketPath`, `ipam.request`, `ipam.provide`, `ipam.priority`.
 * @module
 */
import * as z from "zod/mini";
import { netconf } from "../../cni/mod.ts";

/** The whole network config as dhcp sees it (the base netconf plus its `ipam` fields; unknown keys kept). */
export const DhcpConfig = netconf({
  ipam: z.looseObject({
    type: z.string(),
    daemonSocketPath: z.optional(z.string()),
    request: z.optional(z.array(z.looseObject({ option: z.string(), skipDefault: z.optional(z.boolean()) }))),
    provide: z.optional(z.array(z.looseObject({
      option: z.string(),
      value: z.optional(z.string()),
      fromArg: z.optional(z.string()),
    }))),
    priority: z.optional(z.number().check(z.int())),
  }),
});

/** The parsed config type. */
export type DhcpConfig = z.infer<typeof DhcpConfig>;
