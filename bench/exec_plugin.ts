/**
 * Runs one executable the way a runtime runs a plugin (CNI_* in the environment, config on stdin), optionally started
 * inside a network namespace, and times it from spawn to exit.
 * @module
 */
import { withNetns } from "../netlink/mod.ts";

/** One exec: what to run, with what, and where. */
export interface ExecSpec {
  /** The executable. */
  path: string;
  /** Its arguments. */
  args?: string[];
  /** The whole environment of the child (nothing is inherited). */
  env?: Record<string, string>;
  /** Written to stdin, then stdin is closed. */
  stdin?: string;
  /** A netns path or name the child starts in (the benchmark's throwaway "host"). */
  netns?: string;
}

/** What one exec did. */
export interface ExecOutcome {
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  /** Exit status. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** Runs `spec` once and times it; never throws for a non-zero exit (see {@linkcode execOk}). */
export async function execTimed(spec: ExecSpec): Promise<ExecOutcome> {
  const command = new Deno.Command(spec.path, {
    args: spec.args ?? [],
    env: spec.env ?? {},
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const start = performance.now();
  const child = spec.netns ? withNetns(spec.netns, () => command.spawn()) : command.spawn();
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(spec.stdin ?? ""));
    await writer.close();
  } catch (err) {
    // A child may exit without reading stdin (Go's skel ignores it for VERSION): EPIPE is not a failure.
    if (!(err instanceof Deno.errors.BrokenPipe)) throw err;
  }
  const out = await child.output();
  const ms = performance.now() - start;
  const decoder = new TextDecoder();
  return { ms, code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** Runs `spec` once; throws with its output when it exits non-zero. Returns the wall time in ms. */
export async function execOk(spec: ExecSpec, what: string): Promise<number> {
  const out = await execTimed(spec);
  if (out.code !== 0) throw new Error(`${what} failed (exit ${out.code}): ${(out.stdout + out.stderr).trim()}`);
  return out.ms;
}
