/**
 * The process edges of cnitool: environment, stdout and stderr, injectable so tests run the CLI without touching
 * the real process (the only place in runtime/ that reads `Deno.env` or writes stdout).
 * @module
 */

/** What the CLI reads and writes. */
export interface CnitoolIo {
  /** The environment (NETCONFPATH, CNI_PATH, CNI_ARGS, CAP_ARGS, CNI_IFNAME, CNI_CACHE_DIR, and the plugins' base). */
  env: Record<string, string>;
  /** Writes to stdout (results, schemas, reports). */
  out(text: string): void;
  /** Writes to stderr (errors and problems). */
  err(text: string): void;
}

/** The real process: `Deno.env`, `Deno.stdout`, `Deno.stderr`. */
export function processIo(): CnitoolIo {
  return {
    env: Deno.env.toObject(),
    out: (text) => writeAll(Deno.stdout, text),
    err: (text) => writeAll(Deno.stderr, text),
  };
}

function writeAll(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  const bytes = new TextEncoder().encode(text);
  for (let done = 0; done < bytes.length;) done += stream.writeSync(bytes.subarray(done));
}
