/**
 * nftables through the `nft` binary, as knftables drives it: scripts go to `nft -f -` on stdin (one atomic
 * transaction), listings come from `nft -j`. Rules are found again by their comment and deleted by handle.
 * @module
 */
import { type CommandRunner, runCommand } from "./command_runner.ts";
import { probeOnce } from "./probe_once.ts";

/** nftables address families used here. */
export type NftFamily = "ip" | "ip6" | "inet";

/** One rule as `nft -j list chain` reports it. */
export interface NftRule {
  /** Family of the rule's table. */
  family: NftFamily;
  /** Table name. */
  table: string;
  /** Chain name. */
  chain: string;
  /** Kernel handle, for `delete rule … handle N`. */
  handle: number;
  /** The rule's comment, when it has one. */
  comment?: string;
}

/** A failed `nft` run: the argv, its exit status and stderr. */
export class NftError extends Error {
  /** The full argv, binary first. */
  readonly argv: readonly string[];
  /** Exit status. */
  readonly exitCode: number;
  /** Trimmed stderr text. */
  readonly stderr: string;

  /** Wraps one failed run. */
  constructor(argv: readonly string[], exitCode: number, stderr: string) {
    super(`Cannot run "${argv.join(" ")}": ${stderr.trim() || "no error text"} (exit status ${exitCode})`);
    this.name = "NftError";
    this.argv = argv;
    this.exitCode = exitCode;
    this.stderr = stderr.trim();
  }

  /** True when the table, chain or rule named does not exist (knftables' `IsNotFound`). */
  get isNotFound(): boolean {
    return this.stderr.includes("No such file or directory");
  }
}

/** Options of an {@linkcode Nft} handle. */
export interface NftOptions {
  /** Runs the binary; defaults to {@linkcode runCommand}. */
  run?: CommandRunner;
}

/** The `nft` binary. */
export class Nft {
  readonly #run: CommandRunner;

  /** Creates a handle; nothing runs until a verb is called. */
  constructor(options: NftOptions = {}) {
    this.#run = options.run ?? runCommand;
  }

  /** Runs `nft <args>` (stdin optional) and returns stdout; throws {@linkcode NftError} on failure. */
  async exec(args: readonly string[], stdin?: string): Promise<string> {
    const out = await this.#run("nft", args, stdin);
    if (out.code !== 0) throw new NftError(["nft", ...args], out.code, out.stderr);
    return out.stdout;
  }

  /** Applies `script` as one transaction. Equivalent to `nft -f - <<< script`. */
  async runScript(script: string): Promise<void> {
    await this.exec(["-f", "-"], script);
  }

  /** The rules of a chain; a missing table or chain lists nothing. Equivalent to `nft -j list chain …`. */
  async listRules(family: NftFamily, options: { table: string; chain: string }): Promise<NftRule[]> {
    let text: string;
    try {
      text = await this.exec(["-j", "list", "chain", family, options.table, options.chain]);
    } catch (err) {
      if (err instanceof NftError && err.isNotFound) return [];
      throw err;
    }
    return parseRuleListing(text);
  }

  /** Deletes `rules` by handle in one transaction; nothing to delete runs nothing. */
  async deleteRules(rules: readonly NftRule[]): Promise<void> {
    if (rules.length === 0) return;
    await this.runScript(rules.map(deleteRuleCommand).join("\n") + "\n");
  }

  /** True when nftables can be used here (knftables' probe: `nft --check` of an `add table`); probed once per process. */
  isUsable(): Promise<boolean> {
    return probeOnce(this.#run, {
      name: "nft",
      ask: async () => {
        try {
          await this.exec(["--check", "-f", "-"], "add table ip supports_nftables_test\n");
          return true;
        } catch {
          return false;
        }
      },
    });
  }
}

/** The `delete rule <family> <table> <chain> handle <n>` command for one listed rule. */
export function deleteRuleCommand(rule: NftRule): string {
  return `delete rule ${rule.family} ${rule.table} ${rule.chain} handle ${rule.handle}`;
}

/** Extracts the rules from `nft -j list …` output; throws `SyntaxError` on malformed JSON. */
export function parseRuleListing(json: string): NftRule[] {
  const doc: unknown = JSON.parse(json);
  const items = isRecord(doc) && Array.isArray(doc.nftables) ? doc.nftables : [];
  const rules: NftRule[] = [];
  for (const item of items) {
    if (!isRecord(item) || !isRecord(item.rule)) continue;
    const r = item.rule;
    if (typeof r.table !== "string" || typeof r.chain !== "string" || typeof r.handle !== "number") continue;
    const family = r.family === "ip6" || r.family === "inet" ? r.family : "ip";
    const rule: NftRule = { family, table: r.table, chain: r.chain, handle: r.handle };
    if (typeof r.comment === "string") rule.comment = r.comment;
    rules.push(rule);
  }
  return rules;
}

/** Quotes a string for an nft script (`"…"`); nft strings cannot hold `"`, so those are dropped. */
export function nftQuote(text: string): string {
  return `"${text.replaceAll('"', "")}"`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
