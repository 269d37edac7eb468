/**
 * `deno task bench`: our plugins side by side with Debian's containernetworking-plugins in one run, alternating, with
 * medians and the ratio ours/reference for each figure and the command that reproduces it. Root only (namespaces).
 *
 * Run: `deno task bench [--runs 20] [--only version,loopback,bridge,ptp,chain,rss,host-local]`
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chainFigure } from "./chain_figure.ts";
import { type Figure, formatFigure } from "./figure.ts";
import { peakRssFigure, pluginAddDelFigure, versionFigure } from "./plugin_figures.ts";
import { subjects } from "./subjects.ts";

const FIGURES = ["version", "loopback", "bridge", "ptp", "chain", "rss", "host-local"] as const;

async function hostLocalFigure(): Promise<string> {
  const script = join(import.meta.dirname ?? ".", "host_local_alloc.ts");
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, "5000", "1000"],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trimEnd();
  return [
    "host-local allocation cost, one /18 filled to 5,000 leases (first 100 vs last 100)",
    text.split("\n").map((line) => `  ${line}`).join("\n"),
    `  reproduce: deno run -A bench/host_local_alloc.ts 5000 1000`,
  ].join("\n");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { runs: { type: "string", default: "20" }, only: { type: "string", default: FIGURES.join(",") } },
  });
  const runs = Number(values.runs);
  const only = new Set(values.only.split(","));
  if (Deno.uid() !== 0) {
    console.error("bench: needs root (it creates throwaway network namespaces)");
    Deno.exit(1);
  }
  const cores = navigator.hardwareConcurrency;
  const memory = (Deno.systemMemoryInfo().total / 2 ** 30).toFixed(0);
  console.log(`# bench ${new Date().toISOString()}, ${cores} cores, ${memory} GiB, deno ${Deno.version.deno}`);
  console.log(`# load average ${Deno.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  const work = await Deno.makeTempDir({ prefix: "cnit-bench-" });
  try {
    const list = await subjects();
    const options = { runs, work };
    const steps: [string, () => Promise<Figure | string>][] = [
      ["version", () => versionFigure(list, options)],
      ["loopback", () => pluginAddDelFigure("loopback", list, options)],
      ["bridge", () => pluginAddDelFigure("bridge", list, options)],
      ["ptp", () => pluginAddDelFigure("ptp", list, options)],
      ["chain", () => chainFigure(list, options)],
      ["rss", () => peakRssFigure("loopback", list, options)],
      ["rss", () => peakRssFigure("bridge", list, options)],
      ["host-local", hostLocalFigure],
    ];
    for (const [name, step] of steps) {
      if (!only.has(name)) continue;
      try {
        const figure = await step();
        console.log(typeof figure === "string" ? figure : formatFigure(figure), "\n");
      } catch (err) {
        console.log(`${name}: failed: ${(err as Error).message}\n`);
      }
    }
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}
