import assert from "node:assert/strict";
import { join, relative } from "node:path";

const ROOT = import.meta.dirname ?? ".";

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(".") || entry.name === "dist" || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

// `import { z } from "zod"` imports zod's `z` namespace object as a value, which keeps every zod locale in the
// bundle (the shared zod chunk grows from ~220 KB to ~780 KB and each plugin call pays ~10 ms more start-up).
Deno.test("no module imports zod's z namespace as a value (import * as z, or import type { z }, keep it small)", async () => {
  const offenders: string[] = [];
  for await (const path of sourceFiles(ROOT)) {
    const text = await Deno.readTextFile(path);
    if (/^import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*["']zod(\/mini)?["']/m.test(text)) offenders.push(relative(ROOT, path));
  }
  assert.deepEqual(offenders, []);
});

// zod classic's module init and its method-laden schema objects cost every plugin call ~10 ms of start-up; zod/mini
// (same core, functional API) starts like an empty script. Product code imports zod/mini only (plus the English
// locale, installed by cni/zod_english.ts); tests may not bring classic back either, since they share the schemas.
Deno.test("every module imports zod as zod/mini (classic zod costs ~10 ms per plugin start-up)", async () => {
  const offenders: string[] = [];
  for await (const path of sourceFiles(ROOT)) {
    const text = await Deno.readTextFile(path);
    for (const match of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*["'](zod[^"']*)["']/gm)) {
      const specifier = match[1];
      if (specifier !== "zod/mini" && specifier !== "zod/v4/locales/en.js") {
        offenders.push(`${relative(ROOT, path)}: ${specifier}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

/** One fresh code-split bundle for the tests below, removed at exit. */
let sharedBundle: Promise<string> | undefined;
function bundleOnce(): Promise<string> {
  sharedBundle ??= (async () => {
    const { bundleTo } = await import("./build.ts");
    const dir = await Deno.makeTempDir({ prefix: "cnit-build-" });
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    await bundleTo(join(dir, "bundle"));
    return join(dir, "bundle");
  })();
  return sharedBundle;
}

/** The file names of the modules Deno loads before running `file`: its static graph (`deno info`). */
async function staticGraph(file: string): Promise<string[]> {
  const info = await new Deno.Command(Deno.execPath(), { args: ["info", "--json", "--no-config", file] }).output();
  assert.ok(info.success, new TextDecoder().decode(info.stderr));
  const graph = JSON.parse(new TextDecoder().decode(info.stdout)) as { modules: { specifier: string }[] };
  return graph.modules.map((m) => m.specifier.slice(m.specifier.lastIndexOf("/") + 1));
}

// Deno reads and analyses every module reachable through a string-literal `import()` before the entry runs, so a
// literal in the bundle made each plugin call load all of its chunks. The entry's start-up graph must be the entry
// and its static imports only (the registry), and every chunk must still be there for the calls that need it.
Deno.test("the bundle's start-up module graph is main.js and its static imports, not every plugin's chunks", async () => {
  const bundle = await bundleOnce();
  const loaded = (await staticGraph(join(bundle, "main.js"))).sort();
  const files = [...Deno.readDirSync(bundle)].map((f) => f.name);
  assert.ok(files.length > 20, `expected a code-split bundle, got ${files.length} files`);
  assert.ok(loaded.length <= 3, `start-up graph: ${loaded.join(", ")}`);
  assert.ok(loaded.includes("main.js"));
});

// What a call loads is its chunk's static import graph; these modules are imported on use, so a static import from
// the wrong place (a barrel, a command table) would make every call of that kind load and compile them again.
Deno.test("a call's static module graph leaves out what it imports on use", async () => {
  const bundle = await bundleOnce();
  const chunks = [...Deno.readDirSync(bundle)].filter((f) => f.isFile).map((f) => f.name);
  const sourcesOf = (chunk: string) =>
    Deno.readTextFileSync(join(bundle, chunk)).split("\n").filter((l) => /^\/\/ .*\.ts$/.test(l)).map((l) =>
      l.slice(3)
    );
  const chunkOf = (source: string) => chunks.find((c) => sourcesOf(c).some((s) => s.endsWith(source)))!;
  const expectations: [string, string[]][] = [
    ["runtime/cnitool/main.ts", ["netlink/", "iface/", "plugins/bridge/"]],
    ["plugins/bridge/mod.ts", ["netfilter/", "ipam/host_local/", "ipam/static/"]],
    ["plugins/ptp/mod.ts", ["netfilter/", "ipam/host_local/"]],
    ["plugins/loopback/mod.ts", ["netfilter/", "ipam/"]],
  ];
  for (const [entry, absent] of expectations) {
    const listed = (await staticGraph(join(bundle, chunkOf(entry)))).flatMap(sourcesOf);
    const own = listed.find((s) => s.endsWith(entry));
    assert.ok(own, `${entry} not found in its own chunk graph`);
    // The bundler names sources relative to where it ran; make them relative to the repository root.
    const sources = listed.map((s) => s.slice(own.length - entry.length));
    const found = sources.filter((s) => absent.some((a) => s.startsWith(a)));
    assert.deepEqual(found, [], `${entry} loads statically: ${found.join(", ")}`);
  }
});

Deno.test("deferDynamicImports hides literal chunk imports and leaves static imports alone", async () => {
  const { deferDynamicImports } = await import("./build.ts");
  const source = 'import { a } from "./chunk-A.js";\nconst m = await import("./mod-B1_x.js");\nimport("zod");\n';
  assert.equal(
    deferDynamicImports(source),
    'import { a } from "./chunk-A.js";\nconst m = await import(String("./mod-B1_x.js"));\nimport("zod");\n',
  );
});

// A V8 flag this Deno does not know makes every launch fail ("V8 did not recognize flag"), so a Deno upgrade that
// drops one must fail here, not in a runtime's ADD.
Deno.test("V8_FLAGS are recognised by this Deno's V8 and leave a plugin's VERSION answer unchanged", async () => {
  const { V8_FLAGS } = await import("./build.ts");
  const version = (flags: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", ...flags, join(ROOT, "main.ts"), "loopback"],
      env: { CNI_COMMAND: "VERSION" },
      stdin: "null",
    }).output();
  const [plain, flagged] = await Promise.all([version([]), version([`--v8-flags=${V8_FLAGS}`])]);
  assert.equal(new TextDecoder().decode(flagged.stderr), "");
  assert.ok(flagged.success);
  assert.deepEqual(flagged.stdout, plain.stdout);
});

// A DENORT_BIN that is the deno CLI compiles "successfully" into a binary that ignores its program; the build must
// notice and remove it rather than leave it in dist/ for the tests and benchmarks to run as ours.
Deno.test("compiledBinaryProblem() accepts a binary that prints our usage and names one that does not", async () => {
  const { compiledBinaryProblem } = await import("./build.ts");
  const problem = await compiledBinaryProblem(Deno.execPath());
  assert.match(problem ?? "", /did not print our usage/);
  const dir = await Deno.makeTempDir({ prefix: "cnit-build-" });
  try {
    const fake = join(dir, "fake-cni");
    await Deno.writeTextFile(fake, '#!/bin/sh\necho "Usage: cni <plugin> (CNI_* variables in the environment)"\n', {
      mode: 0o755,
    });
    assert.equal(await compiledBinaryProblem(fake), undefined);
    assert.match(await compiledBinaryProblem(join(dir, "missing")) ?? "", /cannot run|did not print/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("chunkFiles() lists every file of a bundle but the entry, plugin files included, for --include", async () => {
  const { chunkFiles } = await import("./build.ts");
  const dir = await Deno.makeTempDir({ prefix: "cnit-build-" });
  try {
    for (const name of ["main.js", "chunk-B.js", "mod-A.js", "notes.txt"]) {
      await Deno.writeTextFile(join(dir, name), "");
    }
    await Deno.mkdir(join(dir, "sub.js"));
    assert.deepEqual(await chunkFiles(dir), [join(dir, "chunk-B.js"), join(dir, "mod-A.js")]);
    await Deno.mkdir(join(dir, "plugins"));
    await Deno.writeTextFile(join(dir, "plugins", "loopback.js"), "");
    assert.deepEqual(await chunkFiles(dir), [
      join(dir, "chunk-B.js"),
      join(dir, "mod-A.js"),
      join(dir, "plugins", "loopback.js"),
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("pluginSources() finds every registry entry, and each names the object its load() returns", async () => {
  const { pluginSources } = await import("./build.ts");
  const { registry } = await import("./plugins/registry.ts");
  const sources = pluginSources();
  assert.deepEqual([...sources.keys()].sort(), Object.keys(registry).sort());
  for (const [name, source] of sources) {
    const module = await import(new URL(source.path, new URL("./plugins/registry.ts", import.meta.url)).href);
    assert.equal(module[source.exportName], await registry[name]!.load(), name);
  }
});

// A plugin call loads plugins/<name>.js when the bundle has one (one self-contained file), else the shared chunks.
Deno.test("the bundle has a self-contained file per plugin but flannel, and a plugin call uses it when present", async () => {
  const { pluginSources, PLUGIN_FILES_DIR } = await import("./build.ts");
  const shared = await bundleOnce();
  const files = [...Deno.readDirSync(join(shared, PLUGIN_FILES_DIR))].map((f) => f.name).sort();
  const expected = [...pluginSources().keys()].filter((name) => name !== "flannel").map((n) => `${n}.js`).sort();
  assert.deepEqual(files, expected);
  assert.deepEqual(await staticGraph(join(shared, PLUGIN_FILES_DIR, "loopback.js")), ["loopback.js"]);

  const dir = await Deno.makeTempDir({ prefix: "cnit-build-" });
  try {
    const bundle = join(dir, "bundle");
    await Deno.mkdir(join(bundle, PLUGIN_FILES_DIR), { recursive: true });
    for (const file of Deno.readDirSync(shared)) {
      if (file.isFile) await Deno.copyFile(join(shared, file.name), join(bundle, file.name));
    }
    // A stand-in plugin file: its pluginMain says where the call went.
    const stub = 'export const plugin = { type: "loopback" };\n' +
      'export async function pluginMain() { await Deno.stdout.write(new TextEncoder().encode("own file")); return 0; }\n';
    await Deno.writeTextFile(join(bundle, PLUGIN_FILES_DIR, "loopback.js"), stub);
    await Deno.symlink(Deno.execPath(), join(dir, "loopback"));
    const call = async () => {
      const child = new Deno.Command(join(dir, "loopback"), {
        args: ["run", "-A", "--quiet", join(bundle, "main.js")],
        env: { CNI_COMMAND: "DEL", CNI_CONTAINERID: "cnit-own", CNI_NETNS: "", CNI_IFNAME: "lo" },
        stdin: "piped",
        stdout: "piped",
      }).spawn();
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode('{"cniVersion":"1.0.0","name":"cnit-own","type":"loopback"}'));
      await writer.close();
      return await child.output();
    };
    const own = await call();
    assert.equal(new TextDecoder().decode(own.stdout), "own file");
    // Without the file, the same call runs the plugin from the shared chunks (a DEL with no netns succeeds, silent).
    await Deno.remove(join(bundle, PLUGIN_FILES_DIR, "loopback.js"));
    const chunks = await call();
    assert.ok(chunks.success, new TextDecoder().decode(chunks.stdout));
    assert.equal(new TextDecoder().decode(chunks.stdout), "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
