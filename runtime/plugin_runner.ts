/**
 * Runs one plugin verb for the runtime, either by exec (a binary found in CNI_PATH) or in-process (a plugin of our
 * own registry called through the skel with the same environment and stdin). Both paths are judged by
 * `decodePluginOutcome`, so their results and errors are byte-identical.
 * @module
 */
import {
  decodePluginOutcome,
  defaultExecutor,
  type ExecRequest,
  getVersionInfo,
  invokePlugin,
  type Plugin,
  pluginEnv,
  type PluginExecutor,
  type PluginInfo,
  type SkelIo,
  type SkelOutcome,
} from "../cni/mod.ts";

/** Looks up a plugin type for in-process use; undefined means "exec it instead". */
export type InProcessResolver = (type: string) => Promise<Plugin<unknown> | undefined>;

/** Runs a plugin object in-process as the skel does for a real process (the shape of `invokePlugin`). */
export type InProcessInvoker = (plugin: Plugin<unknown>, io: SkelIo) => Promise<SkelOutcome>;

/** Options of a {@linkcode PluginRunner}. */
export interface PluginRunnerOptions {
  /** CNI_PATH directories. */
  path: readonly string[];
  /** Finds and execs binaries; tests inject a fake. */
  exec?: PluginExecutor;
  /** Base environment for plugins; absent means "inherit ours" for exec and `{}` in-process. */
  env?: Readonly<Record<string, string>>;
  /** Kill an exec'd plugin after this many milliseconds. */
  timeoutMs?: number;
  /** Decides which types run in-process; absent means everything is exec'd. */
  resolveInProcess?: InProcessResolver;
  /** Calls a plugin object in-process (defaults to the skel's `invokePlugin`). */
  invokeInProcess?: InProcessInvoker;
  /** Where exec'd plugins' stderr goes on success. */
  onStderr?: (bytes: Uint8Array) => void;
}

/** The CNI_* values and stdin of one call; CNI_PATH defaults to the runner's. */
export type RunRequest = Omit<ExecRequest, "path" | "env" | "timeoutMs" | "onStderr"> & { path?: readonly string[] };

/** Where a plugin type resolved to. */
type Target = { kind: "exec"; path: string } | { kind: "inProcess"; plugin: Plugin<unknown> };

/** Resolves plugin types and runs verbs on them (libcni's `FindInPath` + `ExecPlugin`). */
export class PluginRunner {
  /** CNI_PATH directories. */
  readonly path: readonly string[];
  private readonly options: PluginRunnerOptions;
  private readonly executor: PluginExecutor;

  /** Creates a runner for `options.path`. */
  constructor(options: PluginRunnerOptions) {
    this.path = options.path;
    this.options = options;
    this.executor = options.exec ?? defaultExecutor;
  }

  /** Checks that `type` can be run (in-process or found in CNI_PATH); throws `failed to find plugin …` otherwise. */
  async locate(type: string): Promise<Target> {
    const plugin = await this.options.resolveInProcess?.(type);
    if (plugin !== undefined) return { kind: "inProcess", plugin };
    return { kind: "exec", path: this.executor.findInPath(type, this.path) };
  }

  /** Runs `type` with `request` and returns its stdout; throws CniError as the exec protocol defines. */
  async run(type: string, request: RunRequest): Promise<Uint8Array> {
    return await this.runTarget(await this.locate(type), request);
  }

  /** Runs an already located target. */
  async runTarget(target: Target, request: RunRequest): Promise<Uint8Array> {
    const full: ExecRequest = { ...request, path: request.path ?? this.path };
    if (this.options.onStderr) full.onStderr = this.options.onStderr;
    if (target.kind === "exec") {
      if (this.options.env !== undefined) full.env = this.options.env;
      if (this.options.timeoutMs !== undefined) full.timeoutMs = this.options.timeoutMs;
      return await this.executor.execPlugin(target.path, full);
    }
    const invoke = this.options.invokeInProcess ?? invokePlugin;
    const env = pluginEnv({ ...full, env: this.options.env ?? {} });
    const outcome = await invoke(target.plugin, { env, stdin: request.stdin });
    const enc = new TextEncoder();
    return decodePluginOutcome(
      { stdout: enc.encode(outcome.stdout), stderr: enc.encode(outcome.stderr), exitCode: outcome.exitCode },
      { onStderr: this.options.onStderr },
    );
  }

  /** Asks `type` for its supported versions (VERSION probe, libcni's `GetVersionInfo`). */
  async versionInfo(type: string): Promise<PluginInfo> {
    const target = await this.locate(type);
    const executor: PluginExecutor = {
      findInPath: (t) => t,
      execPlugin: (_path, request) => this.runTarget(target, request),
    };
    return await getVersionInfo(target.kind === "exec" ? target.path : type, { executor });
  }
}

/** Resolves types through the plugin registry (`plugins/registry.ts`), loaded on first use. */
export async function registryResolver(type: string): Promise<Plugin<unknown> | undefined> {
  const { findPlugin } = await import("../plugins/registry.ts");
  return await findPlugin(type)?.load();
}
