/**
 * Keeps the module graph pointing one way (STYLE.md, "Module boundaries"): reads every import of the product code
 * and fails on an arrow that points the wrong way, and on process-level I/O outside the modules that own it.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { ROOT } from "./fixtures/launcher.ts";

/** For each top-level folder, the folders of ours it must never import. */
const FORBIDDEN: Record<string, string[]> = {
  fspath: ["digest", "addr", "cni", "netlink", "iface", "netfilter", "ipam", "plugins", "runtime"],
  digest: ["addr", "cni", "netlink", "iface", "netfilter", "ipam", "plugins", "runtime"],
  addr: ["cni", "netlink", "iface", "netfilter", "ipam", "plugins", "runtime"],
  netlink: ["cni", "iface", "netfilter", "ipam", "plugins", "runtime"],
  iface: ["cni", "ipam", "plugins", "runtime"],
  netfilter: ["cni", "iface", "ipam", "plugins", "runtime"],
  cni: ["netlink", "iface", "netfilter", "ipam", "runtime"],
  ipam: ["iface", "netfilter", "runtime"],
  plugins: ["runtime"],
  runtime: ["netfilter"],
};

/** Only these files may touch the process's environment, stdin or exit status. */
const PROCESS_IO_OWNERS = [/^main\.ts$/, /^cni\/skel\.ts$/, /^runtime\/cnitool\//, /^build\.ts$/, /^demo\.ts$/];

/**
 * Files that may import `node:` modules and name the timer globals: the build, demo and stress scripts, which no CNI
 * call runs. tests/ and bench/ are not product code. cnitool is held to the plugins' rule (one exec per chain op).
 */
const START_UP_EXEMPT = [/^build\.ts$/, /^demo\.ts$/, /^stress\.ts$/];

/**
 * The only product files that may name a timer global, each because it does so on a path a plugin exec does not
 * normally take (reading `setTimeout` once loads `node:timers`, ~5 ms per process; iface's `sleepSync` needs none).
 */
const TIMER_USERS: Record<string, string> = {
  "ipam/host_local/lock.ts": "the timed wait runs only when the flock is contended",
  "cni/invoke.ts": "only a 'text file busy' retry, or a timeout the runtime's caller asks for",
  "plugins/vrf/vrf_ops.ts": "only a route add retried after ENETUNREACH or EHOSTUNREACH",
  "ipam/dhcp/client.ts": "the DHCP exchange runs in the long-lived dhcp daemon, not in the plugin exec",
};

function* productFiles(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      if (["tests", "bench", "dist", "node_modules", "testdata"].includes(entry.name) || entry.name.startsWith(".")) {
        continue;
      }
      yield* productFiles(path);
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) {
      yield path;
    }
  }
}

/**
 * `source` without the comments that start a line (doc examples import `node:assert`), for the start-up rules below.
 * A comment after code stays, so it can only add a false alarm, and a `/*` inside a string cannot hide code.
 */
function withoutComments(source: string): string {
  return source.replace(/^\s*\/\*[\s\S]*?\*\//gm, "").replace(/^\s*\/\/.*$/gm, "");
}

function importsOf(source: string): string[] {
  const specs: string[] = [];
  for (const match of source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) specs.push(match[1]!);
  return specs;
}

Deno.test("architecture: imports between top-level modules point one way", () => {
  const violations: string[] = [];
  for (const file of productFiles(ROOT)) {
    const rel = relative(ROOT, file);
    const top = rel.split("/")[0]!;
    const forbidden = FORBIDDEN[top] ?? [];
    for (const spec of importsOf(Deno.readTextFileSync(file))) {
      if (!spec.startsWith(".")) continue;
      const target = relative(ROOT, normalize(join(dirname(file), spec))).split("/")[0]!;
      if (forbidden.includes(target)) violations.push(`${rel} imports ${spec} (${top} → ${target})`);
      // A plugin never imports another plugin. Steps several plugins share move down into iface/ or netfilter/;
      // the CNI-typed ones, which cannot, go to a `plugins/_<name>/` folder that is private to plugins/ (and may
      // itself import no plugin).
      const targetFolder = relative(ROOT, normalize(join(dirname(file), spec))).split("/")[1] ?? "";
      const isSideways = top === "plugins" && target === "plugins" &&
        rel.split("/")[1] !== targetFolder && !targetFolder.startsWith("_") &&
        !spec.endsWith("registry.ts") && !rel.endsWith("registry.ts");
      if (isSideways) violations.push(`${rel} imports ${spec} (one plugin importing another)`);
    }
  }
  assert.deepEqual(violations, []);
});

Deno.test("architecture: only main.ts, the skel and cnitool touch the process's env, stdin and exit", () => {
  const violations: string[] = [];
  for (const file of productFiles(ROOT)) {
    const rel = relative(ROOT, file);
    if (PROCESS_IO_OWNERS.some((owner) => owner.test(rel))) continue;
    const source = Deno.readTextFileSync(file);
    for (const api of ["Deno.env", "Deno.stdin", "Deno.exit(", "process.env", "process.exit("]) {
      if (source.includes(api)) violations.push(`${rel} uses ${api}`);
    }
  }
  assert.deepEqual(violations, []);
});

Deno.test("architecture: nothing shells out to ip, tc or sysctl", () => {
  const violations: string[] = [];
  for (const file of productFiles(ROOT)) {
    const source = Deno.readTextFileSync(file);
    for (const match of source.matchAll(/new Deno\.Command\(\s*["'`]([^"'`]+)["'`]/g)) {
      const command = match[1]!.split("/").pop()!;
      if (["ip", "tc", "sysctl", "bridge", "ethtool"].includes(command)) {
        violations.push(`${relative(ROOT, file)} runs ${match[1]}`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

// Every CNI call is a fresh process, so start-up is the product's speed (bench/README.md). In Deno 2.9 a `node:`
// import costs 5–21 ms at start-up (node:path ~6, node:util ~5, node:process ~14, node:crypto ~21) and reading a timer
// global loads node:timers (~5 ms), even `typeof setTimeout`. fspath/ and digest/ replace the imports, iface's
// sleepSync the sleeps. A static or dynamic import anywhere in product code counts (the bundle loads a chunk's
// static imports whether or not the code that needs them runs); a timer name counts outside TIMER_USERS.
Deno.test("architecture: product code imports no node: module (each costs 5-21 ms per plugin exec)", () => {
  const violations: string[] = [];
  for (const file of productFiles(ROOT)) {
    const rel = relative(ROOT, file);
    if (START_UP_EXEMPT.some((exempt) => exempt.test(rel))) continue;
    for (const spec of importsOf(withoutComments(Deno.readTextFileSync(file)))) {
      if (spec.startsWith("node:")) violations.push(`${rel} imports ${spec}`);
    }
  }
  assert.deepEqual(violations, []);
});

Deno.test("architecture: only TIMER_USERS name setTimeout and friends (reading one loads node:timers, ~5 ms)", () => {
  const violations: string[] = [];
  for (const file of productFiles(ROOT)) {
    const rel = relative(ROOT, file);
    if (START_UP_EXEMPT.some((exempt) => exempt.test(rel)) || rel in TIMER_USERS) continue;
    const code = withoutComments(Deno.readTextFileSync(file));
    for (const match of code.matchAll(/\b(setTimeout|clearTimeout|setInterval|clearInterval|setImmediate)\b/g)) {
      violations.push(`${rel} names ${match[1]}`);
    }
  }
  assert.deepEqual(violations, []);
});

Deno.test("architecture: every TIMER_USERS entry still names a timer (drop the entry when it stops)", () => {
  const stale = Object.keys(TIMER_USERS).filter((rel) => {
    const code = withoutComments(Deno.readTextFileSync(join(ROOT, rel)));
    return !/\b(setTimeout|clearTimeout|setInterval|clearInterval|setImmediate)\b/.test(code);
  });
  assert.deepEqual(stale, []);
});
