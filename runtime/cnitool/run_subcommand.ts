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

/** parseFlags (as node:util parseArgs) throws TypeErrors with an ERR_PARSE_ARGS_* code for unknown or malformed flags. */
function isParseArgsError(err: unknown): boolean {
  return err instanceof TypeError && String((err as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS");
}

/** Prints `value` as indented JSON for `--json`, or `text()` for people. */
export function printOutput(io: CnitoolIo, options: { json: boolean; value: unknown; text: () => string }): void {
  io.out(options.json ? JSON.stringify(options.value, null, 2) + "\n" : options.text());
}
