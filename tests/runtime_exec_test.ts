/**
 * The exec protocol against real processes: stdin and environment reach the plugin, and "text file busy" (a plugin
 * binary still open for writing) is retried as libcni does.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { execPlugin } from "../cni/invoke.ts";

Deno.test("execPlugin() passes stdin, the CNI_* variables and the base environment, CNI_* winning", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnit-exec-" });
  try {
    const plugin = join(dir, "cnit-env");
    await Deno.writeTextFile(
      plugin,
      '#!/bin/sh\nprintf "%s|%s|%s|%s|%s|" "$CNI_COMMAND" "$CNI_NETNS" "$CNI_ARGS" "$CNI_PATH" "$CNIT_BASE"\ncat\n',
      { mode: 0o755 },
    );
    const stderr: Uint8Array[] = [];
    const out = await execPlugin(plugin, {
      command: "CHECK",
      netns: "",
      args: [["K", "V"], ["L", "W"]],
      path: ["/a", "/b"],
      stdin: new TextEncoder().encode('{"x":1}'),
      env: { PATH: Deno.env.get("PATH") ?? "", CNIT_BASE: "base", CNI_COMMAND: "DEL" },
      onStderr: (b) => stderr.push(b),
    });
    strictEqual(new TextDecoder().decode(out), 'CHECK||K=V;L=W|/a:/b|base|{"x":1}');
    deepStrictEqual(stderr, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execPlugin() retries while the plugin file is busy (open for writing) and then runs it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnit-exec-" });
  try {
    const plugin = join(dir, "cnit-busy");
    const file = await Deno.open(plugin, { write: true, create: true, mode: 0o755 });
    await file.write(new TextEncoder().encode("#!/bin/sh\necho ready\n"));
    // Exec fails with ETXTBSY while the writer is open; close it once the first attempt has been made.
    const running = execPlugin(plugin, { command: "VERSION", path: [], stdin: new Uint8Array() });
    await new Promise((resolve) => setTimeout(resolve, 100));
    file.close();
    strictEqual(new TextDecoder().decode(await running), "ready\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
