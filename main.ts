/**
 * The one binary: works out which plugin it is from `basename(argv[0])` (busybox-style; `/opt/cni/bin/bridge` is
 * the bridge plugin) or, when called as `cni`, from its first argument (`cni bridge`, `cni tool add …`).
 * @module
 */
import type { Plugin } from "./cni/plugin.ts";
import { findPlugin, type PluginEntry, type PluginKind, registry } from "./plugins/registry.ts";

const KIND_TITLES: Record<PluginKind, string> = {
  main: "Interface plugins",
  ipam: "IPAM plugins",
  meta: "Chained (meta) plugins",
};

/** Usage text for `cni --help`: every plugin with its description, and the tools. */
export function usage(): string {
  const lines = [
    "Usage: cni <plugin> (CNI_* variables in the environment, config on stdin)",
    "       cni tool <command> …   (also as a symlink named cnitool)",
    "       or symlink this binary under a plugin's name, e.g. /opt/cni/bin/bridge",
    "",
  ];
  for (const kind of Object.keys(KIND_TITLES) as PluginKind[]) {
    const names = Object.keys(registry).filter((name) => registry[name]!.kind === kind).sort();
    if (names.length === 0) continue;
    lines.push(`${KIND_TITLES[kind]}:`);
    for (const name of names) lines.push(`  ${name.padEnd(12)} ${registry[name]!.description}`);
    lines.push("");
  }
  lines.push("Tools:", "  tool         cnitool: add|check|del|gc|status|version|validate|schema, interface, route");
  return lines.join("\n");
}

/** True when argv[0] names the multiplexer itself rather than a plugin (`cni`, `cni-plugins`, or `deno run`). */
function isMultiplexerName(name: string): boolean {
  return name === "deno" || name.startsWith("cni") && name !== "cnitool";
}

async function runPlugin(name: string, args: string[]): Promise<number> {
  const entry = findPlugin(name);
  if (!entry) {
    console.error(`Cannot run plugin "${name}": no such plugin (see cni --help)`);
    return 1;
  }
  if (args.length === 0 && Deno.env.get("CNI_COMMAND") === "VERSION") return await answerVersion(entry);
  const own = await ownPluginFile(name);
  const plugin = own?.plugin ?? await entry.load();
  if (plugin.main && args.length > 0) return await plugin.main(args);
  const { pluginMain } = own ?? await import("./cni/skel.ts");
  return await pluginMain(plugin);
}

/** What a per-plugin file of the bundle exports. */
interface PluginFile {
  plugin: Plugin<unknown>;
  pluginMain: (plugin: Plugin<unknown>) => Promise<number>;
}

/**
 * The plugin's own file beside the bundled entry (`plugins/<name>.js`, made by build.ts): one self-contained module
 * holding only what the plugin uses, cheaper to start than the shared chunks. Undefined when running from source, or
 * wherever the file cannot be seen; the call then runs from the chunks, which always work.
 */
async function ownPluginFile(name: string): Promise<PluginFile | undefined> {
  const url = new URL(`./plugins/${name}.js`, import.meta.url);
  try {
    Deno.statSync(url);
  } catch {
    return undefined;
  }
  return await import(String(url)) as PluginFile;
}

/** As the skel: at most its MAX_STDIN_BYTES (16 MiB) plus one byte of stdin is read. */
const VERSION_STDIN_LIMIT = 16 * 1024 * 1024 + 1;

async function readAtMost(limit: number): Promise<Uint8Array> {
  const out = new Uint8Array(limit);
  let total = 0;
  while (total < limit) {
    const n = await Deno.stdin.read(out.subarray(total));
    if (n === null) break;
    total += n;
  }
  return out.subarray(0, total);
}

/**
 * VERSION from the registry's version list, before the plugin (and with it zod, schemas and FFI) is imported: the
 * skel's reply (`versionReplyText`), at a third of the start-up cost (bench/README.md).
 */
async function answerVersion(entry: PluginEntry): Promise<number> {
  const { SPEC_VERSIONS, versionReplyText } = await import("./cni/version.ts");
  const stdin = Deno.stdin.isTerminal() ? new Uint8Array() : await readAtMost(VERSION_STDIN_LIMIT);
  const text = new TextEncoder().encode(versionReplyText(stdin, entry.supportedVersions ?? SPEC_VERSIONS));
  for (let written = 0; written < text.length;) written += await Deno.stdout.write(text.subarray(written));
  return 0;
}

async function runTool(args: string[]): Promise<number> {
  const { cnitoolMain } = await import("./runtime/cnitool/main.ts");
  return await cnitoolMain(args);
}

/** Dispatches on argv[0] and the arguments; returns the exit code. */
export async function main(argv0: string, args: string[]): Promise<number> {
  const name = argv0.slice(argv0.lastIndexOf("/") + 1);
  if (name === "cnitool") return await runTool(args);
  if (!isMultiplexerName(name)) return await runPlugin(name, args);
  const [first, ...rest] = args;
  if (first === undefined) {
    console.error(usage());
    return 1;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    console.log(usage());
    return 0;
  }
  if (first === "tool" || first === "cnitool") return await runTool(rest);
  return await runPlugin(first, rest);
}

/**
 * argv[0] exactly as exec'd, read from `/proc/self/cmdline`. Not `node:process` or `node:path`: every CNI call is a
 * fresh process, and importing those two costs ~14 ms and ~5 ms of start-up (bench/README.md).
 */
function processArgv0(): string {
  const cmdline = Deno.readFileSync("/proc/self/cmdline");
  const end = cmdline.indexOf(0);
  return new TextDecoder().decode(cmdline.subarray(0, end < 0 ? cmdline.length : end));
}

if (import.meta.main) {
  Deno.exit(await main(processArgv0(), Deno.args));
}
