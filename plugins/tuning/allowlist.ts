/**
 * The node's sysctl allow-list, `/etc/cni/tuning/allowlist.conf`: one regular expression per line, blank lines
 * ignored. When the file is absent every sysctl is allowed (reference v1.2.0+).
 * @module
 */
import { CniError, ERR_INVALID_NETCONF, ERR_IO } from "../../cni/mod.ts";

/** Where the reference reads the allow-list. */
export const ALLOWLIST_PATH = "/etc/cni/tuning/allowlist.conf";

/**
 * Reads the allow-list at `path`; returns undefined when the file does not exist. Throws CniError 5 when it cannot be
 * read and CniError 7 when a line is not a valid regular expression.
 */
export function readAllowlist(path: string = ALLOWLIST_PATH): RegExp[] | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw new CniError(ERR_IO, `Cannot read sysctl allow-list "${path}": ${(err as Error).message}`, { cause: err });
  }
  return text.split("\n").map((line) => line.trim()).filter((line) => line !== "").map((line) => {
    try {
      return new RegExp(line);
    } catch (err) {
      throw new CniError(ERR_INVALID_NETCONF, `Cannot use sysctl allow-list entry "${line}": not a regexp`, {
        cause: err,
      });
    }
  });
}

/**
 * Throws CniError 7 naming the first key of `keys` that matches no pattern of `allowlist` (an unanchored search, as
 * Go's `regexp.MatchString`). An undefined allow-list allows everything.
 */
export function checkAllowlist(keys: Iterable<string>, allowlist: readonly RegExp[] | undefined): void {
  if (allowlist === undefined) return;
  for (const key of keys) {
    if (!allowlist.some((pattern) => pattern.test(key))) {
      const list = allowlist.map((pattern) => pattern.source).join(" ");
      throw new CniError(
        ERR_INVALID_NETCONF,
        `Sysctl ${key} is not allowed. Only the following sysctls are allowed: [${list}]`,
      );
    }
  }
}
