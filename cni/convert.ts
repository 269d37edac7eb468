/**
 * Results across spec versions, as Go's converter registry does it: parse any generation into the current shape,
 * convert the current shape to any generation, and print it the way Go prints it.
 *
 * @example
 * ```ts
 * import { formatResult, parseResult } from "./convert.ts";
 * import { deepStrictEqual as assertEquals } from "node:assert/strict";
 * const result = parseResult({
 *   cniVersion: "0.2.0",
 *   ip4: { ip: "10.1.0.5/24", gateway: "10.1.0.1", routes: [{ dst: "0.0.0.0/0" }] },
 * });
 * assertEquals(result.ips, [{ address: "10.1.0.5/24", gateway: "10.1.0.1" }]);
 * assertEquals(JSON.parse(formatResult(result, "0.4.0")).ips[0].version, "4");
 * ```
 * @module
 */
import type * as z from "zod/mini";
import { CniError, ERR_DECODE, ERR_INCOMPATIBLE_VERSION } from "./errors.ts";
import type { Result } from "./result.ts";
import { fromResult020, Result020Schema, toResult020, VERSIONS_020 } from "./result_020.ts";
import { fromResult040, Result040Schema, toResult040, VERSIONS_040 } from "./result_040.ts";
import { fromResult100, Result100Schema, toResult100, VERSIONS_100 } from "./result_100.ts";
import { zodToCniError } from "./zod_to_cni_error.ts";

/** Options of {@linkcode parseResult}. */
export interface ParseResultOptions {
  /** What the message calls the input (default `"result"`, e.g. `"prevResult"`). */
  what?: string;
  /** Code for a malformed result (default 6, decoding failure). */
  code?: number;
}

/** The version a result without `cniVersion` and without a fallback is read as (Go's 0.2.0 result type). */
const UNLABELLED_RESULT_VERSION = "0.2.0";

/**
 * Parses a result of any spec version into the current shape, labelled with its own version. `fallbackVersion`
 * (usually the config's) is used when `cniVersion` is missing. Throws CniError 6 naming the field, or 1 when the
 * version is unknown.
 */
export function parseResult(json: unknown, fallbackVersion?: string, options: ParseResultOptions = {}): Result {
  const what = options.what ?? "result";
  const code = options.code ?? ERR_DECODE;
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new CniError(code, `Cannot parse ${what}: expected a JSON object`);
  }
  const labelled = (json as Record<string, unknown>).cniVersion;
  if (labelled !== undefined && typeof labelled !== "string") {
    throw new CniError(code, `Cannot parse ${what}: cniVersion: expected a string`);
  }
  const version = labelled || fallbackVersion || UNLABELLED_RESULT_VERSION;
  const parse = parserFor(version);
  if (!parse) {
    throw new CniError(ERR_INCOMPATIBLE_VERSION, `Cannot parse ${what}: unsupported CNI result version "${version}"`);
  }
  return parse(json, version, (err) => zodToCniError(err, what, { code }));
}

type Parser = (json: unknown, version: string, fail: (err: z.core.$ZodError) => CniError) => Result;

function parserFor(version: string): Parser | undefined {
  if (VERSIONS_020.includes(version)) {
    return (json, v, fail) => {
      const body = Result020Schema.safeParse(json);
      if (!body.success) throw fail(body.error);
      return fromResult020(body.data, v);
    };
  }
  if (VERSIONS_040.includes(version)) {
    return (json, v, fail) => {
      const body = Result040Schema.safeParse(json);
      if (!body.success) throw fail(body.error);
      return fromResult040(body.data, v);
    };
  }
  if (VERSIONS_100.includes(version)) {
    return (json, v, fail) => {
      const body = Result100Schema.safeParse(json);
      if (!body.success) throw fail(body.error);
      return fromResult100(body.data, v);
    };
  }
  return undefined;
}

/**
 * Converts a current-shape result to the JSON object of `toVersion` (its `cniVersion` is ignored: the current shape
 * holds everything). Throws CniError 1 for an unknown version or `cannot convert: no valid IP addresses` (to 0.2.0).
 */
export function convertResult(result: Result, toVersion: string): Record<string, unknown> {
  if (VERSIONS_020.includes(toVersion)) return { ...toResult020(result, toVersion) };
  if (VERSIONS_040.includes(toVersion)) return { ...toResult040(result, toVersion) };
  if (VERSIONS_100.includes(toVersion)) return { ...toResult100(result, toVersion) };
  throw new CniError(
    ERR_INCOMPATIBLE_VERSION,
    `no converter for CNI result version ${result.cniVersion} to ${toVersion}`,
  );
}

/**
 * Converts `result` to `toVersion` and prints it as Go's `PrintResult` does: 4-space indentation, `<`, `>` and `&`
 * escaped, no trailing newline. Throws as {@linkcode convertResult}.
 */
export function formatResult(result: Result, toVersion: string): string {
  return formatJson(convertResult(result, toVersion));
}

/** Prints a JSON value as Go's `json.MarshalIndent(v, "", "    ")` does (including its HTML escaping). */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
