/**
 * sbr serialises its runs on an exclusive flock of the container's netns file, as the reference does with
 * go-filemutex, so two attachments of one container never pick the same routing table.
 * @module
 */

/** An exclusive lock on the netns file; `using` releases it. */
export class NetnsLock implements Disposable {
  #file: Deno.FsFile | undefined;

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /** Opens `path` read-only and waits for an exclusive flock on it; throws when the file cannot be opened. */
  static async acquire(path: string): Promise<NetnsLock> {
    const file = await Deno.open(path, { read: true });
    try {
      await file.lock(true);
    } catch (err) {
      file.close();
      throw err;
    }
    return new NetnsLock(file);
  }

  /** Unlocks and closes; safe to call twice. */
  [Symbol.dispose](): void {
    const file = this.#file;
    this.#file = undefined;
    if (!file) return;
    try {
      file.unlockSync();
    } finally {
      file.close();
    }
  }
}
