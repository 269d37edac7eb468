/**
 * Builds the one binary: bundles `main.ts` with code splitting into `dist/bundle/` (an entry `main.js` plus one
 * chunk per plugin and per shared group of modules, so a run parses and initialises only what its plugin imports),
 * then `deno compile`s that entry into `dist/cni` with a symlink per plugin name.
 *
 * Code splitting matters because every CNI call is a fresh process: a single-file bundle hoists every `node:`
 * import and module body to the top, so VERSION paid for node:crypto, zod and FFI it never used (see bench/README.md).
 *
 * Usage: `deno task build [--install DIR] [--bundle-only]`. `--install` (default DIR `/opt/cni/bin`) copies the
 * binary there and lays the symlinks beside it. `deno compile` needs the `denort` runtime: set `DENORT_BIN` to a
 * local denort for air-gapped builds, or let Deno download it once into its cache.
 * @module
 */
import { parseArgs } from "node:util";
import { dirname, join, resolve } from "node:path";
import { registry, TOOL_NAMES } from "./plugins/registry.ts";

const ROOT = dirname(new URL(import.meta.url).pathname);
const DIST = join(ROOT, "dist");
const BUNDLE_DIR = join(DIST, "bundle");
const BINARY = join(DIST, "cni");

/**
 * V8 flags for a process that lives for one CNI call (tens of milliseconds), baked into the binary by `deno compile`
 * and passed by every launcher of the bundle. `--no-lazy` compiles each function when its module loads, so Deno's
 * code cache (made right after compile) holds all of them and later calls skip V8's lazy compiles; `--jitless` skips
 * tiering up code that runs once; a 16 MiB young generation means no scavenge before exit. Measured in
 * bench/README.md: bridge + host-local ADD+DEL 125 -> 101 ms, peak RSS 47.7 -> 45.3 MiB. One set everywhere: V8
 * rejects a code cache made under other flags. The one long-lived personality, the dhcp daemon, computes little (a
 * packet per lease renewal), so running it without the optimising tiers costs nothing noticeable.
 */
export const V8_FLAGS = "--no-lazy,--jitless,--min-semi-space-size=16";

/** The names a symlink is made for: every plugin plus the tools. */
export function linkNames(): string[] {
  return [...Object.keys(registry), ...TOOL_NAMES].sort();
}

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ ok: boolean; out: string }> {
  const output = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
  const out = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  return { ok: output.success, out };
}

/**
 * Bundles the working tree into `outDir` (emptied first) and returns the entry file's path: `main.ts` with code
 * splitting (the dispatcher, cnitool and the chunks its in-process runs load), plus `plugins/<name>.js`, one
 * self-contained file per plugin that a plugin call loads instead of shared chunks (main.ts picks it up). The test
 * launcher and the benchmarks call this too, so all of them run the artifact shape we ship.
 */
export async function bundleTo(outDir: string): Promise<string> {
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(outDir, { recursive: true });
  await Promise.all([bundleMain(outDir), bundlePlugins(join(outDir, PLUGIN_FILES_DIR))]);
  return join(outDir, "main.js");
}

/** Where {@linkcode bundleTo} puts the per-plugin files, relative to the entry; main.ts looks there. */
export const PLUGIN_FILES_DIR = "plugins";

async function bundleMain(outDir: string): Promise<void> {
  const { ok, out } = await run(Deno.execPath(), [
    ...BUNDLE_ARGS,
    "--code-splitting",
    "--outdir",
    outDir,
    join(ROOT, "main.ts"),
  ]);
  if (!ok) throw new Error(`Cannot bundle main.ts: ${out.trim()}`);
  for await (const file of Deno.readDir(outDir)) {
    if (!file.name.endsWith(".js")) continue;
    const path = join(outDir, file.name);
    await Deno.writeTextFile(path, deferDynamicImports(await Deno.readTextFile(path)));
  }
}

const BUNDLE_ARGS = ["bundle", "--quiet", "--config", join(ROOT, "deno.json"), "--platform", "deno"];

/**
 * One file per plugin, each holding only what that plugin imports (zod, netlink and cni tree-shaken to its use), so
 * a call reads one file and deserializes one code cache: loopback ADD+DEL 51.4 -> 46.9 ms (bench/README.md). Each
 * exports `plugin` and the skel's `pluginMain`. A plugin that can run any other in process (flannel's delegate goes
 * through the registry) would carry every plugin in its file, 3x slower to load than its chunks, so it gets none and
 * main.ts loads its chunks.
 */
async function bundlePlugins(dir: string): Promise<void> {
  const entries = await Deno.makeTempDir({ prefix: "cnit-entries-" });
  try {
    const sources = pluginSources();
    const files: string[] = [];
    for (const [name, source] of sources) {
      const file = join(entries, `${name}.ts`);
      const text = [
        `export { ${source.exportName} as plugin } from ${JSON.stringify(join(ROOT, "plugins", source.path))};`,
        `export { pluginMain } from ${JSON.stringify(join(ROOT, "cni", "skel.ts"))};`,
        "",
      ].join("\n");
      await Deno.writeTextFile(file, text);
      files.push(file);
    }
    const { ok, out } = await run(Deno.execPath(), [...BUNDLE_ARGS, "--outdir", dir, ...files]);
    if (!ok) throw new Error(`Cannot bundle the plugin files: ${out.trim()}`);
    for (const name of sources.keys()) {
      const file = join(dir, `${name}.js`);
      // The bundler marks each source module with a `// <path>` line (relative to where it ran).
      if (/^\/\/ (?:.*\/)?plugins\/registry\.ts$/m.test(await Deno.readTextFile(file))) await Deno.remove(file);
    }
  } finally {
    await Deno.remove(entries, { recursive: true });
  }
}

/** A plugin's module (relative to plugins/) and the name it exports the plugin object under. */
export interface PluginSource {
  /** e.g. `./bridge/mod.ts` or `../ipam/host_local/mod.ts`. */
  path: string;
  /** e.g. `bridge`, `hostLocal`. */
  exportName: string;
}

/**
 * Each registry entry's module and export, read from the `load` lines of plugins/registry.ts (the registry keeps
 * literal imports so the code-split bundle can follow them); build_test.ts checks it finds every plugin and that
 * the export is the object `load()` returns.
 */
export function pluginSources(): Map<string, PluginSource> {
  const text = Deno.readTextFileSync(join(ROOT, "plugins", "registry.ts"));
  const sources = new Map<string, PluginSource>();
  const entry = /^ {2}"?([\w-]+)"?: \{[^}]*?load: async \(\) => \(await import\("([^"]+)"\)\)\.(\w+),/gm;
  for (const match of text.matchAll(entry)) sources.set(match[1]!, { path: match[2]!, exportName: match[3]! });
  return sources;
}

/**
 * Rewrites the bundle's `import("./chunk.js")` as `import(String("./chunk.js"))`. Deno builds the module graph
 * before running anything and follows every dynamic import written as a string literal, so a literal makes each
 * start-up read and analyse every chunk (all 39, 660 KB) although a plugin call needs a tenth of them; an expression
 * is resolved only when it runs. `deno compile` then needs the chunks named with `--include`.
 */
export function deferDynamicImports(source: string): string {
  return source.replace(/\bimport\("(\.\/[\w.-]+\.js)"\)/g, 'import(String("$1"))');
}

async function bundle(): Promise<string> {
  const entry = await bundleTo(BUNDLE_DIR);
  const files = await chunkFiles(BUNDLE_DIR);
  let bytes = 0;
  for (const file of [entry, ...files]) bytes += (await Deno.stat(file)).size;
  const plugins = files.filter((file) => file.includes(`/${PLUGIN_FILES_DIR}/`)).length;
  console.log(
    `bundle: ${entry} (+${files.length - plugins} chunks and ${plugins} plugin files, ${bytes} bytes); ` +
      `run it with: deno run -A --v8-flags=${V8_FLAGS} ${entry} --help`,
  );
  return entry;
}

/** Where Deno looks for a cached denort of its own version. */
function cachedDenortPath(): string {
  const denoDir = Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");
  return join(denoDir, "dl", "release", `v${Deno.version.deno}`, `denort-${Deno.build.target}.zip`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function compile(entry: string): Promise<boolean> {
  const denort = Deno.env.get("DENORT_BIN");
  if (denort && !(await exists(denort))) {
    console.error(`DENORT_BIN is set to "${denort}", which does not exist`);
    return false;
  }
  const args = [
    "compile",
    "-A",
    "--no-check",
    "--no-config",
    `--v8-flags=${V8_FLAGS}`,
    // Each chunk as a module of its own: the entry reaches them only through import(String(…)), which the compiler
    // cannot follow (deferDynamicImports).
    ...(await chunkFiles(dirname(entry))).flatMap((file) => ["--include", file]),
    "-o",
    BINARY,
    entry,
  ];
  const { ok, out } = await run(Deno.execPath(), args);
  if (ok) {
    const problem = await compiledBinaryProblem(BINARY);
    if (problem === undefined) {
      console.log(`binary: ${BINARY}`);
      return true;
    }
    await Deno.remove(BINARY).catch(() => {});
    console.error(`Cannot use ${BINARY}: ${problem}${denort ? ` (DENORT_BIN="${denort}")` : ""}; it was removed.`);
    return false;
  }
  console.error(
    [
      `Cannot compile ${BINARY}: deno compile needs the denort runtime for Deno ${Deno.version.deno} (${Deno.build.target}).`,
      denort
        ? `DENORT_BIN="${denort}" was used.`
        : `None was found: DENORT_BIN is unset and ${cachedDenortPath()} is absent,`,
      denort ? "" : "and downloading it failed (this machine may have no route to Deno's release host).",
      "Provide one: download denort-" + Deno.build.target + ".zip for this exact Deno version on a connected machine,",
      "unzip it, and run: DENORT_BIN=/path/to/denort deno task build",
      `Meanwhile the bundle works as the same multi-call program: deno run -A --v8-flags=${V8_FLAGS} ${entry} <plugin>`,
      `deno said: ${out.trim().split("\n").slice(0, 3).join(" | ")}`,
    ].filter(Boolean).join("\n"),
  );
  return false;
}

/** The bundle's files besides the entry: its chunks and its per-plugin files, sorted. */
export async function chunkFiles(bundleDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const dir of [bundleDir, join(bundleDir, PLUGIN_FILES_DIR)]) {
    if (!(await exists(dir))) continue;
    for await (const file of Deno.readDir(dir)) {
      if (file.isFile && file.name.endsWith(".js") && !(dir === bundleDir && file.name === "main.js")) {
        files.push(join(dir, file.name));
      }
    }
  }
  return files.sort();
}

/**
 * Runs a freshly compiled binary as `cni --help` and returns what is wrong with it, or undefined when it answers with
 * our usage. A `DENORT_BIN` that is not a denort (the `deno` CLI itself, say) compiles without complaint into a
 * binary that ignores its embedded program; left in `dist/`, the tests and benchmarks would run it as ours.
 */
export async function compiledBinaryProblem(binary: string): Promise<string | undefined> {
  const link = join(await Deno.makeTempDir({ prefix: "cnit-build-" }), "cni");
  try {
    await Deno.symlink(binary, link);
    const { ok, out } = await run(link, ["--help"]);
    if (ok && out.includes("Usage: cni <plugin>")) return undefined;
    return `"cni --help" did not print our usage (it printed: ${JSON.stringify(out.trim().split("\n")[0] ?? "")})`;
  } catch (err) {
    return `it cannot run: ${(err as Error).message}`;
  } finally {
    await Deno.remove(dirname(link), { recursive: true }).catch(() => {});
  }
}

async function symlinkAll(dir: string, target: string): Promise<void> {
  for (const name of linkNames()) {
    const link = join(dir, name);
    await Deno.remove(link).catch(() => {});
    await Deno.symlink(target, link);
  }
}

async function install(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const dest = join(dir, "cni");
  const temp = `${dest}.tmp-${Deno.pid}`;
  await Deno.copyFile(BINARY, temp);
  await Deno.chmod(temp, 0o755);
  await Deno.rename(temp, dest);
  await symlinkAll(dir, "cni");
  console.log(`installed: ${dest} and ${linkNames().length} symlinks in ${dir}`);
}

/** Splits `--install [DIR]` (DIR optional, default `/opt/cni/bin`) from the other arguments. */
function takeInstallDir(args: string[]): { installDir: string | undefined; rest: string[] } {
  const at = args.indexOf("--install");
  if (at < 0) return { installDir: undefined, rest: args };
  const next = args[at + 1];
  const hasDir = next !== undefined && !next.startsWith("--");
  const rest = [...args.slice(0, at), ...args.slice(at + (hasDir ? 2 : 1))];
  return { installDir: hasDir ? next : "/opt/cni/bin", rest };
}

if (import.meta.main) {
  const { installDir, rest } = takeInstallDir(Deno.args);
  const { values } = parseArgs({ args: rest, options: { "bundle-only": { type: "boolean", default: false } } });
  const entry = await bundle();
  if (values["bundle-only"]) Deno.exit(0);
  if (!(await compile(entry))) Deno.exit(1);
  await symlinkAll(DIST, "cni");
  console.log(`symlinks: ${linkNames().join(", ")} -> cni in ${DIST}`);
  if (installDir) await install(resolve(installDir));
}
