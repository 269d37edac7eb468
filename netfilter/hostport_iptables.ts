/**
 * portmap's iptables rules (plugins/meta/portmap/portmap_iptables.go): `CNI-HOSTPORT-DNAT` jumped from PREROUTING
 * and OUTPUT for local destinations, a per-container `CNI-DN-<hash>` chain with mark-for-masquerade and DNAT rules,
 * and the shared `CNI-HOSTPORT-SETMARK` / `CNI-HOSTPORT-MASQ` chains. Shared chains get `-C`/`-A` per rule (another
 * container may have added it); the container's own chain and its entry rules go in one iptables-restore.
 * @module
 */
import { formatChainName } from "./chain_name.ts";
import type { CommandRunner } from "./command_runner.ts";
import {
  addressOfCidr,
  familyOfCidr,
  type HostportSpec,
  joinHostPort,
  mappingDestination,
  type PortMapping,
} from "./hostport.ts";
import { type IpFamily, Iptables } from "./iptables.ts";
import { IptablesBatch } from "./iptables_batch.ts";
import { ensureOwnedChain, type OwnedChain, removeOwnedChain } from "./owned_chain.ts";

/** The top-level DNAT chain, created once and never deleted. */
export const TOP_LEVEL_DNAT_CHAIN = "CNI-HOSTPORT-DNAT";
/** The chain that sets the masquerade mark. */
export const SET_MARK_CHAIN = "CNI-HOSTPORT-SETMARK";
/** The POSTROUTING chain that masquerades marked packets. */
export const MARK_MASQ_CHAIN = "CNI-HOSTPORT-MASQ";
/** The SNAT chain of old plugin versions; still cleaned up. */
export const OLD_TOP_LEVEL_SNAT_CHAIN = "CNI-HOSTPORT-SNAT";

/** A chain plus the rules that enter it, as portmap's chain.go models it (all in table `nat`). */
export interface HostportChain {
  /** Chain name. */
  name: string;
  /** Chains holding the entry rules. */
  entryChains: string[];
  /** Entry rules, without the trailing `-j <name>`. */
  entryRules: string[][];
  /** The chain's own rules, in order. */
  rules: string[][];
  /** Insert entry rules first instead of appending. */
  prependEntry: boolean;
}

/** Options for the iptables hostport rules beyond the shared spec. */
export interface HostportIptablesOptions {
  /** Mark bit for masquerading (`markMasqBit`, default 13). */
  markMasqBit: number;
  /** Use this existing mark chain instead of `CNI-HOSTPORT-SETMARK` (`externalSetMarkChain`). */
  externalSetMarkChain?: string | undefined;
}

/** `0x2000/0x2000` for bit 13 (Go's `%#x/%#x`). */
export function markDefinition(markBit: number): string {
  const value = "0x" + (2 ** markBit).toString(16);
  return `${value}/${value}`;
}

/** `CNI-HOSTPORT-SETMARK`: marks a packet for masquerading. */
export function setMarkChain(markBit: number): HostportChain {
  return {
    name: SET_MARK_CHAIN,
    entryChains: [],
    entryRules: [],
    rules: [[
      "-m",
      "comment",
      "--comment",
      "CNI portfwd masquerade mark",
      "-j",
      "MARK",
      "--set-xmark",
      markDefinition(markBit),
    ]],
    prependEntry: false,
  };
}

/** `CNI-HOSTPORT-MASQ`: masquerades marked packets; its POSTROUTING entry goes first. */
export function markMasqChain(markBit: number): HostportChain {
  return {
    name: MARK_MASQ_CHAIN,
    entryChains: ["POSTROUTING"],
    entryRules: [["-m", "comment", "--comment", "CNI portfwd requiring masquerade"]],
    rules: [["-m", "mark", "--mark", markDefinition(markBit), "-j", "MASQUERADE"]],
    prependEntry: true,
  };
}

/** `CNI-HOSTPORT-DNAT`, entered from PREROUTING and OUTPUT for local destinations. */
export function topLevelDnatChain(): HostportChain {
  return {
    name: TOP_LEVEL_DNAT_CHAIN,
    entryChains: ["PREROUTING", "OUTPUT"],
    entryRules: [["-m", "addrtype", "--dst-type", "LOCAL"]],
    rules: [],
    prependEntry: false,
  };
}

/** The per-container chain name `CNI-DN-<hash(network + containerId)>`. */
export function dnatChainName(network: string, containerId: string): string {
  return formatChainName(network, containerId, { prefix: "DN-" });
}

/** The per-container DNAT chain with its entry and DNAT rules (go's `genDnatChain` + `fillDnatRules`). */
export function dnatChain(spec: HostportSpec, options: HostportIptablesOptions): HostportChain {
  const family = familyOfCidr(spec.containerIp);
  const comment = trimComment(`dnat name: "${spec.network}" id: "${spec.containerId}"`);
  const setMark = options.externalSetMarkChain ?? SET_MARK_CHAIN;
  const entryRules: string[][] = [];
  for (const [protocol, ports] of groupByProtocol(spec.mappings)) {
    for (const portSpec of splitPortList(ports)) {
      entryRules.push([
        ...["-m", "comment", "--comment", comment, "-m", "multiport", "-p", protocol],
        ...["--destination-ports", portSpec, ...spec.conditions],
      ]);
    }
  }
  const rules: string[][] = [];
  const containerIp = addressOfCidr(spec.containerIp);
  for (const m of spec.mappings) {
    const dest = mappingDestination(m, family);
    if (dest === "skip") continue;
    const base = ["-p", m.protocol, "--dport", String(m.hostPort)];
    if (dest !== "any") base.push("-d", m.hostIP!);
    if (spec.snat) {
      const source = spec.masqAll ? (family === 6 ? "::/0" : "0.0.0.0/0") : spec.containerIp;
      rules.push([...base, "-s", source, "-j", setMark]);
      if (family === 4 && !spec.masqAll) rules.push([...base, "-s", "127.0.0.1", "-j", setMark]);
    }
    rules.push([...base, "-j", "DNAT", "--to-destination", joinHostPort(containerIp, m.containerPort)]);
  }
  return {
    name: dnatChainName(spec.network, spec.containerId),
    entryChains: [TOP_LEVEL_DNAT_CHAIN],
    entryRules,
    rules,
    prependEntry: false,
  };
}

/** The SNAT chain of old versions (`CNI-SN-<hash>`), only ever torn down. */
export function oldSnatChain(network: string, containerId: string): HostportChain {
  return {
    name: formatChainName(network, containerId, { prefix: "SN-" }),
    entryChains: [OLD_TOP_LEVEL_SNAT_CHAIN],
    entryRules: [],
    rules: [],
    prependEntry: false,
  };
}

/** Host ports grouped by protocol, protocols sorted, ports in mapping order (go's `groupByProto`). */
export function groupByProtocol(mappings: readonly PortMapping[]): [string, number[]][] {
  const groups = new Map<string, number[]>();
  for (const m of mappings) {
    const list = groups.get(m.protocol) ?? [];
    list.push(m.hostPort);
    groups.set(m.protocol, list);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Comma-separated port lists of at most 15 ports, the multiport limit (go's `splitPortList`). */
export function splitPortList(ports: readonly number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ports.length; i += 15) out.push(ports.slice(i, i + 15).join(","));
  return out;
}

/** Cuts a comment to iptables' 255-character limit, ending in `...` (go's `trimComment`). */
export function trimComment(value: string): string {
  return value.length <= 255 ? value : value.slice(0, 253) + "...";
}

const nat = (chain: string) => ({ table: "nat", chain });

/**
 * Creates a shared chain, its rules and its entry rules where missing (chain.go's `setup`); safe to repeat. A rule
 * or entry found by `-C` proves the chain exists; a chain this call created with `-N` is empty, so its rules and
 * entries are added without `-C`.
 */
export async function setupHostportChain(ipt: Iptables, chain: HostportChain): Promise<void> {
  const ref = nat(chain.name);
  let state: "unknown" | "exists" | "created" = "unknown";
  const ensure = async (rule: readonly string[], entry?: string): Promise<void> => {
    const where = entry === undefined ? ref : nat(entry);
    if (state !== "created" && await ipt.ruleExists(where, rule)) {
      state = "exists";
      return;
    }
    if (state === "unknown") state = await ipt.ensureChain(ref) ? "created" : "exists";
    const verb = entry !== undefined && chain.prependEntry ? ["-I", entry, "1"] : ["-A", where.chain];
    await ipt.exec(["-t", "nat", ...verb, ...rule]);
  };
  for (const rule of chain.rules) await ensure(rule);
  for (const entry of chain.entryChains) {
    for (const rule of chain.entryRules) await ensure([...rule, "-j", chain.name], entry);
  }
  if (state === "unknown") await ipt.ensureChain(ref);
}

/** The per-container chain as an {@linkcode OwnedChain}: its rules, entered from each entry chain. */
export function ownedHostportChain(chain: HostportChain): OwnedChain {
  const entries = chain.entryChains.flatMap((entry) =>
    chain.entryRules.map((rule) => ({ chain: entry, rule: [...rule, "-j", chain.name] }))
  );
  return { ref: nat(chain.name), rules: chain.rules, entries };
}

/** Throws unless the chain, each of its rules and each entry rule exist (chain.go's `check`). */
export async function checkHostportChain(ipt: Iptables, chain: HostportChain): Promise<void> {
  if (!await ipt.chainExists(nat(chain.name))) {
    throw new Error(`Cannot find chain "${chain.name}" in table "nat"`);
  }
  for (const rule of chain.rules) {
    if (!await ipt.ruleExists(nat(chain.name), rule)) {
      throw new Error(`Cannot find rule "${rule.join(" ")}" in chain "${chain.name}" of table "nat"`);
    }
  }
  for (const entry of chain.entryChains) {
    for (const rule of chain.entryRules) {
      const full = [...rule, "-j", chain.name];
      if (!await ipt.ruleExists(nat(entry), full)) {
        throw new Error(`Cannot find rule "${full.join(" ")}" in chain "${entry}" of table "nat"`);
      }
    }
  }
}

/** Options of the hostport verbs. */
export interface HostportRunOptions {
  /** Runs binaries; for tests. */
  run?: CommandRunner | undefined;
}

function iptablesFor(family: IpFamily, options: HostportRunOptions): Iptables {
  return new Iptables(family, options.run ? { run: options.run } : {});
}

/** Installs the port forwarding of one container address (go's `forwardPorts`). */
export async function forwardPortsIptables(
  spec: HostportSpec,
  options: HostportIptablesOptions & HostportRunOptions,
): Promise<void> {
  const ipt = iptablesFor(familyOfCidr(spec.containerIp), options);
  const shared = spec.snat && options.externalSetMarkChain === undefined
    ? [setMarkChain(options.markMasqBit), markMasqChain(options.markMasqBit)]
    : [];
  shared.push(topLevelDnatChain());
  if (!await sharedChainsInPlace(ipt, shared)) {
    for (const chain of shared) await setupHostportChain(ipt, chain);
  }
  await ensureOwnedChain(ipt, ownedHostportChain(dnatChain(spec, options)));
}

/**
 * True when every rule and entry rule of the shared chains is there, asked in one restore of `-C` lines: the case
 * of every ADD after a host's first, which then skips a `-C` exec per rule.
 */
async function sharedChainsInPlace(ipt: Iptables, chains: readonly HostportChain[]): Promise<boolean> {
  const checks = new IptablesBatch("nat");
  for (const chain of chains) {
    for (const rule of chain.rules) checks.check(chain.name, rule);
    for (const entry of chain.entryChains) {
      for (const rule of chain.entryRules) checks.check(entry, [...rule, "-j", chain.name]);
    }
  }
  return await ipt.allExist(checks);
}

/** Verifies the per-container chain of one container address (go's `checkPorts`). */
export async function checkPortsIptables(
  spec: HostportSpec,
  options: HostportIptablesOptions & HostportRunOptions,
): Promise<void> {
  await checkHostportChain(iptablesFor(familyOfCidr(spec.containerIp), options), dnatChain(spec, options));
}

/**
 * Removes the container's chains from both families (go's `unforwardPorts`); a family whose iptables cannot read
 * the nat table is skipped, and only both failing is an error. A family is probed only when its teardown fails, not
 * before every DEL (two execs saved when both work).
 */
export async function unforwardPortsIptables(
  target: { network: string; containerId: string },
  options: HostportRunOptions = {},
): Promise<void> {
  const dnat = nat(dnatChainName(target.network, target.containerId));
  const snat = nat(oldSnatChain(target.network, target.containerId).name);
  let unusable = 0;
  for (const family of [4, 6] as const) {
    const ipt = iptablesFor(family, options);
    let hadChains: boolean;
    try {
      // Every portmap version creates CNI-HOSTPORT-DNAT before a container's chains: without it, this family has none.
      hadChains = await removeOwnedChain(ipt, dnat, { entryChains: [TOP_LEVEL_DNAT_CHAIN], needsEntryChain: true });
    } catch (err) {
      if (await ipt.isUsable()) throw err;
      unusable++;
      continue;
    }
    if (!hadChains) continue;
    try {
      await removeOwnedChain(ipt, snat, { entryChains: [OLD_TOP_LEVEL_SNAT_CHAIN], isUsuallyAbsent: true });
    } catch {
      // Old chains are best effort, as in the reference.
    }
  }
  if (unusable === 2) throw new Error("Cannot remove port mappings: neither iptables nor ip6tables is usable");
}
