/**
 * flannel's saved delegate configs: `<dataDir>/<containerID>` holds the exact bytes given to the delegate on ADD, so
 * DEL can hand the same config back even after subnet.env changed.
 * @module
 */
import { joinPath } from "../../fspath/mod.ts";

/** The saved config's path. */
export function scratchPath(dataDir: string, containerId: string): string {
  return joinPath(dataDir, containerId);
}

/**
 * Writes `bytes` to `<dataDir>/<containerID>` (mode 0600, directory 0700) atomically: a temporary file is written and
 * fsynced, then renamed over the target, so a crash never leaves a truncated config for DEL.
 */
export async function saveScratch(dataDir: string, options: { containerId: string; bytes: Uint8Array }): Promise<void> {
  await Deno.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const target = scratchPath(dataDir, options.containerId);
  const temp = `${target}.tmp-${crypto.randomUUID()}`;
  try {
    using file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
    let written = 0;
    while (written < options.bytes.length) written += await file.write(options.bytes.subarray(written));
    await file.sync();
    await Deno.rename(temp, target);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
}

/** Reads the saved config; undefined when there is none. */
export async function readScratch(dataDir: string, containerId: string): Promise<Uint8Array | undefined> {
  try {
    return await Deno.readFile(scratchPath(dataDir, containerId));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

/** Removes the saved config; succeeds when it is already gone. */
export async function removeScratch(dataDir: string, containerId: string): Promise<void> {
  await Deno.remove(scratchPath(dataDir, containerId)).catch((err) => {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  });
}

/** The container IDs with a saved config in `dataDir` (temporary files from interrupted writes excluded). */
export async function savedContainerIds(dataDir: string): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const entry of Deno.readDir(dataDir)) {
      if (entry.isFile && !entry.name.includes(".tmp-")) ids.push(entry.name);
    }
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
  return ids.sort();
}
