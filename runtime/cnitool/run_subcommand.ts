/**
 * {@linkcode runSubcommand}: the error and exit-status policy of `cnitool interface|route`. Output goes to stdout,
 * errors to stderr as `cnitool interface add: <message>`; bad arguments exit 2 with the usage, failures exit 1.
 * @module
 */
import type { CnitoolIo } from "./cnitool_io.ts";
import { UsageError } from "./flag_value.ts";

/** Runs `fn` for command `label` ("interface add") and turns what it throws into a message and an exit status. */
export function runSubcommand(label: string, options: { io: CnitoolIo; usage: string; fn: () => void }): number {
  const { io, usage, fn } = options;
  try {
    fn();
    return 0;
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      io.err(`cnitool ${label}: ${(err as Error).message}\n\n${usage}`);
      return 2;
    }
    io.err(`cnitool ${label}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** A command group (`interface`, `route`): its usage text and a handler per subcommand. */
export interface CommandGroup {
  /** The group's word, e.g. "interface". */
  name: string;
  /** Usage text printed for `help` and on bad arguments. */
  usage: string;
  /** Handler per subcommand, given the arguments after the subcommand's word. */
  commands: Record<string, (rest: string[], io: CnitoolIo) => void>;
}

/**
 * Runs `cnitool <group> <command> …` with `args` after the group's word: `help` prints the usage (exit 0), no command
 * prints it to stderr (exit 2), an unknown command is a usage error; the rest goes through {@linkcode runSubcommand}.
 */
export function runCommandGroup(group: CommandGroup, args: readonly string[], io: CnitoolIo): number {
  const [command, ...rest] = args;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io[command === undefined ? "err" : "out"](group.usage);
    return command === undefined ? 2 : 0;
  }
  return runSubcommand(`${group.name} ${command}`, {
    io,
    usage: group.usage,
    fn: () => {
      const handler = Object.hasOwn(group.commands, command) ? group.commands[command] : undefined;
      if (!handler) throw new UsageError(`unknown command "${command}"`);
      handler(rest, io);
    },
  });
}

/** parseFlags (as node:util parseArgs) throws TypeErrors with an ERR_PARSE_ARGS_* code for unknown or malformed flags. */
function isParseArgsError(err: unknown): boolean {
  return err instanceof TypeError && String((err as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS");
}

/** Prints `value` as indented JSON for `--json`, or `text()` for people. */
export function printOutput(io: CnitoolIo, options: { json: boolean; value: unknown; text: () => string }): void {
  io.out(options.json ? JSON.stringify(options.value, null, 2) + "\n" : options.text());
}
