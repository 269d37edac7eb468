/**
 * cnitool: run a network configuration against a network namespace by hand, as the reference cnitool does, plus
 * `version`, `validate` and `schema`. Reached as `cnitool …` (argv[0]) or `cni tool …`.
 * @module
 */
import { parseFlags } from "./parse_flags.ts";
import { CniError, errorText } from "../../cni/mod.ts";
import { type CnitoolIo, processIo } from "./cnitool_io.ts";
import { NETWORK_VERBS, runNetworkVerb } from "./network_command.ts";

/** Usage text. */
export const CNITOOL_USAGE = `Usage: cnitool <command> [arguments]

  add    <network> <netns> [-i|--ifname NAME]   run ADD for the network, print the result
  check  <network> <netns> [-i|--ifname NAME]   run CHECK with the cached result
  del    <network> <netns> [-i|--ifname NAME]   run DEL (reverse order) and drop the cached result
  gc     <network> <netns>                      DEL every cached attachment of the network, then GC
  status <network> <netns>                      run STATUS
  version [network]                             our spec versions, or every plugin's VERSION answer
  validate <file|network>                       check each plugin's config against its schema
  schema <plugin>                               print a built-in plugin's config as JSON Schema
  interface add|rm|update|ls|inspect <netns> …  manage a container's interfaces (cnitool interface --help)
  route add|rm|ls <netns> …                     manage a container's routes (cnitool route --help)

Flags: --cache-dir DIR (default /var/lib/cni; env CNI_CACHE_DIR), --in-process (run built-in plugins without exec)
Environment: NETCONFPATH (default /etc/cni/net.d), CNI_PATH, CNI_ARGS, CAP_ARGS (JSON), CNI_IFNAME (default eth0)
`;

/** Runs cnitool with `args` (without the program name); returns the exit code. `io` defaults to the process. */
export async function cnitoolMain(args: string[], io: CnitoolIo = processIo()): Promise<number> {
  // These parse their own flags (--name, --ip, …), so they go before the shared parser. Each command's module is
  // imported when it runs: add and del need neither netlink (interface, route) nor every schema (schema, validate).
  if (args[0] === "interface") return (await import("./interface_command.ts")).runInterfaceCommand(args.slice(1), io);
  if (args[0] === "route") return (await import("./route_command.ts")).runRouteCommand(args.slice(1), io);
  let parsed;
  try {
    parsed = parseFlags(args, {
      ifname: { type: "string", short: "i" },
      "cache-dir": { type: "string" },
      "in-process": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    });
  } catch (err) {
    io.err(`cnitool: ${(err as Error).message}\n${CNITOOL_USAGE}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (command === undefined || parsed.values.help || command === "help") {
    io[command === undefined && !parsed.values.help ? "err" : "out"](CNITOOL_USAGE);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  const flags = {
    ifname: parsed.values.ifname,
    cacheDir: parsed.values["cache-dir"],
    inProcess: parsed.values["in-process"],
  };
  try {
    if (NETWORK_VERBS.includes(command)) return await runNetworkVerb(command, rest, { flags, io });
    if (command === "version") return await (await import("./version_command.ts")).runVersion(rest[0], { flags, io });
    if (command === "validate") return await (await import("./validate_command.ts")).runValidate(rest[0], { io });
    if (command === "schema") return await (await import("./schema_command.ts")).runSchema(rest[0], { io });
    io.err(`cnitool: unknown command "${command}"\n${CNITOOL_USAGE}`);
    return 2;
  } catch (err) {
    io.err(`cnitool ${command}: ${describe(err)}\n`);
    return 1;
  }
}

function describe(err: unknown): string {
  if (err instanceof CniError) return `${errorText(err)} (code ${err.code})`;
  return err instanceof Error ? err.message : String(err);
}
