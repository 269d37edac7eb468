/**
 * ipMasq with iptables, as pkg/ip/ipmasq_iptables_linux.go: a per-attachment nat chain `CNI-<hash>` that accepts
 * traffic to the attachment's own subnet and masquerades the rest (multicast excepted), entered from POSTROUTING by
 * source address. The iptables flavour ignores the interface name, as the reference does. The chain is the
 * attachment's own, so it is written with one iptables-restore (see owned_chain.ts) instead of `-C`/`-A` per rule.
 * @module
 */
import { IP, Prefix } from "../addr/mod.ts";
import { formatChainName, formatComment } from "./chain_name.ts";
import type { CommandRunner } from "./command_runner.ts";
import { type ChainRef, Iptables } from "./iptables.ts";
import { ensureOwnedChain, type OwnedChain, type OwnedChainEntry, removeOwnedChain } from "./owned_chain.ts";

/** The rules one address needs: its chain's two rules and the POSTROUTING jump. */
export interface IpMasqIptablesRules {
  /** The per-attachment chain (`nat` table). */
  chain: ChainRef;
  /** Rules of the chain, in order. */
  chainRules: string[][];
  /** The POSTROUTING rule jumping to the chain. */
  jump: string[];
}

/** Builds the rules for one address `ip` (CIDR as assigned, e.g. `10.0.0.5/24`) of an attachment. */
export function ipMasqIptablesRules(network: string, containerId: string, ip: string): IpMasqIptablesRules {
  const prefix = Prefix.parse(ip);
  const chain = formatChainName(network, containerId);
  const comment = formatComment(network, containerId);
  const multicast = prefix.family === 6 ? "ff00::/8" : "224.0.0.0/4";
  const tag = ["-m", "comment", "--comment", comment];
  return {
    chain: { table: "nat", chain },
    chainRules: [
      ["-d", prefix.toString(), "-j", "ACCEPT", ...tag],
      ["!", "-d", multicast, "-j", "MASQUERADE", ...tag],
    ],
    jump: ["-s", prefix.ip.toString(), "-j", chain, ...tag],
  };
}

/**
 * The attachment's chain in one family, for every address of that family: each address's rules in order (a rule an
 * earlier address already has is not repeated, as `-C` before `-A` would find it) and its POSTROUTING jump.
 */
export function ipMasqOwnedChain(
  attachment: { network: string; containerId: string; ips: readonly string[] },
): OwnedChain {
  const rules: string[][] = [];
  const seen = new Set<string>();
  const entries: OwnedChainEntry[] = [];
  let chain: ChainRef | undefined;
  for (const ip of attachment.ips) {
    const built = ipMasqIptablesRules(attachment.network, attachment.containerId, ip);
    chain = built.chain;
    for (const rule of built.chainRules) {
      // iptables masks `-d 10.1.0.5/24` to 10.1.0.0/24, so two addresses of one subnet share the ACCEPT rule.
      const key = rule.map((word) => Prefix.tryParse(word)?.network().toString() ?? word).join(" ");
      if (seen.has(key)) continue;
      seen.add(key);
      rules.push(rule);
    }
    entries.push({ chain: "POSTROUTING", rule: built.jump });
  }
  if (chain === undefined) throw new RangeError("Cannot build the ipMasq chain: no address given");
  return { ref: chain, rules, entries };
}

/** Installs the rules for every address, one `-C` per address and one iptables-restore per family; safe to repeat. */
export async function setupIpMasqIptables(
  attachment: { network: string; containerId: string; ips: readonly string[] },
  options: { run?: CommandRunner } = {},
): Promise<void> {
  for (const [family, ips] of byFamily(attachment.ips)) {
    const chain = ipMasqOwnedChain({ ...attachment, ips });
    await ensureOwnedChain(new Iptables(family, options), chain);
  }
}

/**
 * Removes every POSTROUTING jump to the chain (the current and the older `-s <cidr>` form) and the chain, per
 * family; missing pieces are success.
 */
export async function teardownIpMasqIptables(
  attachment: { network: string; containerId: string; ips: readonly string[] },
  options: { run?: CommandRunner } = {},
): Promise<void> {
  const errors: unknown[] = [];
  for (const [family, ips] of byFamily(attachment.ips)) {
    const chain = ipMasqIptablesRules(attachment.network, attachment.containerId, ips[0]!).chain;
    try {
      await removeOwnedChain(new Iptables(family, options), chain, { entryChains: ["POSTROUTING"] });
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, "Cannot tear down ipMasq iptables rules");
}

/** The addresses grouped by family, families in order of first appearance. */
function byFamily(ips: readonly string[]): Map<4 | 6, string[]> {
  const groups = new Map<4 | 6, string[]>();
  for (const ip of ips) {
    const family = familyOf(ip);
    groups.set(family, [...groups.get(family) ?? [], ip]);
  }
  return groups;
}

function familyOf(cidr: string): 4 | 6 {
  const slash = cidr.indexOf("/");
  return IP.parse(slash < 0 ? cidr : cidr.slice(0, slash)).family;
}
