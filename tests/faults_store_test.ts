/**
 * Storage faults for host-local through the real binary: what a writer killed midway leaves in the data dir is
 * cleaned on the next open (so DEL and a new ADD work), and a read-only or full data dir fails ADD with code 5 and
 * allocates nothing.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { launchers, runPlugin } from "./fixtures/launcher.ts";
import { listFiles } from "./fixtures/snapshot.ts";

const ignore = Deno.uid() !== 0;
const NETWORK = "cnit-store-net";

function config(dataDir: string): string {
  return JSON.stringify({
    cniVersion: "1.1.0",
    name: NETWORK,
    type: "host-local",
    ipam: { type: "host-local", dataDir, ranges: [[{ subnet: "10.78.0.0/24" }]] },
  });
}

function env(command: string, containerId = "cnit-store-c1"): Record<string, string> {
  return {
    CNI_COMMAND: command,
    CNI_CONTAINERID: containerId,
    CNI_NETNS: "/var/run/netns/cnit-none",
    CNI_IFNAME: "eth0",
  };
}

/** Names in the network dir other than host-local's own bookkeeping. */
function leases(dataDir: string): string[] {
  return listFiles(join(dataDir, NETWORK)).map((f) => f.path.slice(dataDir.length + NETWORK.length + 2))
    .filter((name) => name !== "lock" && name !== "last_reserved_ip.0" && !name.startsWith(".by_container")).sort();
}

/** Returns once a file written now gets a later mtime than `dir` has (the kernel's coarse clock moved on). */
function awaitNextMtimeTick(dir: string): void {
  const before = Deno.statSync(dir).mtime!.getTime();
  const probe = `${dir}.tick`;
  try {
    for (let i = 0; i < 1000; i++) {
      Deno.writeTextFileSync(probe, "");
      if (Deno.statSync(probe).mtime!.getTime() > before) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
    throw new Error(`Cannot see the clock move past ${before} in 1 s`);
  } finally {
    Deno.removeSync(probe);
  }
}

async function sh(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) throw new Error(`Cannot run ${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
}

Deno.test({
  // Issue 8: a host-local killed between creating an IP file (O_EXCL) and writing its owner left an empty file that
  // no DEL could release, so the address leaked for good; temp files of interrupted rewrites stayed too.
  name: "faults: an empty IP file and a stale last_reserved_ip temp left by a killed writer are cleaned on next use",
  ignore,
  fn: async () => {
    const [launcher] = await launchers();
    assert.ok(launcher);
    const dataDir = await Deno.makeTempDir({ prefix: "cnit-store-" });
    try {
      const first = await runPlugin(launcher, "host-local", { env: env("ADD"), stdin: config(dataDir) });
      assert.equal(first.code, 0, first.stdout);
      // A killed writer is a later process (it takes the lock after this ADD released it, which costs at least a
      // process start), so what it leaves changes the network directory's mtime, which the store's cache checks.
      // Written from here, at once, the files could land in the same kernel clock tick as the ADD's last write
      // (mtime granularity is a tick, 1–10 ms) and look like nothing changed: wait for the clock to move first.
      awaitNextMtimeTick(join(dataDir, NETWORK));
      // What a kill leaves: the next address created but never written, and a rewrite's temp file.
      Deno.writeTextFileSync(join(dataDir, NETWORK, "10.78.0.3"), "", { mode: 0o600 });
      Deno.writeTextFileSync(join(dataDir, NETWORK, "last_reserved_ip.0.tmp-deadbeef"), "10.78.0.3", { mode: 0o600 });
      const del = await runPlugin(launcher, "host-local", { env: env("DEL"), stdin: config(dataDir) });
      assert.equal(del.code, 0, del.stdout);
      assert.deepEqual(leases(dataDir), [], "DEL leaves no lease, torn file or temp file");
      const again = await runPlugin(launcher, "host-local", {
        env: env("ADD", "cnit-store-c2"),
        stdin: config(dataDir),
      });
      assert.equal(again.code, 0, again.stdout);
      assert.deepEqual(leases(dataDir), ["10.78.0.3"], "the torn address is free again");
      assert.equal(
        (await runPlugin(launcher, "host-local", { env: env("DEL", "cnit-store-c2"), stdin: config(dataDir) })).code,
        0,
      );
      assert.deepEqual(leases(dataDir), []);
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

for (const mode of ["read-only", "full"] as const) {
  Deno.test({
    name: `faults: a ${mode} dataDir fails host-local ADD through the binary with code 5 and allocates nothing`,
    ignore,
    fn: async () => {
      const [launcher] = await launchers();
      assert.ok(launcher);
      const mount = await Deno.makeTempDir({ prefix: "cnit-tmpfs-" });
      try {
        await sh("mount", ["-t", "tmpfs", "-o", "size=64k,mode=0755", "cnit-tmpfs", mount]);
        try {
          const dataDir = join(mount, "data");
          // A first ADD/DEL makes the network dir, lock and cursor, as on a node that has run before.
          assert.equal((await runPlugin(launcher, "host-local", { env: env("ADD"), stdin: config(dataDir) })).code, 0);
          assert.equal((await runPlugin(launcher, "host-local", { env: env("DEL"), stdin: config(dataDir) })).code, 0);
          if (mode === "read-only") await sh("mount", ["-o", "remount,ro", mount]);
          else await fill(mount);
          const add = await runPlugin(launcher, "host-local", {
            env: env("ADD", "cnit-store-c3"),
            stdin: config(dataDir),
          });
          assert.equal(add.code, 1, add.stdout);
          assert.equal((JSON.parse(add.stdout) as { code: number }).code, 5, add.stdout);
          assert.deepEqual(leases(dataDir), [], "nothing allocated");
        } finally {
          await sh("umount", [mount]);
        }
      } finally {
        await Deno.remove(mount, { recursive: true });
      }
    },
  });
}

/** Fills the filesystem at `dir` until a write fails with ENOSPC. */
async function fill(dir: string): Promise<void> {
  const file = await Deno.open(join(dir, "cnit-filler"), { write: true, create: true });
  try {
    const chunk = new Uint8Array(4096);
    while (true) await file.write(chunk);
  } catch (err) {
    if (!(err instanceof Error) || !/space|ENOSPC/i.test(err.message)) throw err;
  } finally {
    file.close();
  }
}
