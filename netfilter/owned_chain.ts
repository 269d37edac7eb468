/**
 * Chains that one attachment owns outright (ipMasq's `CNI-<hash>`, portmap's `CNI-DN-<hash>`): nothing else writes
 * to them, so setup rewrites the whole chain with one iptables-restore instead of a `-C`/`-A` pair per rule, and
 * teardown deletes the chain and every jump to it in one transaction. Rules of shared chains are never flushed;
 * only this attachment's entry rules are added to them, each after a `-C`.
 * @module
 */
import { type ChainRef, type Iptables } from "./iptables.ts";
import { IptablesBatch } from "./iptables_batch.ts";

/** A rule in a shared chain of the same table that jumps to an owned chain. */
export interface OwnedChainEntry {
  /** The shared chain holding the rule (`POSTROUTING`, `CNI-HOSTPORT-DNAT`). */
  chain: string;
  /** The whole rule, `-j <owned chain>` included. */
  rule: readonly string[];
}

/** An attachment's own chain: its rules in order and the entry rules that jump to it. */
export interface OwnedChain {
  /** Table and chain name. */
  ref: ChainRef;
  /** The chain's rules, in order; an exact repeat is written once, as `-C` before `-A` would. */
  rules: readonly (readonly string[])[];
  /** Entry rules, appended to their shared chains when missing. */
  entries: readonly OwnedChainEntry[];
}

/**
 * Makes the chain hold exactly its rules and appends each missing entry rule: one `-C` per entry, then one
 * iptables-restore that creates or flushes the chain, fills it and adds the entries. Safe to repeat.
 */
export async function ensureOwnedChain(ipt: Iptables, chain: OwnedChain): Promise<void> {
  const { table, chain: name } = chain.ref;
  const batch = new IptablesBatch(table).declareChain(name);
  for (const rule of withoutRepeats(chain.rules)) batch.append(name, rule);
  const entries = withoutRepeats(chain.entries.map((e) => [e.chain, ...e.rule]));
  for (const [entryChain, ...rule] of entries) {
    // A missing owned chain makes -C fail with "does not exist", which reads as "rule missing" here.
    if (!await ipt.ruleExists({ table, chain: entryChain! }, rule)) batch.append(entryChain!, rule);
  }
  await ipt.restore(batch);
}

/** Options of {@linkcode removeOwnedChain}. */
export interface RemoveOwnedChainOptions {
  /** The shared chains whose jumps to the chain are deleted. */
  entryChains: readonly string[];
  /** The chain is usually absent (an old version's chain): try `-F` first and stop there when it is missing. */
  isUsuallyAbsent?: boolean;
  /** Setup always creates an entry chain first: when none exists, the chain was never made and nothing more runs. */
  needsEntryChain?: boolean;
}

/**
 * Deletes every rule of the entry chains that jumps to the chain (`… -j <chain>`), then the chain, in one
 * iptables-restore; with no jump found, flushes and deletes the chain if it exists. Anything already gone is success.
 * Returns false only when `needsEntryChain` found no entry chain, so nothing ran after the listings.
 */
export async function removeOwnedChain(
  ipt: Iptables,
  ref: ChainRef,
  options: RemoveOwnedChainOptions,
): Promise<boolean> {
  if (options.isUsuallyAbsent && !await ipt.flushChain(ref)) return true;
  const batch = new IptablesBatch(ref.table);
  let hasEntryChain = false;
  for (const entryChain of options.entryChains) {
    const rules = await ipt.listRulesIfExists({ table: ref.table, chain: entryChain });
    if (rules !== undefined) hasEntryChain = true;
    for (const rule of rules ?? []) {
      if (rule.at(-2) === "-j" && rule.at(-1) === ref.chain) batch.delete(entryChain, rule);
    }
  }
  if (!hasEntryChain && options.needsEntryChain) return false;
  if (!batch.isEmpty) await ipt.restore(batch.declareChain(ref.chain).deleteChain(ref.chain));
  // No jump to it: it may still exist, empty or not, after a partial setup. Flushing first keeps -X from failing.
  else if (options.isUsuallyAbsent || await ipt.flushChain(ref)) await ipt.deleteChain(ref);
  return true;
}

/** The rules in order, each exact repeat dropped. */
function withoutRepeats(rules: readonly (readonly string[])[]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const rule of rules) {
    const key = JSON.stringify(rule);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([...rule]);
  }
  return out;
}
