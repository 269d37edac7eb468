/**
 * The one place in `netfilter/` that spawns a binary. Everything else takes a {@linkcode CommandRunner}, so unit
 * tests can record argv and script text without root.
 * @module
 */

/** What a finished command produced. */
export interface CommandOutput {
  /** Exit status (0 on success). */
  code: number;
  /** Standard output, decoded as UTF-8. */
  stdout: string;
  /** Standard error, decoded as UTF-8. */
  stderr: string;
}

/** Runs `binary` with `args` (and optional stdin text) and reports how it exited; throws only when it cannot start. */
export type CommandRunner = (binary: string, args: readonly string[], stdin?: string) => Promise<CommandOutput>;

/** The real runner: `Deno.Command` with piped output; throws `Deno.errors.NotFound` when the binary is missing. */
export async function runCommand(binary: string, args: readonly string[], stdin?: string): Promise<CommandOutput> {
  let lastError: unknown;
  for (const candidate of [binary, `/usr/sbin/${binary}`, `/sbin/${binary}`]) {
    try {
      return await spawn(candidate, args, stdin);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
      lastError = err;
    }
  }
  throw lastError;
}

/** Spawns one candidate path (PATH lookup for a bare name). */
async function spawn(binary: string, args: readonly string[], stdin: string | undefined): Promise<CommandOutput> {
  const command = new Deno.Command(binary, {
    args: [...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { LC_ALL: "C" },
  });
  const child = command.spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}
