/**
 * The firewall config (plugins/meta/firewall/firewall.go `FirewallNetConf`), with the reference's defaults.
 * @module
 */
import * as z from "zod/mini";
import { netconf } from "../../cni/netconf.ts";

/** The firewall schema: base fields plus the firewall's own, unknown keys kept. */
export const FirewallConfig = netconf({
  /** `iptables` or `firewalld`; empty means firewalld when it runs, else iptables. */
  backend: z.pipe(z.nullish(z.string()), z.transform((v) => v ?? "")),
  /** The admin override chain; empty means `CNI-ADMIN`. */
  iptablesAdminChainName: z.pipe(z.nullish(z.string()), z.transform((v) => v || "CNI-ADMIN")),
  /** firewalld zone for the addresses; empty means `trusted`. */
  firewalldZone: z.pipe(z.nullish(z.string()), z.transform((v) => v || "trusted")),
  /** `open` (default), `same-bridge` or `isolated`; an empty string means `open`. */
  ingressPolicy: z.pipe(z.nullish(z.string()), z.transform((v) => v || "open")),
});

/** A parsed firewall config. */
export type FirewallConfig = z.infer<typeof FirewallConfig>;
