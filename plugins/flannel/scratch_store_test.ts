import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { readScratch, removeScratch, saveScratch, scratchPath } from "./scratch_store.ts";

Deno.test("saveScratch() writes <dataDir>/<containerID> with mode 0600 and leaves no temporary file", async () => {
  const root = await Deno.makeTempDir({ prefix: "cnit-scratch-" });
  try {
    const dataDir = join(root, "nested", "flannel");
    const bytes = new TextEncoder().encode('{"type":"bridge"}');
    await saveScratch(dataDir, { containerId: "ctr1", bytes });
    await saveScratch(dataDir, { containerId: "ctr1", bytes }); // overwriting is fine
    strictEqual(scratchPath(dataDir, "ctr1"), join(dataDir, "ctr1"));
    deepStrictEqual(await readScratch(dataDir, "ctr1"), bytes);
    strictEqual((await Deno.stat(join(dataDir, "ctr1"))).mode! & 0o777, 0o600);
    deepStrictEqual([...Deno.readDirSync(dataDir)].map((e) => e.name), ["ctr1"]);
    await removeScratch(dataDir, "ctr1");
    await removeScratch(dataDir, "ctr1");
    strictEqual(await readScratch(dataDir, "ctr1"), undefined);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
