/**
 * Memoised backend probes: whether a binary can be used does not change while one process runs, so each probe
 * spawns at most once per process and runner (a chain run in-process by cnitool probes once, not once per plugin).
 * @module
 */
import type { CommandRunner } from "./command_runner.ts";

const answers = new WeakMap<CommandRunner, Map<string, Promise<boolean>>>();

/** One probe: what it is called, and how it is asked. */
export interface Probe {
  /** Names the probe among those of one runner, e.g. `iptables nat`. */
  name: string;
  /** Runs the probe. */
  ask: () => Promise<boolean>;
}

/**
 * Asks `probe` the first time its name comes up with this `run`, and returns that same answer afterwards. A probe
 * that throws is not remembered.
 */
export function probeOnce(run: CommandRunner, probe: Probe): Promise<boolean> {
  const known = answers.get(run) ?? new Map<string, Promise<boolean>>();
  answers.set(run, known);
  let answer = known.get(probe.name);
  if (answer === undefined) {
    answer = probe.ask();
    known.set(probe.name, answer);
    answer.catch(() => known.delete(probe.name));
  }
  return answer;
}
