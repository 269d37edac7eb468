/**
 * `cnitool validate FILE|NETNAME`: parses a conflist (a file, or a network found in NETCONFPATH) and checks each
 * plugin's config, as the runtime would send it, against that plugin's zod schema. Every problem is printed with
 * its field path (`plugins[1].ipam.ranges[0][0].subnet: …`). Plugins that are not ours are reported and skipped.
 * @module
 */
import {
  buildPluginConfig,
  foldKeys,
  foldKeysDeep,
  formatIssuePath,
  netconfShape,
  type Plugin,
  type PluginConf,
} from "../../cni/mod.ts";
import { findPlugin, type PluginEntry } from "../../plugins/registry.ts";
import { confListFromFile, confListFromSingle, type NetworkConfigList, pluginConfFromBytes } from "../conf.ts";
import type { CnitoolIo } from "./cnitool_io.ts";
import { loadNetwork } from "./network_command.ts";

/** Looks a plugin type up among the built-in plugins (the registry by default; tests inject their own). */
export type PluginLookup = (type: string) => Pick<PluginEntry, "load"> | undefined;

/** Validates one conflist; prints problems on stderr and a summary on stdout. Returns 0 when valid, else 1. */
export async function runValidate(
  target: string | undefined,
  options: { io: CnitoolIo; lookup?: PluginLookup },
): Promise<number> {
  const { io, lookup = findPlugin } = options;
  if (target === undefined) throw new Error("validate requires a conflist file or a network name");
  const list = await loadTarget(target, io);
  const problems: string[] = [];
  const skipped: string[] = [];
  for (const [index, conf] of list.plugins.entries()) {
    const entry = lookup(conf.type);
    if (entry === undefined) {
      skipped.push(`plugins[${index}]: type "${conf.type}" is not built in; not checked`);
      continue;
    }
    problems.push(...checkPlugin(await entry.load(), list, { conf, index }));
  }
  for (const line of skipped) io.err(`${line}\n`);
  if (problems.length > 0) {
    io.err(`Cannot validate "${target}": ${problems.length} problem(s)\n`);
    for (const line of problems) io.err(`${line}\n`);
    return 1;
  }
  io.out(`${target}: network "${list.name}" (${list.cniVersion}), ${list.plugins.length} plugin(s), valid\n`);
  return 0;
}

/** The problems of one plugin's config: each zod issue with its path below `plugins[index]`. */
export function checkPlugin(
  plugin: Plugin<unknown>,
  list: NetworkConfigList,
  options: { conf: PluginConf; index: number },
): string[] {
  const config = buildPluginConfig(list, options.conf);
  // Go decodes keys case-insensitively; the skel folds them to the schema's spelling before parsing, and so do we.
  const folded = foldKeys(foldKeysDeep(config, plugin.config), Object.keys(netconfShape));
  const parsed = plugin.config.safeParse(folded);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = issue.path.length === 0 ? "" : formatIssuePath(issue.path);
    const where = path === ""
      ? `plugins[${options.index}]`
      : `plugins[${options.index}]${path.startsWith("[") ? "" : "."}${path}`;
    return `${where}: ${issue.message}`;
  });
}

async function loadTarget(target: string, io: CnitoolIo): Promise<NetworkConfigList> {
  let isFile = false;
  try {
    isFile = (await Deno.stat(target)).isFile;
  } catch {
    // not a file: a network name
  }
  if (!isFile) return await loadNetwork(target, io);
  if (target.endsWith(".conflist")) return await confListFromFile(target);
  const bytes = await Deno.readFile(target);
  const raw: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (typeof raw === "object" && raw !== null && "plugins" in raw) return await confListFromFile(target);
  return confListFromSingle(pluginConfFromBytes(bytes));
}
