/**
 * File operations for the store that never follow a symlink planted in it: reads check `lstat` before and the open
 * file's identity after, creations use O_EXCL, and overwrites go through a fresh temp file and `rename`.
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
export async function readRegularFile(path: string): Promise<string | undefined> {
  let before: Deno.FileInfo;
  try {
    before = await Deno.lstat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
  if (!before.isFile) throw new UnsafeFileError(path, before.isSymlink ? "it is a symlink" : "not a regular file");
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
  try {
    const after = await file.stat();
    if (after.ino !== before.ino || after.dev !== before.dev) throw new UnsafeFileError(path, "replaced while opening");
    const chunks: Uint8Array[] = [];
    for await (const chunk of file.readable) chunks.push(chunk);
    return new TextDecoder().decode(concat(chunks));
  } finally {
    try {
      file.close();
    } catch { /* the readable stream closed it */ }
  }
}

/** Creates `path` with O_EXCL and writes `text`; false when it exists (a symlink counts). Removes it on failure. */
export async function createExclusive(path: string, text: string, mode: number): Promise<boolean> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { write: true, createNew: true, mode });
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) return false;
    throw err;
  }
  try {
    await writeAll(file, new TextEncoder().encode(text));
  } catch (err) {
    file.close();
    await Deno.remove(path).catch(() => {});
    throw err;
  }
  file.close();
  return true;
}

/** Replaces `path` atomically with `text` (temp file in the same directory, then rename over it). */
export async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  const temp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  if (!(await createExclusive(temp, text, mode))) throw new Error(`Cannot create "${temp}": file exists`);
  try {
    await Deno.rename(temp, path);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
}

/** Makes `path` a real directory (mode `mode`), refusing a symlink or a non-directory in its place. */
export async function ensureRealDir(path: string, mode: number): Promise<void> {
  try {
    await Deno.mkdir(path, { mode });
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
  }
  const info = await Deno.lstat(path);
  if (!info.isDirectory) throw new UnsafeFileError(path, info.isSymlink ? "it is a symlink" : "not a directory");
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
