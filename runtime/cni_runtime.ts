/**
 * libcni's `CNIConfig`: runs a network configuration list's plugins for ADD, CHECK, DEL, GC and STATUS with the
 * reference's ordering, version gating, error wrapping and result cache.
 *
 * Where we differ on purpose: a failed ADD runs DEL over the whole chain (reverse order, best effort) before the
 * error is returned, so nothing half-added remains; libcni leaves that DEL to its caller. `rollbackOnAddFailure:
 * false` restores libcni's behaviour.
 * @module
 */
import {
  type ArgPair,
  type Attachment,
  buildPluginConfig,
  type BuildPluginConfigOptions,
  CniError,
  convertResult,
  ERR_DECODE,
  ERR_INTERNAL,
  errorText,
  parseResult,
  type PluginConf,
  type PluginExecutor,
  type PluginInfo,
  type Result,
  validateContainerId,
  validateInterfaceName,
  validateNetworkName,
  versionAtLeast,
} from "../cni/mod.ts";
import { type CacheEntry, ResultCache } from "./cache.ts";
import type { NetworkConfigList } from "./conf.ts";
import { marshalGoJson } from "./go_json.ts";
import { type InProcessInvoker, type InProcessResolver, PluginRunner, registryResolver } from "./plugin_runner.ts";

/** The per-attachment arguments of one call (libcni's `RuntimeConf`). */
export interface RuntimeConf {
  /** Container ID (`CNI_CONTAINERID`). */
  containerId: string;
  /** Netns path (`CNI_NETNS`). */
  netns: string;
  /** Interface name (`CNI_IFNAME`). */
  ifname: string;
  /** CNI_ARGS pairs. */
  args?: ArgPair[];
  /** Capability args; each plugin gets those it enables, as `runtimeConfig`. */
  capabilityArgs?: Record<string, unknown>;
  /** Deprecated per-call cache dir, used when the runtime has none (as libcni). */
  cacheDir?: string;
}

/** Options of a {@linkcode CniRuntime}. */
export interface CniRuntimeOptions {
  /** CNI_PATH directories. */
  path: readonly string[];
  /** Cache root; default `/var/lib/cni`. */
  cacheDir?: string;
  /** Finds and execs plugins; tests inject a fake. */
  exec?: PluginExecutor;
  /** Run plugins of our own registry in-process instead of exec'ing them. */
  inProcess?: boolean;
  /** Overrides the registry lookup used by `inProcess`. */
  resolveInProcess?: InProcessResolver;
  /** Overrides the skel call used in-process. */
  invokeInProcess?: InProcessInvoker;
  /** Base environment for plugins (cnitool passes its own); absent means exec'd plugins inherit ours. */
  env?: Readonly<Record<string, string>>;
  /** Kill an exec'd plugin after this many milliseconds. */
  timeoutMs?: number;
  /** Run DEL over the chain when ADD fails (default true; false is libcni's behaviour). */
  rollbackOnAddFailure?: boolean;
  /** Where plugins' stderr goes on success (default: our stderr). */
  onStderr?: (bytes: Uint8Array) => void;
}

/** Runs network configuration lists (libcni's `CNIConfig`). */
export class CniRuntime {
  /** Resolves and runs plugins. */
  readonly runner: PluginRunner;
  private readonly options: CniRuntimeOptions;

  /** Creates a runtime searching `options.path`. */
  constructor(options: CniRuntimeOptions) {
    this.options = options;
    const resolver = options.resolveInProcess ?? (options.inProcess ? registryResolver : undefined);
    this.runner = new PluginRunner({
      path: options.path,
      ...(options.exec && { exec: options.exec }),
      ...(options.env && { env: options.env }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(resolver && { resolveInProcess: resolver }),
      ...(options.invokeInProcess && { invokeInProcess: options.invokeInProcess }),
      ...(options.onStderr && { onStderr: options.onStderr }),
    });
  }

  /**
   * ADD: runs the plugins in order, each getting the previous result as `prevResult`, caches the final result and
   * returns it. Throws CniError `plugin type="x" failed (add): …` (after a best-effort DEL of the chain).
   */
  async addNetworkList(list: NetworkConfigList, rt: RuntimeConf): Promise<Result> {
    let result: Result | undefined;
    for (const plugin of list.plugins) {
      try {
        result = await this.addPlugin(list, plugin, result, rt);
      } catch (err) {
        const failure = wrapPluginError(plugin, "add", err);
        if (this.options.rollbackOnAddFailure === false) throw failure;
        const rollbackError = await this.rollback(list, rt, result);
        if (rollbackError === undefined) throw failure;
        throw new CniError(failure.code, failure.message, {
          details: `rollback DEL also failed: ${messageOf(rollbackError)}`,
          cause: err,
        });
      }
    }
    if (result === undefined) throw new CniError(ERR_INTERNAL, `network "${list.name}" has no plugins`);
    try {
      await this.cacheFor(rt).write(this.cacheEntry(list, rt, result));
    } catch (err) {
      throw new CniError(ERR_INTERNAL, `failed to set network "${list.name}" cached result: ${messageOf(err)}`, {
        cause: err,
      });
    }
    return result;
  }

  /**
   * CHECK: every plugin, in order, with the cached result as `prevResult`; stops at the first error (returned as the
   * plugin gave it). A no-op when `disableCheck`; throws below 0.4.0 as libcni does.
   */
  async checkNetworkList(list: NetworkConfigList, rt: RuntimeConf): Promise<void> {
    if (!versionAtLeast(list.cniVersion, "0.4.0")) {
      throw new CniError(ERR_INTERNAL, `configuration version "${list.cniVersion}" does not support the CHECK command`);
    }
    if (list.disableCheck) return;
    let cached: Result | undefined;
    try {
      cached = await this.getCachedResult(list, rt);
    } catch (err) {
      throw new CniError(ERR_INTERNAL, `failed to get network "${list.name}" cached result: ${messageOf(err)}`, {
        cause: err,
      });
    }
    for (const plugin of list.plugins) await this.callPlugin(list, plugin, "CHECK", rt, { prevResult: cached });
  }

  /**
   * DEL: plugins in reverse order with the cached result as `prevResult` (≥0.4.0; an unreadable cache file is
   * removed and DEL goes on without it), then removes the cache file. Throws `plugin type="x" failed (delete): …`.
   */
  async delNetworkList(list: NetworkConfigList, rt: RuntimeConf): Promise<void> {
    let cached: Result | undefined;
    if (versionAtLeast(list.cniVersion, "0.4.0")) {
      try {
        cached = await this.getCachedResult(list, rt);
      } catch {
        await this.removeCache(list.name, rt);
      }
    }
    await this.delPlugins(list, rt, cached);
    await this.removeCache(list.name, rt);
  }

  /**
   * GC: DELs every cached attachment of this network not in `validAttachments` (all of them when it is absent),
   * then (≥1.1.0) sends GC to each plugin. Continues through errors and throws them joined by newlines.
   * A no-op when `disableGC`. Unlike libcni, a missing cache directory does not skip the plugins' GC.
   */
  async gcNetworkList(
    list: NetworkConfigList,
    options: { validAttachments?: readonly Attachment[] } = {},
  ): Promise<void> {
    if (list.disableGC) return;
    const errors: CniError[] = [];
    const valid = new Set((options.validAttachments ?? []).map((a) => `${a.containerID}\0${a.ifname}`));
    for (const entry of await this.cacheFor().attachments({ network: list.name })) {
      if (valid.has(`${entry.containerId}\0${entry.ifName}`)) continue;
      const rt: RuntimeConf = { containerId: entry.containerId, netns: entry.netns ?? "", ifname: entry.ifName };
      if (entry.cniArgs) rt.args = entry.cniArgs;
      if (entry.capabilityArgs) rt.capabilityArgs = entry.capabilityArgs;
      try {
        await this.delNetworkList(list, rt);
      } catch (err) {
        errors.push(
          prefixed(err, `failed to delete stale attachment ${rt.containerId} ${rt.ifname}: `),
        );
      }
    }
    if (isAtLeast(list.cniVersion, "1.1.0")) {
      const build: BuildPluginConfigOptions = {};
      if (options.validAttachments !== undefined) build.validAttachments = options.validAttachments;
      for (const plugin of list.plugins) {
        try {
          await this.callPlugin(list, plugin, "GC", { containerId: "", netns: "", ifname: "" }, build);
        } catch (err) {
          errors.push(prefixed(err, `failed to GC plugin ${plugin.type}: `));
        }
      }
    }
    if (errors.length > 0) {
      throw new CniError(errors[0]?.code ?? ERR_INTERNAL, errors.map(errorText).join("\n"), { cause: errors });
    }
  }

  /** STATUS (≥1.1.0, silent success below): each plugin in order; the first error is thrown with its code intact. */
  async statusNetworkList(list: NetworkConfigList): Promise<void> {
    if (!isAtLeast(list.cniVersion, "1.1.0")) return;
    for (const plugin of list.plugins) {
      await this.callPlugin(list, plugin, "STATUS", { containerId: "", netns: "", ifname: "" }, {});
    }
  }

  /**
   * Checks every plugin exists and its VERSION lists the list's version; returns the enabled capabilities. Throws
   * one CniError listing every problem, `[plugin x does not support config version "1.1.0" …]`.
   */
  async validateNetworkList(list: NetworkConfigList): Promise<string[]> {
    const problems: string[] = [];
    const capabilities = new Set<string>();
    for (const plugin of list.plugins) {
      try {
        const info = await this.runner.versionInfo(plugin.type);
        const wanted = list.cniVersion || "0.1.0";
        if (!info.supportedVersions.includes(wanted)) {
          problems.push(`plugin ${plugin.type} does not support config version "${wanted}"`);
        }
      } catch (err) {
        problems.push(messageOf(err));
      }
      for (const [name, enabled] of Object.entries(plugin.capabilities ?? {})) if (enabled) capabilities.add(name);
    }
    if (problems.length > 0) throw new CniError(ERR_INTERNAL, `[${problems.join(" ")}]`);
    return [...capabilities];
  }

  /** The VERSION answer of plugin `type` (libcni's `GetVersionInfo`). */
  async getVersionInfo(type: string): Promise<PluginInfo> {
    return await this.runner.versionInfo(type);
  }

  /**
   * The cached ADD result of (network, container, ifname), converted to the list's version; undefined when nothing is
   * cached. Throws when the file is corrupt or cannot be converted.
   */
  async getCachedResult(list: NetworkConfigList, rt: RuntimeConf): Promise<Result | undefined> {
    const record = await this.cacheFor(rt).read(list.name, rt.containerId, rt.ifname);
    if (record === undefined) return undefined;
    const raw = record.kind === "cniCacheV1" ? record.entry.result : record.result;
    if (raw === undefined) throw new CniError(ERR_DECODE, `cached result of network "${list.name}" is empty`);
    const stored = parseResult(raw, undefined, { what: "cached result" });
    try {
      return parseResult(convertResult(stored, list.cniVersion), list.cniVersion, { what: "cached result" });
    } catch (err) {
      throw new CniError(
        ERR_INTERNAL,
        `failed to convert cached result to config version "${list.cniVersion}": ${messageOf(err)}`,
        { cause: err },
      );
    }
  }

  /** Cached attachments, optionally of one container (libcni's `GetCachedAttachments`). */
  async getCachedAttachments(containerId?: string): Promise<CacheEntry[]> {
    return await this.cacheFor().attachments(containerId ? { containerId } : {});
  }

  private async addPlugin(
    list: NetworkConfigList,
    plugin: PluginConf,
    prevResult: Result | undefined,
    rt: RuntimeConf,
  ): Promise<Result> {
    const target = await this.runner.locate(plugin.type);
    validateContainerId(rt.containerId);
    validateNetworkName(list.name);
    validateInterfaceName(rt.ifname);
    const stdout = await this.runner.runTarget(target, this.request(list, plugin, "ADD", rt, { prevResult }));
    return decodeResult(stdout, list.cniVersion);
  }

  private async callPlugin(
    list: NetworkConfigList,
    plugin: PluginConf,
    command: string,
    rt: RuntimeConf,
    build: BuildPluginConfigOptions | { prevResult: Result | undefined },
  ): Promise<void> {
    await this.runner.run(plugin.type, this.request(list, plugin, command, rt, build));
  }

  private async delPlugins(list: NetworkConfigList, rt: RuntimeConf, prevResult: Result | undefined): Promise<void> {
    for (const plugin of [...list.plugins].reverse()) {
      try {
        await this.callPlugin(list, plugin, "DEL", rt, { prevResult });
      } catch (err) {
        throw wrapPluginError(plugin, "delete", err);
      }
    }
  }

  /**
   * Our extension: DEL over the chain after a failed ADD (with the partial result, ≥0.4.0). Unlike a normal DEL it
   * goes on past a plugin whose DEL fails, so the others still clean up; returns the first error.
   */
  private async rollback(list: NetworkConfigList, rt: RuntimeConf, partial: Result | undefined): Promise<unknown> {
    const prevResult = isAtLeast(list.cniVersion, "0.4.0") ? partial : undefined;
    let first: unknown;
    for (const plugin of [...list.plugins].reverse()) {
      try {
        await this.callPlugin(list, plugin, "DEL", rt, { prevResult });
      } catch (err) {
        first ??= wrapPluginError(plugin, "delete", err);
      }
    }
    return first;
  }

  private request(
    list: NetworkConfigList,
    plugin: PluginConf,
    command: string,
    rt: RuntimeConf,
    build: BuildPluginConfigOptions | { prevResult: Result | undefined },
  ) {
    const options: BuildPluginConfigOptions = {};
    if ("prevResult" in build && build.prevResult !== undefined) options.prevResult = build.prevResult;
    if ("validAttachments" in build && build.validAttachments !== undefined) {
      options.validAttachments = build.validAttachments;
    }
    if (rt.capabilityArgs && command !== "GC" && command !== "STATUS") options.capabilityArgs = rt.capabilityArgs;
    const config = buildPluginConfig(list, plugin, options);
    return {
      command,
      containerId: rt.containerId,
      netns: rt.netns,
      ifname: rt.ifname,
      args: rt.args ?? [],
      stdin: new TextEncoder().encode(stdinJson(config)),
    };
  }

  private cacheEntry(list: NetworkConfigList, rt: RuntimeConf, result: Result): CacheEntry {
    const entry: CacheEntry = {
      containerId: rt.containerId,
      config: list.bytes,
      ifName: rt.ifname,
      networkName: list.name,
      result: convertResult(result, result.cniVersion),
    };
    if (rt.netns) entry.netns = rt.netns;
    if (rt.args?.length) entry.cniArgs = rt.args;
    if (rt.capabilityArgs) entry.capabilityArgs = rt.capabilityArgs;
    return entry;
  }

  private cacheFor(rt?: RuntimeConf): ResultCache {
    return new ResultCache(this.options.cacheDir || rt?.cacheDir || undefined);
  }

  private async removeCache(network: string, rt: RuntimeConf): Promise<void> {
    try {
      await this.cacheFor(rt).remove(network, rt.containerId, rt.ifname);
    } catch {
      // libcni ignores cache removal errors
    }
  }
}

/**
 * The stdin bytes as libcni's `InjectConf` marshals them: a Go map, so keys sorted at every level, except the
 * `prevResult` struct, which keeps its field order.
 */
function stdinJson(config: Record<string, unknown>): string {
  const keys = Object.keys(config).filter((k) => config[k] !== undefined).sort();
  const members = keys.map((key) => {
    const value = key === "prevResult" ? marshalGoJson(config[key]) : marshalGoJson(config[key], { sortKeys: true });
    return `${marshalGoJson(key)}:${value}`;
  });
  return `{${members.join(",")}}`;
}

/** Parses a plugin's ADD output: a result without `cniVersion` is taken to be in the config's version (libcni). */
function decodeResult(stdout: Uint8Array, configVersion: string): Result {
  const text = new TextDecoder().decode(stdout);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CniError(ERR_DECODE, `failed to unmarshal raw result: ${messageOf(err)} result ${text}`, { cause: err });
  }
  return parseResult(raw ?? {}, configVersion);
}

/** libcni's `plugin type="x" name="y" failed (verb): <error>`, keeping the plugin's code. */
function wrapPluginError(plugin: PluginConf, verb: string, err: unknown): CniError {
  const name = typeof plugin.name === "string" && plugin.name !== "" ? ` name=${JSON.stringify(plugin.name)}` : "";
  return prefixed(err, `plugin type=${JSON.stringify(plugin.type)}${name} failed (${verb}): `);
}

function prefixed(err: unknown, prefix: string): CniError {
  const code = err instanceof CniError ? err.code : ERR_INTERNAL;
  const text = err instanceof CniError ? errorText(err) : messageOf(err);
  return new CniError(code, prefix + text, { cause: err });
}

function messageOf(err: unknown): string {
  if (err instanceof CniError) return errorText(err);
  return err instanceof Error ? err.message : String(err);
}

/** Go's `GreaterThanOrEqualTo` with the error ignored (GC and STATUS gating). */
function isAtLeast(version: string, min: string): boolean {
  try {
    return versionAtLeast(version, min);
  } catch {
    return false;
  }
}
