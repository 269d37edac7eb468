/**
 * The ptp plugin's configuration (the fields of the reference v1.9.1, same defaults).
 * @module
 */
import * as z from "zod";
import { IpamConfig, netconf } from "../../cni/netconf.ts";

/** The whole network config as ptp sees it (unknown keys kept); `ipam` is required. */
export const PtpConfig = netconf({
  ipMasq: z.boolean().default(false),
  ipMasqBackend: z.enum(["iptables", "nftables"]).optional(),
  mtu: z.number().int().min(0).default(0),
  ipam: IpamConfig,
});

/** The parsed config type. */
export type PtpConfig = z.infer<typeof PtpConfig>;
