/**
 * The reference plugins' names for per-attachment netfilter objects (pkg/utils/utils.go): a sha512 of the inputs in
 * lower-case hex, cut to length. A node can switch between the Go plugins and ours only if these match exactly.
 * @module
 */
import { sha512, toHex } from "../digest/mod.ts";

/** Length of every `CNI-…` chain name (iptables allows 28 characters). */
export const CHAIN_NAME_LENGTH = 28;

/** Longest hash {@linkcode hashWithPrefix} can produce: 128 hex digits of sha512. */
export const MAX_HASH_LENGTH = 128;

/** Options of {@linkcode hashWithPrefix}. */
export interface HashOptions {
  /** Total length of the result, prefix included. */
  length: number;
  /** Text placed before the hex digits. */
  prefix?: string;
}

/**
 * `prefix` + sha512(`toHash`) in hex, cut to `length` (go's `MustFormatHashWithPrefix`).
 * Throws `RangeError` when the prefix does not fit or `length` exceeds {@linkcode MAX_HASH_LENGTH}.
 *
 * @example
 * ```ts
 * import { hashWithPrefix } from "./chain_name.ts";
 * hashWithPrefix("some string", { length: 10, prefix: "AAA" }).length; // 10
 * ```
 */
export function hashWithPrefix(toHash: string, options: HashOptions): string {
  const prefix = options.prefix ?? "";
  if (prefix.length >= options.length || options.length > MAX_HASH_LENGTH || options.length <= 0) {
    throw new RangeError(`Cannot hash "${toHash}" to ${options.length} characters with prefix "${prefix}"`);
  }
  const hex = toHex(sha512(new TextEncoder().encode(toHash)));
  return (prefix + hex).slice(0, options.length);
}

/** Options of {@linkcode formatChainName}. */
export interface ChainNameOptions {
  /** Text between `CNI-` and the hash, e.g. `DN-` for portmap's per-container chain. */
  prefix?: string;
}

/**
 * The 28-character chain name `CNI-<prefix><sha512(network + containerId)>` (go's `FormatChainName` and
 * `MustFormatChainNameWithPrefix`).
 *
 * @example
 * ```ts
 * import { formatChainName } from "./chain_name.ts";
 * formatChainName("test", "1234"); // "CNI-2bbe0c48b91a7d1b8a6753a8"
 * formatChainName("test", "1234", { prefix: "DN-" }); // "CNI-DN-2bbe0c48b91a7d1b8a675"
 * ```
 */
export function formatChainName(network: string, containerId: string, options: ChainNameOptions = {}): string {
  return hashWithPrefix(network + containerId, { length: CHAIN_NAME_LENGTH, prefix: "CNI-" + (options.prefix ?? "") });
}

/**
 * The rule comment `name: "<network>" id: "<containerId>"` with Go `%q` quoting (go's `FormatComment`).
 *
 * @example
 * ```ts
 * import { formatComment } from "./chain_name.ts";
 * formatComment("mynet", "abc"); // 'name: "mynet" id: "abc"'
 * ```
 */
export function formatComment(network: string, containerId: string): string {
  return `name: ${goQuote(network)} id: ${goQuote(containerId)}`;
}

/** Go's `%q` for a string: double quotes, backslash escapes for `"`, `\` and control characters. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\x07") out += "\\a";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\v") out += "\\v";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}
