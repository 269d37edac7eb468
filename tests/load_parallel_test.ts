/**
 * Load: N containers (20 here, 100 under `deno task stress`) added and deleted in parallel on one network through
 * the runtime (result cache on) and the binary, with bridge + host-local + portmap when registered (else
 * host-local + loopback, named in the test), all inside a throwaway host namespace, each container in its own
 * namespace. No address may be handed out twice, every DEL must succeed, and the host namespace, the data dir and
 * the cache dir must end exactly as they began (full snapshots). A second test interleaves ADD and DEL at random
 * (seeded; replay with `CNI_FUZZ_SEED=<seed>`).
 * @module
 */
import assert from "node:assert/strict";
import { decodePluginOutcome, defaultExecutor, pluginEnv, type PluginExecutor, type Result } from "../cni/mod.ts";
import { Rtnl, withNetns } from "../netlink/mod.ts";
import { findPlugin } from "../plugins/registry.ts";
import { CniRuntime, confListFromBytes, type NetworkConfigList, type RuntimeConf } from "../runtime/mod.ts";
import { launchers } from "./fixtures/launcher.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";
import { fuzzSeed, isStress, Prng } from "./fixtures/prng.ts";
import { diffSnapshots, type Snapshot, takeSnapshot } from "./fixtures/snapshot.ts";

const ignore = Deno.uid() !== 0;
const FULL = ["bridge", "portmap"].every((name) => findPlugin(name) !== undefined);
const CHAIN = FULL ? "bridge + host-local + portmap" : "host-local + loopback";
const COUNT = isStress() ? 100 : 20;
/** Chains in flight at once: every one is a few processes, and CI machines are small. */
const CONCURRENCY = isStress() ? 16 : 8;

/** Runs each plugin inside `netns` (the fork happens while the JS thread is in it), as a runtime on that host. */
function executorIn(netns: string): PluginExecutor {
  return {
    findInPath: defaultExecutor.findInPath,
    async execPlugin(pluginPath, request) {
      const command = new Deno.Command(pluginPath, {
        env: pluginEnv(request),
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      });
      const child = withNetns(netns, () => command.spawn());
      const writer = child.stdin.getWriter();
      await writer.write(request.stdin);
      await writer.close();
      const out = await child.output();
      return decodePluginOutcome(
        { stdout: out.stdout, stderr: out.stderr, exitCode: out.code, ...(out.signal && { signal: out.signal }) },
        { onStderr: () => {} },
      );
    },
  };
}

function confList(dataDir: string): NetworkConfigList {
  const ipam = { type: "host-local", dataDir, ranges: [[{ subnet: "10.80.0.0/16" }]] };
  const plugins = FULL
    ? [
      { type: "bridge", bridge: "cnitlb0", isGateway: true, ipMasq: true, ipam },
      { type: "portmap", backend: "iptables", capabilities: { portMappings: true } },
    ]
    : [{ type: "loopback" }, { type: "host-local", ipam }];
  return confListFromBytes(
    new TextEncoder().encode(JSON.stringify({ cniVersion: "1.1.0", name: "cnit-load-net", plugins })),
  );
}

/** The load's world: host namespace, dirs, runtime and a snapshot function; disposing removes all of it. */
interface World extends AsyncDisposable {
  host: TestNetns;
  runtime: CniRuntime;
  list: NetworkConfigList;
  snapshot(): Promise<Snapshot>;
  rt(container: TestNetns, index: number): RuntimeConf;
}

async function world(): Promise<World> {
  const [launcher] = await launchers();
  if (!launcher) throw new Error("Cannot find a launcher");
  const host = createTestNetns();
  const dataDir = await Deno.makeTempDir({ prefix: "cnit-load-data-" });
  const cacheDir = await Deno.makeTempDir({ prefix: "cnit-load-cache-" });
  const runtime = new CniRuntime({ path: [launcher.binDir], cacheDir, exec: executorIn(host.path) });
  const list = confList(dataDir);
  return {
    host,
    runtime,
    list,
    snapshot: () => takeSnapshot(host.path, { dirs: [dataDir, cacheDir], ignoreFiles: ["last_reserved_ip.0"] }),
    rt: (container, index) => ({
      containerId: `cnit-load-${index}`,
      netns: container.path,
      ifname: "eth0",
      capabilityArgs: { portMappings: [{ hostPort: 20000 + index, containerPort: 80, protocol: "tcp" }] },
    }),
    async [Symbol.asyncDispose]() {
      host[Symbol.dispose]();
      await Deno.remove(dataDir, { recursive: true });
      await Deno.remove(cacheDir, { recursive: true });
    },
  };
}

/** Runs `jobs` with at most `limit` in flight; returns their results in order. */
async function pooled<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const at = next++;
      out[at] = await (jobs[at] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}

function v4Address(result: Result): string {
  const address = result.ips?.find((ip) => ip.address.includes("."))?.address;
  if (address === undefined) throw new Error(`Cannot find an IPv4 address in ${JSON.stringify(result)}`);
  return address;
}

/** A warm-up ADD/DEL makes the bridge and host-local's lock and cursor, which rightly outlive every container. */
async function warmUp(w: World): Promise<Snapshot> {
  using container = createTestNetns();
  await w.runtime.addNetworkList(w.list, w.rt(container, 0));
  await w.runtime.delNetworkList(w.list, w.rt(container, 0));
  return await w.snapshot();
}

Deno.test({
  name: `load (${CHAIN}): ${COUNT} containers added and deleted in parallel get distinct addresses and leave nothing`,
  ignore,
  fn: async () => {
    await using w = await world();
    const baseline = await warmUp(w);
    const containers: TestNetns[] = [];
    try {
      for (let i = 1; i <= COUNT; i++) containers.push(createTestNetns());
      const results = await pooled(
        containers.map((c, i) => () => w.runtime.addNetworkList(w.list, w.rt(c, i + 1))),
        CONCURRENCY,
      );
      const addresses = results.map(v4Address);
      assert.equal(new Set(addresses).size, COUNT, `duplicate addresses: ${[...addresses].sort().join(" ")}`);
      containers.forEach((c, i) => {
        using rtnl = Rtnl.open({ netns: c.path });
        const eth0 = FULL ? rtnl.linkGet("eth0") : undefined;
        if (eth0) {
          const found = rtnl.addrList({ index: eth0.index }).map((a) => a.prefix);
          assert.ok(found.includes(addresses[i] ?? ""), `container ${i} has ${found}, result says ${addresses[i]}`);
        }
      });
      const dels = await pooled(
        containers.map((c, i) => () => w.runtime.delNetworkList(w.list, w.rt(c, i + 1)).then(() => "ok", String)),
        CONCURRENCY,
      );
      assert.deepEqual(dels.filter((d) => d !== "ok"), [], "every DEL succeeds");
      assert.deepEqual(diffSnapshots(baseline, await w.snapshot()), [], "nothing left behind");
    } finally {
      for (const c of containers) c[Symbol.dispose]();
    }
  },
});

Deno.test({
  name: `load (${CHAIN}): ADD and DEL interleaved at random never share an address and end clean`,
  ignore,
  fn: async () => {
    const seed = fuzzSeed();
    const prng = new Prng(seed);
    await using w = await world();
    const baseline = await warmUp(w);
    const pool = Math.max(6, Math.floor(COUNT / 2));
    const containers = Array.from({ length: pool }, () => createTestNetns());
    const held = new Map<number, string>(); // container index → address while added
    const busy = new Set<number>();
    const failures: string[] = [];
    try {
      const steps = COUNT * 3;
      const step = async () => {
        const free = containers.map((_, i) => i).filter((i) => !busy.has(i));
        if (free.length === 0) return;
        const i = prng.pick(free);
        busy.add(i);
        const c = containers[i] as TestNetns;
        try {
          if (held.has(i)) {
            await w.runtime.delNetworkList(w.list, w.rt(c, i + 1));
            held.delete(i);
          } else {
            const address = v4Address(await w.runtime.addNetworkList(w.list, w.rt(c, i + 1)));
            const owner = [...held].find(([, a]) => a === address);
            if (owner) failures.push(`container ${i} got ${address}, still held by container ${owner[0]}`);
            held.set(i, address);
          }
        } catch (err) {
          failures.push(`container ${i}: ${err instanceof Error ? err.message : err}`);
        } finally {
          busy.delete(i);
        }
      };
      await pooled(Array.from({ length: steps }, () => step), Math.min(CONCURRENCY, pool - 1));
      for (const i of [...held.keys()]) {
        await w.runtime.delNetworkList(w.list, w.rt(containers[i] as TestNetns, i + 1));
        held.delete(i);
      }
      assert.deepEqual(failures, [], `interleaved load (replay with CNI_FUZZ_SEED=${seed})`);
      assert.deepEqual(diffSnapshots(baseline, await w.snapshot()), [], `nothing left behind (seed ${seed})`);
    } finally {
      for (const c of containers) c[Symbol.dispose]();
    }
  },
});
