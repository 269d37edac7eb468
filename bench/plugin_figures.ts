/**
 * Single-plugin figures, each ours against the reference, alternating: VERSION exec, loopback ADD+DEL, bridge with
 * host-local ADD+DEL and ptp with host-local ADD+DEL. ADD/DEL run in throwaway namespaces (a bench "host" and a
 * container, `cnit-` names), removed in `finally`.
 * @module
 */
import { join } from "node:path";
import { createNamedNetns, deleteNamedNetns } from "../netlink/mod.ts";
import { findPlugin } from "../plugins/registry.ts";
import { execOk, execTimed } from "./exec_plugin.ts";
import { alternate, type Contender, type Figure } from "./figure.ts";
import { CHILD_PATH, exists, type Subject } from "./subjects.ts";

/** Options every figure takes. */
export interface FigureOptions {
  /** Rounds after warm-up. */
  runs: number;
  /** Scratch directory (removed by the caller). */
  work: string;
}

/** `CNI_COMMAND=VERSION` exec of loopback; also the floor: `deno run --no-config` of an empty script. */
export async function versionFigure(list: Subject[], options: FigureOptions): Promise<Figure> {
  const contenders: Contender[] = list.map((subject) => ({
    name: subject.name,
    iteration: () =>
      execOk({
        path: join(subject.binDir, "loopback"),
        env: { CNI_COMMAND: "VERSION" },
        stdin: '{"cniVersion":"1.0.0"}',
      }, `${subject.name} loopback VERSION`),
  }));
  const empty = join(options.work, "empty.js");
  await Deno.writeTextFile(empty, "\n");
  contenders.push({
    name: "floor: deno run empty.js",
    iteration: () => execOk({ path: Deno.execPath(), args: ["run", "--no-config", "--quiet", empty] }, "deno run"),
  });
  return await alternate("VERSION exec, loopback", contenders, {
    runs: options.runs,
    reproduce: `deno task bench --only version --runs ${options.runs}`,
  });
}

/** Which single-plugin ADD+DEL figures exist. */
export type PluginFigureName = "loopback" | "bridge" | "ptp";

/** The config a figure sends, per subject (distinct bridges and subnets, one host-local dataDir each). */
function pluginConfig(name: PluginFigureName, index: number, dataDir: string): Record<string, unknown> {
  const base = { cniVersion: "1.0.0", name: `cnit-bench-${name}` };
  const ipam = { type: "host-local", subnet: `10.210.${index}.0/24`, dataDir };
  if (name === "loopback") return { ...base, type: "loopback" };
  if (name === "bridge") return { ...base, type: "bridge", bridge: `cnitb${index}`, isGateway: true, ipam };
  return { ...base, type: "ptp", ipam };
}

/** ADD then DEL of one plugin (loopback alone, or bridge/ptp with host-local), per subject, alternating. */
export async function pluginAddDelFigure(
  name: PluginFigureName,
  list: Subject[],
  options: FigureOptions,
): Promise<Figure | string> {
  if (!findPlugin(name)) return `${name} ADD+DEL: skipped, "${name}" is not in plugins/registry.ts yet`;
  const usable: Subject[] = [];
  for (const subject of list) if (await exists(join(subject.binDir, name))) usable.push(subject);
  const tag = `${Deno.pid}`;
  const namespaces: string[] = [];
  try {
    const contenders = usable.map((subject, index): Contender => {
      const host = createNamedNetns(`cnit-bh${index}-${tag}`);
      namespaces.push(host);
      const container = createNamedNetns(`cnit-bc${index}-${tag}`);
      namespaces.push(container);
      const config = JSON.stringify(pluginConfig(name, index, join(options.work, `${name}-${index}`)));
      const env = (command: string) => ({
        CNI_COMMAND: command,
        CNI_CONTAINERID: `cnit-bench-${index}`,
        CNI_NETNS: container,
        CNI_IFNAME: name === "loopback" ? "lo" : "eth0",
        CNI_PATH: subject.binDir,
        PATH: CHILD_PATH,
      });
      const path = join(subject.binDir, name);
      return {
        name: subject.name,
        iteration: async () => {
          const add = await execOk({ path, env: env("ADD"), stdin: config, netns: host }, `${subject.name} ADD`);
          const del = await execOk({ path, env: env("DEL"), stdin: config, netns: host }, `${subject.name} DEL`);
          return add + del;
        },
      };
    });
    const what = name === "loopback" ? "loopback ADD+DEL" : `${name} + host-local ADD+DEL`;
    return await alternate(what, contenders, {
      runs: options.runs,
      reproduce: `deno task bench --only ${name} --runs ${options.runs}`,
    });
  } finally {
    for (const ns of namespaces.reverse()) deleteNamedNetns(ns);
  }
}

/** Peak RSS (max resident set, from GNU time's %M) of one ADD of `name`, per subject; DEL after each. */
export async function peakRssFigure(
  name: PluginFigureName,
  list: Subject[],
  options: FigureOptions,
): Promise<Figure | string> {
  const time = "/usr/bin/time";
  if (!(await exists(time))) return `peak RSS: skipped, ${time} is not installed`;
  if (!findPlugin(name)) return `peak RSS of ${name} ADD: skipped, "${name}" is not registered`;
  const tag = `${Deno.pid}`;
  const namespaces: string[] = [];
  try {
    const rows: { name: string; value: number }[] = [];
    for (const [index, subject] of list.entries()) {
      const host = createNamedNetns(`cnit-bh${index}-${tag}`);
      namespaces.push(host);
      const container = createNamedNetns(`cnit-bc${index}-${tag}`);
      namespaces.push(container);
      const config = JSON.stringify(pluginConfig(name, index, join(options.work, `rss-${name}-${index}`)));
      const env = (command: string) => ({
        CNI_COMMAND: command,
        CNI_CONTAINERID: `cnit-bench-${index}`,
        CNI_NETNS: container,
        CNI_IFNAME: name === "loopback" ? "lo" : "eth0",
        CNI_PATH: subject.binDir,
        PATH: CHILD_PATH,
      });
      const samples: number[] = [];
      for (let i = 0; i < Math.min(options.runs, 7); i++) {
        const args = ["-f", "cnit-rss %M", join(subject.binDir, name)];
        const out = await execTimed({ path: time, args, env: env("ADD"), stdin: config, netns: host });
        const kib = Number(/cnit-rss (\d+)/.exec(out.stderr)?.[1]);
        if (out.code !== 0 || !Number.isFinite(kib)) throw new Error(`${subject.name} ADD failed: ${out.stdout}`);
        samples.push(kib / 1024);
        await execOk({ path: join(subject.binDir, name), env: env("DEL"), stdin: config, netns: host }, "DEL");
      }
      samples.sort((a, b) => a - b);
      rows.push({ name: subject.name, value: samples[Math.floor(samples.length / 2)]! });
    }
    return {
      title: `peak RSS of one ${name} ADD (max resident set, median of ${Math.min(options.runs, 7)})`,
      rows,
      unit: "MiB",
      reproduce: `deno task bench --only rss --runs ${options.runs}`,
    };
  } finally {
    for (const ns of namespaces.reverse()) deleteNamedNetns(ns);
  }
}
