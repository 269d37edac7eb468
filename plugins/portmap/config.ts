/**
 * The portmap config (plugins/meta/portmap/main.go `PortMapConf`), with the reference's defaults and checks.
 * @module
 */
import * as z from "zod/mini";
import { netconf } from "../../cni/netconf.ts";

/** One `runtimeConfig.portMappings` entry; ports must be 1–65535 and the protocol tcp, udp or sctp. */
export const PortMapEntry = z.looseObject({
  hostPort: z.number().check(z.int(), z.minimum(1, "Invalid host port number")).check(z.maximum(65535)),
  containerPort: z.number().check(z.int(), z.minimum(1, "Invalid container port number")).check(z.maximum(65535)),
  protocol: z.pipe(z.pipe(z.string(), z.transform((p) => p.toLowerCase())), z.enum(["tcp", "udp", "sctp"])),
  hostIP: z.optional(z.string()),
});

/** A parsed port mapping. */
export type PortMapEntry = z.infer<typeof PortMapEntry>;

const conditions = z.pipe(z.nullish(z.array(z.string())), z.transform((v) => v ?? undefined));

/** The portmap schema: base fields plus portmap's own, unknown keys kept. */
export const PortmapConfig = netconf({
  /** `iptables` or `nftables`; default iptables unless only nftables is usable. */
  backend: z.optional(z.enum(["iptables", "nftables"])),
  /** Masquerade hairpin and localhost traffic. */
  snat: z.pipe(z.nullish(z.boolean()), z.transform((v) => v ?? true)),
  /** Masquerade traffic from every source (for macvlan/ipvlan). */
  masqAll: z.pipe(z.nullish(z.boolean()), z.transform((v) => v ?? false)),
  /** Mark bit used to request masquerading (iptables), 0–31; default 13 (applied after the exclusivity check). */
  markMasqBit: z.pipe(
    z.nullish(
      z.number().check(z.int(), z.minimum(0, "MasqMarkBit must be between 0 and 31")).check(z.maximum(
        31,
        "MasqMarkBit must be between 0 and 31",
      )),
    ),
    z.transform((v) => v ?? undefined),
  ),
  /** An existing mark chain to jump to instead of CNI-HOSTPORT-SETMARK (iptables). */
  externalSetMarkChain: z.pipe(z.nullish(z.string()), z.transform((v) => v ?? undefined)),
  /** Extra iptables matches (tokens starting with `-`) or nft match tokens for IPv4. */
  conditionsV4: conditions,
  /** The same for IPv6. */
  conditionsV6: conditions,
  runtimeConfig: z.pipe(
    z.optional(z.looseObject({
      portMappings: z.pipe(z.nullish(z.array(PortMapEntry)), z.transform((v) => v ?? [])),
    })),
    z.transform((v) => v ?? { portMappings: [] }),
  ),
}).check(z.superRefine((conf, ctx) => {
  if (conf.markMasqBit !== undefined && conf.externalSetMarkChain !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["externalSetMarkChain"],
      message: "Cannot specify externalSetMarkChain and markMasqBit",
    });
  }
}));

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
