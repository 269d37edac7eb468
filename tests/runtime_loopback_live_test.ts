/**
 * cnitool end to end with a real plugin of ours in a real netns (root only): loopback through the exec path (our
 * bundled binary in CNI_PATH), through `--in-process`, and through the `cnitool` entry point of the binary itself.
 * All three must print the same result and leave the same cache file.
 */
import { strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { cnitoolMain } from "../runtime/cnitool/main.ts";
import { containerIdFor } from "../runtime/cnitool/container_id.ts";
import { launchers } from "./fixtures/launcher.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const isRoot = Deno.uid() === 0;

async function cnitool(args: string[], env: Record<string, string>) {
  let out = "";
  let err = "";
  const code = await cnitoolMain(args, { env, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

Deno.test({
  name: "cnitool add/del of loopback gives the same result by exec, in-process and through the binary",
  ignore: !isRoot,
  async fn() {
    using ns = createTestNetns("cnit-lo");
    const root = await Deno.makeTempDir({ prefix: "cnit-cnitool-lo-" });
    try {
      const netDir = join(root, "net.d");
      await Deno.mkdir(netDir);
      await Deno.writeTextFile(
        join(netDir, "10-lo.conflist"),
        JSON.stringify({ cniVersion: "1.0.0", name: "cnit-lo", plugins: [{ type: "loopback" }] }),
      );
      const cacheFile = (dir: string) => join(dir, "results", `cnit-lo-${id}-eth0`);
      const id = await containerIdFor(ns.path);
      for (const launcher of await launchers()) {
        const base = { PATH: Deno.env.get("PATH") ?? "", NETCONFPATH: netDir, CNI_PATH: launcher.binDir };
        const outputs: string[] = [];
        const caches: string[] = [];
        for (const [how, flags] of [["exec", []], ["in-process", ["--in-process"]]] as const) {
          const env = { ...base, CNI_CACHE_DIR: join(root, `${launcher.name}-${how}`) };
          const add = await cnitool(["add", "cnit-lo", ns.path, ...flags], env);
          strictEqual(add.err, "", `${launcher.name} ${how}: ${add.err}`);
          strictEqual(add.code, 0);
          outputs.push(add.out);
          caches.push(await Deno.readTextFile(cacheFile(env.CNI_CACHE_DIR)));
          strictEqual((await cnitool(["del", "cnit-lo", ns.path, ...flags], env)).code, 0);
        }
        const binCache = join(root, `${launcher.name}-binary`);
        const binary = await new Deno.Command(join(launcher.binDir, "cnitool"), {
          args: ["add", "cnit-lo", ns.path],
          env: { ...base, CNI_CACHE_DIR: binCache },
          clearEnv: true,
          stdout: "piped",
          stderr: "piped",
        }).output();
        strictEqual(new TextDecoder().decode(binary.stderr), "");
        outputs.push(new TextDecoder().decode(binary.stdout));
        caches.push(await Deno.readTextFile(cacheFile(binCache)));
        strictEqual(outputs[0]?.includes(`"sandbox": "${ns.path}"`), true, outputs[0]);
        strictEqual(outputs[1], outputs[0]);
        strictEqual(outputs[2], outputs[0]);
        strictEqual(caches[1], caches[0]);
        strictEqual(caches[2], caches[0]);
      }
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
