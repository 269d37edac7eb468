/**
 * Splits one `iptables -S` line into argv words, undoing the quoting iptables applies to comments.
 * @module
 */

/**
 * Splits a rule line on spaces, honouring `"…"` (with the `\"`, `\'` and `\\` escapes iptables writes) and `'…'`
 * quoting.
 *
 * @example
 * ```ts
 * import { parseRuleSpec } from "./rule_spec.ts";
 * parseRuleSpec(`-A X -m comment --comment "name: \\"n\\"" -j Y`);
 * // ["-A", "X", "-m", "comment", "--comment", 'name: "n"', "-j", "Y"]
 * ```
 */
export function parseRuleSpec(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === "\\" && i + 1 < line.length && `"'\\`.includes(line[i + 1]!)) word += line[++i];
      else if (c === '"') quote = undefined;
      else word += c;
    } else if (c === " " || c === "\t") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      inWord = true;
      if (c === '"' || c === "'") quote = c;
      else if (c === "\\" && i + 1 < line.length) word += line[++i];
      else word += c;
    }
  }
  if (inWord) words.push(word);
  return words;
}
