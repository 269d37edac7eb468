/**
 * ipMasq with iptables, as pkg/ip/ipmasq_iptables_linux.go: a per-attachment nat chain `CNI-<hash>` that accepts
 * traffic to the attachment's own subnet and masquerades the rest (multicast excepted), entered from POSTROUTING by
 * source address. The iptables flavour ignores the interface name, as the reference does.
 * @module
 */
import { IP, Prefix } from "../addr/mod.ts";
import { formatChainName, formatComment } from "./chain_name.ts";
import type { CommandRunner } from "./command_runner.ts";
import { type ChainRef, Iptables } from "./iptables.ts";

/** The rules one address needs: its chain's two rules and the POSTROUTING jump. */
export interface IpMasqIptablesRules {
  /** The per-attachment chain (`nat` table). */
  chain: ChainRef;
  /** Rules of the chain, in order. */
  chainRules: string[][];
  /** The POSTROUTING rule jumping to the chain. */
  jump: string[];
  /** The older POSTROUTING jump (`-s` with the prefix length) that teardown also removes. */
  legacyJump: string[];
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
    legacyJump: ["-s", prefix.toString(), "-j", chain, ...tag],
  };
}

const POSTROUTING = { table: "nat", chain: "POSTROUTING" };

/** Installs the rules for every address; safe to repeat. */
export async function setupIpMasqIptables(
  attachment: { network: string; containerId: string; ips: readonly string[] },
  options: { run?: CommandRunner } = {},
): Promise<void> {
  for (const ip of attachment.ips) {
    const rules = ipMasqIptablesRules(attachment.network, attachment.containerId, ip);
    const ipt = new Iptables(familyOf(ip), options);
    await ipt.ensureChain(rules.chain);
    for (const rule of rules.chainRules) await ipt.ensureRule(rules.chain, rule);
    await ipt.ensureRule(POSTROUTING, rules.jump);
  }
}

/** Removes the POSTROUTING jumps and the chain of every address; missing pieces are success. */
export async function teardownIpMasqIptables(
  attachment: { network: string; containerId: string; ips: readonly string[] },
  options: { run?: CommandRunner } = {},
): Promise<void> {
  const errors: unknown[] = [];
  for (const ip of attachment.ips) {
    const rules = ipMasqIptablesRules(attachment.network, attachment.containerId, ip);
    const ipt = new Iptables(familyOf(ip), options);
    try {
      await ipt.deleteRule(POSTROUTING, rules.jump);
      await ipt.deleteRule(POSTROUTING, rules.legacyJump);
      await ipt.clearChain(rules.chain);
      await ipt.deleteChain(rules.chain);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, "Cannot tear down ipMasq iptables rules");
}

function familyOf(cidr: string): 4 | 6 {
  const slash = cidr.indexOf("/");
  return IP.parse(slash < 0 ? cidr : cidr.slice(0, slash)).family;
}
