/**
 * The flannel meta plugin (flannel-io/cni-plugin, Linux): reads the node's lease from subnet.env, builds a delegate
 * config (bridge + host-local by default), saves it under `dataDir` and delegates ADD to it; DEL delegates the saved
 * config back and then forgets it.
 * @module
 */
import { CniError, ERR_DECODE, parseResult, type Plugin, type PluginContext, type Result } from "../../cni/mod.ts";
import { FlannelConfig } from "./config.ts";
import { runDelegate } from "./delegate.ts";
import { buildDelegateConfig, formatDelegateConfig } from "./delegate_config.ts";
import { readScratch, removeScratch, saveScratch } from "./scratch_store.ts";
import { loadSubnetEnv } from "./subnet_env.ts";

/** The flannel plugin. CHECK is a no-op, as in the reference. */
export const flannel: Plugin<FlannelConfig> = {
  type: "flannel",
  description: "delegate to bridge (or another plugin) with the node's flannel lease",
  config: FlannelConfig,
  add: addFlannel,
  del: delFlannel,
  check() {},
};

async function addFlannel(ctx: PluginContext<FlannelConfig>): Promise<Result> {
  const env = loadSubnetEnv(ctx.config.subnetFile);
  const delegate = buildDelegateConfig({ config: ctx.config, env, rawCniVersion: rawCniVersion(ctx.stdin) });
  const bytes = new TextEncoder().encode(formatDelegateConfig(delegate));
  await saveScratch(ctx.config.dataDir, { containerId: ctx.containerId, bytes });
  const stdout = await runDelegate(ctx, { command: "ADD", type: String(delegate.type), stdin: bytes });
  return parseDelegateResult(stdout, ctx.cniVersion);
}

/** DEL: no saved config means nothing was set up (success); the saved file is removed only after the delegate succeeds. */
async function delFlannel(ctx: PluginContext<FlannelConfig>): Promise<void> {
  const bytes = await readScratch(ctx.config.dataDir, ctx.containerId);
  if (bytes === undefined) return;
  const type = delegateType(bytes);
  if (type !== undefined) await runDelegate(ctx, { command: "DEL", type, stdin: bytes });
  await removeScratch(ctx.config.dataDir, ctx.containerId);
}

/** The saved config's `type`; undefined when the file is not a config (the reference then gives up quietly). */
function delegateType(bytes: Uint8Array): string | undefined {
  try {
    const saved: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof saved !== "object" || saved === null) return undefined;
    const type = (saved as Record<string, unknown>).type;
    return typeof type === "string" ? type : undefined;
  } catch {
    return undefined;
  }
}

function rawCniVersion(stdin: Uint8Array): string {
  try {
    const raw: unknown = JSON.parse(new TextDecoder().decode(stdin));
    const version = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).cniVersion : undefined;
    return typeof version === "string" ? version : "";
  } catch {
    return "";
  }
}

function parseDelegateResult(stdout: Uint8Array, cniVersion: string): Result {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(stdout));
  } catch (err) {
    throw new CniError(ERR_DECODE, `Cannot parse the delegate's result: ${(err as Error).message}`, { cause: err });
  }
  return parseResult(json, cniVersion, { what: "delegate result" });
}
