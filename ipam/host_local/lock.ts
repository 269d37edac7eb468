/**
 * The store's `lock` file: an exclusive flock(2) held around each ADD/DEL/CHECK/GC, the same lock the reference
 * takes, so our plugin and Debian's can share one store.
 * @module
 */
import { CniError, ERR_IO, ERR_TRY_AGAIN_LATER } from "../../cni/mod.ts";

/** How long to wait for the lock before failing with code 11. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** A held exclusive lock on a file; {@linkcode FileLock.release} (or `using`) frees it. */
export class FileLock implements Disposable {
  #file: Deno.FsFile | undefined;

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /**
   * Opens (creating it, mode 0600) and locks `path` exclusively. Throws `CniError` 11 after `timeoutMs`, and
   * `CniError` 5 when the file cannot be opened or is a symlink.
   */
  static async acquire(path: string, options: { timeoutMs?: number | undefined } = {}): Promise<FileLock> {
    const file = openLockFile(path);
    const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const locked = file.lock(true).then(() => true);
    try {
      // Uncontended, the flock is granted before a stat of the same file returns, so no timer is made: touching
      // setTimeout loads node:timers in Deno 2.9, ~5 ms per exec (bench/README.md).
      const isQuick = await Promise.race([locked, Deno.stat(path).then(() => false, () => false)]);
      if (isQuick) return new FileLock(file);
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      if (await Promise.race([locked, timedOut])) return new FileLock(file);
    } catch (err) {
      file.close();
      throw new CniError(ERR_IO, `Cannot lock "${path}": ${(err as Error).message}`, { cause: err });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    // The pending flock keeps its own reference; when it is granted, the descriptor closes and frees the lock.
    locked.catch(() => {});
    file.close();
    throw new CniError(ERR_TRY_AGAIN_LATER, `Cannot lock "${path}": timed out after ${timeoutMs} ms`);
  }

  /** Unlocks and closes the file; safe to call twice. */
  release(): void {
    const file = this.#file;
    this.#file = undefined;
    if (!file) return;
    try {
      file.unlockSync();
    } finally {
      file.close();
    }
  }

  /** Same as {@linkcode FileLock.release}. */
  [Symbol.dispose](): void {
    this.release();
  }
}

function openLockFile(path: string): Deno.FsFile {
  try {
    let before: Deno.FileInfo | undefined;
    try {
      before = Deno.lstatSync(path);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
    if (before && !before.isFile) throw new Error(before.isSymlink ? "it is a symlink" : "not a regular file");
    const file = Deno.openSync(path, { read: true, write: true, create: true, mode: 0o600 });
    const after = file.statSync();
    const now = Deno.lstatSync(path);
    if (!now.isFile || after.ino !== now.ino || after.dev !== now.dev) {
      file.close();
      throw new Error("replaced while opening");
    }
    return file;
  } catch (err) {
    throw new CniError(ERR_IO, `Cannot open lock file "${path}": ${(err as Error).message}`, { cause: err });
  }
}
