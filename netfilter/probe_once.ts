/**
 * Memoised backend probes: whether a binary can be used does not change while one process runs, so each probe
 * spawns at most once per process and runner (a chain run in-process by cnitool probes once, not once per plugin).
 * @module
 */
import type { CommandRunner } from "./command_runner.ts";

const answers = new WeakMap<CommandRunner, Map<string, Promise<boolean>>>();

/**
 * Runs `probe` the first time `key` is asked for with this `run`, and returns that same answer afterwards. A probe
 * that throws is not remembered.
 */
export function probeOnce(run: CommandRunner, key: string, probe: () => Promise<boolean>): Promise<boolean> {
  const known = answers.get(run) ?? new Map<string, Promise<boolean>>();
  answers.set(run, known);
  let answer = known.get(key);
  if (answer === undefined) {
    answer = probe();
    known.set(key, answer);
    answer.catch(() => known.delete(key));
  }
  return answer;
}
