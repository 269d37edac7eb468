/**
 * The exec protocol from the runtime's side (Go's `pkg/invoke`): find a plugin binary in CNI_PATH, run it with the
 * CNI_* environment and the config on stdin, and turn its exit status and output into bytes or a {@linkcode CniError}.
 *
 * This file and `runtime/` are the only places that spawn plugins. Outcome decoding is separate from spawning
 * ({@linkcode decodePluginOutcome}) so an in-process run is judged by exactly the same rules as an exec.
 * @module
 */
import { CniError, ERR_INTERNAL } from "./errors.ts";
import type { ArgPair } from "./args.ts";
import { CURRENT_VERSION } from "./version.ts";

/** One plugin invocation: the CNI_* values, the stdin bytes and how to run it. */
export interface ExecRequest {
  /** `CNI_COMMAND`: ADD, DEL, CHECK, GC, STATUS or VERSION. */
  command: string;
  /** `CNI_CONTAINERID` (set even when empty). */
  containerId?: string;
  /** `CNI_NETNS` (set even when empty). */
  netns?: string;
  /** `CNI_IFNAME` (set even when empty). */
  ifname?: string;
  /** `CNI_ARGS` as ordered pairs, joined as `K=V;K=V`. */
  args?: readonly ArgPair[];
  /** `CNI_PATH` directories, joined with `:`. */
  path: readonly string[];
  /** The config bytes written to the plugin's stdin. */
  stdin: Uint8Array;
  /** Base environment; when absent the plugin inherits this process's whole environment. */
  env?: Readonly<Record<string, string>>;
  /** Kill the plugin (SIGKILL) after this many milliseconds. */
  timeoutMs?: number;
  /** Where the plugin's stderr goes on success; defaults to this process's stderr. */
  onStderr?: (bytes: Uint8Array) => void;
}

/** What a finished plugin left behind, however it was run. */
export interface PluginOutcome {
  /** Bytes printed on stdout. */
  stdout: Uint8Array;
  /** Bytes printed on stderr. */
  stderr: Uint8Array;
  /** Exit status; 0 is success. */
  exitCode: number;
  /** Set when the process was killed by a signal (e.g. `SIGKILL`). */
  signal?: string;
}

/** The VERSION reply as libcni decodes it. */
export interface PluginInfo {
  /** The version the plugin answered with. */
  cniVersion: string;
  /** Spec versions the plugin accepts. */
  supportedVersions: string[];
}

/** Finds and runs plugins; {@linkcode defaultExecutor} execs binaries, tests inject fakes (libcni's `invoke.Exec`). */
export interface PluginExecutor {
  /** Returns the path of plugin `type` in `paths`; throws like {@linkcode findInPath}. */
  findInPath(type: string, paths: readonly string[]): string;
  /** Runs the plugin and returns its stdout; throws a {@linkcode CniError} on failure. */
  execPlugin(pluginPath: string, request: ExecRequest): Promise<Uint8Array>;
}

const BUSY_RETRIES = 5;
const BUSY_SLEEP_MS = 1000;

/**
 * Returns the first regular file named `type` in `paths`, in order (the executable bit is not checked, as in Go).
 * Throws CniError 999 for an empty name, a name with "/", or `failed to find plugin "X" in path [...]`.
 */
export function findInPath(type: string, paths: readonly string[]): string {
  if (type === "") throw new CniError(ERR_INTERNAL, "no plugin name provided");
  if (type.includes("/")) throw new CniError(ERR_INTERNAL, `invalid plugin name: ${type}`);
  if (paths.length === 0) throw new CniError(ERR_INTERNAL, `no paths provided`);
  for (const dir of paths) {
    const candidate = `${dir.replace(/\/+$/, "")}/${type}`;
    try {
      if (Deno.statSync(candidate).isFile) return candidate;
    } catch {
      // missing or unreadable: try the next directory
    }
  }
  throw new CniError(ERR_INTERNAL, `failed to find plugin "${type}" in path [${paths.join(" ")}]`);
}

/**
 * Builds the plugin's environment: `base` (if given) then the six CNI_* variables, later wins, empty values kept.
 * Without `base` only the CNI_* variables are returned (the rest is inherited at spawn time).
 */
export function pluginEnv(request: Omit<ExecRequest, "stdin">): Record<string, string> {
  return {
    ...(request.env ?? {}),
    CNI_COMMAND: request.command,
    CNI_CONTAINERID: request.containerId ?? "",
    CNI_NETNS: request.netns ?? "",
    CNI_ARGS: (request.args ?? []).map(([k, v]) => `${k}=${v}`).join(";"),
    CNI_IFNAME: request.ifname ?? "",
    CNI_PATH: request.path.join(":"),
  };
}

/**
 * Runs the plugin binary and returns its stdout. Retries 5 times, 1 s apart, while exec fails with "text file busy".
 * Throws CniError: the plugin's own error JSON, `netplugin failed: "<stderr>"`, or a timeout naming the plugin.
 */
export async function execPlugin(pluginPath: string, request: ExecRequest): Promise<Uint8Array> {
  const outcome = await spawnWithRetry(pluginPath, request);
  return decodePluginOutcome(outcome, { onStderr: request.onStderr });
}

/**
 * Judges a finished plugin run as libcni does: exit 0 gives stdout (stderr is forwarded); otherwise stdout is parsed
 * as the error JSON, and an empty or unparsable stdout gives a `netplugin failed…` message. Throws CniError.
 */
export function decodePluginOutcome(
  outcome: PluginOutcome,
  options: { onStderr?: ((bytes: Uint8Array) => void) | undefined } = {},
): Uint8Array {
  if (outcome.exitCode === 0 && outcome.signal === undefined) {
    if (outcome.stderr.length > 0) (options.onStderr ?? writeStderr)(outcome.stderr);
    return outcome.stdout;
  }
  throw pluginError(outcome);
}

/**
 * Asks the plugin which spec versions it supports (VERSION with stdin `{"cniVersion":"1.1.0"}`). A plugin answering
 * `unknown CNI_COMMAND: VERSION` is taken to support 0.1.0 only. Throws CniError when the probe fails.
 */
export async function getVersionInfo(
  pluginPath: string,
  options: { executor?: PluginExecutor; env?: Readonly<Record<string, string>>; timeoutMs?: number } = {},
): Promise<PluginInfo> {
  const executor = options.executor ?? defaultExecutor;
  const request: ExecRequest = {
    command: "VERSION",
    netns: "dummy",
    ifname: "dummy",
    path: ["dummy"],
    stdin: new TextEncoder().encode(`{"cniVersion":${JSON.stringify(CURRENT_VERSION)}}`),
  };
  if (options.env !== undefined) request.env = options.env;
  if (options.timeoutMs !== undefined) request.timeoutMs = options.timeoutMs;
  let stdout: Uint8Array;
  try {
    stdout = await executor.execPlugin(pluginPath, request);
  } catch (err) {
    if (err instanceof CniError && errorText(err) === "unknown CNI_COMMAND: VERSION") {
      return { cniVersion: CURRENT_VERSION, supportedVersions: ["0.1.0"] };
    }
    throw err;
  }
  return decodeVersionInfo(stdout);
}

/**
 * Decodes a VERSION reply as Go's `PluginDecoder`: cniVersion is required; a 0.2.0 reply without supportedVersions
 * means ["0.1.0", "0.2.0"]. Throws CniError 999 `decoding version info: …`.
 */
export function decodeVersionInfo(bytes: Uint8Array): PluginInfo {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new CniError(ERR_INTERNAL, `decoding version info: ${(err as Error).message}`, { cause: err });
  }
  const cniVersion = fieldOf(raw, "cniVersion");
  const supported = fieldOf(raw, "supportedVersions");
  if (cniVersion !== undefined && cniVersion !== null && typeof cniVersion !== "string") {
    throw new CniError(ERR_INTERNAL, "decoding version info: cniVersion is not a string");
  }
  if (!cniVersion) throw new CniError(ERR_INTERNAL, "decoding version info: missing field cniVersion");
  const isStringList = Array.isArray(supported) && supported.every((v) => typeof v === "string");
  if (supported !== undefined && supported !== null && !isStringList) {
    throw new CniError(ERR_INTERNAL, "decoding version info: supportedVersions is not a list of strings");
  }
  if (!isStringList || supported.length === 0) {
    if (cniVersion === "0.2.0") return { cniVersion: CURRENT_VERSION, supportedVersions: ["0.1.0", "0.2.0"] };
    throw new CniError(ERR_INTERNAL, "decoding version info: missing field supportedVersions");
  }
  return { cniVersion, supportedVersions: [...supported] };
}

/** The text Go's `types.Error.Error()` gives: `msg`, plus `; details` when there are details. */
export function errorText(err: CniError): string {
  return err.details ? `${err.message}; ${err.details}` : err.message;
}

/** Execs real binaries found on disk. */
export const defaultExecutor: PluginExecutor = { findInPath, execPlugin };

async function spawnWithRetry(pluginPath: string, request: ExecRequest): Promise<PluginOutcome> {
  for (let attempt = 0;; attempt++) {
    try {
      return await spawnOnce(pluginPath, request);
    } catch (err) {
      if (err instanceof CniError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      if (/text file busy/i.test(message) && attempt < BUSY_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, BUSY_SLEEP_MS));
        continue;
      }
      throw new CniError(ERR_INTERNAL, `netplugin failed with no error message: ${message}`, { cause: err });
    }
  }
}

async function spawnOnce(pluginPath: string, request: ExecRequest): Promise<PluginOutcome> {
  const child = new Deno.Command(pluginPath, {
    env: pluginEnv(request),
    clearEnv: request.env !== undefined,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = request.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // already exited
    }
  }, request.timeoutMs);
  try {
    const feeding = feedStdin(child.stdin, request.stdin);
    const output = await child.output();
    await feeding;
    if (timedOut) {
      throw new CniError(ERR_INTERNAL, `Cannot run plugin "${pluginPath}": timed out after ${request.timeoutMs} ms`);
    }
    const outcome: PluginOutcome = { stdout: output.stdout, stderr: output.stderr, exitCode: output.code };
    if (output.signal !== null) outcome.signal = output.signal;
    return outcome;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** Writes all of `bytes` and closes the pipe; a plugin that exits without reading its stdin is not an error. */
async function feedStdin(stdin: WritableStream<Uint8Array>, bytes: Uint8Array): Promise<void> {
  const writer = stdin.getWriter();
  try {
    await writer.write(bytes);
    await writer.close();
  } catch {
    // EPIPE: the plugin closed its stdin early
  }
}

function pluginError(outcome: PluginOutcome): CniError {
  const status = outcome.signal !== undefined
    ? `signal: ${signalName(outcome.signal)}`
    : `exit status ${outcome.exitCode}`;
  const stdoutText = new TextDecoder().decode(outcome.stdout);
  if (outcome.stdout.length === 0) {
    const stderrText = new TextDecoder().decode(outcome.stderr);
    const msg = outcome.stderr.length === 0
      ? `netplugin failed with no error message: ${status}`
      : `netplugin failed: ${goQuote(stderrText)}: ${status}`;
    return new CniError(ERR_INTERNAL, msg);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(stdoutText);
  } catch (err) {
    return parseFailure(stdoutText, (err as Error).message);
  }
  if (raw === null) return new CniError(0, "");
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return parseFailure(stdoutText, `json: cannot unmarshal ${jsonKind(raw)} into Go value of type types.Error`);
  }
  const code = fieldOf(raw, "code") ?? 0;
  const msg = fieldOf(raw, "msg") ?? "";
  const details = fieldOf(raw, "details") ?? "";
  if (code !== null && (typeof code !== "number" || !Number.isInteger(code) || code < 0)) {
    return parseFailure(stdoutText, `json: cannot unmarshal ${jsonKind(code)} into Go struct field Error.code`);
  }
  if ((msg !== null && typeof msg !== "string") || (details !== null && typeof details !== "string")) {
    return parseFailure(stdoutText, "json: cannot unmarshal non-string into Go struct field of type string");
  }
  return new CniError(code ?? 0, msg ?? "", details ? { details } : {});
}

function parseFailure(stdoutText: string, reason: string): CniError {
  return new CniError(
    ERR_INTERNAL,
    `netplugin failed but error parsing its diagnostic message ${goQuote(stdoutText)}: ${reason}`,
  );
}

/** Reads a JSON object field the way Go does: exact key first, else a case-insensitive match. */
function fieldOf(raw: unknown, key: string): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const record = raw as Record<string, unknown>;
  if (Object.hasOwn(record, key)) return record[key];
  const lower = key.toLowerCase();
  const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : record[found];
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

function signalName(signal: string): string {
  const names: Record<string, string> = { SIGKILL: "killed", SIGTERM: "terminated", SIGSEGV: "segmentation fault" };
  return names[signal] ?? signal;
}

/** Quotes text like Go's `%q` (strconv.Quote): `\a\b\f\n\r\t\v`, `\xNN` for other control bytes, `\"` and `\\`. */
function goQuote(text: string): string {
  const escapes: Record<string, string> = {
    "\x07": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    '"': '\\"',
    "\\": "\\\\",
  };
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (escapes[ch] !== undefined) out += escapes[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp === 0xfffd) out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}

function writeStderr(bytes: Uint8Array): void {
  try {
    for (let done = 0; done < bytes.length;) done += Deno.stderr.writeSync(bytes.subarray(done));
  } catch {
    // stderr is informational only
  }
}
