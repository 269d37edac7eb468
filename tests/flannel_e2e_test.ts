/**
 * flannel through the real dispatch, started inside a test "host" namespace: the binary named `flannel` delegates
 * in-process (through the registry) to our bridge, which uses our host-local, so the whole chain is ours and the real
 * host is never touched.
 */
import { ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { Rtnl } from "../netlink/mod.ts";
import { launchers } from "./fixtures/launcher.ts";
import { createTestNetns } from "./fixtures/netns.ts";
import { runInNetns } from "./fixtures/plugin_in_netns.ts";

for (const launcher of await launchers()) {
  Deno.test({
    name: `flannel as a process (${launcher.name}) delegates to our bridge and host-local in-process`,
    ignore: Deno.uid() !== 0,
    async fn() {
      using host = createTestNetns("cnit-flh");
      using container = createTestNetns("cnit-flc");
      const work = await Deno.makeTempDir({ prefix: "cnit-fle-" });
      try {
        const subnetFile = join(work, "subnet.env");
        await Deno.writeTextFile(
          subnetFile,
          "FLANNEL_NETWORK=10.78.0.0/16\nFLANNEL_SUBNET=10.78.3.1/24\nFLANNEL_MTU=1420\nFLANNEL_IPMASQ=true\n",
        );
        const config = {
          cniVersion: "1.0.0",
          name: "cnit-fle-net",
          type: "flannel",
          subnetFile,
          dataDir: join(work, "flannel"),
          delegate: { bridge: "cnitfle0" },
          ipam: { dataDir: join(work, "ipam") },
        };
        const env = (command: string) => ({
          CNI_COMMAND: command,
          CNI_CONTAINERID: "cnit-fle-ctr",
          CNI_NETNS: container.path,
          CNI_IFNAME: "eth0",
          CNI_PATH: launcher.binDir,
        });
        const run = (command: string) =>
          runInNetns(host.path, "flannel", { executable: join(launcher.binDir, "flannel"), env: env(command), config });

        const added = await run("ADD");
        strictEqual(added.code, 0, added.stdout + added.stderr);
        const ips = added.json?.ips as Array<{ address: string; gateway: string }>;
        strictEqual(ips[0]?.address, "10.78.3.2/24");
        strictEqual(ips[0]?.gateway, "10.78.3.1");
        using h = Rtnl.open({ netns: host.path });
        ok(h.linkFind("cnitfle0"), "the bridge is in the test host namespace");
        using c = Rtnl.open({ netns: container.path });
        strictEqual(c.linkGet("eth0").mtu, 1420);

        const deleted = await run("DEL");
        strictEqual(deleted.code, 0, deleted.stdout + deleted.stderr);
        strictEqual(c.linkFind("eth0"), undefined);
      } finally {
        await Deno.remove(work, { recursive: true });
      }
    },
  });
}
