/**
 * cnitool and the runtime against real processes: small shell plugins from tests/fixtures/plugins are exec'd with
 * NETCONFPATH, CNI_PATH and the cache pointing at a temp dir. No netns is needed (the plugins never enter it).
 */
import { deepStrictEqual, match, rejects, strictEqual } from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CniError } from "../cni/mod.ts";
import { CniRuntime } from "../runtime/cni_runtime.ts";
import { loadConfList } from "../runtime/conf.ts";
import { cnitoolMain } from "../runtime/cnitool/main.ts";
import { containerIdFor } from "../runtime/cnitool/container_id.ts";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "plugins");

interface Sandbox extends AsyncDisposable {
  root: string;
  bin: string;
  netDir: string;
  cacheDir: string;
  records: string;
  env: Record<string, string>;
  /** Copies a fixture plugin into CNI_PATH under `name`. */
  install(fixture: string, name?: string): Promise<void>;
  /** Writes a conflist into NETCONFPATH. */
  network(file: string, conf: unknown): Promise<void>;
  /** The recorded calls, oldest first: "COMMAND plugin". */
  calls(): Promise<string[]>;
  /** The recorded stdin (parsed) and env of call `index`. */
  call(index: number): Promise<{ stdin: Record<string, unknown>; env: Record<string, string> }>;
  /** Runs cnitool; returns exit code, stdout and stderr. */
  cnitool(args: string[], env?: Record<string, string>): Promise<{ code: number; out: string; err: string }>;
}

async function sandbox(): Promise<Sandbox> {
  const root = await Deno.makeTempDir({ prefix: "cnit-cnitool-" });
  const bin = join(root, "bin");
  const netDir = join(root, "net.d");
  const cacheDir = join(root, "cache");
  const records = join(root, "records");
  for (const d of [bin, netDir, records]) await Deno.mkdir(d);
  const env = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    NETCONFPATH: netDir,
    CNI_PATH: `${join(root, "nothing-here")}:${bin}`,
    CNI_CACHE_DIR: cacheDir,
    CNIT_RECORD_DIR: records,
  };
  const names = () => [...Deno.readDirSync(records)].map((e) => e.name).filter((n) => n.endsWith(".env")).sort();
  return {
    root,
    bin,
    netDir,
    cacheDir,
    records,
    env,
    async install(fixture, name = fixture) {
      await Deno.copyFile(join(FIXTURES, fixture), join(bin, name));
      await Deno.chmod(join(bin, name), 0o755);
    },
    async network(file, conf) {
      await Deno.writeTextFile(join(netDir, file), JSON.stringify(conf));
    },
    calls() {
      return Promise.resolve(names().map((n) => n.replace(/^\d+-/, "").replace(/\.env$/, "").replace("-", " ")));
    },
    async call(index) {
      const base = join(records, names()[index]!.replace(/\.env$/, ""));
      const stdinText = await Deno.readTextFile(`${base}.stdin`);
      const env = Object.fromEntries(
        (await Deno.readTextFile(`${base}.env`)).split("\n").filter((l) => l.includes("=")).map((l) => {
          const eq = l.indexOf("=");
          return [l.slice(0, eq), l.slice(eq + 1)];
        }),
      );
      return { stdin: JSON.parse(stdinText), env };
    },
    async cnitool(args, extra = {}) {
      let out = "";
      let err = "";
      const code = await cnitoolMain(args, {
        env: { ...env, ...extra },
        out: (t) => (out += t),
        err: (t) => (err += t),
      });
      return { code, out, err };
    },
    async [Symbol.asyncDispose]() {
      await Deno.remove(root, { recursive: true });
    },
  };
}

const NETNS = "/var/run/netns/cnit-fake";

function chain(version: string, types: string[], extra: Record<string, unknown> = {}) {
  return { cniVersion: version, name: "cnit-chain", ...extra, plugins: types.map((type) => ({ type })) };
}

Deno.test("cnitool add runs the chain with libcni's environment and prints the result", async () => {
  await using box = await sandbox();
  await box.install("cnit-record", "cnit-first");
  await box.install("cnit-record", "cnit-second");
  await box.network("10-chain.conflist", chain("1.0.0", ["cnit-first", "cnit-second"]));
  const run = await box.cnitool(["add", "cnit-chain", NETNS, "-i", "net1"], { CNI_ARGS: "IgnoreUnknown=1;K=V" });
  strictEqual(run.err, "");
  strictEqual(run.code, 0);
  const expected = {
    cniVersion: "1.0.0",
    interfaces: [{ name: "net1", sandbox: NETNS }],
    ips: [{ interface: 0, address: "10.99.0.2/24", gateway: "10.99.0.1" }], // Go's field order
    dns: {},
  };
  strictEqual(run.out, JSON.stringify(expected, null, 4)); // Go's result.Print(): 4 spaces, no newline
  deepStrictEqual(await box.calls(), ["ADD cnit-first", "ADD cnit-second"]);
  const first = await box.call(0);
  const containerId = await containerIdFor(NETNS);
  deepStrictEqual(
    ["CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH"].map((k) => first.env[k]),
    ["ADD", containerId, NETNS, "net1", "IgnoreUnknown=1;K=V", box.env.CNI_PATH],
  );
  strictEqual(first.env.CNIT_RECORD_DIR, box.records); // the whole environment is passed on
  strictEqual(first.stdin.prevResult, undefined);
  deepStrictEqual((await box.call(1)).stdin.prevResult, expected);
});

Deno.test("cnitool writes libcni's cache file byte for byte, and a new runtime reads it back", async () => {
  await using box = await sandbox();
  await box.install("cnit-record");
  const conf = chain("1.0.0", ["cnit-record"]);
  await box.network("10-chain.conflist", conf);
  strictEqual((await box.cnitool(["add", "cnit-chain", NETNS], { CNI_ARGS: "A=<b>" })).code, 0);
  const containerId = await containerIdFor(NETNS);
  const file = join(box.cacheDir, "results", `cnit-chain-${containerId}-eth0`);
  // libcni's cachedInfo: struct order, []byte config as base64 of the file, result as a sorted map, Go escaping.
  const expected = `{"kind":"cniCacheV1","containerId":"${containerId}",` +
    `"config":"${btoa(JSON.stringify(conf))}","ifName":"eth0","networkName":"cnit-chain",` +
    `"netns":"${NETNS}","cniArgs":[["A","\\u003cb\\u003e"]],` +
    `"result":{"cniVersion":"1.0.0","dns":{},"interfaces":[{"name":"eth0","sandbox":"${NETNS}"}],` +
    `"ips":[{"address":"10.99.0.2/24","gateway":"10.99.0.1","interface":0}]}}`;
  strictEqual(await Deno.readTextFile(file), expected);
  strictEqual((await Deno.stat(file)).mode! & 0o777, 0o600);

  const restarted = new CniRuntime({ path: [box.bin], cacheDir: box.cacheDir, env: box.env });
  const list = await loadConfList(box.netDir, "cnit-chain");
  const cached = await restarted.getCachedResult(list, { containerId, netns: NETNS, ifname: "eth0" });
  deepStrictEqual(cached?.ips, [{ address: "10.99.0.2/24", gateway: "10.99.0.1", interface: 0 }]);
});

Deno.test("cnitool check and del pass the cached result; del runs in reverse and drops the cache", async () => {
  await using box = await sandbox();
  await box.install("cnit-record", "cnit-first");
  await box.install("cnit-record", "cnit-second");
  await box.network("10-chain.conflist", chain("0.4.0", ["cnit-first", "cnit-second"]));
  strictEqual((await box.cnitool(["add", "cnit-chain", NETNS])).code, 0);
  strictEqual((await box.cnitool(["check", "cnit-chain", NETNS])).code, 0);
  strictEqual((await box.cnitool(["del", "cnit-chain", NETNS])).code, 0);
  deepStrictEqual(await box.calls(), [
    "ADD cnit-first",
    "ADD cnit-second",
    "CHECK cnit-first",
    "CHECK cnit-second",
    "DEL cnit-second",
    "DEL cnit-first",
  ]);
  const prev = (await box.call(4)).stdin.prevResult as { cniVersion: string; ips: { version: string }[] };
  deepStrictEqual([prev.cniVersion, prev.ips[0]?.version], ["0.4.0", "4"]);
  deepStrictEqual([...Deno.readDirSync(join(box.cacheDir, "results"))], []);
});

Deno.test("cnitool add reports a failing plugin by type, keeps its code, and rolls the chain back", async () => {
  await using box = await sandbox();
  await box.install("cnit-record");
  await box.install("cnit-fail");
  await box.network("10-chain.conflist", {
    cniVersion: "1.0.0",
    name: "cnit-chain",
    plugins: [{ type: "cnit-record" }, { type: "cnit-fail", failCode: 117 }],
  });
  const run = await box.cnitool(["add", "cnit-chain", NETNS]);
  strictEqual(run.code, 1);
  strictEqual(run.out, "");
  match(run.err, /cnitool add: plugin type="cnit-fail" failed \(add\): cnit-fail says no; asked to fail \(code 117\)/);
  deepStrictEqual(await box.calls(), ["ADD cnit-record", "ADD cnit-fail", "DEL cnit-fail", "DEL cnit-record"]);
  await rejects(Deno.stat(join(box.cacheDir, "results")), Deno.errors.NotFound);
});

Deno.test("cnitool gc deletes every cached attachment of the network; status reaches 1.1.0 plugins", async () => {
  await using box = await sandbox();
  await box.install("cnit-record");
  await box.network("10-chain.conflist", chain("1.1.0", ["cnit-record"]));
  strictEqual((await box.cnitool(["add", "cnit-chain", `${NETNS}-1`])).code, 0);
  strictEqual((await box.cnitool(["add", "cnit-chain", `${NETNS}-2`])).code, 0);
  strictEqual((await box.cnitool(["gc", "cnit-chain", NETNS])).code, 0);
  strictEqual((await box.cnitool(["status", "cnit-chain", NETNS])).code, 0);
  deepStrictEqual(await box.calls(), [
    "ADD cnit-record",
    "ADD cnit-record",
    "DEL cnit-record",
    "DEL cnit-record",
    "GC cnit-record",
    "STATUS cnit-record",
  ]);
  const gc = await box.call(4);
  deepStrictEqual([gc.env.CNI_CONTAINERID, gc.env.CNI_IFNAME, gc.stdin["cni.dev/valid-attachments"]], [
    "",
    "",
    undefined,
  ]);
  deepStrictEqual([...Deno.readDirSync(join(box.cacheDir, "results"))], []);
});

Deno.test("cnitool names what is missing: network, plugin, arguments", async () => {
  await using box = await sandbox();
  let run = await box.cnitool(["add", "cnit-none", NETNS]);
  strictEqual(run.code, 1);
  match(run.err, /no net configurations found in /);
  await box.network("10-chain.conflist", chain("1.0.0", ["cnit-absent"]));
  run = await box.cnitool(["add", "cnit-chain", NETNS]);
  match(run.err, /plugin type="cnit-absent" failed \(add\): failed to find plugin "cnit-absent" in path \[/);
  run = await box.cnitool(["add", "cnit-chain"]);
  match(run.err, /add requires <network-name> and <netns>/);
  run = await box.cnitool(["add", "cnit-chain", NETNS], { CNI_ARGS: "novalue" });
  match(run.err, /invalid CNI_ARGS pair "novalue"/);
});

Deno.test("cnitool version probes each plugin of a network", async () => {
  await using box = await sandbox();
  await box.install("cnit-record");
  await box.network("10-chain.conflist", chain("1.1.0", ["cnit-record"]));
  const run = await box.cnitool(["version", "cnit-chain"]);
  strictEqual(run.code, 0);
  strictEqual(run.out, 'network "cnit-chain" (1.1.0):\n  cnit-record: 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0\n');
  const probe = await box.call(0);
  deepStrictEqual([probe.env.CNI_COMMAND, probe.env.CNI_NETNS, probe.env.CNI_PATH], ["VERSION", "dummy", "dummy"]);
});

Deno.test("execPlugin() kills a plugin that runs past the timeout and names it", async () => {
  await using box = await sandbox();
  await box.install("cnit-sleep");
  await box.network("10-chain.conflist", chain("1.0.0", ["cnit-sleep"]));
  const runtime = new CniRuntime({ path: [box.bin], cacheDir: box.cacheDir, env: box.env, timeoutMs: 200 });
  const list = await loadConfList(box.netDir, "cnit-chain");
  await rejects(runtime.statusNetworkList({ ...list, cniVersion: "1.1.0" }), (err) => {
    match((err as Error).message, new RegExp(`Cannot run plugin ".*/cnit-sleep": timed out after 200 ms`));
    return err instanceof CniError;
  });
});

Deno.test("execPlugin() quotes output that is not error JSON, and stderr when stdout is empty", async () => {
  await using box = await sandbox();
  await box.install("cnit-garbage");
  const runtime = new CniRuntime({ path: [box.bin], cacheDir: box.cacheDir, env: box.env });
  const rt = { containerId: "cnit-c", netns: NETNS, ifname: "eth0" };
  await box.network("10-a.conflist", { cniVersion: "1.0.0", name: "cnit-a", plugins: [{ type: "cnit-garbage" }] });
  await rejects(
    runtime.delNetworkList(await loadConfList(box.netDir, "cnit-a"), rt),
    /failed \(delete\): netplugin failed but error parsing its diagnostic message "this is not json\\n": /,
  );
  await box.network("20-b.conflist", {
    cniVersion: "1.0.0",
    name: "cnit-b",
    plugins: [{ type: "cnit-garbage", where: "stderr" }],
  });
  await rejects(
    runtime.delNetworkList(await loadConfList(box.netDir, "cnit-b"), rt),
    /failed \(delete\): netplugin failed: "cnit-garbage: something broke\\n": exit status 3$/,
  );
});
