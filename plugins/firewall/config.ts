/**
 * The firewall config (plugins/meta/firewall/firewall.go `FirewallNetConf`), with the reference's defaults.
 * @module
 */
import * as z from "zod";
import { netconf } from "../../cni/netconf.ts";

/** The firewall schema: base fields plus the firewall's own, unknown keys kept. */
export const FirewallConfig = netconf({
  /** `iptables` or `firewalld`; empty means firewalld when it runs, else iptables. */
  backend: z.string().nullish().transform((v) => v ?? ""),
  /** The admin override chain; empty means `CNI-ADMIN`. */
  iptablesAdminChainName: z.string().nullish().transform((v) => v || "CNI-ADMIN"),
  /** firewalld zone for the addresses; empty means `trusted`. */
  firewalldZone: z.string().nullish().transform((v) => v || "trusted"),
  /** `open` (default), `same-bridge` or `isolated`; an empty string means `open`. */
  ingressPolicy: z.string().nullish().transform((v) => v || "open"),
});

/** A parsed firewall config. */
export type FirewallConfig = z.infer<typeof FirewallConfig>;
