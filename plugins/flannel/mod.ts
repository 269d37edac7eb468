/**
 * The flannel meta plugin (flannel-io/cni-plugin, Linux): reads the node's lease from subnet.env, builds a delegate
 * config (bridge + host-local by default), saves it under `dataDir` and delegates ADD to it; DEL delegates the saved
 * config back and then forgets it.
 * @module
 */
import {
  CniError,
  ERR_DECODE,
  ERR_PLUGIN_NOT_AVAILABLE,
  parseResult,
  type Plugin,
  type PluginContext,
  type Result,
} from "../../cni/mod.ts";
import { FlannelConfig } from "./config.ts";
import { runDelegate } from "./delegate.ts";
import { buildDelegateConfig, formatDelegateConfig } from "./delegate_config.ts";
import { readScratch, removeScratch, savedContainerIds, saveScratch } from "./scratch_store.ts";
import { loadSubnetEnv } from "./subnet_env.ts";

/**
 * The flannel plugin. CHECK is a no-op, as in the reference. GC and STATUS go beyond it (the spec asks meta plugins
 * to forward both to their delegate): STATUS reports code 50 until subnet.env can be read, then asks the delegate;
 * GC forwards the valid attachments to the delegate and then forgets the saved configs of every other container.
 */
export const flannel: Plugin<FlannelConfig> = {
  type: "flannel",
  description: "delegate to bridge (or another plugin) with the node's flannel lease",
  config: FlannelConfig,
  add: addFlannel,
  del: delFlannel,
  check() {},
  gc: gcFlannel,
  status: statusFlannel,
};

/** The delegate config for the current lease, as ADD would build it. */
function currentDelegate(ctx: PluginContext<FlannelConfig>): Record<string, unknown> {
  const env = loadSubnetEnv(ctx.config.subnetFile);
  return buildDelegateConfig({ config: ctx.config, env, rawCniVersion: rawCniVersion(ctx.stdin) });
}

async function statusFlannel(ctx: PluginContext<FlannelConfig>): Promise<void> {
  let delegate: Record<string, unknown>;
  try {
    delegate = currentDelegate(ctx);
  } catch (err) {
    throw new CniError(ERR_PLUGIN_NOT_AVAILABLE, `flannel is not ready: ${(err as Error).message}`, { cause: err });
  }
  const bytes = new TextEncoder().encode(formatDelegateConfig(delegate));
  await runDelegate(ctx, { command: "STATUS", type: String(delegate.type), stdin: bytes });
}

async function gcFlannel(ctx: PluginContext<FlannelConfig>): Promise<void> {
  const delegate = currentDelegate(ctx);
  delegate["cni.dev/valid-attachments"] = ctx.validAttachments;
  delegate["cni.dev/attachments"] = ctx.validAttachments;
  const bytes = new TextEncoder().encode(formatDelegateConfig(delegate));
  await runDelegate(ctx, { command: "GC", type: String(delegate.type), stdin: bytes });
  const valid = new Set(ctx.validAttachments.map((attachment) => attachment.containerID));
  for (const containerId of await savedContainerIds(ctx.config.dataDir)) {
    if (!valid.has(containerId)) await removeScratch(ctx.config.dataDir, containerId);
  }
}

async function addFlannel(ctx: PluginContext<FlannelConfig>): Promise<Result> {
  const delegate = currentDelegate(ctx);
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
