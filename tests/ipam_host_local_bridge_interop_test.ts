/**
 * Interop: Debian's /usr/lib/cni/bridge finds `host-local` in CNI_PATH and gets ours (a wrapper script that runs
 * tests/fixtures/host_local_entry.ts), in a test network namespace. The bridge it creates is removed afterwards.
 * @module
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Rtnl } from "../netlink/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BRIDGE_PLUGIN = "/usr/lib/cni/bridge";
const hasBridge = await Deno.stat(BRIDGE_PLUGIN).then(() => true, () => false);

async function runBridge(command: string, options: { binDir: string; netns: string; config: unknown }) {
  const child = new Deno.Command(BRIDGE_PLUGIN, {
    env: {
      CNI_COMMAND: command,
      CNI_CONTAINERID: "cnit-br-1",
      CNI_NETNS: options.netns,
      CNI_IFNAME: "eth0",
      CNI_PATH: options.binDir,
    },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(options.config)));
  await writer.close();
  const out = await child.output();
  return { code: out.code, text: new TextDecoder().decode(out.stdout) };
}

Deno.test({
  name: "interop: Debian's bridge plugin allocates and releases through our host-local",
  ignore: Deno.uid() !== 0 || !hasBridge,
  fn: async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const bridgeName = `cnit${tag}`;
    const work = await Deno.makeTempDir({ prefix: "cnit-hl-br-" });
    const binDir = join(work, "bin");
    const dataDir = join(work, "data");
    await Deno.mkdir(binDir);
    const entry = join(ROOT, "tests", "fixtures", "host_local_entry.ts");
    const script = `#!/bin/sh\nexec "${Deno.execPath()}" run -A --quiet --config "${
      join(ROOT, "deno.json")
    }" "${entry}"\n`;
    await Deno.writeTextFile(join(binDir, "host-local"), script, { mode: 0o755 });
    try {
      using ns = createTestNetns("cnit-hl");
      const nsPath = ns.path;
      const config = {
        cniVersion: "1.0.0",
        name: "cnit-br",
        type: "bridge",
        bridge: bridgeName,
        ipam: { type: "host-local", subnet: "10.252.0.0/24", dataDir },
      };
      const add = await runBridge("ADD", { binDir, netns: nsPath, config });
      assert.equal(add.code, 0, add.text);
      const result = JSON.parse(add.text);
      assert.equal(result.ips[0].address, "10.252.0.2/24");
      assert.equal(result.ips[0].gateway, "10.252.0.1");
      const ipFile = join(dataDir, "cnit-br", "10.252.0.2");
      assert.equal(await Deno.readTextFile(ipFile), "cnit-br-1\r\neth0");
      {
        using rtnl = Rtnl.open({ netns: nsPath });
        const eth0 = rtnl.linkGet("eth0");
        assert.ok(rtnl.addrList().some((a) => a.index === eth0.index && a.prefix === "10.252.0.2/24"));
      }
      const del = await runBridge("DEL", { binDir, netns: nsPath, config });
      assert.equal(del.code, 0, del.text);
      await assert.rejects(Deno.stat(ipFile), Deno.errors.NotFound);
    } finally {
      using host = Rtnl.open();
      if (host.linkFind(bridgeName)) host.linkDel(bridgeName);
      await Deno.remove(work, { recursive: true });
    }
  },
});
