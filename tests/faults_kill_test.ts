/**
 * kill -9 during ADD: the plugin (bridge + host-local when bridge is registered, else host-local alone) is started
 * through the binary inside a throwaway host namespace and killed, with its whole process group, after a seeded
 * random delay. DEL must then succeed and leave the host, the container and the data dir exactly as before
 * (no lease, no veth, no masquerade rule, no temp file), and a new ADD for the same container must work.
 * There are no hooks in product code: the kill points come from the delays. Replay with `CNI_FUZZ_SEED=<seed>`.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withNetns } from "../netlink/mod.ts";
import { findPlugin } from "../plugins/registry.ts";
import { launchers } from "./fixtures/launcher.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";
import { fuzzSeed, isStress, Prng } from "./fixtures/prng.ts";
import { diffSnapshots, type Snapshot, takeSnapshot } from "./fixtures/snapshot.ts";

const ignore = Deno.uid() !== 0;
const HAS_BRIDGE = findPlugin("bridge") !== undefined;
const PLUGIN = HAS_BRIDGE ? "bridge" : "host-local";
const NETWORK = "cnit-fault-net";

/** A plugin run inside `netns`, in its own session so the kill reaches the IPAM plugin it execs too. */
function spawnPlugin(
  netns: string,
  executable: string,
  options: { env: Record<string, string>; stdin: string },
): { child: Deno.ChildProcess; done: Promise<{ code: number; stdout: string }> } {
  const command = new Deno.Command("setsid", {
    args: [executable],
    env: options.env,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = withNetns(netns, () => command.spawn());
  const done = (async () => {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin)).catch(() => {});
    await writer.close().catch(() => {});
    const out = await child.output();
    return { code: out.code, stdout: new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr) };
  })();
  return { child, done };
}

function config(dataDir: string): string {
  const ipam = { type: "host-local", dataDir, ranges: [[{ subnet: "10.77.0.0/24" }]] };
  return JSON.stringify(
    HAS_BRIDGE
      ? { cniVersion: "1.1.0", name: NETWORK, type: "bridge", bridge: "cnitfb0", isGateway: true, ipMasq: true, ipam }
      : { cniVersion: "1.1.0", name: NETWORK, type: "host-local", ipam },
  );
}

Deno.test({
  name: `faults: kill -9 at random points of ${PLUGIN} ADD, then DEL leaves nothing and ADD works again`,
  ignore,
  fn: async () => {
    const seed = fuzzSeed();
    const prng = new Prng(seed);
    const [launcher] = await launchers();
    assert.ok(launcher);
    const executable = join(launcher.binDir, PLUGIN);
    using host = createTestNetns();
    const dataDir = await Deno.makeTempDir({ prefix: "cnit-fault-" });
    const stdin = config(dataDir);
    const run = (command: string, container: TestNetns) =>
      spawnPlugin(host.path, executable, {
        env: {
          CNI_COMMAND: command,
          CNI_CONTAINERID: "cnit-fault-c1",
          CNI_NETNS: container.path,
          CNI_IFNAME: "eth0",
          CNI_PATH: launcher.binDir,
        },
        stdin,
      });
    const snap = async (container: TestNetns): Promise<Snapshot[]> => [
      await takeSnapshot(host.path, { dirs: [dataDir], ignoreFiles: ["last_reserved_ip.0"] }),
      await takeSnapshot(container.path),
    ];
    try {
      // Warm-up: the first ADD creates the bridge and host-local's lock file, which DEL rightly keeps.
      let baseline: Snapshot[];
      let addMs: number;
      {
        using container = createTestNetns();
        const start = Date.now();
        const add = await run("ADD", container).done;
        addMs = Date.now() - start;
        assert.equal(add.code, 0, `warm-up ADD failed: ${add.stdout}`);
        assert.equal((await run("DEL", container).done).code, 0);
        baseline = [await takeSnapshot(host.path, { dirs: [dataDir], ignoreFiles: ["last_reserved_ip.0"] })];
      }
      const rounds = isStress() ? 60 : 8;
      for (let round = 0; round < rounds; round++) {
        using container = createTestNetns();
        const emptyContainer = await takeSnapshot(container.path);
        const delay = prng.int(Math.ceil(addMs * 1.2));
        const context = `round ${round}, kill after ${delay} ms (replay with CNI_FUZZ_SEED=${seed})`;
        const victim = run("ADD", container);
        await new Promise((resolve) => setTimeout(resolve, delay));
        try {
          Deno.kill(-victim.child.pid, "SIGKILL");
        } catch {
          // it finished first: DEL must still clean up
        }
        await victim.done;
        const del = await run("DEL", container).done;
        assert.equal(del.code, 0, `${context}: DEL failed: ${del.stdout}`);
        const [hostNow, containerNow] = await snap(container);
        const left = [
          ...diffSnapshots(baseline[0] as Snapshot, hostNow as Snapshot).map((line) => `host ${line}`),
          ...diffSnapshots(emptyContainer, containerNow as Snapshot).map((line) => `container ${line}`),
        ];
        assert.deepEqual(left, [], `${context}: DEL after the kill left state behind`);
        const again = await run("ADD", container).done;
        assert.equal(again.code, 0, `${context}: ADD after the kill failed: ${again.stdout}`);
        assert.equal((await run("DEL", container).done).code, 0, `${context}: second DEL failed`);
      }
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
