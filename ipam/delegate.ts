/**
 * How interface plugins call their IPAM plugin (the reference's `pkg/ipam` ExecAdd/ExecDel/ExecCheck/ExecStatus,
 * plus GC). The IPAM gets the caller's exact stdin bytes and environment with CNI_COMMAND set. A type this binary
 * carries (see `registry.ts`) runs in-process through the skel, so its output and errors are byte-identical to an
 * exec of the same plugin; any other type is found in CNI_PATH and exec'd.
 * @module
 */
import {
  CniError,
  decodePluginOutcome,
  ERR_INVALID_NETCONF,
  execPlugin,
  findInPath,
  invokePlugin,
  parseResult,
  type PluginContext,
  pluginEnv,
  type Result,
} from "../cni/mod.ts";
import { loadIpamPlugin } from "./registry.ts";

/** Any plugin config with an optional `ipam.type`. */
export type WithIpam = { ipam?: { type?: string | undefined } | undefined };

type Command = "ADD" | "DEL" | "CHECK" | "GC" | "STATUS";

/**
 * Runs the IPAM plugin's ADD and returns its result in the current shape. `ipamType` overrides `config.ipam.type`.
 * Throws the IPAM's `CniError` unchanged; code 7 when no IPAM type is configured.
 */
export async function ipamAdd<C extends WithIpam>(ctx: PluginContext<C>, ipamType?: string): Promise<Result> {
  const stdout = await runIpam(ctx, { command: "ADD", ipamType });
  return parseResult(JSON.parse(new TextDecoder().decode(stdout)), ctx.cniVersion);
}

/** Runs the IPAM plugin's DEL (releases the container's addresses). Throws the IPAM's `CniError`. */
export async function ipamDel<C extends WithIpam>(ctx: PluginContext<C>, ipamType?: string): Promise<void> {
  await runIpam(ctx, { command: "DEL", ipamType });
}

/** Runs the IPAM plugin's CHECK. Throws the IPAM's `CniError`. */
export async function ipamCheck<C extends WithIpam>(ctx: PluginContext<C>, ipamType?: string): Promise<void> {
  await runIpam(ctx, { command: "CHECK", ipamType });
}

/** Forwards GC (with the same `cni.dev/valid-attachments` in stdin) to the IPAM plugin. */
export async function ipamGc<C extends WithIpam>(ctx: PluginContext<C>, ipamType?: string): Promise<void> {
  await runIpam(ctx, { command: "GC", ipamType });
}

/** Forwards STATUS to the IPAM plugin; throws its `CniError` (50/51) when it is not ready. */
export async function ipamStatus<C extends WithIpam>(ctx: PluginContext<C>, ipamType?: string): Promise<void> {
  await runIpam(ctx, { command: "STATUS", ipamType });
}

/** Runs one verb of the IPAM plugin and returns its stdout; failures come back as the plugin's `CniError`. */
async function runIpam<C extends WithIpam>(
  ctx: PluginContext<C>,
  options: { command: Command; ipamType: string | undefined },
): Promise<Uint8Array> {
  const type = options.ipamType ?? ctx.config.ipam?.type;
  if (!type) throw new CniError(ERR_INVALID_NETCONF, "Cannot delegate to IPAM: ipam.type is missing");
  const request = {
    command: options.command,
    containerId: ctx.containerId,
    netns: ctx.netns,
    ifname: ctx.ifname,
    args: ctx.args,
    path: ctx.path,
    env: ctx.env,
  };
  const plugin = await loadIpamPlugin(type);
  if (!plugin) return await execPlugin(findInPath(type, ctx.path), { ...request, stdin: ctx.stdin });
  const outcome = await invokePlugin(plugin, { env: pluginEnv(request), stdin: ctx.stdin });
  const encoder = new TextEncoder();
  return decodePluginOutcome({
    stdout: encoder.encode(outcome.stdout),
    stderr: encoder.encode(outcome.stderr),
    exitCode: outcome.exitCode,
  });
}
