/**
 * bridge's `macspoofchk`, as pkg/link/spoofcheck.go in its go-nft form (Debian's 1.1.1 and older reference releases):
 * table `bridge nat` with a `PREROUTING` filter chain at priority -300 whose rule sends frames arriving from the
 * host veth to a per-attachment chain `cni-br-iface-<id>`, which jumps to `cni-br-iface-<id>-mac`: the
 * container's source MAC returns, everything else is dropped. Every rule carries the comment `macspoofchk-<id>`,
 * `<id>` being `<containerId>-<ifname>`. nft is driven with JSON (`nft -j -f -`), as go-nft does, so each side's DEL
 * removes the other's rules. Newer references (knftables) use a table `cni_spoofcheck` instead; we keep Debian's.
 * @module
 */
import { MAC } from "../addr/mod.ts";
import type { CommandRunner } from "./command_runner.ts";
import { Nft, NftError } from "./nft.ts";

/** The bridge-family table holding the spoof-check chains. */
export const SPOOF_CHECK_TABLE = "nat";
/** The base chain (prerouting hook) that dispatches on the input interface. */
export const SPOOF_CHECK_BASE_CHAIN = "PREROUTING";
/** Priority of the base chain, as the reference (`dstnat` of the bridge family). */
export const SPOOF_CHECK_PRIORITY = -300;

/** Names one attachment's spoof-check rules. */
export interface SpoofCheckId {
  /** Container ID. */
  containerId: string;
  /** Interface name inside the container; the id is `<containerId>-<ifname>` when given. */
  ifname?: string;
}

/** What {@linkcode setupSpoofCheck} and {@linkcode checkSpoofCheck} act on. */
export interface SpoofCheckSpec extends SpoofCheckId {
  /** The host end of the veth (a bridge port): frames entering the bridge from it are checked. */
  hostIfname: string;
  /** The only source MAC allowed from `hostIfname`. */
  containerMac: string;
}

/** Options shared by the verbs. */
export interface SpoofCheckOptions {
  /** Runs `nft`; defaults to the real binary. */
  run?: CommandRunner;
}

/** The chain names and rule comment of one attachment. */
export interface SpoofCheckNames {
  /** `cni-br-iface-<id>`: jumped to from the base chain. */
  ifaceChain: string;
  /** `cni-br-iface-<id>-mac`: allows the container's MAC, drops the rest. */
  macChain: string;
  /** `macspoofchk-<id>`: on every rule. */
  comment: string;
}

/** A JSON statement as libnftables reads and prints it. */
type NftJson = Record<string, unknown>;

/** The names used for `id`. */
export function spoofCheckNames(id: SpoofCheckId): SpoofCheckNames {
  const refId = id.ifname === undefined ? id.containerId : `${id.containerId}-${id.ifname}`;
  const ifaceChain = `cni-br-iface-${refId}`;
  return { ifaceChain, macChain: `${ifaceChain}-mac`, comment: `macspoofchk-${refId}` };
}

/** The first transaction: declare the table, the base chain and both per-attachment chains (no-ops when present). */
export function spoofCheckBaseCommands(id: SpoofCheckId): NftJson {
  const names = spoofCheckNames(id);
  return {
    nftables: [
      { add: { table: { family: "bridge", name: SPOOF_CHECK_TABLE } } },
      {
        add: {
          chain: {
            ...chainRef(SPOOF_CHECK_BASE_CHAIN),
            type: "filter",
            hook: "prerouting",
            prio: SPOOF_CHECK_PRIORITY,
            policy: "accept",
          },
        },
      },
      { add: { chain: chainRef(names.ifaceChain) } },
      { add: { chain: chainRef(names.macChain) } },
    ],
  };
}

/**
 * The second transaction: empty both chains, drop base-chain rules left by an earlier setup of the same id
 * (`staleHandles`), then add the four rules.
 */
export function spoofCheckRuleCommands(spec: SpoofCheckSpec, staleHandles: readonly number[] = []): NftJson {
  const names = spoofCheckNames(spec);
  const rules = expectedRules(spec);
  return {
    nftables: [
      { flush: { chain: chainRef(names.ifaceChain) } },
      { flush: { chain: chainRef(names.macChain) } },
      ...staleHandles.map((handle) => ({
        delete: { rule: { ...chainRefOf(SPOOF_CHECK_BASE_CHAIN, "chain"), handle } },
      })),
      ...rules.map((rule) => ({
        add: { rule: { ...chainRefOf(rule.chain, "chain"), expr: rule.expr, comment: names.comment } },
      })),
    ],
  };
}

/**
 * Allows only `containerMac` from `hostIfname` (ADD). Running it again for the same id replaces the rules.
 * Throws `NftError` when nft fails and `SyntaxError` for a malformed MAC.
 */
export async function setupSpoofCheck(spec: SpoofCheckSpec, options: SpoofCheckOptions = {}): Promise<void> {
  const normalized = { ...spec, containerMac: MAC.parse(spec.containerMac).toString() };
  const nft = new Nft(options);
  await applyJson(nft, spoofCheckBaseCommands(spec));
  const { comment } = spoofCheckNames(spec);
  const stale = (await listTable(nft)).rules
    .filter((r) => r.chain === SPOOF_CHECK_BASE_CHAIN && r.comment === comment)
    .map((r) => r.handle);
  await applyJson(nft, spoofCheckRuleCommands(normalized, stale));
}

/**
 * Removes the base-chain rule and both chains of `id` (DEL). Idempotent: a missing table, chain or rule, or no nft
 * binary at all, is success. The table and base chain stay, as in the reference.
 */
export async function teardownSpoofCheck(id: SpoofCheckId, options: SpoofCheckOptions = {}): Promise<void> {
  const nft = new Nft(options);
  let table: SpoofCheckTableListing;
  try {
    table = await listTable(nft);
  } catch (err) {
    // Without nft no rule can have been installed by us; failing DEL forever would only leak more.
    if (err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  const names = spoofCheckNames(id);
  const commands: NftJson[] = table.rules
    .filter((r) => r.chain === SPOOF_CHECK_BASE_CHAIN && r.comment === names.comment)
    .map((r) => ({ delete: { rule: { ...chainRefOf(r.chain, "chain"), handle: r.handle } } }));
  for (const chain of [names.ifaceChain, names.macChain]) {
    if (table.chains.includes(chain)) commands.push({ delete: { chain: chainRef(chain) } });
  }
  if (commands.length > 0) await applyJson(nft, { nftables: commands });
}

/** Verifies that the rules of `spec` are in place (CHECK); throws an Error naming the first rule missing or differing. */
export async function checkSpoofCheck(spec: SpoofCheckSpec, options: SpoofCheckOptions = {}): Promise<void> {
  const normalized = { ...spec, containerMac: MAC.parse(spec.containerMac).toString() };
  const names = spoofCheckNames(spec);
  const table = await listTable(new Nft(options));
  for (const expected of expectedRules(normalized)) {
    const found = table.rules.some((r) =>
      r.chain === expected.chain && r.comment === names.comment && sameStatements(r.expr, expected.expr)
    );
    if (!found) {
      throw new Error(
        `Cannot find the mac spoof-check rule "${expected.describe}" in chain "bridge ${SPOOF_CHECK_TABLE} ${expected.chain}" of "${spec.hostIfname}"`,
      );
    }
  }
}

/** One rule of the `bridge nat` listing. */
export interface SpoofCheckListedRule {
  /** Its chain. */
  chain: string;
  /** Kernel handle. */
  handle: number;
  /** Its comment, when it has one. */
  comment?: string;
  /** Its statements, as nft prints them. */
  expr: unknown[];
}

/** What `nft -j list table bridge nat` shows. */
export interface SpoofCheckTableListing {
  /** Chain names. */
  chains: string[];
  /** Rules of every chain. */
  rules: SpoofCheckListedRule[];
}

/** The four rules of `spec`, with the nft-syntax text used in errors. */
function expectedRules(spec: SpoofCheckSpec): Array<{ chain: string; expr: NftJson[]; describe: string }> {
  const names = spoofCheckNames(spec);
  return [
    {
      chain: SPOOF_CHECK_BASE_CHAIN,
      expr: [
        { match: { op: "==", left: { meta: { key: "iifname" } }, right: spec.hostIfname } },
        { jump: { target: names.ifaceChain } },
      ],
      describe: `iifname "${spec.hostIfname}" jump ${names.ifaceChain}`,
    },
    { chain: names.ifaceChain, expr: [{ jump: { target: names.macChain } }], describe: `jump ${names.macChain}` },
    {
      chain: names.macChain,
      expr: [
        { match: { op: "==", left: { payload: { protocol: "ether", field: "saddr" } }, right: spec.containerMac } },
        { return: null },
      ],
      describe: `ether saddr ${spec.containerMac} return`,
    },
    { chain: names.macChain, expr: [{ drop: null }], describe: "drop" },
  ];
}

/** Compares statement lists, ignoring counters nft may have added. */
function sameStatements(actual: unknown[], expected: NftJson[]): boolean {
  const strip = (list: unknown[]) => list.filter((s) => !(isRecord(s) && "counter" in s));
  return JSON.stringify(strip(actual)) === JSON.stringify(expected);
}

async function applyJson(nft: Nft, commands: NftJson): Promise<void> {
  await nft.exec(["-j", "-f", "-"], JSON.stringify(commands));
}

/** Chains and rules of `bridge nat`; a missing table lists nothing. Equivalent to `nft -j list table bridge nat`. */
async function listTable(nft: Nft): Promise<SpoofCheckTableListing> {
  let text: string;
  try {
    text = await nft.exec(["-j", "list", "table", "bridge", SPOOF_CHECK_TABLE]);
  } catch (err) {
    if (err instanceof NftError && err.isNotFound) return { chains: [], rules: [] };
    throw err;
  }
  return parseSpoofCheckTableListing(text);
}

/** Extracts chain names and rules from `nft -j list table …` output; throws `SyntaxError` on malformed JSON. */
export function parseSpoofCheckTableListing(json: string): SpoofCheckTableListing {
  const doc: unknown = JSON.parse(json);
  const items = isRecord(doc) && Array.isArray(doc.nftables) ? doc.nftables : [];
  const listing: SpoofCheckTableListing = { chains: [], rules: [] };
  for (const item of items) {
    if (!isRecord(item)) continue;
    if (isRecord(item.chain) && typeof item.chain.name === "string") listing.chains.push(item.chain.name);
    const r = item.rule;
    if (!isRecord(r) || typeof r.chain !== "string" || typeof r.handle !== "number") continue;
    const rule: SpoofCheckListedRule = { chain: r.chain, handle: r.handle, expr: Array.isArray(r.expr) ? r.expr : [] };
    if (typeof r.comment === "string") rule.comment = r.comment;
    listing.rules.push(rule);
  }
  return listing;
}

function chainRef(name: string): NftJson {
  return chainRefOf(name, "name");
}

/** `{family, table, <key>: name}`: chains are named by `name`, rules point at theirs with `chain`. */
function chainRefOf(name: string, key: "name" | "chain"): NftJson {
  return { family: "bridge", table: SPOOF_CHECK_TABLE, [key]: name };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
