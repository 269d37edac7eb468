/**
 * Benchmark: does an ADD get slower as a host-local network fills up? Allocates one by one in a /18 and prints the
 * median time per allocation of the first 100 and the last 100, for our plugin (in process, through the disk store)
 * and for Debian's /usr/lib/cni/host-local (exec'd, fewer iterations because exec is slow), side by side.
 *
 * Run: `deno run -A bench/host_local_alloc.ts [ours=5000] [reference=1000]`
 * @module
 */
import { join } from "node:path";
import type { PluginContext } from "../cni/mod.ts";
import { hostLocal, type HostLocalConfig } from "../ipam/host_local/mod.ts";

const REFERENCE = "/usr/lib/cni/host-local";
const WINDOW = 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function config(dataDir: string): Record<string, unknown> {
  return { cniVersion: "1.0.0", name: "cnit-bench", ipam: { type: "host-local", subnet: "10.200.0.0/18", dataDir } };
}

async function benchOurs(count: number, dataDir: string): Promise<number[]> {
  const raw = config(dataDir);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const parsed = hostLocal.config.parse(raw);
    const ctx: PluginContext<HostLocalConfig> = {
      command: "ADD",
      config: parsed,
      cniVersion: parsed.cniVersion,
      network: parsed.name,
      containerId: `bench${i}`,
      netns: "",
      ifname: "eth0",
      args: [],
      path: [],
      prevResult: undefined,
      validAttachments: [],
      stdin: new Uint8Array(),
      env: {},
    };
    const start = performance.now();
    await hostLocal.add(ctx);
    times.push(performance.now() - start);
  }
  return times;
}

async function benchReference(count: number, dataDir: string): Promise<number[]> {
  const stdin = new TextEncoder().encode(JSON.stringify(config(dataDir)));
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const child = new Deno.Command(REFERENCE, {
      env: {
        CNI_COMMAND: "ADD",
        CNI_CONTAINERID: `bench${i}`,
        CNI_NETNS: "/dev/null",
        CNI_IFNAME: "eth0",
        CNI_PATH: "/usr/lib/cni",
      },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
    const out = await child.output();
    times.push(performance.now() - start);
    if (!out.success) throw new Error(`Cannot run ${REFERENCE}: ${new TextDecoder().decode(out.stdout)}`);
  }
  return times;
}

function report(name: string, times: number[]): void {
  const first = median(times.slice(0, WINDOW));
  const last = median(times.slice(-WINDOW));
  const line = `${name.padEnd(22)} n=${String(times.length).padStart(5)}  first-${WINDOW} median ${
    first.toFixed(3).padStart(8)
  } ms  last-${WINDOW} median ${last.toFixed(3).padStart(8)} ms  last/first ${(last / first).toFixed(2)}x`;
  console.log(line);
}

if (import.meta.main) {
  const ours = Number(Deno.args[0] ?? 5000);
  const reference = Number(Deno.args[1] ?? 1000);
  const root = await Deno.makeTempDir({ prefix: "cnit-bench-" });
  try {
    await benchOurs(200, join(root, "warmup")); // JIT warm-up, so the first window measures the store, not V8
    const oursTimes = await benchOurs(ours, join(root, "ours"));
    report("ours (in process)", oursTimes);
    const hasReference = await Deno.stat(REFERENCE).then(() => true, () => false);
    if (hasReference && reference > 0) report("reference (exec)", await benchReference(reference, join(root, "ref")));
    else console.log(`reference (exec)       skipped: ${REFERENCE} not found`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}
