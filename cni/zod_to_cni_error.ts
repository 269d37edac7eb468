/**
 * The one place a zod failure becomes a CNI error, so every schema reports issues the same way.
 * @module
 */
import type * as z from "zod/mini";
import "./zod_english.ts";
import { CniError, ERR_INVALID_NETCONF } from "./errors.ts";

/** Formats a zod issue path as `ipam.ranges[0][0].subnet` (empty path → `(root)`). */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(root)" : out;
}

/**
 * Turns a zod error into CniError `code` (default 7) whose message lists each issue with its path:
 * `Cannot parse network config: ipam.subnet: Invalid input: expected string, received number`.
 */
export function zodToCniError(err: z.core.$ZodError, what: string, options: { code?: number } = {}): CniError {
  const issues = err.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
  return new CniError(options.code ?? ERR_INVALID_NETCONF, `Cannot parse ${what}: ${issues.join("; ")}`, {
    cause: err,
  });
}
