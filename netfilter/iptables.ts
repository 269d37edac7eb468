/**
 * iptables/ip6tables through their binaries, as go-iptables drives them: every call passes `--wait`, so a busy
 * xtables lock is waited on instead of failing. Chains are addressed as `{ table, chain }` and rules as argv arrays.
 * {@linkcode Iptables.restore} applies a whole {@linkcode IptablesBatch} with one `iptables-restore --noflush --wait`.
 * @module
 */
import { type CommandRunner, runCommand } from "./command_runner.ts";
import type { IptablesBatch } from "./iptables_batch.ts";
import { probeOnce } from "./probe_once.ts";
import { parseRuleSpec } from "./rule_spec.ts";

/** IP family of an iptables handle: 4 drives `iptables`, 6 drives `ip6tables`. */
export type IpFamily = 4 | 6;

/** A chain inside a table, e.g. `{ table: "nat", chain: "POSTROUTING" }`. */
export interface ChainRef {
  /** Table name (`filter`, `nat`, `mangle`, `raw`). */
  table: string;
  /** Chain name. */
  chain: string;
}

/** A failed iptables invocation: the argv, its exit status and what it printed on stderr. */
export class IptablesError extends Error {
  /** The full argv, binary first. */
  readonly argv: readonly string[];
  /** Exit status of the binary. */
  readonly exitCode: number;
  /** Trimmed stderr text. */
  readonly stderr: string;

  /** Wraps one failed run. */
  constructor(argv: readonly string[], exitCode: number, stderr: string) {
    super(`Cannot run "${argv.join(" ")}": ${stderr.trim() || "no error text"} (exit status ${exitCode})`);
    this.name = "IptablesError";
    this.argv = argv;
    this.exitCode = exitCode;
    this.stderr = stderr.trim();
  }

  /** True when the rule, chain or target named did not exist (go-iptables' `IsNotExist`, plus iptables-nft texts). */
  get isNotExist(): boolean {
    if (this.exitCode !== 1 && this.exitCode !== 2) return false;
    return [
      "Bad rule (does a matching rule exist in that chain?)",
      "No chain/target/match by that name",
      "No such file or directory",
      "does not exist",
    ].some((text) => this.stderr.includes(text));
  }
}

/** Options of an {@linkcode Iptables} handle. */
export interface IptablesOptions {
  /** Runs the binary; defaults to {@linkcode runCommand}. Unit tests pass a recorder. */
  run?: CommandRunner;
}

/** Where {@linkcode Iptables.ensureRule} puts a missing rule. */
export interface EnsureRuleOptions {
  /** Insert at position 1 instead of appending. */
  prepend?: boolean;
}

/** One iptables or ip6tables binary, with idempotent chain and rule verbs. */
export class Iptables {
  /** The IP family this handle drives. */
  readonly family: IpFamily;
  /** `iptables` or `ip6tables`. */
  readonly binary: string;
  readonly #run: CommandRunner;

  /** Creates a handle for `family`; nothing runs until a verb is called. */
  constructor(family: IpFamily, options: IptablesOptions = {}) {
    this.family = family;
    this.binary = family === 6 ? "ip6tables" : "iptables";
    this.#run = options.run ?? runCommand;
  }

  /** Runs `<binary> --wait <args>` and returns stdout; throws {@linkcode IptablesError} on a non-zero exit. */
  async exec(args: readonly string[]): Promise<string> {
    const argv = ["--wait", ...args];
    const out = await this.#run(this.binary, argv);
    if (out.code !== 0) throw new IptablesError([this.binary, ...argv], out.code, out.stderr);
    return out.stdout;
  }

  /** Lists the chain names of `table` (built-in and user). Equivalent to `iptables -t <table> -S`. */
  async listChains(table: string): Promise<string[]> {
    const lines = (await this.exec(["-t", table, "-S"])).split("\n");
    const chains: string[] = [];
    for (const line of lines) {
      const words = line.split(" ");
      if ((words[0] === "-P" || words[0] === "-N") && words[1]) chains.push(words[1]);
    }
    return chains;
  }

  /** True when the chain exists. Equivalent to `iptables -t <table> -S <chain>`, which lists that chain alone. */
  async chainExists(ref: ChainRef): Promise<boolean> {
    return await this.listRulesIfExists(ref) !== undefined;
  }

  /**
   * Creates the chain unless it exists; true when this call created it (so it is empty). Equivalent to
   * `iptables -t <table> -N <chain>`: one exec, no listing of the table.
   */
  async ensureChain(ref: ChainRef): Promise<boolean> {
    try {
      await this.exec(["-t", ref.table, "-N", ref.chain]);
      return true;
    } catch (err) {
      if (err instanceof IptablesError && err.stderr.includes("already exists")) return false;
      throw err;
    }
  }

  /** Flushes the chain; false when it does not exist. Equivalent to `iptables -t <table> -F <chain>`. */
  async flushChain(ref: ChainRef): Promise<boolean> {
    try {
      await this.exec(["-t", ref.table, "-F", ref.chain]);
      return true;
    } catch (err) {
      if (err instanceof IptablesError && err.isNotExist) return false;
      throw err;
    }
  }

  /** Flushes the chain, creating it when missing (go's `utils.ClearChain`). Equivalent to `iptables -F <chain>`. */
  async clearChain(ref: ChainRef): Promise<void> {
    if (!await this.flushChain(ref)) await this.ensureChain(ref);
  }

  /** Deletes an empty, unreferenced chain; a missing chain is success. Equivalent to `iptables -X <chain>`. */
  async deleteChain(ref: ChainRef): Promise<void> {
    try {
      await this.exec(["-t", ref.table, "-X", ref.chain]);
    } catch (err) {
      if (err instanceof IptablesError && err.isNotExist) return;
      throw err;
    }
  }

  /** True when the chain holds `rule`. Equivalent to `iptables -C <chain> <rule>`; a missing chain answers false. */
  async ruleExists(ref: ChainRef, rule: readonly string[]): Promise<boolean> {
    try {
      await this.exec(["-t", ref.table, "-C", ref.chain, ...rule]);
      return true;
    } catch (err) {
      if (err instanceof IptablesError && (err.exitCode === 1 || err.isNotExist)) return false;
      throw err;
    }
  }

  /** Adds `rule` unless present: appended, or inserted first with `prepend` (go's `InsertUnique`). */
  async ensureRule(ref: ChainRef, rule: readonly string[], options: EnsureRuleOptions = {}): Promise<void> {
    if (await this.ruleExists(ref, rule)) return;
    const verb = options.prepend ? ["-I", ref.chain, "1"] : ["-A", ref.chain];
    await this.exec(["-t", ref.table, ...verb, ...rule]);
  }

  /** Deletes `rule`; a missing rule or chain is success (go's `utils.DeleteRule`). Equivalent to `iptables -D`. */
  async deleteRule(ref: ChainRef, rule: readonly string[]): Promise<void> {
    try {
      await this.exec(["-t", ref.table, "-D", ref.chain, ...rule]);
    } catch (err) {
      if (err instanceof IptablesError && (err.isNotExist || err.exitCode === 2)) return;
      throw err;
    }
  }

  /** The chain's rules as argv arrays without the leading `-A <chain>`; a missing chain lists nothing. */
  async listRules(ref: ChainRef): Promise<string[][]> {
    return await this.listRulesIfExists(ref) ?? [];
  }

  /** Like {@linkcode Iptables.listRules}, but `undefined` when the chain does not exist. Equivalent to `iptables -S`. */
  async listRulesIfExists(ref: ChainRef): Promise<string[][] | undefined> {
    let text: string;
    try {
      text = await this.exec(["-t", ref.table, "-S", ref.chain]);
    } catch (err) {
      if (err instanceof IptablesError && err.exitCode === 1) return undefined;
      throw err;
    }
    const rules: string[][] = [];
    for (const line of text.split("\n")) {
      if (!line.startsWith("-A ")) continue;
      rules.push(parseRuleSpec(line).slice(2));
    }
    return rules;
  }

  /**
   * Applies `batch` in one transaction: `<binary>-restore --noflush --wait` reads it on stdin. Where the restore
   * binary is missing, replays it one exec per step. Throws {@linkcode IptablesError} naming the failed script line.
   */
  async restore(batch: IptablesBatch): Promise<void> {
    if (batch.isEmpty) return;
    const binary = `${this.binary}-restore`;
    const args = ["--noflush", "--wait"];
    const script = batch.render();
    let out;
    try {
      out = await this.#run(binary, args, script);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return await this.#replay(batch);
      throw err;
    }
    if (out.code !== 0) throw new IptablesError([binary, ...args], out.code, withFailedLine(out.stderr, script));
  }

  /**
   * True when every `-C` of `checks` (a batch of {@linkcode IptablesBatch.check}s only) holds, asked in one
   * `<binary>-restore --noflush --wait`, which changes nothing; false when any fails or the restore binary is missing.
   */
  async allExist(checks: IptablesBatch): Promise<boolean> {
    if (checks.chains.length > 0 || checks.commands.some((command) => command[0] !== "-C")) {
      throw new TypeError("Cannot check a batch that changes rules: only -C commands are allowed");
    }
    try {
      return (await this.#run(`${this.binary}-restore`, ["--noflush", "--wait"], checks.render())).code === 0;
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return false;
      throw err;
    }
  }

  async #replay(batch: IptablesBatch): Promise<void> {
    for (const chain of batch.chains) await this.clearChain({ table: batch.table, chain });
    for (const command of batch.commands) await this.exec(["-t", batch.table, ...command]);
  }

  /** True when this binary can read the `nat` table (go's `maybeGetIptables` probe); probed once per process. */
  isUsable(): Promise<boolean> {
    return probeOnce(this.#run, {
      name: `${this.binary} nat`,
      ask: async () => {
        try {
          await this.exec(["-t", "nat", "-S", "OUTPUT", "1"]);
          return true;
        } catch {
          return false;
        }
      },
    });
  }
}

/** Appends the script line iptables-restore names in `stderr` ("line 3 failed", "Error occurred at line: 3"). */
function withFailedLine(stderr: string, script: string): string {
  const match = /line:? (\d+)/.exec(stderr);
  const line = match ? script.split("\n")[Number(match[1]) - 1] : undefined;
  return line === undefined ? stderr : `${stderr.trim()} (script line ${match![1]}: ${line})`;
}
