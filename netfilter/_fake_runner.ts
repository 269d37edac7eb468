/**
 * A scripted {@linkcode CommandRunner} for unit tests: records every call and answers from a function.
 * @module
 */
import type { CommandOutput, CommandRunner } from "./command_runner.ts";

/** One recorded call. */
export interface RecordedCall {
  /** Binary name. */
  binary: string;
  /** Arguments. */
  args: string[];
  /** Stdin text, if any. */
  stdin?: string;
}

/** A runner that records calls; `answer` decides each reply (default: success, empty output). */
export function fakeRunner(
  answer: (call: RecordedCall) => Partial<CommandOutput> = () => ({}),
): { run: CommandRunner; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const run: CommandRunner = (binary, args, stdin) => {
    const call: RecordedCall = { binary, args: [...args] };
    if (stdin !== undefined) call.stdin = stdin;
    calls.push(call);
    const out = answer(call);
    return Promise.resolve({ code: out.code ?? 0, stdout: out.stdout ?? "", stderr: out.stderr ?? "" });
  };
  return { run, calls };
}
