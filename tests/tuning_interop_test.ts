/**
 * Interop with Debian's tuning (1.1.1: no txQLen) after Debian's bridge + host-local, inside throwaway namespaces:
 * a snapshot written by either implementation is restored by the other's DEL, so a node can switch with live
 * attachments.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { invokePlugin } from "../cni/skel.ts";
import { type Link, Rtnl } from "../netlink/mod.ts";
import { tuning } from "../plugins/tuning/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";
import { runInNetns } from "./fixtures/plugin_in_netns.ts";

const REFERENCE = "/usr/lib/cni";
const hasReference = ["bridge", "host-local", "tuning"].every((name) => {
  try {
    return Deno.statSync(join(REFERENCE, name)).isFile;
  } catch {
    return false;
  }
});

function env(command: string, netns: string): Record<string, string> {
  return {
    CNI_COMMAND: command,
    CNI_CONTAINERID: "cnit-tui-ctr",
    CNI_NETNS: netns,
    CNI_IFNAME: "eth0",
    CNI_PATH: REFERENCE,
  };
}

function settings(link: Link) {
  return { mac: link.mac?.toString(), mtu: link.mtu, promisc: link.promisc, allmulti: link.allmulti };
}

Deno.test({
  name: "interop: tuning snapshots written by Debian's tuning are restored by ours, and the other way round",
  ignore: Deno.uid() !== 0 || !hasReference,
  async fn() {
    using host = createTestNetns("cnit-tuih");
    using container = createTestNetns("cnit-tuic");
    const dataDir = await Deno.makeTempDir({ prefix: "cnit-tui-" });
    try {
      const bridgeConfig = {
        cniVersion: "0.4.0",
        name: "cnit-tui-net",
        type: "bridge",
        bridge: "cnittui0",
        ipam: { type: "host-local", subnet: "10.9.8.0/24", dataDir: join(dataDir, "ipam") },
      };
      const bridged = await runInNetns(host.path, "bridge", {
        executable: join(REFERENCE, "bridge"),
        env: env("ADD", container.path),
        config: bridgeConfig,
      });
      strictEqual(bridged.code, 0, bridged.stdout + bridged.stderr);
      const config = {
        cniVersion: "0.4.0",
        name: "cnit-tui-net",
        type: "tuning",
        mac: "0a:58:0a:09:08:99",
        mtu: 1300,
        promisc: true,
        allmulti: true,
        dataDir: join(dataDir, "tuning"),
        prevResult: bridged.json,
      };
      using rtnl = Rtnl.open({ netns: container.path });
      const original = settings(rtnl.linkGet("eth0"));
      const tuned = { mac: "0a:58:0a:09:08:99", mtu: 1300, promisc: true, allmulti: true };
      const ours = (command: string) =>
        invokePlugin(tuning, {
          env: env(command, container.path),
          stdin: new TextEncoder().encode(JSON.stringify(config)),
        });
      const theirs = (command: string) =>
        runInNetns(host.path, "tuning", {
          executable: join(REFERENCE, "tuning"),
          env: env(command, container.path),
          config,
        });
      const snapshot = join(dataDir, "tuning", "cnit-tui-ctr_eth0.json");

      const theirAdd = await theirs("ADD");
      strictEqual(theirAdd.code, 0, theirAdd.stdout + theirAdd.stderr);
      deepStrictEqual(settings(rtnl.linkGet("eth0")), tuned);
      const theirSnapshot = await Deno.readTextFile(snapshot);
      strictEqual((await ours("CHECK")).exitCode, 0);
      strictEqual((await ours("DEL")).exitCode, 0);
      deepStrictEqual(settings(rtnl.linkGet("eth0")), original);
      ok(!(await Deno.stat(snapshot).then(() => true, () => false)), "our DEL removed their snapshot");

      const ourAdd = await ours("ADD");
      strictEqual(ourAdd.exitCode, 0, ourAdd.stdout);
      strictEqual(await Deno.readTextFile(snapshot), theirSnapshot, "our snapshot is byte-identical to theirs");
      deepStrictEqual(JSON.parse(ourAdd.stdout), theirAdd.json, "same result as the reference");
      const theirDel = await theirs("DEL");
      strictEqual(theirDel.code, 0, theirDel.stdout + theirDel.stderr);
      deepStrictEqual(settings(rtnl.linkGet("eth0")), original);

      const unbridged = await runInNetns(host.path, "bridge", {
        executable: join(REFERENCE, "bridge"),
        env: env("DEL", container.path),
        config: bridgeConfig,
      });
      strictEqual(unbridged.code, 0, unbridged.stdout + unbridged.stderr);
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
