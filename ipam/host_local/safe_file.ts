/**
 * File operations for the store that never follow a symlink planted in it: reads check `lstat` before and the open
 * file's identity after, creations use O_EXCL, and overwrites go through a fresh temp file and `rename`.
 * Synchronous on purpose: a store operation is a few dozen tiny syscalls, and each Deno async file op costs a hop
 * to a worker thread (bench/host_local_alloc.ts went from ~3.7 ms to ~1.5 ms per ADD; file creation is the rest).
 * @module
 */

/** Thrown when a store path is a symlink or not a regular file. */
export class UnsafeFileError extends Error {
  /** Makes the error for `path`. */
  constructor(path: string, what: string) {
    super(`Cannot use "${path}": ${what}`);
    this.name = "UnsafeFileError";
  }
}

/** Reads `path` as text if it is a regular file; undefined when it does not exist. Throws on a symlink. */
export function readRegularFile(path: string): string | undefined {
  let before: Deno.FileInfo;
  try {
    before = Deno.lstatSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
  if (!before.isFile) throw new UnsafeFileError(path, before.isSymlink ? "it is a symlink" : "not a regular file");
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { read: true });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
  try {
    const after = file.statSync();
    if (after.ino !== before.ino || after.dev !== before.dev) throw new UnsafeFileError(path, "replaced while opening");
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (true) {
      const buf = new Uint8Array(Math.max(4096, after.size + 1));
      const n = file.readSync(buf);
      if (n === null || n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return new TextDecoder().decode(out);
  } finally {
    file.close();
  }
}

/** Creates `path` with O_EXCL and writes `text`; false when it exists (a symlink counts). Removes it on failure. */
export function createExclusive(path: string, text: string, mode: number): boolean {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { write: true, createNew: true, mode });
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) return false;
    throw err;
  }
  try {
    const bytes = new TextEncoder().encode(text);
    let offset = 0;
    while (offset < bytes.length) offset += file.writeSync(bytes.subarray(offset));
  } catch (err) {
    file.close();
    try {
      Deno.removeSync(path);
    } catch { /* best effort */ }
    throw err;
  }
  file.close();
  return true;
}

/** Replaces `path` atomically with `text` (temp file in the same directory, then rename over it). */
export function writeFileAtomic(path: string, text: string, mode: number): void {
  const temp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  if (!createExclusive(temp, text, mode)) throw new Error(`Cannot create "${temp}": file exists`);
  try {
    Deno.renameSync(temp, path);
  } catch (err) {
    try {
      Deno.removeSync(temp);
    } catch { /* best effort */ }
    throw err;
  }
}

/**
 * Overwrites `path` in place (no temp file: creating a file costs far more than rewriting one), creating it with
 * O_EXCL when missing. For cache files only, which tolerate a torn write. Refuses a symlink; never truncates one.
 */
export function overwriteInPlace(path: string, text: string, mode: number): void {
  let before: Deno.FileInfo;
  try {
    before = Deno.lstatSync(path);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    if (createExclusive(path, text, mode)) return;
    before = Deno.lstatSync(path);
  }
  if (!before.isFile) throw new UnsafeFileError(path, before.isSymlink ? "it is a symlink" : "not a regular file");
  const file = Deno.openSync(path, { write: true });
  try {
    const after = file.statSync();
    if (after.ino !== before.ino || after.dev !== before.dev) throw new UnsafeFileError(path, "replaced while opening");
    file.truncateSync(0);
    const bytes = new TextEncoder().encode(text);
    let offset = 0;
    while (offset < bytes.length) offset += file.writeSync(bytes.subarray(offset));
  } finally {
    file.close();
  }
}

/** Removes `path` (never follows a symlink); false when it did not exist. */
export function removeIfExists(path: string): boolean {
  try {
    Deno.removeSync(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

/** Makes `path` a real directory (mode `mode`), refusing a symlink or a non-directory in its place. */
export function ensureRealDir(path: string, mode: number): void {
  try {
    Deno.mkdirSync(path, { mode });
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
  }
  const info = Deno.lstatSync(path);
  if (!info.isDirectory) throw new UnsafeFileError(path, info.isSymlink ? "it is a symlink" : "not a directory");
}
