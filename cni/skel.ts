/**
 * The plugin-side dispatcher (Go's `pkg/skel`): turns CNI_* variables and stdin into one verb call on a
 * {@linkcode Plugin}, and a result or error into stdout. {@linkcode invokePlugin} is pure (environment and stdin are
 * injected, everything observable comes back in the outcome); {@linkcode pluginMain} wires it to the process.
 *
 * Deliberate differences from Go's skel, each allowed by the spec:
 * - CNI_PATH is optional (the spec makes it so); Go requires it for ADD/CHECK/DEL.
 * - The error JSON carries `cniVersion` (the spec's shape); Go's omits it.
 * - VERSION echoes the request's `cniVersion` when it is a spec version; Go always answers with its own.
 * - A CNI_CONTAINERID that is set but empty is reported as code 3 `missing containerID`; unset is code 4 with the
 *   other missing variables (Go cannot tell the two apart).
 * - CNI_ARGS is parsed for every plugin (code 4 on a malformed pair); Go only fails in plugins that load it.
 * - Stdin larger than 16 MiB is refused with code 5 (I/O): we stop reading rather than buffer without bound.
 * - CNI_NETNS is not compared with the plugin's own netns (Go's code 8 check needs a namespace handle; plugins
 *   that care can do it themselves).
 * @module
 */
import * as z from "zod/mini";
import { parseArgs } from "./args.ts";
import { formatJson, formatResult, parseResult } from "./convert.ts";
import {
  asCniError,
  CniError,
  ERR_DECODE,
  ERR_INCOMPATIBLE_VERSION,
  ERR_INVALID_ENV,
  ERR_INVALID_NETCONF,
  ERR_IO,
} from "./errors.ts";
import { foldKeys, foldKeysDeep } from "./fold_keys.ts";
import { netconfShape } from "./netconf.ts";
import type { Attachment, Plugin, PluginContext } from "./plugin.ts";
import type { Result } from "./result.ts";
import { validateContainerId, validateInterfaceName, validateNetworkName } from "./validate.ts";
import { CURRENT_VERSION, DEFAULT_CONFIG_VERSION, SPEC_VERSIONS, versionAtLeast, versionReplyText } from "./version.ts";
import { zodToCniError } from "./zod_to_cni_error.ts";

/** What one plugin run printed and how it exits. */
export interface SkelOutcome {
  /** The protocol output: result, VERSION reply or error JSON. */
  stdout: string;
  /** Human-readable output (the about text when CNI_COMMAND is unset). */
  stderr: string;
  /** 0 on success, 1 on error. */
  exitCode: number;
}

/** Environment and stdin of one run. */
export interface SkelIo {
  /** The process environment (CNI_* and anything else, passed to the plugin for delegation). */
  env: Record<string, string>;
  /** All of stdin. */
  stdin: Uint8Array;
  /** Build version shown in the about text; default `version unknown` (as Debian's builds print). */
  version?: string;
}

/** Stdin beyond this size is refused with code 5. */
export const MAX_STDIN_BYTES = 16 * 1024 * 1024;

type Verb = PluginContext<unknown>["command"];
const VERBS: readonly string[] = ["ADD", "DEL", "CHECK", "GC", "STATUS", "VERSION"];

/** Go's table: each CNI_* variable, the verbs that require it, and its validator. */
const ENV_TABLE: ReadonlyArray<{ name: string; requiredFor: readonly Verb[]; validate?: (value: string) => void }> = [
  { name: "CNI_CONTAINERID", requiredFor: ["ADD", "CHECK", "DEL"], validate: validateContainerId },
  { name: "CNI_NETNS", requiredFor: ["ADD", "CHECK"] },
  { name: "CNI_IFNAME", requiredFor: ["ADD", "CHECK", "DEL"], validate: validateInterfaceName },
  { name: "CNI_ARGS", requiredFor: [] },
  { name: "CNI_PATH", requiredFor: [] },
];

/** The minimum config version of each verb (below it the skel answers code 1). */
const MIN_VERSION: Readonly<Record<string, string>> = { CHECK: "0.4.0", GC: "1.1.0", STATUS: "1.1.0" };

const attachmentsSchema = z.array(z.object({ containerID: z.string(), ifname: z.string() }));

/**
 * Runs `plugin` for one request. Never throws: every failure becomes the error JSON on stdout and exit code 1
 * (a CniError keeps its code, anything else is code 999 with its message).
 */
export async function invokePlugin(plugin: Plugin<unknown>, io: SkelIo): Promise<SkelOutcome> {
  const command = io.env.CNI_COMMAND ?? "";
  if (command === "") return { stdout: "", stderr: aboutText(plugin, io.version), exitCode: 0 };
  let errorVersion = CURRENT_VERSION;
  try {
    if (!VERBS.includes(command)) throw new CniError(ERR_INVALID_ENV, `unknown CNI_COMMAND: ${command}`);
    if (command === "VERSION") return versionOutcome(plugin, io.stdin);
    const verb = command as Verb;
    checkEnv(verb, io.env);
    if (io.stdin.length > MAX_STDIN_BYTES) {
      throw new CniError(ERR_IO, `Cannot read stdin: more than ${MAX_STDIN_BYTES} bytes`);
    }
    const raw = foldConfig(plugin, decodeConfig(io.stdin));
    const cniVersion = configVersion(raw);
    errorVersion = cniVersion;
    validateNetworkName(typeof raw.name === "string" ? raw.name : "");
    if (verb === "ADD" || verb === "CHECK" || verb === "DEL") {
      for (const entry of ENV_TABLE) entry.validate?.(io.env[entry.name] ?? "");
    }
    checkVersion(plugin, verb, cniVersion);
    const ctx = buildContext(plugin, { verb, raw, cniVersion, io });
    return { stdout: await callVerb(plugin, ctx), stderr: "", exitCode: 0 };
  } catch (err) {
    return errorOutcome(err, errorVersion);
  }
}

/** The one place the error JSON is written: the spec's fields, 4-space indentation as Go prints it, exit code 1. */
function errorOutcome(err: unknown, cniVersion: string = CURRENT_VERSION): SkelOutcome {
  return { stdout: formatJson(asCniError(err).toJSON(cniVersion)), stderr: "", exitCode: 1 };
}

/**
 * The process entry point: reads `Deno.env` and all of stdin (at most 16 MiB + 1 byte), runs {@linkcode invokePlugin},
 * writes its stdout and stderr, and returns the exit code for `main.ts` to exit with.
 */
export async function pluginMain(plugin: Plugin<unknown>, options: { version?: string } = {}): Promise<number> {
  const env = Deno.env.toObject();
  const command = env.CNI_COMMAND ?? "";
  const skipStdin = command === "" || (command === "VERSION" && Deno.stdin.isTerminal());
  let outcome: SkelOutcome;
  try {
    const stdin = skipStdin ? new Uint8Array() : await readStdin(MAX_STDIN_BYTES + 1);
    outcome = await invokePlugin(plugin, {
      env,
      stdin,
      ...(options.version !== undefined && { version: options.version }),
    });
  } catch (err) {
    outcome = errorOutcome(new CniError(ERR_IO, `Cannot read stdin: ${(err as Error).message}`, { cause: err }));
  }
  await writeAll(Deno.stdout, outcome.stdout);
  await writeAll(Deno.stderr, outcome.stderr);
  return outcome.exitCode;
}

function aboutText(plugin: Plugin<unknown>, version = "version unknown"): string {
  const versions = plugin.supportedVersions ?? SPEC_VERSIONS;
  return `CNI ${plugin.type} plugin ${version}\nCNI protocol versions supported: ${versions.join(", ")}\n`;
}

function versionOutcome(plugin: Plugin<unknown>, stdin: Uint8Array): SkelOutcome {
  return { stdout: versionReplyText(stdin, plugin.supportedVersions ?? SPEC_VERSIONS), stderr: "", exitCode: 0 };
}

function checkEnv(verb: Verb, env: Record<string, string>): void {
  const missing = ENV_TABLE.filter((e) => e.requiredFor.includes(verb) && !env[e.name])
    .filter((e) => !(e.name === "CNI_CONTAINERID" && env[e.name] === ""))
    .map((e) => e.name);
  if (missing.length > 0) {
    throw new CniError(ERR_INVALID_ENV, `required env variables [${missing.join(",")}] missing`);
  }
}

function decodeConfig(stdin: Uint8Array): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(stdin));
  } catch (err) {
    throw new CniError(ERR_DECODE, `Cannot decode network config: ${(err as Error).message}`, { cause: err });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new CniError(ERR_DECODE, "Cannot decode network config: expected a JSON object");
  }
  return json as Record<string, unknown>;
}

/** Go matches keys case-insensitively: fold to the plugin's schema, then to the base fields (for `Name` etc.). */
function foldConfig(plugin: Plugin<unknown>, raw: Record<string, unknown>): Record<string, unknown> {
  return foldKeys(foldKeysDeep(raw, plugin.config), Object.keys(netconfShape)) as Record<string, unknown>;
}

function configVersion(raw: Record<string, unknown>): string {
  const value = raw.cniVersion ?? "";
  if (typeof value !== "string") {
    throw new CniError(ERR_DECODE, "Cannot decode network config: cniVersion must be a string");
  }
  return value === "" ? DEFAULT_CONFIG_VERSION : value;
}

function checkVersion(plugin: Plugin<unknown>, verb: Verb, cniVersion: string): void {
  const supported = plugin.supportedVersions ?? SPEC_VERSIONS;
  if (!supported.includes(cniVersion)) {
    const list = supported.map((v) => JSON.stringify(v)).join(" ");
    throw new CniError(ERR_INCOMPATIBLE_VERSION, "incompatible CNI versions", {
      details: `config is ${JSON.stringify(cniVersion)}, plugin supports [${list}]`,
    });
  }
  const min = MIN_VERSION[verb];
  if (min !== undefined && !versionAtLeast(cniVersion, min)) {
    throw new CniError(ERR_INCOMPATIBLE_VERSION, `config version does not allow ${verb}`, {
      details: `${verb} needs cniVersion ${min} or later, config is ${JSON.stringify(cniVersion)}`,
    });
  }
}

function buildContext(
  plugin: Plugin<unknown>,
  request: { verb: Verb; raw: Record<string, unknown>; cniVersion: string; io: SkelIo },
): PluginContext<unknown> {
  const { verb, cniVersion, io } = request;
  const raw = request.raw;
  const parsed = plugin.config.safeParse(raw);
  if (!parsed.success) throw zodToCniError(parsed.error, "network config");
  const perContainer = verb === "ADD" || verb === "CHECK" || verb === "DEL";
  return {
    command: verb,
    config: parsed.data,
    cniVersion,
    network: String(raw.name),
    containerId: perContainer ? io.env.CNI_CONTAINERID ?? "" : "",
    netns: perContainer ? io.env.CNI_NETNS ?? "" : "",
    ifname: perContainer ? io.env.CNI_IFNAME ?? "" : "",
    args: parseArgs(io.env.CNI_ARGS ?? ""),
    path: (io.env.CNI_PATH ?? "").split(":").filter((dir) => dir !== ""),
    prevResult: prevResultOf(raw, cniVersion),
    validAttachments: verb === "GC" ? validAttachmentsOf(raw) : [],
    stdin: io.stdin,
    env: io.env,
  };
}

function prevResultOf(raw: Record<string, unknown>, cniVersion: string): Result | undefined {
  if (raw.prevResult === undefined || raw.prevResult === null) return undefined;
  return parseResult(raw.prevResult, cniVersion, { what: "prevResult", code: ERR_INVALID_NETCONF });
}

function validAttachmentsOf(raw: Record<string, unknown>): Attachment[] {
  const key = raw["cni.dev/valid-attachments"] !== undefined ? "cni.dev/valid-attachments" : "cni.dev/attachments";
  const value = raw[key] ?? [];
  const parsed = attachmentsSchema.safeParse(value);
  if (!parsed.success) throw zodToCniError(parsed.error, key);
  return parsed.data;
}

async function callVerb(plugin: Plugin<unknown>, ctx: PluginContext<unknown>): Promise<string> {
  switch (ctx.command) {
    case "ADD":
      return formatResult(await plugin.add(ctx), ctx.cniVersion);
    case "DEL":
      await plugin.del(ctx);
      return "";
    case "CHECK":
      await plugin.check?.(ctx);
      return "";
    case "GC":
      await plugin.gc?.(ctx);
      return "";
    case "STATUS":
      await plugin.status?.(ctx);
      return "";
  }
}

async function readStdin(limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buffer = new Uint8Array(64 * 1024);
  while (total < limit) {
    const n = await Deno.stdin.read(buffer);
    if (n === null) break;
    chunks.push(buffer.slice(0, n));
    total += n;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

async function writeAll(target: { write(p: Uint8Array): Promise<number> }, text: string): Promise<void> {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(await target.write(bytes));
}
