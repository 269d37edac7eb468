/**
 * `cnitool version [NETNAME]`: without a network, the spec versions this implementation speaks; with one, the
 * VERSION answer of every plugin of that network (exec'd or in-process, as the other verbs would run them).
 * @module
 */
import { CURRENT_VERSION, SPEC_VERSIONS } from "../../cni/mod.ts";
import type { CnitoolIo } from "./cnitool_io.ts";
import { loadNetwork, type NetworkFlags, runtimeFor } from "./network_command.ts";

/** Prints version information; throws when a plugin cannot be probed. */
export async function runVersion(
  network: string | undefined,
  options: { flags: NetworkFlags; io: CnitoolIo },
): Promise<number> {
  const { io } = options;
  if (network === undefined) {
    io.out(`cnitool: CNI spec ${CURRENT_VERSION}; supported versions: ${SPEC_VERSIONS.join(", ")}\n`);
    return 0;
  }
  const list = await loadNetwork(network, io);
  const runtime = runtimeFor(options.flags, io);
  io.out(`network "${list.name}" (${list.cniVersion}):\n`);
  for (const plugin of list.plugins) {
    const info = await runtime.getVersionInfo(plugin.type);
    const supports = info.supportedVersions.includes(list.cniVersion) ? "" : `  (does not support ${list.cniVersion})`;
    io.out(`  ${plugin.type}: ${info.supportedVersions.join(", ")}${supports}\n`);
  }
  return 0;
}
