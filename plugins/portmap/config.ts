/**
 * The portmap config (plugins/meta/portmap/main.go `PortMapConf`), with the reference's defaults and checks.
 * @module
 */
import * as z from "zod";
import { netconf } from "../../cni/netconf.ts";

/** One `runtimeConfig.portMappings` entry; ports must be 1–65535 and the protocol tcp, udp or sctp. */
export const PortMapEntry = z.looseObject({
  hostPort: z.number().int().min(1, "Invalid host port number").max(65535),
  containerPort: z.number().int().min(1, "Invalid container port number").max(65535),
  protocol: z.string().transform((p) => p.toLowerCase()).pipe(z.enum(["tcp", "udp", "sctp"])),
  hostIP: z.string().optional(),
});

/** A parsed port mapping. */
export type PortMapEntry = z.infer<typeof PortMapEntry>;

const conditions = z.array(z.string()).nullish().transform((v) => v ?? undefined);

/** The portmap schema: base fields plus portmap's own, unknown keys kept. */
export const PortmapConfig = netconf({
  /** `iptables` or `nftables`; default iptables unless only nftables is usable. */
  backend: z.enum(["iptables", "nftables"]).optional(),
  /** Masquerade hairpin and localhost traffic. */
  snat: z.boolean().nullish().transform((v) => v ?? true),
  /** Masquerade traffic from every source (for macvlan/ipvlan). */
  masqAll: z.boolean().nullish().transform((v) => v ?? false),
  /** Mark bit used to request masquerading (iptables), 0–31; default 13 (applied after the exclusivity check). */
  markMasqBit: z.number().int().min(0, "MasqMarkBit must be between 0 and 31").max(
    31,
    "MasqMarkBit must be between 0 and 31",
  )
    .nullish().transform((v) => v ?? undefined),
  /** An existing mark chain to jump to instead of CNI-HOSTPORT-SETMARK (iptables). */
  externalSetMarkChain: z.string().nullish().transform((v) => v ?? undefined),
  /** Extra iptables matches (tokens starting with `-`) or nft match tokens for IPv4. */
  conditionsV4: conditions,
  /** The same for IPv6. */
  conditionsV6: conditions,
  runtimeConfig: z.looseObject({
    portMappings: z.array(PortMapEntry).nullish().transform((v) => v ?? []),
  }).optional().transform((v) => v ?? { portMappings: [] }),
}).superRefine((conf, ctx) => {
  if (conf.markMasqBit !== undefined && conf.externalSetMarkChain !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["externalSetMarkChain"],
      message: "Cannot specify externalSetMarkChain and markMasqBit",
    });
  }
});

/** A parsed portmap config. */
export type PortmapConfig = z.infer<typeof PortmapConfig>;

/** The reference's default mark bit (Kubernetes uses 14 and 15, Calico 20–31). */
export const DEFAULT_MARK_BIT = 13;

/** "iptables" when the first token starts with `-`, "nftables" otherwise, undefined when empty (go's rule). */
export function backendOfConditions(list: readonly string[] | undefined): "iptables" | "nftables" | undefined {
  const first = list?.[0];
  if (!first) return undefined;
  return first.startsWith("-") ? "iptables" : "nftables";
}

/**
 * Returns the options that belong to the backend not chosen (go's `ensureBackend` check), in the reference's order:
 * `externalSetMarkChain`, `conditionsV4`, `conditionsV6`.
 */
export function optionsForOtherBackend(conf: PortmapConfig, backend: "iptables" | "nftables"): string[] {
  const wrong: string[] = [];
  if (backend === "nftables" && conf.externalSetMarkChain !== undefined) wrong.push("externalSetMarkChain");
  if (backendOfConditions(conf.conditionsV4) === otherOf(backend)) wrong.push("conditionsV4");
  if (backendOfConditions(conf.conditionsV6) === otherOf(backend)) wrong.push("conditionsV6");
  return wrong;
}

function otherOf(backend: "iptables" | "nftables"): "iptables" | "nftables" {
  return backend === "iptables" ? "nftables" : "iptables";
}
