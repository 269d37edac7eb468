/**
 * Loading network configurations from a directory as libcni v1.3.0 does: `*.conflist` first (sorted, first name
 * match, any unreadable file before the match aborts), then `*.conf`/`*.json` single-plugin files wrapped into a
 * list, plus the per-network drop-in directory `<dir>/<name>/*.conf` unless `loadOnlyInlinedPlugins`.
 * Parsing itself is `cni/conflist.ts`; errors name the file they came from.
 * @module
 */
import {
  CniError,
  confFromSingle,
  type ConfList,
  ERR_DECODE,
  ERR_INVALID_NETCONF,
  parseConfList,
  PluginConf,
  zodToCniError,
} from "../cni/mod.ts";
import { marshalGoJson } from "./go_json.ts";

/** A parsed list plus the bytes it came from (libcni's `NetworkConfigList`). */
export interface NetworkConfigList {
  /** Network name. */
  name: string;
  /** The negotiated version (highest of `cniVersion` ∪ `cniVersions` we support). */
  cniVersion: string;
  /** CHECK is a no-op. */
  disableCheck: boolean;
  /** GC is a no-op. */
  disableGC: boolean;
  /** Ignore the drop-in directory `<dir>/<name>/`. */
  loadOnlyInlinedPlugins: boolean;
  /** The plugins in chain order (inline, then drop-ins). */
  plugins: PluginConf[];
  /** The conflist bytes, cached with each ADD (for a wrapped `.conf`, the wrapper as Go marshals it). */
  bytes: Uint8Array;
}

/** No configuration file at all in the directory (libcni's `NoConfigsFoundError`). */
export class NoConfigsFoundError extends Error {
  /** The directory searched. */
  readonly dir: string;
  /** Creates the error for `dir`. */
  constructor(dir: string) {
    super(`no net configurations found in ${dir}`);
    this.name = "NoConfigsFoundError";
    this.dir = dir;
  }
}

/** Configuration files exist, but none has the wanted name (libcni's `NotFoundError`). */
export class NotFoundError extends Error {
  /** The directory searched. */
  readonly dir: string;
  /** The network name looked for. */
  readonly network: string;
  /** Creates the error for `network` in `dir`. */
  constructor(dir: string, network: string) {
    super(`no net configuration with name "${network}" in ${dir}`);
    this.name = "NotFoundError";
    this.dir = dir;
    this.network = network;
  }
}

/** Lists the files of `dir` (not recursive, directories skipped) whose extension is in `exts`, sorted; none if absent. */
export async function confFiles(dir: string, exts: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory) continue;
      if (exts.includes(extension(entry.name))) found.push(`${dir.replace(/\/+$/, "")}/${entry.name}`);
    }
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
  return found.sort();
}

/**
 * Finds network `name` in `dir` (libcni's `LoadNetworkConf`). Throws {@linkcode NoConfigsFoundError},
 * {@linkcode NotFoundError}, or a CniError naming the file that failed to parse.
 */
export async function loadConfList(dir: string, name: string): Promise<NetworkConfigList> {
  const lists = await confFiles(dir, [".conflist"]);
  for (const file of lists) {
    const list = await confListFromFile(file);
    if (list.name === name) return list;
  }
  const singles = await confFiles(dir, [".conf", ".json"]);
  if (singles.length === 0) {
    if (lists.length !== 0) throw new NotFoundError(dir, name);
    throw new NoConfigsFoundError(dir);
  }
  for (const file of singles) {
    const raw = inFile(file, () => pluginConfFromBytes(readConf(file)));
    if (raw.name === name) return inFile(file, () => confListFromSingle(raw));
  }
  throw new NotFoundError(dir, name);
}

/** Reads a conflist file and appends its drop-in plugins (`<dir>/<name>/*.conf`) unless `loadOnlyInlinedPlugins`. */
export async function confListFromFile(file: string): Promise<NetworkConfigList> {
  const list = inFile(file, () => confListFromBytes(readConf(file)));
  if (!list.loadOnlyInlinedPlugins) {
    const dropInDir = `${dirname(file)}/${list.name}`;
    for (const pluginFile of await confFiles(dropInDir, [".conf"])) {
      list.plugins.push(inFile(pluginFile, () => pluginConfFromBytes(readConf(pluginFile))));
    }
  }
  if (list.plugins.length === 0) {
    throw new CniError(ERR_INVALID_NETCONF, `Cannot load "${file}": no plugin configs found`);
  }
  return list;
}

/** Parses conflist bytes and negotiates the version (libcni's `NetworkConfFromBytes`). Throws CniError 6 or 7. */
export function confListFromBytes(bytes: Uint8Array): NetworkConfigList {
  return withBytes(parseConfList(parseJson(bytes, "network configuration list")), bytes);
}

/** Parses one plugin object (a drop-in `.conf`, or a single-plugin file); `type` is required. Throws CniError 6 or 7. */
export function pluginConfFromBytes(bytes: Uint8Array): PluginConf {
  const parsed = PluginConf.safeParse(parseJson(bytes, "network configuration"));
  if (!parsed.success) throw zodToCniError(parsed.error, "network configuration");
  return parsed.data;
}

/** Wraps a single-plugin config into a list; its bytes are libcni's wrapper `{cniVersion, name, plugins: [conf]}`. */
export function confListFromSingle(plugin: PluginConf): NetworkConfigList {
  const wrapper = { cniVersion: plugin.cniVersion ?? "", name: plugin.name ?? "", plugins: [plugin] };
  return withBytes(confFromSingle(plugin), new TextEncoder().encode(marshalGoJson(wrapper, { sortKeys: true })));
}

/** Keeps the fields the runtime reads and the bytes the list came from. */
function withBytes(list: ConfList, bytes: Uint8Array): NetworkConfigList {
  const { name, cniVersion, disableCheck, disableGC, loadOnlyInlinedPlugins, plugins } = list;
  return { name, cniVersion, disableCheck, disableGC, loadOnlyInlinedPlugins, plugins, bytes };
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new CniError(ERR_DECODE, `Cannot parse ${what}: ${(err as Error).message}`, { cause: err });
  }
}

function readConf(file: string): Uint8Array {
  try {
    return Deno.readFileSync(file);
  } catch (err) {
    throw new CniError(ERR_DECODE, `error reading ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** Runs a parse step and prefixes its error with the file name, keeping the code. */
function inFile<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof CniError && err.message.startsWith("error reading ")) throw err;
    const code = err instanceof CniError ? err.code : ERR_INVALID_NETCONF;
    const message = err instanceof Error ? err.message : String(err);
    throw new CniError(code, `Cannot load "${file}": ${message}`, { cause: err });
  }
}

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot);
}

function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? (slash === 0 ? "/" : ".") : path.slice(0, slash);
}
