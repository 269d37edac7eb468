import assert from "node:assert/strict";
import { invokePlugin, type Plugin, SPEC_VERSIONS } from "../../cni/mod.ts";
import { hostLocal } from "./mod.ts";

const plugin = hostLocal as Plugin<unknown>;

function env(command: string, containerId = "c1"): Record<string, string> {
  return { CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: "/var/run/netns/x", CNI_IFNAME: "eth0" };
}

for (const version of SPEC_VERSIONS) {
  Deno.test(`hostLocal through the skel: ADD, CHECK and DEL at cniVersion ${version}`, async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "cnit-hl-" });
    try {
      const stdin = new TextEncoder().encode(JSON.stringify({
        cniVersion: version,
        name: "cnit-net",
        ipam: { type: "host-local", subnet: "10.5.0.0/24", routes: [{ dst: "0.0.0.0/0" }], dataDir },
      }));
      const add = await invokePlugin(plugin, { env: env("ADD"), stdin });
      assert.equal(add.exitCode, 0, add.stdout);
      const out = JSON.parse(add.stdout);
      assert.equal(out.cniVersion, version);
      if (version === "0.1.0" || version === "0.2.0") {
        assert.deepEqual(out.ip4, { ip: "10.5.0.2/24", gateway: "10.5.0.1", routes: [{ dst: "0.0.0.0/0" }] });
      } else {
        assert.equal(out.ips[0].address, "10.5.0.2/24");
        assert.equal(out.ips[0].gateway, "10.5.0.1");
        assert.equal(out.interfaces, undefined);
      }
      const check = await invokePlugin(plugin, { env: env("CHECK"), stdin });
      assert.equal(check.exitCode, ["0.1.0", "0.2.0", "0.3.0", "0.3.1"].includes(version) ? 1 : 0, check.stdout);
      const del = await invokePlugin(plugin, { env: env("DEL"), stdin });
      assert.equal(del.exitCode, 0, del.stdout);
      const again = await invokePlugin(plugin, { env: env("ADD", "c2"), stdin });
      assert.equal(JSON.parse(again.stdout).cniVersion, version);
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  });
}
