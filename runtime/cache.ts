/**
 * libcni's result cache, byte-compatible: `<cacheDir>/results/<network>-<containerID>-<ifname>` (dir 0700, file
 * 0600) holding `{"kind":"cniCacheV1",…}` exactly as Go marshals its `cachedInfo` struct. Results stay raw JSON
 * here; converting them to a config's version is the caller's job.
 *
 * Where we differ on purpose: writes are atomic (temp file + rename), so a crash never leaves an empty cache file.
 * @module
 */
import type { ArgPair } from "../cni/mod.ts";
import { marshalGoJson } from "./go_json.ts";

/** libcni's default cache directory. */
export const DEFAULT_CACHE_DIR = "/var/lib/cni";

/** The `kind` of a current cache file. */
export const CACHE_KIND_V1 = "cniCacheV1";

/** One cached attachment (libcni's `cachedInfo`). */
export interface CacheEntry {
  /** Container ID of the attachment. */
  containerId: string;
  /** The conflist bytes the ADD ran with (base64 in the file). */
  config: Uint8Array;
  /** Interface name of the attachment. */
  ifName: string;
  /** Network name. */
  networkName: string;
  /** Netns path used for the ADD. */
  netns?: string;
  /** CNI_ARGS pairs used for the ADD. */
  cniArgs?: ArgPair[];
  /** Capability args used for the ADD. */
  capabilityArgs?: Record<string, unknown>;
  /** The final ADD result as JSON (Go keeps it as a map, so its keys are written sorted). */
  result?: Record<string, unknown>;
}

/** What a cache file holds: a current entry, or a bare result written by libcni before cniCacheV1. */
export type CachedRecord =
  | { kind: "cniCacheV1"; entry: CacheEntry }
  | { kind: "legacy"; result: unknown };

/** Serialises an entry exactly as libcni's `json.Marshal(&cachedInfo)` does (field order, omitempty, escaping). */
export function encodeCacheEntry(entry: CacheEntry): string {
  const fields: string[] = [
    `"kind":${marshalGoJson(CACHE_KIND_V1)}`,
    `"containerId":${marshalGoJson(entry.containerId)}`,
    `"config":${marshalGoJson(encodeBase64(entry.config))}`,
    `"ifName":${marshalGoJson(entry.ifName)}`,
    `"networkName":${marshalGoJson(entry.networkName)}`,
  ];
  if (entry.netns) fields.push(`"netns":${marshalGoJson(entry.netns)}`);
  if (entry.cniArgs?.length) fields.push(`"cniArgs":${marshalGoJson(entry.cniArgs)}`);
  if (entry.capabilityArgs && Object.keys(entry.capabilityArgs).length > 0) {
    fields.push(`"capabilityArgs":${marshalGoJson(entry.capabilityArgs, { sortKeys: true })}`);
  }
  if (entry.result && Object.keys(entry.result).length > 0) {
    fields.push(`"result":${marshalGoJson(entry.result, { sortKeys: true })}`);
  }
  return `{${fields.join(",")}}`;
}

/**
 * Reads a cache file's bytes as libcni does: a well-formed `cniCacheV1` object is an entry; anything else is a legacy
 * bare result. Throws SyntaxError when the bytes are not JSON at all (an empty or truncated file).
 */
export function decodeCacheFile(bytes: Uint8Array): CachedRecord {
  const raw: unknown = JSON.parse(new TextDecoder().decode(bytes));
  const entry = entryFromJson(raw);
  return entry === undefined ? { kind: "legacy", result: raw } : { kind: "cniCacheV1", entry };
}

/** The directory and files of the result cache. */
export class ResultCache {
  /** The cache root (`results/` lives below it). */
  readonly cacheDir: string;

  /** Uses `cacheDir`, default {@linkcode DEFAULT_CACHE_DIR}. */
  constructor(cacheDir: string = DEFAULT_CACHE_DIR) {
    this.cacheDir = cacheDir;
  }

  /** The `results` directory. */
  get resultsDir(): string {
    return `${this.cacheDir.replace(/\/+$/, "")}/results`;
  }

  /** The file of one attachment; throws TypeError when any part is empty (as libcni). */
  filePath(network: string, containerId: string, ifname: string): string {
    if (network === "" || containerId === "" || ifname === "") {
      throw new TypeError(
        `cache file path requires network name (${JSON.stringify(network)}), container ID ` +
          `(${JSON.stringify(containerId)}), and interface name (${JSON.stringify(ifname)})`,
      );
    }
    return `${this.resultsDir}/${network}-${containerId}-${ifname}`;
  }

  /** Writes an entry atomically (temp file 0600 in the same directory, then rename); creates the dir 0700. */
  async write(entry: CacheEntry): Promise<void> {
    const path = this.filePath(entry.networkName, entry.containerId, entry.ifName);
    await Deno.mkdir(this.resultsDir, { recursive: true, mode: 0o700 });
    const temp = `${this.resultsDir}/.${entry.networkName}-${entry.containerId}-${entry.ifName}.${crypto.randomUUID()}`;
    try {
      await Deno.writeTextFile(temp, encodeCacheEntry(entry), { mode: 0o600, createNew: true });
      await Deno.rename(temp, path);
    } catch (err) {
      await Deno.remove(temp).catch(() => {});
      throw err;
    }
  }

  /** Reads one attachment's file; undefined when there is none (or it cannot be read, as libcni). Throws on bad JSON. */
  async read(network: string, containerId: string, ifname: string): Promise<CachedRecord | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(this.filePath(network, containerId, ifname));
    } catch (err) {
      if (err instanceof TypeError) throw err;
      return undefined;
    }
    return decodeCacheFile(bytes);
  }

  /** Removes one attachment's file; a missing file is fine. */
  async remove(network: string, containerId: string, ifname: string): Promise<void> {
    try {
      await Deno.remove(this.filePath(network, containerId, ifname));
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }

  /**
   * Lists cached attachments (libcni's `GetCachedAttachments`), sorted by file name, optionally only those of
   * `network` and/or `containerId`. Unreadable, foreign and legacy files are skipped; a missing dir gives `[]`.
   */
  async attachments(options: { network?: string; containerId?: string } = {}): Promise<CacheEntry[]> {
    const names: string[] = [];
    try {
      for await (const e of Deno.readDir(this.resultsDir)) if (!e.name.startsWith(".")) names.push(e.name);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return [];
      throw err;
    }
    names.sort();
    const found: CacheEntry[] = [];
    for (const name of names) {
      if (options.containerId && !nameHasContainer(name, options.containerId)) continue;
      let record: CachedRecord;
      try {
        record = decodeCacheFile(await Deno.readFile(`${this.resultsDir}/${name}`));
      } catch {
        continue;
      }
      if (record.kind !== "cniCacheV1") continue;
      const entry = record.entry;
      if (options.containerId && entry.containerId !== options.containerId) continue;
      if (entry.ifName === "" || entry.networkName === "") continue;
      if (options.network !== undefined && entry.networkName !== options.network) continue;
      found.push(entry);
    }
    return found;
  }
}

function nameHasContainer(name: string, containerId: string): boolean {
  const part = `-${containerId}-`;
  const pos = name.indexOf(part);
  return pos > 0 && pos + part.length < name.length;
}

/** Decodes a cniCacheV1 object as Go's `json.Unmarshal` into `cachedInfo` would (keys case-insensitive). */
function entryFromJson(raw: unknown): CacheEntry | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const get = (key: string): unknown => fieldOf(raw as Record<string, unknown>, key);
  if (get("kind") !== CACHE_KIND_V1) return undefined;
  const text = (key: string): string | undefined => {
    const v = get(key);
    return v === undefined || v === null ? "" : typeof v === "string" ? v : undefined;
  };
  const containerId = text("containerId");
  const ifName = text("ifName");
  const networkName = text("networkName");
  const netns = text("netns");
  const config = decodeBase64(get("config"));
  const cniArgs = argPairs(get("cniArgs"));
  const capabilityArgs = objectOrNull(get("capabilityArgs"));
  const result = objectOrNull(get("result"));
  if (
    containerId === undefined || ifName === undefined || networkName === undefined || netns === undefined ||
    config === undefined || cniArgs === undefined || capabilityArgs === undefined || result === undefined
  ) return undefined;
  const entry: CacheEntry = { containerId, config, ifName, networkName };
  if (netns) entry.netns = netns;
  if (cniArgs !== null) entry.cniArgs = cniArgs;
  if (capabilityArgs !== null) entry.capabilityArgs = capabilityArgs;
  if (result !== null) entry.result = result;
  return entry;
}

function fieldOf(record: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(record, key)) return record[key];
  const lower = key.toLowerCase();
  const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : record[found];
}

function argPairs(value: unknown): ArgPair[] | null | undefined {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) return undefined;
  const pairs: ArgPair[] = [];
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const [key, val]: unknown[] = pair;
    if (typeof key !== "string" || typeof val !== "string") return undefined;
    pairs.push([key, val]);
  }
  return pairs;
}

function objectOrNull(value: unknown): Record<string, unknown> | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}

function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function decodeBase64(value: unknown): Uint8Array | undefined {
  if (value === undefined || value === null) return new Uint8Array();
  if (typeof value !== "string") return undefined;
  try {
    return Uint8Array.from(atob(value.replace(/[\r\n]/g, "")), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}
