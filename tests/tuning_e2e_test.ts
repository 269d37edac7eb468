/**
 * tuning through the real dispatch: the binary started under the name `tuning` (every launcher), with CNI_* in its
 * environment, sets and restores the container interface's MTU in a throwaway namespace.
 */
import { ok, strictEqual } from "node:assert/strict";
import { Rtnl, veth } from "../netlink/mod.ts";
import { launchers, runPlugin } from "./fixtures/launcher.ts";
import { createTestNetns } from "./fixtures/netns.ts";

for (const launcher of await launchers()) {
  Deno.test({
    name: `tuning as a process (${launcher.name}) answers VERSION, sets the MTU on ADD and restores it on DEL`,
    ignore: Deno.uid() !== 0,
    async fn() {
      const version = await runPlugin(launcher, "tuning", {
        env: { CNI_COMMAND: "VERSION" },
        stdin: '{"cniVersion":"1.1.0"}',
      });
      strictEqual(version.code, 0, version.stderr);
      ok(JSON.parse(version.stdout).supportedVersions.includes("0.1.0"));

      using ns = createTestNetns("cnit-tue");
      using rtnl = Rtnl.open({ netns: ns.path });
      rtnl.linkAdd({ name: "eth0", kind: veth, data: { peer: { name: "cnittuep" } } });
      const before = rtnl.linkGet("eth0").mtu;
      const dataDir = await Deno.makeTempDir({ prefix: "cnit-tue-" });
      try {
        const stdin = JSON.stringify({
          cniVersion: "1.0.0",
          name: "cnit-tue-net",
          type: "tuning",
          mtu: 1234,
          dataDir,
          prevResult: { cniVersion: "1.0.0", interfaces: [{ name: "eth0", sandbox: ns.path }] },
        });
        const env = (command: string) => ({
          CNI_COMMAND: command,
          CNI_CONTAINERID: "cnit-tue-ctr",
          CNI_NETNS: ns.path,
          CNI_IFNAME: "eth0",
          CNI_PATH: launcher.binDir,
        });
        const added = await runPlugin(launcher, "tuning", { env: env("ADD"), stdin });
        strictEqual(added.code, 0, added.stdout + added.stderr);
        strictEqual(rtnl.linkGet("eth0").mtu, 1234);
        const deleted = await runPlugin(launcher, "tuning", { env: env("DEL"), stdin });
        strictEqual(deleted.code, 0, deleted.stdout + deleted.stderr);
        strictEqual(rtnl.linkGet("eth0").mtu, before);
      } finally {
        await Deno.remove(dataDir, { recursive: true });
      }
    },
  });
}
