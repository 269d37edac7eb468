/**
 * Seeded fuzzing of config parsing through the skel, for every plugin in the registry: mutated JSON (wrong types,
 * missing fields, huge numbers, deep nesting, unicode, `__proto__`/`constructor` keys, broken text) goes through
 * `invokePlugin` with a CNI_NETNS that does not exist. The skel must never throw, must always print JSON with a
 * numeric code, and must never answer 999 before the plugin's verb was reached.
 *
 * The loop runs in a child process (this file run with `deno run`) started inside a throwaway namespace, so a verb
 * that touches links or iptables touches only that namespace; host-local/tuning/flannel data dirs are forced into a
 * temp dir. The parent kills the child when it overruns (a hang) and compares the real host before and after.
 * Replay a failure with `CNI_FUZZ_SEED=<seed>`; `deno task stress` runs a longer loop.
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { withNetns } from "../netlink/mod.ts";
import { invokePlugin, type Plugin, type PluginContext } from "../cni/mod.ts";
import { registry } from "../plugins/registry.ts";
import { createTestNetns } from "./fixtures/netns.ts";
import { fuzzBudget, fuzzLoop, fuzzSeed, Prng } from "./fixtures/prng.ts";
import { diffSnapshots, SELF_NETNS, takeSnapshot } from "./fixtures/snapshot.ts";

const ignore = Deno.uid() !== 0;
const VERSIONS = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0", "", "1.2.0", "0.0.1", "v1"];
const VERBS = ["ADD", "ADD", "ADD", "ADD", "DEL", "CHECK", "GC", "STATUS", "VERSION"];
/** Messages of JavaScript runtime errors: a 999 carrying one means a verb crashed on input it should have refused. */
const CRASH = /Cannot read propert|is not a function|is not iterable|Maximum call stack|Invalid array length/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A plausible config per plugin type, so mutations land near the valid space. */
function baseConfig(type: string, dir: string, prng: Prng): Record<string, Json> {
  const hostLocal = { type: "host-local", dataDir: dir, ranges: [[{ subnet: "10.99.0.0/24", gateway: "10.99.0.1" }]] };
  const base: Record<string, Json> = { cniVersion: prng.pick(VERSIONS.slice(0, 7)), name: "cnit-fuzz", type };
  const extra: Record<string, Record<string, Json>> = {
    bridge: { bridge: "cnitfz0", isGateway: true, ipMasq: true, mtu: 1400, vlan: 0, ipam: hostLocal },
    ptp: { ipMasq: true, mtu: 1400, ipam: hostLocal },
    macvlan: { master: "cnitfzm", mode: "bridge", ipam: hostLocal },
    ipvlan: { master: "cnitfzm", mode: "l2", ipam: hostLocal },
    vlan: { master: "cnitfzm", vlanId: 42, ipam: hostLocal },
    "host-device": { device: "cnitfzd" },
    tuning: { sysctl: { "net.core.somaxconn": "500" }, mtu: 1400, promisc: true, dataDir: dir },
    bandwidth: { ingressRate: 1000000, ingressBurst: 10000, egressRate: 1000000, egressBurst: 10000 },
    sbr: {},
    vrf: { vrfname: "cnitfzv", table: 1001 },
    "host-local": {
      ipam: {
        ...hostLocal,
        ranges: [[{ subnet: "10.99.0.0/24", rangeStart: "10.99.0.10", rangeEnd: "10.99.0.20" }]],
        routes: [{ dst: "0.0.0.0/0" }],
      },
    },
    static: {
      ipam: {
        type: "static",
        addresses: [{ address: "10.99.1.2/24", gateway: "10.99.1.1" }],
        routes: [{ dst: "0.0.0.0/0", gw: "10.99.1.1" }],
        dns: { nameservers: ["10.99.1.1"] },
      },
    },
    portmap: {
      capabilities: { portMappings: true },
      runtimeConfig: { portMappings: [{ hostPort: 18080, containerPort: 80, protocol: "tcp" }] },
      snat: true,
    },
    firewall: { backend: "iptables" },
    flannel: { subnetFile: `${dir}/no-subnet.env`, dataDir: dir, delegate: { type: "bridge" } },
    dhcp: { ipam: { type: "dhcp", daemonSocketPath: `${dir}/no-dhcp.sock` } },
  };
  const config: Record<string, Json> = { ...base, ...(extra[type] ?? { ipam: hostLocal }) };
  if (prng.chance(0.5)) config.prevResult = randomResult(prng);
  return config;
}

function randomResult(prng: Prng): Record<string, Json> {
  const version = prng.pick(VERSIONS.slice(0, 7));
  if (version < "0.3.0") return { cniVersion: version, ip4: { ip: "10.99.0.5/24", gateway: "10.99.0.1" } };
  const interfaces: Json[] = [
    { name: "cnitfz0", mac: "0a:58:0a:63:00:01" },
    { name: "eth0", mac: "0a:58:0a:63:00:05", sandbox: "/var/run/netns/cnit-fuzz-none" },
  ];
  const ips: Json[] = [{ address: "10.99.0.5/24", gateway: "10.99.0.1", interface: 1 }];
  if (prng.chance()) ips.push({ address: "2001:db8:99::5/64", interface: prng.pick([0, 1, 2, -1, 99]) });
  return { cniVersion: version, interfaces, ips, routes: [{ dst: "0.0.0.0/0", gw: "10.99.0.1" }], dns: {} };
}

/** Values of the wrong type, huge, hostile or odd: what a mutation writes in place of a field. */
function oddValue(prng: Prng): Json {
  const deep = (n: number): Json => {
    let v: Json = [];
    for (let i = 0; i < n; i++) v = prng.chance() ? [v] : { a: v };
    return v;
  };
  return prng.pick<() => Json>([
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 1e308,
    () => -1e308,
    () => 2 ** 64,
    () => 2 ** 53 + 1,
    () => 0.5,
    () => 4294967296,
    () => "",
    () => "x".repeat(prng.pick([16, 256, 70000])),
    () => "\u0000",
    () => "é💥\u202e\ufeff",
    () => "../../../../etc/cnit-fuzz",
    () => "/",
    () => "a/b",
    () => "10.0.0.0/33",
    () => "::ffff:1.2.3.4/200",
    () => "256.1.1.1",
    () => "__proto__",
    () => [],
    () => [null],
    () => ({}),
    () => ({ __proto__: null } as unknown as Json),
    () => deep(prng.pick([10, 200, 3000])),
  ])();
}

const ODD_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "",
  "💥",
  "CNIVERSION",
  "Name",
];

function setOwn(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies one random mutation somewhere in `root` (in place). */
function mutate(root: Record<string, Json>, prng: Prng): void {
  // Walk down a random path of containers.
  let node: Json = root;
  for (let depth = 0; depth < 6 && prng.chance(0.6); depth++) {
    const children: Json[] = Array.isArray(node)
      ? node.filter((c) => typeof c === "object" && c !== null)
      : typeof node === "object" && node !== null
      ? Object.values(node).filter((c) => typeof c === "object" && c !== null)
      : [];
    if (children.length === 0) break;
    node = prng.pick(children);
  }
  if (Array.isArray(node)) {
    if (node.length > 0 && prng.chance()) node[prng.int(node.length)] = oddValue(prng);
    else if (prng.chance()) node.push(oddValue(prng));
    else node.splice(0, node.length);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const keys = Object.keys(node);
  const action = prng.int(4);
  if (action === 0 && keys.length > 0) delete node[prng.pick(keys)];
  else if (action === 1 && keys.length > 0) setOwn(node, prng.pick(keys), oddValue(prng));
  else if (action === 2) setOwn(node, prng.pick(ODD_KEYS), oddValue(prng));
  else if (keys.length > 0) {
    const key = prng.pick(keys);
    const value = node[key] as Json;
    delete node[key];
    setOwn(node, prng.chance() ? key.toUpperCase() : key.toLowerCase(), value);
  }
}

/** Breaks the JSON text itself: truncation, a flipped byte, junk around it, or a different top-level value. */
function breakText(text: string, prng: Prng): string {
  switch (prng.int(6)) {
    case 0:
      return text.slice(0, prng.int(text.length));
    case 1: {
      const at = prng.int(text.length);
      return text.slice(0, at) + String.fromCharCode(prng.int(256)) + text.slice(at + 1);
    }
    case 2:
      return text + prng.pick(["}", "]", ",", "\u0000", "garbage"]);
    case 3:
      return prng.pick(["", "null", "[]", "1", '"x"', "true", "\ufeff{}", "{}{}", "[".repeat(100000)]);
    case 4:
      return `{"cniVersion":"1.0.0","name":"cnit-fuzz","type":"x","a":${"[".repeat(50000)}${"]".repeat(50000)}}`;
    default:
      return text.replace(/"/, "'");
  }
}

/** Keeps data dirs inside the test's temp dir whatever the mutation did (escaping values are bad_input's job). */
function pinDataDirs(config: Record<string, Json>, dir: string): void {
  if (Object.hasOwn(config, "dataDir")) setOwn(config, "dataDir", dir);
  const ipam = config.ipam;
  if (typeof ipam === "object" && ipam !== null && !Array.isArray(ipam)) setOwn(ipam, "dataDir", dir);
  if (config.type === "tuning" || config.type === "flannel") setOwn(config, "dataDir", dir);
}

/** Wraps `plugin` so the fuzz knows whether an input reached a verb (after which a 999 is the verb's own). */
function traced(plugin: Plugin<unknown>, mark: () => void): Plugin<unknown> {
  type Verb = (ctx: PluginContext<unknown>) => unknown;
  const wrap = <F extends Verb>(fn: F): F =>
    ((ctx: PluginContext<unknown>) => {
      mark();
      return fn.call(plugin, ctx);
    }) as F;
  const out: Plugin<unknown> = { ...plugin, add: wrap(plugin.add), del: wrap(plugin.del) };
  if (plugin.check) out.check = wrap(plugin.check);
  if (plugin.gc) out.gc = wrap(plugin.gc);
  if (plugin.status) out.status = wrap(plugin.status);
  return out;
}

/** Judges one outcome; returns a failure description or undefined. */
function judge(
  verb: string,
  outcome: { stdout: string; exitCode: number },
  reached: boolean,
): string | undefined {
  if (outcome.exitCode === 0) {
    if (verb === "ADD" || verb === "VERSION") {
      try {
        JSON.parse(outcome.stdout);
      } catch {
        return `exit 0 but stdout is not JSON: ${outcome.stdout.slice(0, 200)}`;
      }
    } else if (outcome.stdout !== "") return `exit 0 but ${verb} printed ${outcome.stdout.slice(0, 200)}`;
    return undefined;
  }
  if (outcome.exitCode !== 1) return `exit code ${outcome.exitCode}`;
  let json: { code?: unknown; msg?: unknown };
  try {
    json = JSON.parse(outcome.stdout);
  } catch {
    return `error stdout is not JSON: ${outcome.stdout.slice(0, 200)}`;
  }
  if (typeof json.code !== "number" || typeof json.msg !== "string") return `bad error JSON: ${outcome.stdout}`;
  if (json.code === 999 && !reached) return `999 before the verb: ${json.msg}`;
  if (json.code === 999 && CRASH.test(json.msg)) return `verb crashed: ${json.msg}`;
  if (json.code === 0) return "error JSON with code 0";
  return undefined;
}

/** The child: runs the loop and prints one JSON line per round (`start`), then failures and a summary. */
async function childMain(): Promise<void> {
  // Verbs run for real (portmap writes iptables rules): only ever inside the sandbox namespace the test made.
  const hostNetns = Deno.env.get("CNI_FUZZ_HOST_NETNS") ?? "";
  if (hostNetns === "" || String(Deno.statSync("/proc/self/ns/net").ino) === hostNetns) {
    throw new Error("Cannot run the skel fuzz child in the host's network namespace: start it through `deno test`");
  }
  const dir = Deno.env.get("CNI_FUZZ_DIR") ?? "";
  if (dir === "") throw new Error("Cannot run the skel fuzz child without CNI_FUZZ_DIR");
  const budget = fuzzBudget({ iterations: Number(Deno.env.get("CNI_FUZZ_CI_ITERATIONS") ?? 600), ms: 25_000 });
  const plugins = await Promise.all(
    Object.entries(registry).map(async ([type, entry]) => ({ type, plugin: await entry.load() })),
  );
  const failures: string[] = [];
  const write = (value: unknown) => Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify(value) + "\n"));
  const rounds = await fuzzLoop("skel fuzz", async (prng, round) => {
    const { type, plugin } = prng.pick(plugins);
    const verb = prng.pick(VERBS);
    const config = baseConfig(type, dir, prng);
    for (let n = 1 + prng.int(3); n > 0; n--) mutate(config, prng);
    pinDataDirs(config, dir);
    let text = JSON.stringify(config);
    if (prng.chance(0.15)) text = breakText(text, prng);
    const env: Record<string, string> = {
      CNI_COMMAND: verb,
      CNI_CONTAINERID: prng.pick(["cnit-fuzz-c1", "cnit-fuzz-c2"]),
      CNI_NETNS: `/var/run/netns/cnit-fuzz-none-${round}`,
      CNI_IFNAME: prng.pick(["eth0", "net1"]),
      CNI_PATH: `${dir}/no-plugins`,
    };
    write({ start: round, type, verb });
    let reached = false;
    let outcome;
    try {
      outcome = await invokePlugin(traced(plugin, () => reached = true), {
        env,
        stdin: new TextEncoder().encode(text),
      });
    } catch (err) {
      failures.push(`round ${round} ${type} ${verb}: invokePlugin threw ${err}\ninput: ${text.slice(0, 500)}`);
      return;
    }
    const failure = judge(verb, outcome, reached);
    if (failure) failures.push(`round ${round} ${type} ${verb}: ${failure}\ninput: ${text.slice(0, 500)}`);
  }, { budget });
  write({ done: rounds, failures });
}

if (import.meta.main) {
  await childMain();
  Deno.exit(0);
}

Deno.test({
  name: "skel fuzz: mutated configs for every registered plugin never crash, hang or print non-JSON",
  ignore,
  fn: async () => {
    const seed = fuzzSeed();
    const dir = await Deno.makeTempDir({ prefix: "cnit-fuzz-" });
    using sandbox = createTestNetns();
    const watched = ["/var/lib/cni", "/run/cni"];
    const before = await takeSnapshot(SELF_NETNS, { dirs: watched });
    const budget = fuzzBudget({ iterations: 600, ms: 25_000 });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), budget.ms + 30_000);
    try {
      const command = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--quiet", fileURLToPath(import.meta.url)],
        env: {
          CNI_FUZZ_SEED: String(seed),
          CNI_FUZZ_DIR: dir,
          CNI_FUZZ_HOST_NETNS: String(Deno.statSync("/proc/self/ns/net").ino),
        },
        stdout: "piped",
        stderr: "piped",
        signal: controller.signal,
      });
      const out = await withNetns(sandbox.path, () => command.spawn()).output();
      const lines = new TextDecoder().decode(out.stdout).trim().split("\n").filter((l) => l !== "");
      const last = JSON.parse(lines.at(-1) ?? "{}") as { done?: number; failures?: string[]; start?: number };
      const stderr = new TextDecoder().decode(out.stderr);
      assert.ok(
        last.done !== undefined,
        `the fuzz child died or hung (seed ${seed}, code ${out.code}, signal ${out.signal}) after ${lines.at(-1)}: ${
          stderr.slice(-2000)
        }`,
      );
      assert.ok(last.done > 0, `no rounds ran (seed ${seed})`);
      assert.deepEqual(last.failures, [], `skel fuzz failures (replay with CNI_FUZZ_SEED=${seed})`);
      const after = await takeSnapshot(SELF_NETNS, { dirs: watched });
      assert.deepEqual(diffSnapshots(before, after), [], `the fuzz changed the real host (seed ${seed})`);
    } finally {
      clearTimeout(timer);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
