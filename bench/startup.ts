/**
 * Start-up benchmark: `CNI_COMMAND=VERSION` exec'd N times, ours (fresh bundle, and `dist/cni` when built) against
 * the Debian reference loopback, alternating, printing medians and the ratio ours/reference.
 *
 * Run: `deno run -A bench/startup.ts [--runs 40]`
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { launchers } from "../tests/fixtures/launcher.ts";

const REFERENCE_DIR = "/usr/lib/cni";

/** Median of `values` (not mutated). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeVersion(path: string): Promise<number> {
  const start = performance.now();
  const child = new Deno.Command(path, {
    env: { CNI_COMMAND: "VERSION" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode('{"cniVersion":"1.0.0"}'));
  await writer.close();
  const out = await child.output();
  const elapsed = performance.now() - start;
  if (!out.success) throw new Error(`${path} VERSION failed: ${new TextDecoder().decode(out.stdout)}`);
  return elapsed;
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { runs: { type: "string", default: "40" } } });
  const runs = Number(values.runs);
  const subjects: { name: string; path: string; times: number[] }[] = [];
  for (const launcher of await launchers()) {
    subjects.push({ name: `ours (${launcher.name})`, path: join(launcher.binDir, "loopback"), times: [] });
  }
  const reference = join(REFERENCE_DIR, "loopback");
  const hasReference = await Deno.stat(reference).then(() => true, () => false);
  if (hasReference) subjects.push({ name: "reference (Go)", path: reference, times: [] });
  for (const subject of subjects) await timeVersion(subject.path); // warm the page cache
  for (let i = 0; i < runs; i++) {
    for (const subject of subjects) subject.times.push(await timeVersion(subject.path));
  }
  const ref = hasReference ? median(subjects.at(-1)!.times) : undefined;
  console.log(`VERSION exec, median of ${runs} runs (alternating):`);
  for (const subject of subjects) {
    const m = median(subject.times);
    const ratio = ref ? `  ratio ${(m / ref).toFixed(2)}` : "";
    console.log(`  ${subject.name.padEnd(20)} ${m.toFixed(1).padStart(7)} ms${ratio}`);
  }
  console.log("reproduce: deno run -A bench/startup.ts --runs " + runs);
}
