/**
 * iptables lock contention: while another process holds /run/xtables.lock (`flock … sleep 3`), portmap ADD through
 * the binary, inside a throwaway host namespace, must wait (every iptables call passes `--wait`) and succeed; DEL
 * then removes its rules. With iptables-legacy, which honours the lock, ADD must also finish after the holder
 * released it; iptables-nft ignores the file lock, so there only success is checked.
 * @module
 */
import assert from "node:assert/strict";
import { withNetns } from "../netlink/mod.ts";
import { findPlugin } from "../plugins/registry.ts";
import { launchers } from "./fixtures/launcher.ts";
import { createTestNetns } from "./fixtures/netns.ts";
import { diffSnapshots, takeSnapshot } from "./fixtures/snapshot.ts";

const LOCK = "/run/xtables.lock";
const ignore = Deno.uid() !== 0 || findPlugin("portmap") === undefined;
const isLegacy = (() => {
  try {
    const out = new Deno.Command("iptables", { args: ["--version"], stdout: "piped", stderr: "null" }).outputSync();
    return new TextDecoder().decode(out.stdout).includes("legacy");
  } catch {
    return false;
  }
})();

function portmapConfig(): string {
  return JSON.stringify({
    cniVersion: "1.1.0",
    name: "cnit-lock-net",
    type: "portmap",
    backend: "iptables",
    capabilities: { portMappings: true },
    runtimeConfig: { portMappings: [{ hostPort: 18081, containerPort: 80, protocol: "tcp" }] },
    prevResult: {
      cniVersion: "1.1.0",
      interfaces: [{ name: "cnit-br" }, { name: "eth0", sandbox: "/var/run/netns/cnit-none" }],
      ips: [{ address: "10.79.0.5/24", interface: 1 }],
    },
  });
}

Deno.test({
  name: `faults: portmap ADD waits out a held xtables lock and succeeds (${isLegacy ? "legacy" : "nft"} iptables)`,
  ignore,
  fn: async () => {
    const [launcher] = await launchers();
    assert.ok(launcher);
    using host = createTestNetns();
    using container = createTestNetns();
    const lockExisted = await Deno.lstat(LOCK).then(() => true, () => false);
    const before = await takeSnapshot(host.path);
    const holder = new Deno.Command("flock", {
      args: [LOCK, "sh", "-c", "echo locked; exec sleep 3"],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    let holderDone = false;
    const holderExit = holder.status.then((status) => {
      holderDone = true;
      return status;
    });
    const run = (command: string) => {
      const child = withNetns(host.path, () =>
        new Deno.Command(`${launcher.binDir}/portmap`, {
          env: {
            CNI_COMMAND: command,
            CNI_CONTAINERID: "cnit-lock-c1",
            CNI_NETNS: container.path,
            CNI_IFNAME: "eth0",
            CNI_PATH: launcher.binDir,
          },
          stdin: "piped",
          stdout: "piped",
          stderr: "piped",
        }).spawn());
      return (async () => {
        const writer = child.stdin.getWriter();
        await writer.write(new TextEncoder().encode(portmapConfig()));
        await writer.close();
        const out = await child.output();
        return { code: out.code, text: new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr) };
      })();
    };
    try {
      const reader = holder.stdout.getReader();
      const first = await reader.read();
      assert.match(new TextDecoder().decode(first.value), /locked/, "the lock holder started");
      reader.releaseLock();
      await holder.stdout.cancel();
      const add = await run("ADD");
      const finishedAfterRelease = holderDone;
      assert.equal(add.code, 0, `portmap ADD under a held lock failed: ${add.text}`);
      if (isLegacy) assert.ok(finishedAfterRelease, "ADD waited for the lock");
      const added = await takeSnapshot(host.path);
      assert.ok(added.iptables.some((line) => line.includes("cnit-lock-c1")), "ADD wrote its rules");
      await holderExit;
      const del = await run("DEL");
      assert.equal(del.code, 0, del.text);
      const after = await takeSnapshot(host.path);
      const left = diffSnapshots(before, after).filter((line) => !/^\+ iptables: :\S+ - /.test(line));
      assert.deepEqual(left.filter((line) => line.includes("cnit-lock")), []);
    } finally {
      try {
        holder.kill("SIGKILL");
      } catch {
        // already gone
      }
      await holderExit;
      if (!lockExisted) await Deno.remove(LOCK).catch(() => {});
    }
  },
});
