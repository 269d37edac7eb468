/**
 * Builds the one binary: bundles `main.ts` into `dist/cni.js` (one tree-shaken file; plugins stay lazily
 * initialised inside it), then `deno compile`s the bundle into `dist/cni` with a symlink per plugin name.
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
const BUNDLE = join(DIST, "cni.js");
const BINARY = join(DIST, "cni");

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

async function bundle(): Promise<void> {
  await Deno.mkdir(DIST, { recursive: true });
  const { ok, out } = await run(Deno.execPath(), [
    "bundle",
    "--config",
    join(ROOT, "deno.json"),
    "--platform",
    "deno",
    "-o",
    BUNDLE,
    join(ROOT, "main.ts"),
  ]);
  if (!ok) throw new Error(`Cannot bundle main.ts: ${out.trim()}`);
  console.log(`bundle: ${BUNDLE} (${(await Deno.stat(BUNDLE)).size} bytes); run it with: deno run -A ${BUNDLE} --help`);
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

async function compile(): Promise<boolean> {
  const denort = Deno.env.get("DENORT_BIN");
  if (denort && !(await exists(denort))) {
    console.error(`DENORT_BIN is set to "${denort}", which does not exist`);
    return false;
  }
  const args = ["compile", "-A", "--no-check", "-o", BINARY, BUNDLE];
  const { ok, out } = await run(Deno.execPath(), args);
  if (ok) {
    console.log(`binary: ${BINARY}`);
    return true;
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
      `Meanwhile the bundle works as the same multi-call program: deno run -A ${BUNDLE} <plugin>`,
      `deno said: ${out.trim().split("\n").slice(0, 3).join(" | ")}`,
    ].filter(Boolean).join("\n"),
  );
  return false;
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
  await bundle();
  if (values["bundle-only"]) Deno.exit(0);
  if (!(await compile())) Deno.exit(1);
  await symlinkAll(DIST, "cni");
  console.log(`symlinks: ${linkNames().join(", ")} -> cni in ${DIST}`);
  if (installDir) await install(resolve(installDir));
}
