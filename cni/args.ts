/**
 * CNI_ARGS: the deprecated `K=V;K=V` environment variable, parsed as Go's `types.LoadArgs` does.
 *
 * Codes are our choice, made on purpose: Go returns plain errors here, which its skel prints as code 999. We use
 * {@linkcode ERR_INVALID_ENV} (4) for a malformed CNI_ARGS or a bad `IgnoreUnknown` value (the variable itself is
 * invalid) and {@linkcode ERR_UNSUPPORTED_FIELD} (2) for keys the plugin does not know (the message names them).
 *
 * @example
 * ```ts
 * import { checkArgs, parseArgs } from "./args.ts";
 * import { deepStrictEqual as assertEquals } from "node:assert/strict";
 * const pairs = parseArgs("IgnoreUnknown=1;IP=10.0.0.5;K8S_POD_NAME=web");
 * assertEquals(checkArgs(pairs, ["IP"]), { IP: "10.0.0.5" });
 * ```
 * @module
 */
import { CniError, ERR_INVALID_ENV, ERR_UNSUPPORTED_FIELD } from "./errors.ts";

/** One `K=V` pair of CNI_ARGS. */
export type ArgPair = readonly [key: string, value: string];

/**
 * Splits CNI_ARGS into ordered pairs. Each `;`-separated part must contain exactly one `=` (Go rejects `a=b=c` and
 * empty parts). Empty text gives `[]`. Throws CniError 4 `ARGS: invalid pair "x"`.
 */
export function parseArgs(text: string): ArgPair[] {
  if (text === "") return [];
  return text.split(";").map((pair) => {
    const kv = pair.split("=");
    if (kv.length !== 2) throw new CniError(ERR_INVALID_ENV, `ARGS: invalid pair "${pair}"`);
    return [kv[0] ?? "", kv[1] ?? ""] as const;
  });
}

/**
 * Parses a Go `UnmarshallableBool`: `1`/`true` → true, `0`/`false` → false (any case). Throws CniError 4 otherwise.
 */
export function parseArgBool(value: string): boolean {
  const s = value.toLowerCase();
  if (s === "1" || s === "true") return true;
  if (s === "0" || s === "false") return false;
  throw new CniError(ERR_INVALID_ENV, `ARGS: error parsing value of pair: boolean unmarshal error: invalid input ${s}`);
}

/**
 * Checks pairs against the plugin's known keys (matched exactly, like Go's field names; `IgnoreUnknown` is always
 * known) and returns the known ones (the last value wins). Unknown keys throw CniError 2 unless `IgnoreUnknown` is
 * `1`/`true`; a bad `IgnoreUnknown` value throws CniError 4.
 */
export function checkArgs(pairs: readonly ArgPair[], knownKeys: readonly string[]): Record<string, string> {
  const known: Record<string, string> = {};
  const unknown: string[] = [];
  let ignoreUnknown = false;
  for (const [key, value] of pairs) {
    if (key === "IgnoreUnknown") {
      ignoreUnknown = parseArgBool(value);
    } else if (knownKeys.includes(key)) {
      known[key] = value;
    } else {
      unknown.push(`${key}=${value}`);
    }
  }
  if (unknown.length > 0 && !ignoreUnknown) {
    const list = unknown.map((p) => JSON.stringify(p)).join(" ");
    throw new CniError(ERR_UNSUPPORTED_FIELD, `ARGS: unknown args [${list}]`);
  }
  return known;
}
