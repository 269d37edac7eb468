/**
 * Loading network configurations from a directory as libcni v1.3.0 does: `*.conflist` first (sorted, first name
 * match, any unreadable file before the match aborts), then `*.conf`/`*.json` single-plugin files wrapped into a
 * list, plus the per-network drop-in directory `<dir>/<name>/*.conf` unless `loadOnlyInlinedPlugins`.
 * @module
 */
import { pickVersion } from "../cni/version.ts";
import { marshalGoJson } from "./go_json.ts";

/** One plugin of a list: the fields libcni reads, and its bytes as Go re-marshals them (keys sorted). */
export interface PluginConfig {
  /** The plugin `type` (its binary name). */
  type: string;
  /** The plugin's own `name`, if it has one (the list's name replaces it on invocation). */
  name?: string;
  /** Capabilities the plugin enables (`capabilities` with true values kept as true). */
  capabilities: Record<string, boolean>;
  /** The plugin object as JSON. */
  raw: Record<string, unknown>;
  /** The plugin object's bytes (Go's `json.Marshal` of the parsed map). */
  bytes: Uint8Array;
}

/** A parsed network configuration list (libcni's `NetworkConfigList`). */
export interface NetworkConfigList {
  /** Network name. */
  name: string;
  /** The negotiated version (highest of `cniVersion` ∪ `cniVersions` we support). */
  cniVersion: string;
  /** `disableCheck`: CHECK is a no-op. */
  disableCheck: boolean;
  /** `disableGC`: GC is a no-op. */
  disableGC: boolean;
  /** `loadOnlyInlinedPlugins`: ignore the drop-in directory. */
  loadOnlyInlinedPlugins: boolean;
  /** The plugins, in chain order. */
  plugins: PluginConfig[];
  /** The bytes the list was parsed from (cached with each ADD). */
  bytes: Uint8Array;
}

/** No configuration file at all in the directory. */
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

/** Configuration files exist, but none has the wanted name. */
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
 * {@linkcode NotFoundError}, or an Error naming the file that failed to parse.
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
    const bytes = await readConf(file);
    const plugin = pluginConfFromBytes(bytes);
    if (stringField(plugin.raw, "name") === name) return confListFromSingle(plugin);
  }
  throw new NotFoundError(dir, name);
}

/** Reads a conflist file and appends its drop-in plugins (`<dir>/<name>/*.conf`) unless `loadOnlyInlinedPlugins`. */
export async function confListFromFile(file: string): Promise<NetworkConfigList> {
  const list = confListFromBytes(await readConf(file));
  if (!list.loadOnlyInlinedPlugins) {
    const dropInDir = `${dirname(file)}/${list.name}`;
    for (const pluginFile of await confFiles(dropInDir, [".conf"])) {
      list.plugins.push(pluginConfFromBytes(await readConf(pluginFile)));
    }
  }
  if (list.plugins.length === 0) throw new Error(`no plugin configs found`);
  return list;
}

/**
 * Parses conflist bytes (libcni's `NetworkConfFromBytes`): name required, `cniVersions` negotiated, the three
 * booleans also accepted as "true"/"false" strings. Throws Error `error parsing configuration list: …`.
 */
export function confListFromBytes(bytes: Uint8Array): NetworkConfigList {
  const raw = parseObject(bytes, "error parsing configuration list");
  const fail = (why: string) => new Error(`error parsing configuration list: ${why}`);
  if (!Object.hasOwn(raw, "name")) throw fail("no name");
  const name = raw.name;
  if (typeof name !== "string") throw fail(`invalid name type ${goType(name)}`);
  const version = raw.cniVersion;
  if (version !== undefined && typeof version !== "string") throw fail(`invalid cniVersion type ${goType(version)}`);
  const list: NetworkConfigList = {
    name,
    cniVersion: negotiate(version ?? "", raw.cniVersions, fail),
    disableCheck: readBool(raw, "disableCheck", fail),
    disableGC: readBool(raw, "disableGC", fail),
    loadOnlyInlinedPlugins: readBool(raw, "loadOnlyInlinedPlugins", fail),
    plugins: [],
    bytes,
  };
  if (!Object.hasOwn(raw, "plugins")) {
    if (list.loadOnlyInlinedPlugins) throw fail("`loadOnlyInlinedPlugins` is true, and no 'plugins' key");
    return list;
  }
  const plugins = raw.plugins;
  if (!Array.isArray(plugins)) throw fail(`invalid 'plugins' type ${goType(plugins)}`);
  if (plugins.length === 0) throw fail("no plugins in list");
  plugins.forEach((conf, i) => {
    try {
      list.plugins.push(pluginConfFromBytes(new TextEncoder().encode(marshalGoJson(conf, { sortKeys: true }))));
    } catch (err) {
      throw new Error(`failed to parse plugin config ${i}: ${(err as Error).message}`, { cause: err });
    }
  });
  return list;
}

/** Parses one plugin object (libcni's `NetworkPluginConfFromBytes`); `type` is required. Throws Error. */
export function pluginConfFromBytes(bytes: Uint8Array): PluginConfig {
  const raw = parseObject(bytes, "error parsing configuration");
  const type = stringField(raw, "type");
  if (!type) throw new Error("error parsing configuration: missing 'type'");
  const capabilities: Record<string, boolean> = {};
  const caps = fieldOf(raw, "capabilities");
  if (caps !== undefined && caps !== null) {
    if (typeof caps !== "object" || Array.isArray(caps)) {
      throw new Error("error parsing configuration: capabilities: expected an object of booleans");
    }
    for (const [key, value] of Object.entries(caps)) {
      if (typeof value !== "boolean") {
        throw new Error(`error parsing configuration: capabilities.${key}: expected a boolean`);
      }
      capabilities[key] = value;
    }
  }
  const plugin: PluginConfig = { type, capabilities, raw, bytes };
  const name = stringField(raw, "name");
  if (name) plugin.name = name;
  return plugin;
}

/** Wraps a single-plugin config into a list (libcni's `ConfListFromConf`): `{cniVersion, name, plugins: [conf]}`. */
export function confListFromSingle(plugin: PluginConfig): NetworkConfigList {
  const wrapped = {
    cniVersion: stringField(plugin.raw, "cniVersion") ?? "",
    name: stringField(plugin.raw, "name") ?? "",
    plugins: [plugin.raw],
  };
  return confListFromBytes(new TextEncoder().encode(marshalGoJson(wrapped, { sortKeys: true })));
}

function negotiate(version: string, versions: unknown, fail: (why: string) => Error): string {
  if (versions === undefined) return version;
  if (!Array.isArray(versions)) throw fail(`invalid type for cniVersions: ${goType(versions)}`);
  versions.forEach((v, i) => {
    if (typeof v !== "string") throw fail(`invalid type for cniVersions index ${i}: ${goType(v)}`);
  });
  try {
    return pickVersion(version === "" ? undefined : version, versions as string[]);
  } catch (err) {
    throw fail(`invalid cniVersions entry: ${(err as Error).message}`);
  }
}

function readBool(raw: Record<string, unknown>, key: string, fail: (why: string) => Error): boolean {
  if (!Object.hasOwn(raw, key)) return false;
  const value = raw[key];
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") throw fail(`invalid type ${goType(value)} for ${key}`);
  const s = value.toLowerCase();
  if (s === "true") return true;
  if (s === "false") return false;
  throw fail(`invalid value ${JSON.stringify(s)} for ${key}`);
}

async function readConf(file: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(file);
  } catch (err) {
    throw new Error(`error reading ${file}: ${(err as Error).message}`, { cause: err });
  }
}

function parseObject(bytes: Uint8Array, context: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new Error(`${context}: ${(err as Error).message}`, { cause: err });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new Error(`${context}: expected a JSON object, got ${goType(raw)}`);
  }
  return raw as Record<string, unknown>;
}

/** Go decodes struct fields case-insensitively: exact key first, else any case. */
function fieldOf(raw: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(raw, key)) return raw[key];
  const lower = key.toLowerCase();
  const found = Object.keys(raw).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : raw[found];
}

function stringField(raw: Record<string, unknown>, key: string): string | undefined {
  const value = fieldOf(raw, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new Error(`error parsing configuration: ${key}: expected a string`);
  return value;
}

function goType(value: unknown): string {
  if (value === null) return "<nil>";
  if (Array.isArray(value)) return "[]interface {}";
  if (typeof value === "object") return "map[string]interface {}";
  if (typeof value === "number") return "float64";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot);
}

function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? (slash === 0 ? "/" : ".") : path.slice(0, slash);
}
