/**
 * Safety of what plugins leave on disk: host-local's store and the runtime's result cache get the reference's
 * permissions (files 0600, directories 0755 or 0700, nothing group- or world-writable), and no symlink planted in
 * the data dir or cache dir is ever followed: whatever it points at stays exactly as it was.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CniRuntime, confListFromBytes } from "../runtime/mod.ts";
import { launchers, runPlugin } from "./fixtures/launcher.ts";
import { listFiles } from "./fixtures/snapshot.ts";

const ignore = Deno.uid() !== 0;
const NETWORK = "cnit-safe-net";

function config(dataDir: string): string {
  return JSON.stringify({
    cniVersion: "1.1.0",
    name: NETWORK,
    type: "host-local",
    ipam: { type: "host-local", dataDir, ranges: [[{ subnet: "10.81.0.0/24" }]] },
  });
}

function env(command: string, id = "cnit-safe-c1"): Record<string, string> {
  return { CNI_COMMAND: command, CNI_CONTAINERID: id, CNI_NETNS: "/var/run/netns/cnit-none", CNI_IFNAME: "eth0" };
}

/** A temp dir holding `target` (a file with known content) and `dir/` (empty), which planted links point at. */
async function victim(): Promise<{ root: string; file: string; dir: string; state(): string }> {
  const root = await Deno.makeTempDir({ prefix: "cnit-victim-" });
  const file = join(root, "target");
  const dir = join(root, "dir");
  Deno.writeTextFileSync(file, "victim");
  Deno.mkdirSync(dir);
  const state = () =>
    JSON.stringify([Deno.readTextFileSync(file), listFiles(root).map((f) => `${f.path} ${f.type} ${f.mode}`)]);
  return { root, file, dir, state };
}

Deno.test({
  name: "safety: host-local store files are 0600 and its directories 0755 or 0700 through the binary",
  ignore,
  fn: async () => {
    const [launcher] = await launchers();
    assert.ok(launcher);
    const dataDir = await Deno.makeTempDir({ prefix: "cnit-safe-" });
    try {
      const add = await runPlugin(launcher, "host-local", { env: env("ADD"), stdin: config(dataDir) });
      assert.equal(add.code, 0, add.stdout);
      const entries = listFiles(join(dataDir, NETWORK));
      assert.ok(entries.some((e) => e.path.endsWith("/10.81.0.2")), "the lease exists");
      for (const e of entries) {
        if (e.type === "dir") assert.ok([0o755, 0o700].includes(e.mode), `${e.path} is ${e.mode.toString(8)}`);
        else if (e.path.endsWith("/lock")) assert.equal(e.mode & 0o022, 0, `${e.path} is ${e.mode.toString(8)}`);
        else assert.equal(e.mode, 0o600, `${e.path} is ${e.mode.toString(8)}`);
        assert.notEqual(e.type, "symlink");
      }
      assert.equal((await runPlugin(launcher, "host-local", { env: env("DEL"), stdin: config(dataDir) })).code, 0);
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

/** Each way a link can be planted in the store before ADD, and what it points at. */
const PLANTS: ReadonlyArray<{ name: string; at: string; to: "file" | "dir" | "missing" }> = [
  { name: "the network directory", at: NETWORK, to: "dir" },
  { name: "the next IP file", at: `${NETWORK}/10.81.0.2`, to: "file" },
  { name: "the next IP file (dangling)", at: `${NETWORK}/10.81.0.2`, to: "missing" },
  { name: "last_reserved_ip.0", at: `${NETWORK}/last_reserved_ip.0`, to: "file" },
  { name: "last_reserved_ip.0 (dangling)", at: `${NETWORK}/last_reserved_ip.0`, to: "missing" },
  { name: "the lock file (dangling)", at: `${NETWORK}/lock`, to: "missing" },
  { name: "the cache directory", at: `${NETWORK}/.by_container`, to: "dir" },
];

for (const plant of PLANTS) {
  Deno.test({
    name: `safety: host-local ADD and DEL never write through a symlink planted as ${plant.name}`,
    ignore,
    fn: async () => {
      const [launcher] = await launchers();
      assert.ok(launcher);
      const dataDir = await Deno.makeTempDir({ prefix: "cnit-safe-" });
      const v = await victim();
      try {
        Deno.mkdirSync(join(dataDir, NETWORK), { recursive: true });
        if (plant.at === NETWORK) Deno.removeSync(join(dataDir, NETWORK));
        const target = plant.to === "dir" ? v.dir : plant.to === "file" ? v.file : join(v.root, "created");
        Deno.symlinkSync(target, join(dataDir, plant.at));
        const before = v.state();
        const add = await runPlugin(launcher, "host-local", { env: env("ADD"), stdin: config(dataDir) });
        const del = await runPlugin(launcher, "host-local", { env: env("DEL"), stdin: config(dataDir) });
        assert.equal(v.state(), before, `the link's target changed (ADD: ${add.stdout} DEL: ${del.stdout})`);
        if (add.code !== 0) assert.equal((JSON.parse(add.stdout) as { code: number }).code, 5, add.stdout);
      } finally {
        await Deno.remove(dataDir, { recursive: true });
        await Deno.remove(v.root, { recursive: true });
      }
    },
  });
}

Deno.test({
  name: "safety: the runtime's result cache is 0700/0600 and never writes through a symlinked results directory",
  ignore,
  fn: async () => {
    const [launcher] = await launchers();
    assert.ok(launcher);
    const cacheDir = await Deno.makeTempDir({ prefix: "cnit-safe-cache-" });
    const v = await victim();
    const list = confListFromBytes(new TextEncoder().encode(JSON.stringify({
      cniVersion: "1.1.0",
      name: "cnit-safe-cache-net",
      plugins: [{ type: "static", ipam: { type: "static", addresses: [{ address: "10.81.1.2/24" }] } }],
    })));
    const rt = { containerId: "cnit-safe-c2", netns: "/var/run/netns/cnit-none", ifname: "eth0" };
    try {
      const runtime = new CniRuntime({ path: [launcher.binDir], cacheDir });
      await runtime.addNetworkList(list, rt);
      const entries = listFiles(cacheDir);
      assert.ok(entries.some((e) => e.type === "file"), "a cache file was written");
      for (const e of entries) {
        assert.equal(e.mode, e.type === "dir" ? 0o700 : 0o600, `${e.path} is ${e.mode.toString(8)}`);
      }
      await runtime.delNetworkList(list, rt);
      // Plant: results/ is a link to the victim's directory.
      Deno.removeSync(join(cacheDir, "results"), { recursive: true });
      Deno.symlinkSync(v.dir, join(cacheDir, "results"));
      const before = v.state();
      await runtime.addNetworkList(list, rt).catch(() => undefined);
      await runtime.delNetworkList(list, rt).catch(() => undefined);
      assert.equal(v.state(), before, "nothing written through the planted results link");
    } finally {
      await Deno.remove(cacheDir, { recursive: true });
      await Deno.remove(v.root, { recursive: true });
    }
  },
});
