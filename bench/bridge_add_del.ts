/**
 * Benchmark: wall time of one bridge ADD + DEL with host-local IPAM, our bundled binary (run as `bridge` through an
 * argv0 symlink) against Debian's /usr/lib/cni/bridge + host-local, alternating in the same run. Everything happens
 * in throwaway namespaces (a bench "host" and one container), never on the real host. Root only.
 *
 * Run: `deno run -A bench/bridge_add_del.ts [--runs 30] [--masq]`
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createNamedNetns, deleteNamedNetns, withNetns } from "../netlink/mod.ts";
import { launchers } from "../tests/fixtures/launcher.ts";

const REFERENCE = "/usr/lib/cni/bridge";

interface Contender {
  name: string;
  executable: string;
  args: string[];
  cniPath: string;
  config: Record<string, unknown>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function bridgeConfig(bridge: string, subnet: string, dataDir: string, masq: boolean): Record<string, unknown> {
  return {
    cniVersion: "1.0.0",
    name: `cnit-bench-${bridge}`,
    type: "bridge",
    bridge,
    isGateway: true,
    ipMasq: masq,
    ipam: { type: "host-local", subnet, dataDir },
  };
}

async function run(host: string, contender: Contender, command: string, container: string): Promise<void> {
  const child = withNetns(host, () =>
    new Deno.Command(contender.executable, {
      args: contender.args,
      env: {
        CNI_COMMAND: command,
        CNI_CONTAINERID: "cnit-bench",
        CNI_NETNS: container,
        CNI_IFNAME: "eth0",
        CNI_PATH: contender.cniPath,
      },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn());
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(contender.config)));
  await writer.close();
  const out = await child.output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    throw new Error(`${contender.name} ${command} failed: ${text}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "30" }, masq: { type: "boolean" } } });
  const runs = Number(values.runs);
  const masq = values.masq ?? false;
  const work = await Deno.makeTempDir({ prefix: "cnit-bench-" });
  const tag = `${Deno.pid}`;
  const host = createNamedNetns(`cnit-bench-host-${tag}`);
  const container = createNamedNetns(`cnit-bench-c-${tag}`);
  try {
    // The artifact the tests and `deno task bench` run: the code-split bundle with the binary's V8 flags.
    const [launcher] = await launchers();
    const contenders: Contender[] = [
      {
        name: "ours",
        executable: join(launcher!.binDir, "bridge"),
        args: [],
        cniPath: launcher!.binDir,
        config: bridgeConfig("cnitbo", "10.201.0.0/24", join(work, "ours"), masq),
      },
      {
        name: "reference",
        executable: REFERENCE,
        args: [],
        cniPath: "/usr/lib/cni",
        config: bridgeConfig("cnitbr", "10.202.0.0/24", join(work, "reference"), masq),
      },
    ];
    const times = new Map(contenders.map((c) => [c.name, [] as number[]]));
    for (const c of contenders) { // warm-up: bridges exist, caches are hot
      await run(host, c, "ADD", container);
      await run(host, c, "DEL", container);
    }
    for (let i = 0; i < runs; i++) {
      for (const c of i % 2 === 0 ? contenders : [...contenders].reverse()) {
        const start = performance.now();
        await run(host, c, "ADD", container);
        await run(host, c, "DEL", container);
        times.get(c.name)?.push(performance.now() - start);
      }
    }
    const ours = median(times.get("ours") ?? []);
    const reference = median(times.get("reference") ?? []);
    console.log(`bridge ADD+DEL, host-local, ${runs} runs each${masq ? ", ipMasq" : ""}:`);
    console.log(`  ours (${launcher!.name}):         median ${ours.toFixed(1)} ms`);
    console.log(`  reference (Debian Go):  median ${reference.toFixed(1)} ms`);
    console.log(`  ratio ours/reference:   ${(ours / reference).toFixed(2)}`);
  } finally {
    deleteNamedNetns(container);
    deleteNamedNetns(host);
    await Deno.remove(work, { recursive: true });
  }
}

if (import.meta.main) await main();
