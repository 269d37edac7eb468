/**
 * host-local on a full and on a read-only filesystem (a small tmpfs mounted for the test): ADD fails with code 5
 * and leaves no reservation behind.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CniError, type PluginContext } from "../cni/mod.ts";
import { hostLocal, type HostLocalConfig } from "../ipam/mod.ts";

async function sh(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) throw new Error(`Cannot run ${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
}

async function withTmpfs(options: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cnit-tmpfs-" });
  try {
    await sh("mount", ["-t", "tmpfs", "-o", options, "cnit-tmpfs", dir]);
    try {
      await fn(dir);
    } finally {
      await sh("umount", [dir]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function ctx(dataDir: string, containerId: string): PluginContext<HostLocalConfig> {
  const config = hostLocal.config.parse({
    cniVersion: "1.0.0",
    name: "cnit-net",
    ipam: { type: "host-local", ranges: [[{ subnet: "10.251.0.0/24" }], [{ subnet: "fd51::/64" }]], dataDir },
  });
  return {
    command: "ADD",
    config,
    cniVersion: config.cniVersion,
    network: config.name,
    containerId,
    netns: "",
    ifname: "eth0",
    args: [],
    path: [],
    prevResult: undefined,
    validAttachments: [],
    stdin: new Uint8Array(),
    env: {},
  };
}

async function ipFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (/^[0-9.]+$|:/.test(e.name) && !e.name.includes(".tmp-")) out.push(e.name);
  }
  return out;
}

Deno.test({
  name: "hostLocal.add() on a full disk fails with code 5 and reserves nothing",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    await withTmpfs("size=256k,mode=0755", async (dir) => {
      const dataDir = join(dir, "data");
      await hostLocal.add(ctx(dataDir, "cnit-first")); // the store's files now exist
      const netDir = join(dataDir, "cnit-net");
      const before = await ipFiles(netDir);
      // Fill the last free page so the next file content cannot be written.
      try {
        await Deno.writeFile(join(dir, "filler"), new Uint8Array(1024 * 1024));
      } catch { /* ENOSPC once full: what we want */ }
      await assert.rejects(
        Promise.resolve(hostLocal.add(ctx(dataDir, "cnit-second"))),
        (e: Error) => e instanceof CniError && e.code === 5,
      );
      assert.deepEqual((await ipFiles(netDir)).sort(), before.sort());
    });
  },
});

Deno.test({
  name: "hostLocal.add() on a read-only dataDir fails with code 5",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    await withTmpfs("size=1m,mode=0755", async (dir) => {
      await hostLocal.add(ctx(dir, "cnit-first"));
      await sh("mount", ["-o", "remount,ro", dir]);
      await assert.rejects(
        Promise.resolve(hostLocal.add(ctx(dir, "cnit-second"))),
        (e: Error) => e instanceof CniError && e.code === 5,
      );
      assert.equal((await ipFiles(join(dir, "cnit-net"))).length, 2);
    });
  },
});
