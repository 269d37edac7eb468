/**
 * The ptp plugin's configuration (the fields of the reference v1.9.1, same defaults).
 * @module
 */
import * as z from "zod/mini";
import { IpamConfig, netconf } from "../../cni/netconf.ts";

/** The whole network config as ptp sees it (unknown keys kept); `ipam` is required. */
export const PtpConfig = netconf({
  ipMasq: z._default(z.boolean(), false),
  ipMasqBackend: z.optional(z.enum(["iptables", "nftables"])),
  mtu: z._default(z.number().check(z.int(), z.minimum(0)), 0),
  ipam: IpamConfig,
});

/** The parsed config type. */
export type PtpConfig = z.infer<typeof PtpConfig>;
