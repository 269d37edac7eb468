/**
 * End-to-end tests of the busybox-style dispatch: the plugin is chosen by argv[0]'s basename, or by the first
 * argument of `cni`. Runs against the fresh bundle and, when present, the compiled binary.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { launchers, ROOT, runPlugin } from "./fixtures/launcher.ts";

for (const launcher of await launchers()) {
  Deno.test(`[${launcher.name}] a file named loopback answers VERSION as the loopback plugin`, async () => {
    const out = await runPlugin(launcher, "loopback", {
      env: { CNI_COMMAND: "VERSION" },
      stdin: '{"cniVersion":"1.0.0"}',
    });
    assert.equal(out.code, 0, out.stderr);
    const reply = JSON.parse(out.stdout);
    assert.deepEqual(reply.supportedVersions, ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]);
  });

  Deno.test(`[${launcher.name}] cni <plugin> dispatches on the first argument`, async () => {
    const out = await runPlugin(launcher, "cni", {
      args: ["loopback"],
      env: { CNI_COMMAND: "VERSION" },
      stdin: '{"cniVersion":"0.4.0"}',
    });
    assert.equal(out.code, 0, out.stderr);
    assert.ok(JSON.parse(out.stdout).supportedVersions.includes("0.4.0"));
  });

  Deno.test(`[${launcher.name}] cni --help lists every plugin with a description`, async () => {
    const out = await runPlugin(launcher, "cni", { args: ["--help"] });
    assert.equal(out.code, 0, out.stderr);
    const { registry } = await import("../plugins/registry.ts");
    for (const [name, entry] of Object.entries(registry)) {
      const line = out.stdout.split("\n").find((l) => l.trim().startsWith(`${name} `));
      assert.equal(line?.trim().replace(/\s+/g, " "), `${name} ${entry.description}`);
    }
  });

  Deno.test(`[${launcher.name}] cni with an unknown plugin name exits non-zero and says so`, async () => {
    const out = await runPlugin(launcher, "cni", { args: ["no-such-plugin"], env: { CNI_COMMAND: "VERSION" } });
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /no such plugin/);
    assert.equal(out.stdout, "");
  });
}

Deno.test("a binary symlinked under an unknown name exits non-zero with a clear message", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnit-dispatch-" });
  try {
    const link = join(dir, "not-a-plugin");
    await Deno.symlink(Deno.execPath(), link);
    const out = await new Deno.Command(link, {
      args: ["run", "-A", "--quiet", join(ROOT, "main.ts")],
      env: { CNI_COMMAND: "VERSION" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 1);
    assert.match(new TextDecoder().decode(out.stderr), /Cannot run plugin "not-a-plugin": no such plugin/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
