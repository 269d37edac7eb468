/**
 * Runs flannel's delegate: in-process when the type is one of ours (through the plugin registry and the skel, so the
 * delegate is judged exactly as an exec would be), else by exec from CNI_PATH, as Go's `invoke.DelegateAdd/Del` do.
 * @module
 */
import { decodePluginOutcome, execPlugin, findInPath, invokePlugin, type PluginContext } from "../../cni/mod.ts";

/** One delegated call. */
export interface DelegateCall {
  /** CNI_COMMAND for the delegate; the other CNI_* variables are flannel's own. */
  command: "ADD" | "DEL" | "GC" | "STATUS";
  /** The delegate's CNI type. */
  type: string;
  /** The delegate's config bytes (its stdin). */
  stdin: Uint8Array;
}

/**
 * Runs the delegate with flannel's environment and CNI_COMMAND replaced; returns its stdout. Throws the delegate's
 * CniError (its own code and message) or CniError 999 when it cannot be found.
 */
export async function runDelegate(ctx: PluginContext<unknown>, call: DelegateCall): Promise<Uint8Array> {
  const env: Record<string, string> = {
    ...ctx.env,
    CNI_COMMAND: call.command,
    CNI_CONTAINERID: ctx.containerId,
    CNI_NETNS: ctx.netns,
    CNI_IFNAME: ctx.ifname,
    CNI_ARGS: ctx.args.map(([k, v]) => `${k}=${v}`).join(";"),
    CNI_PATH: ctx.path.join(":"),
  };
  const { findPlugin } = await import("../registry.ts");
  const entry = findPlugin(call.type);
  if (entry) {
    const outcome = await invokePlugin(await entry.load(), { env, stdin: call.stdin });
    const encoder = new TextEncoder();
    return decodePluginOutcome({
      stdout: encoder.encode(outcome.stdout),
      stderr: encoder.encode(outcome.stderr),
      exitCode: outcome.exitCode,
    });
  }
  const pluginPath = findInPath(call.type, ctx.path);
  return await execPlugin(pluginPath, {
    command: call.command,
    containerId: ctx.containerId,
    netns: ctx.netns,
    ifname: ctx.ifname,
    args: ctx.args,
    path: ctx.path,
    stdin: call.stdin,
    env,
  });
}
