/**
 * One `iptables-restore --noflush` transaction on one table: chains to create or flush, then rule commands. Under
 * `--noflush` a declared chain (`:<chain> - [0:0]`) is created when missing and flushed when present, with legacy
 * and nf_tables iptables alike, so a chain that one attachment owns is rewritten in one atomic exec.
 * @module
 */

/** Chain declarations and rule commands for one table, rendered as iptables-restore input. */
export class IptablesBatch {
  /** The table every command applies to (`nat`, `filter`, …). */
  readonly table: string;
  readonly #chains: string[] = [];
  readonly #commands: string[][] = [];

  /** Starts an empty batch for `table`. */
  constructor(table: string) {
    this.table = table;
  }

  /** Creates the chain, or flushes it when it exists. Equivalent to `iptables -N` or `iptables -F`. */
  declareChain(chain: string): this {
    if (!this.#chains.includes(chain)) this.#chains.push(chain);
    return this;
  }

  /** Appends `rule` to `chain`. Equivalent to `iptables -A <chain> <rule>`. */
  append(chain: string, rule: readonly string[]): this {
    this.#commands.push(["-A", chain, ...rule]);
    return this;
  }

  /** Inserts `rule` first in `chain`. Equivalent to `iptables -I <chain> 1 <rule>`. */
  insert(chain: string, rule: readonly string[]): this {
    this.#commands.push(["-I", chain, "1", ...rule]);
    return this;
  }

  /** Fails the whole batch unless `chain` holds `rule`; changes nothing. Equivalent to `iptables -C`. */
  check(chain: string, rule: readonly string[]): this {
    this.#commands.push(["-C", chain, ...rule]);
    return this;
  }

  /** Deletes `rule` from `chain`; the whole batch fails when it is missing. Equivalent to `iptables -D`. */
  delete(chain: string, rule: readonly string[]): this {
    this.#commands.push(["-D", chain, ...rule]);
    return this;
  }

  /** Deletes the (empty, unreferenced) chain. Equivalent to `iptables -X <chain>`. */
  deleteChain(chain: string): this {
    this.#commands.push(["-X", chain]);
    return this;
  }

  /** True when the batch would change nothing. */
  get isEmpty(): boolean {
    return this.#chains.length === 0 && this.#commands.length === 0;
  }

  /** The declared chains, in order. */
  get chains(): readonly string[] {
    return this.#chains;
  }

  /** The rule commands as iptables argv without `-t <table>`, in order. */
  get commands(): readonly (readonly string[])[] {
    return this.#commands;
  }

  /**
   * The iptables-restore input: `*<table>`, the declarations, the commands, `COMMIT`. Throws `TypeError` when a
   * word holds a line break or NUL, which the format cannot carry.
   */
  render(): string {
    const lines = [`*${this.table}`];
    for (const chain of this.#chains) lines.push(`:${quoteRestoreWord(chain)} - [0:0]`);
    for (const command of this.#commands) lines.push(command.map(quoteRestoreWord).join(" "));
    lines.push("COMMIT", "");
    return lines.join("\n");
  }
}

/**
 * Quotes one word for iptables-restore: bare when it is plain, else in `"…"` with `\` and `"` escaped (the format
 * iptables-save writes). Throws `TypeError` on a line break or NUL.
 *
 * @example
 * ```ts
 * import { quoteRestoreWord } from "./iptables_batch.ts";
 * quoteRestoreWord(`name: "n"`); // `"name: \"n\""`
 * ```
 */
export function quoteRestoreWord(word: string): string {
  if (/[\n\r\0]/.test(word)) {
    throw new TypeError(`Cannot write ${JSON.stringify(word)} to iptables-restore: line break or NUL`);
  }
  if (word !== "" && !/[\s"'\\]/.test(word)) return word;
  return `"${word.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
