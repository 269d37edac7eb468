/**
 * `cnitool add|check|del|gc|status <network> <netns> [-i|--ifname NAME]`, as the reference cnitool (v1.3.0): the
 * network comes from NETCONFPATH, plugins from CNI_PATH, CNI_ARGS/CAP_ARGS/CNI_IFNAME from the environment, and the
 * container ID from the netns path. `add` prints the result as Go's `result.Print()` does.
 * @module
 */
import { resolvePath } from "../../fspath/mod.ts";
import { type ArgPair, formatResult } from "../../cni/mod.ts";
import { CniRuntime, type RuntimeConf } from "../cni_runtime.ts";
import { loadConfList, type NetworkConfigList } from "../conf.ts";
import type { CnitoolIo } from "./cnitool_io.ts";
import { containerIdFor } from "./container_id.ts";

/** The verbs this command runs. */
export const NETWORK_VERBS: readonly string[] = ["add", "check", "del", "gc", "status"];

/** Default NETCONFPATH. */
export const DEFAULT_NET_DIR = "/etc/cni/net.d";

/** Flags shared by the network verbs. */
export interface NetworkFlags {
  /** `-i/--ifname`; wins over CNI_IFNAME. */
  ifname?: string | undefined;
  /** `--cache-dir` (our extension; also CNI_CACHE_DIR); default /var/lib/cni. */
  cacheDir?: string | undefined;
  /** `--in-process`: run our own plugins without exec (our extension). */
  inProcess?: boolean | undefined;
}

/** Runs one network verb; returns the exit code. Errors are thrown for the caller to print. */
export async function runNetworkVerb(
  verb: string,
  positionals: readonly string[],
  options: { flags: NetworkFlags; io: CnitoolIo },
): Promise<number> {
  const [network, netns] = positionals;
  if (network === undefined || netns === undefined) {
    throw new Error(`${verb} requires <network-name> and <netns>, got ${positionals.length} argument(s)`);
  }
  const { io, flags } = options;
  const list = await loadConfList(io.env.NETCONFPATH || DEFAULT_NET_DIR, network);
  const rt = await runtimeConf(netns, flags, io.env);
  const runtime = runtimeFor(flags, io);
  switch (verb) {
    case "add": {
      const result = await runtime.addNetworkList(list, rt);
      io.out(formatResult(result, result.cniVersion));
      return 0;
    }
    case "check":
      await runtime.checkNetworkList(list, rt);
      return 0;
    case "del":
      await runtime.delNetworkList(list, rt);
      return 0;
    case "gc":
      // As the reference: no valid-attachments, so every cached attachment of this network is deleted.
      await runtime.gcNetworkList(list);
      return 0;
    default:
      await runtime.statusNetworkList(list);
      return 0;
  }
}

/** Builds a runtime from CNI_PATH and the flags; plugins get our environment as their base. */
export function runtimeFor(flags: NetworkFlags, io: CnitoolIo): CniRuntime {
  const cacheDir = flags.cacheDir || io.env.CNI_CACHE_DIR;
  return new CniRuntime({
    path: (io.env.CNI_PATH ?? "").split(":").filter((p) => p !== ""),
    env: io.env,
    ...(cacheDir && { cacheDir }),
    ...(flags.inProcess && { inProcess: true }),
  });
}

/** Loads a network by name from NETCONFPATH. */
export async function loadNetwork(network: string, io: CnitoolIo): Promise<NetworkConfigList> {
  return await loadConfList(io.env.NETCONFPATH || DEFAULT_NET_DIR, network);
}

async function runtimeConf(netns: string, flags: NetworkFlags, env: Record<string, string>): Promise<RuntimeConf> {
  const absolute = resolvePath(netns);
  const rt: RuntimeConf = {
    containerId: await containerIdFor(absolute),
    netns: absolute,
    ifname: flags.ifname || env.CNI_IFNAME || "eth0",
  };
  if (env.CNI_ARGS) rt.args = parseCnitoolArgs(env.CNI_ARGS);
  if (env.CAP_ARGS) rt.capabilityArgs = parseCapArgs(env.CAP_ARGS);
  return rt;
}

/** cnitool's CNI_ARGS parser: `K=V;K=V`, each pair with exactly one `=` and a non-empty key and value. */
export function parseCnitoolArgs(text: string): ArgPair[] {
  return text.split(";").map((pair) => {
    const kv = pair.split("=");
    if (kv.length !== 2 || !kv[0] || !kv[1]) throw new Error(`invalid CNI_ARGS pair ${JSON.stringify(pair)}`);
    return [kv[0], kv[1]] as const;
  });
}

function parseCapArgs(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`Cannot parse CAP_ARGS: ${(err as Error).message}`, { cause: err });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("Cannot parse CAP_ARGS: expected a JSON object");
  }
  return value as Record<string, unknown>;
}
