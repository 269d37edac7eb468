/**
 * The firewall plugin's iptables rules (plugins/meta/firewall/iptables.go): filter chain `CNI-FORWARD`, jumped first
 * from FORWARD, which first jumps to an admin chain (`CNI-ADMIN`, created but never modified) and then accepts, per
 * container address, RELATED/ESTABLISHED traffic to it and everything from it.
 * @module
 */
import { familyOfCidr } from "./hostport.ts";
import { type ChainRef, type IpFamily, Iptables } from "./iptables.ts";
import type { CommandRunner } from "./command_runner.ts";

/** The plugin's private filter chain. */
export const FORWARD_CHAIN = "CNI-FORWARD";
/** The default admin override chain (`iptablesAdminChainName`). */
export const DEFAULT_ADMIN_CHAIN = "CNI-ADMIN";

/** Which addresses to open and where. */
export interface ForwardFirewallSpec {
  /** Container addresses (CIDR or bare); each becomes a /32 or /128 match. */
  ips: readonly string[];
  /** The admin chain name; default `CNI-ADMIN`. */
  adminChain?: string | undefined;
  /** Runs binaries; for tests. */
  run?: CommandRunner | undefined;
}

/** `10.0.0.5/32` or `fd00::5/128` for a container address (go's `ipString`). */
export function hostCidr(ip: string): string {
  const address = ip.split("/")[0]!;
  return familyOfCidr(address) === 6 ? `${address}/128` : `${address}/32`;
}

/** The two rules of one address in `CNI-FORWARD` (go's `getPrivChainRules`). */
export function forwardRules(ip: string): string[][] {
  const host = hostCidr(ip);
  return [
    ["-d", host, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"],
    ["-s", host, "-j", "ACCEPT"],
  ];
}

/** The FORWARD rule jumping to `CNI-FORWARD`. */
export function forwardJumpRule(): string[] {
  return ["-m", "comment", "--comment", "CNI firewall plugin rules", "-j", FORWARD_CHAIN];
}

/** The `CNI-FORWARD` rule jumping to the admin chain. */
export function adminJumpRule(adminChain: string): string[] {
  return ["-m", "comment", "--comment", "CNI firewall plugin admin overrides", "-j", adminChain];
}

const filter = (chain: string): ChainRef => ({ table: "filter", chain });

function rulesByFamily(ips: readonly string[]): Map<IpFamily, string[][]> {
  const out = new Map<IpFamily, string[][]>();
  for (const ip of ips) {
    const family = familyOfCidr(ip.split("/")[0]!);
    out.set(family, [...(out.get(family) ?? []), ...forwardRules(ip)]);
  }
  return out;
}

function handle(family: IpFamily, spec: ForwardFirewallSpec): Iptables {
  return new Iptables(family, spec.run ? { run: spec.run } : {});
}

/** Opens the addresses: ensures the chains and jumps, then appends each address's rules; undoes them on failure. */
export async function setupForwardFirewall(spec: ForwardFirewallSpec): Promise<void> {
  const admin = spec.adminChain || DEFAULT_ADMIN_CHAIN;
  for (const [family, rules] of rulesByFamily(spec.ips)) {
    const ipt = handle(family, spec);
    await ipt.ensureChain(filter(FORWARD_CHAIN));
    await ipt.ensureChain(filter(admin));
    await ipt.ensureRule(filter("FORWARD"), forwardJumpRule(), { prepend: true });
    await ipt.ensureRule(filter(FORWARD_CHAIN), adminJumpRule(admin), { prepend: true });
    try {
      for (const rule of rules) await ipt.ensureRule(filter(FORWARD_CHAIN), rule);
    } catch (err) {
      for (const rule of rules) await ipt.deleteRule(filter(FORWARD_CHAIN), rule).catch(() => {});
      throw err;
    }
  }
}

/** Deletes the addresses' rules; errors are ignored, as in the reference. */
export async function teardownForwardFirewall(spec: ForwardFirewallSpec): Promise<void> {
  for (const [family, rules] of rulesByFamily(spec.ips)) {
    const ipt = handle(family, spec);
    for (const rule of rules) await ipt.deleteRule(filter(FORWARD_CHAIN), rule).catch(() => {});
  }
}

/** Throws unless both jumps and every address rule exist (ensures the chains first, as the reference does). */
export async function checkForwardFirewall(spec: ForwardFirewallSpec): Promise<void> {
  const admin = spec.adminChain || DEFAULT_ADMIN_CHAIN;
  for (const [family, rules] of rulesByFamily(spec.ips)) {
    const ipt = handle(family, spec);
    await ipt.ensureChain(filter(FORWARD_CHAIN));
    await ipt.ensureChain(filter(admin));
    const wanted: [string, string[]][] = [
      ["FORWARD", forwardJumpRule()],
      [FORWARD_CHAIN, adminJumpRule(admin)],
      ...rules.map((r): [string, string[]] => [FORWARD_CHAIN, r]),
    ];
    for (const [chain, rule] of wanted) {
      if (!await ipt.ruleExists(filter(chain), rule)) {
        throw new Error(`Cannot find rule "${rule.join(" ")}" in chain "${chain}" of ${ipt.binary} table "filter"`);
      }
    }
  }
}
