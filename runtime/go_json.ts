/**
 * JSON text exactly as Go's `encoding/json.Marshal` writes it: compact, `<`, `>`, `&`, U+2028 and U+2029 escaped as
 * `\u003c` and so on, lone surrogates replaced by U+FFFD, and (for values that Go held as maps) keys sorted bytewise.
 * The result cache must match libcni byte for byte, so it is written with this, never with `JSON.stringify` alone.
 *
 * @example
 * ```ts
 * import { marshalGoJson } from "./go_json.ts";
 * import { strictEqual } from "node:assert/strict";
 * strictEqual(marshalGoJson({ b: "<x>", a: 1 }, { sortKeys: true }), '{"a":1,"b":"\\u003cx\\u003e"}');
 * ```
 * @module
 */

/** Options of {@linkcode marshalGoJson}. */
export interface GoJsonOptions {
  /** Sort object keys bytewise at every level, as Go does for `map[string]interface{}`. */
  sortKeys?: boolean;
}

/** Serialises a JSON value as Go's `json.Marshal` would; `undefined` members are left out. Throws TypeError on cycles. */
export function marshalGoJson(value: unknown, options: GoJsonOptions = {}): string {
  return encode(value, options.sortKeys === true, new Set());
}

function encode(value: unknown, sortKeys: boolean, seen: Set<object>): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot marshal ${value} as JSON: unsupported value`);
    return Object.is(value, -0) ? "-0" : String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") throw new TypeError(`Cannot marshal a ${typeof value} as JSON`);
  if (seen.has(value)) throw new TypeError("Cannot marshal a cyclic value as JSON");
  seen.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((v) => encode(v, sortKeys, seen)).join(",")}]`;
    const record = value as Record<string, unknown>;
    let keys = Object.keys(record).filter((k) => record[k] !== undefined);
    if (sortKeys) keys = keys.sort(compareBytewise);
    return `{${keys.map((k) => `${goString(k)}:${encode(record[k], sortKeys, seen)}`).join(",")}}`;
  } finally {
    seen.delete(value);
  }
}

/** A JSON string literal with Go's escaping. */
function goString(text: string): string {
  return JSON.stringify(text)
    .replace(/\\ud[89a-f][0-9a-f]{2}/g, "\\ufffd")
    .replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Orders strings by their UTF-8 bytes (Go's string comparison). */
function compareBytewise(a: string, b: string): number {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
