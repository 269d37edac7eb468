import assert from "node:assert/strict";
import { join, relative } from "node:path";

const ROOT = import.meta.dirname ?? ".";

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(".") || entry.name === "dist" || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

// `import { z } from "zod"` imports zod's `z` namespace object as a value, which keeps every zod locale in the
// bundle (the shared zod chunk grows from ~220 KB to ~780 KB and each plugin call pays ~10 ms more start-up).
Deno.test("no module imports zod's z namespace as a value (import * as z, or import type { z }, keep it small)", async () => {
  const offenders: string[] = [];
  for await (const path of sourceFiles(ROOT)) {
    const text = await Deno.readTextFile(path);
    if (/^import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*["']zod["']/m.test(text)) offenders.push(relative(ROOT, path));
  }
  assert.deepEqual(offenders, []);
});
