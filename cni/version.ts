/**
 * CNI spec versions: the list we implement, semver comparison, libcni's version negotiation and the VERSION reply.
 *
 * @example
 * ```ts
 * import { pickVersion, versionAtLeast } from "./version.ts";
 * import { deepStrictEqual as assertEquals } from "node:assert/strict";
 * assertEquals(pickVersion("0.4.0", ["1.0.0", "2.0.0"]), "1.0.0");
 * assertEquals(versionAtLeast("0.3.1", "0.4.0"), false);
 * ```
 * @module
 */

/** Every spec version this implementation speaks, oldest first. */
export const SPEC_VERSIONS: readonly string[] = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

/** The newest spec version we implement (libcni's `version.Current()`). */
export const CURRENT_VERSION = "1.1.0";

/** The version a config or request without `cniVersion` is taken to be (Go's ConfigDecoder). */
export const DEFAULT_CONFIG_VERSION = "0.1.0";

/** Splits `major.minor.patch` into numbers; throws SyntaxError for anything else (as Go's `ParseVersion`). */
export function parseVersion(version: string): [number, number, number] {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new SyntaxError(`Cannot parse CNI version "${version}": expected major.minor.patch`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Orders two versions: negative when `a < b`, 0 when equal, positive when `a > b`; throws SyntaxError if invalid. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `version >= min`; throws SyntaxError if either is not `x.y.z`. */
export function versionAtLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}

/** True when `version` is one of {@linkcode SPEC_VERSIONS}. */
export function isSpecVersion(version: string): boolean {
  return SPEC_VERSIONS.includes(version);
}

/**
 * libcni's negotiation: the highest of `cniVersion` ∪ `cniVersions` not newer than {@linkcode CURRENT_VERSION}.
 * Without `cniVersions`, `cniVersion` is used as is; missing or empty gives "0.1.0". Throws SyntaxError on a bad entry.
 */
export function pickVersion(cniVersion?: string, cniVersions?: readonly string[]): string {
  let picked = cniVersion ?? "";
  if (cniVersions !== undefined) {
    const candidates = cniVersions.filter((v) => !isNewerThanCurrent(v));
    if (picked !== "" && !isNewerThanCurrent(picked)) candidates.push(picked);
    candidates.sort(compareVersions);
    const highest = candidates.at(-1);
    if (highest !== undefined) picked = highest;
  }
  return picked === "" ? DEFAULT_CONFIG_VERSION : picked;
}

function isNewerThanCurrent(version: string): boolean {
  return compareVersions(version, CURRENT_VERSION) > 0;
}

/** The VERSION command's reply. */
export interface VersionReply {
  /** The request's version when it is a spec version, else {@linkcode CURRENT_VERSION}. */
  cniVersion: string;
  /** Versions the plugin supports. */
  supportedVersions: string[];
}

/**
 * Builds the VERSION reply. Unlike Go (which always answers with its own version) we echo a valid request version,
 * as the spec says.
 */
export function versionReply(
  requestVersion: string | undefined,
  supportedVersions: readonly string[] = SPEC_VERSIONS,
): VersionReply {
  const cniVersion = requestVersion !== undefined && isSpecVersion(requestVersion) ? requestVersion : CURRENT_VERSION;
  return { cniVersion, supportedVersions: [...supportedVersions] };
}

/**
 * The VERSION reply as printed (one JSON line) for a raw request body. A body that is not JSON with a string
 * `cniVersion` means "no requested version" (Go's skel does not read stdin for VERSION at all).
 */
export function versionReplyText(stdin: Uint8Array, supportedVersions: readonly string[] = SPEC_VERSIONS): string {
  let requested: string | undefined;
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(stdin));
    const value = (json as { cniVersion?: unknown } | null)?.cniVersion;
    if (typeof value === "string") requested = value;
  } catch {
    // not JSON: no requested version
  }
  return JSON.stringify(versionReply(requested, supportedVersions)) + "\n";
}
