/**
 * The full chain bridge → portmap → bandwidth → tuning (those registered) through our cnitool: our plugins exec'd,
 * our plugins in-process (`cnitool --in-process`), and Debian's plugins (CNI_PATH=/usr/lib/cni) exec'd by the same
 * cnitool. cnitool starts inside a throwaway bench "host" namespace, so bridges, iptables rules and qdiscs go away
 * with it.
 * @module
 */
import { join } from "node:path";
import { createNamedNetns, deleteNamedNetns } from "../netlink/mod.ts";
import { findPlugin } from "../plugins/registry.ts";
import { execOk } from "./exec_plugin.ts";
import { alternate, type Contender, type Figure } from "./figure.ts";
import type { FigureOptions } from "./plugin_figures.ts";
import { CHILD_PATH, exists, REFERENCE_DIR, type Subject } from "./subjects.ts";

const CHAIN = ["bridge", "portmap", "bandwidth", "tuning"] as const;
const NETWORK = "cnit-bench-chain";

function chainPlugin(type: string, index: number, dataDir: string): Record<string, unknown> {
  switch (type) {
    case "bridge": {
      const ipam = { type: "host-local", subnet: `10.220.${index}.0/24`, dataDir };
      return { type, bridge: `cnitc${index}`, isGateway: true, ipMasq: true, ipam };
    }
    case "portmap":
      return { type, capabilities: { portMappings: true } };
    case "bandwidth":
      return { type, ingressRate: 8_000_000, ingressBurst: 80_000, egressRate: 8_000_000, egressBurst: 80_000 };
    default:
      return { type, mtu: 1400 };
  }
}

/** The chain figure, or a message saying why it is skipped. */
export async function chainFigure(list: Subject[], options: FigureOptions): Promise<Figure | string> {
  const plugins = CHAIN.filter((name) => findPlugin(name));
  if (!plugins.includes("bridge")) return "chain: skipped, bridge is not registered";
  const ours = list.find((subject) => subject.name.startsWith("ours"));
  if (!ours) return "chain: skipped, no launcher";
  const cnitool = join(ours.binDir, "cnitool");
  const modes: { name: string; cniPath: string; flags: string[] }[] = [
    ...list.filter((s) => s.name !== "reference").map((s) => ({
      name: `${s.name}, exec`,
      cniPath: s.binDir,
      flags: [],
    })),
    { name: "ours, cnitool --in-process", cniPath: ours.binDir, flags: ["--in-process"] },
  ];
  if (await exists(join(REFERENCE_DIR, "bridge"))) modes.push({ name: "reference", cniPath: REFERENCE_DIR, flags: [] });
  const tag = `${Deno.pid}`;
  const namespaces: string[] = [];
  try {
    const contenders: Contender[] = [];
    for (const [index, mode] of modes.entries()) {
      const host = createNamedNetns(`cnit-bh${index}-${tag}`);
      namespaces.push(host);
      const container = createNamedNetns(`cnit-bc${index}-${tag}`);
      namespaces.push(container);
      const confDir = join(options.work, `chain-${index}`);
      await Deno.mkdir(confDir, { recursive: true });
      const conflist = {
        cniVersion: "1.0.0",
        name: NETWORK,
        plugins: plugins.map((type) => chainPlugin(type, index, join(confDir, "ipam"))),
      };
      await Deno.writeTextFile(join(confDir, `${NETWORK}.conflist`), JSON.stringify(conflist));
      const env = {
        NETCONFPATH: confDir,
        CNI_PATH: mode.cniPath,
        CNI_CACHE_DIR: join(confDir, "cache"),
        CNI_IFNAME: "eth0",
        CAP_ARGS: JSON.stringify({ portMappings: [{ hostPort: 18080 + index, containerPort: 80, protocol: "tcp" }] }),
        PATH: CHILD_PATH,
      };
      const verb = (command: string) =>
        execOk({ path: cnitool, args: [...mode.flags, command, NETWORK, container], env, netns: host }, `${mode.name}`);
      contenders.push({ name: mode.name, iteration: async () => (await verb("add")) + (await verb("del")) });
    }
    return await alternate(`chain ${plugins.join(" → ")} ADD+DEL via our cnitool`, contenders, {
      runs: options.runs,
      reproduce: `deno task bench --only chain --runs ${options.runs}`,
    });
  } finally {
    for (const ns of namespaces.reverse()) deleteNamedNetns(ns);
  }
}
