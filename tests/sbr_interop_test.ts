/**
 * Interop with Debian's sbr after Debian's bridge + host-local, inside throwaway namespaces: two containers on one
 * bridge, one routed by the reference and one by us, end with the same rules and tables (addresses aside), and each
 * DEL tidies the other's rules.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { invokePlugin } from "../cni/skel.ts";
import { Rtnl } from "../netlink/mod.ts";
import { sbr } from "../plugins/sbr/mod.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";
import { runInNetns } from "./fixtures/plugin_in_netns.ts";

const REFERENCE = "/usr/lib/cni";
const hasReference = ["bridge", "host-local", "sbr"].every((name) => {
  try {
    return Deno.statSync(join(REFERENCE, name)).isFile;
  } catch {
    return false;
  }
});

function env(command: string, netns: string, containerId: string): Record<string, string> {
  return {
    CNI_COMMAND: command,
    CNI_CONTAINERID: containerId,
    CNI_NETNS: netns,
    CNI_IFNAME: "eth0",
    CNI_PATH: REFERENCE,
  };
}

/** Rules and routes of the namespace with its own address replaced by "IP", so two containers compare equal. */
function routingState(netns: string, ip: string) {
  using rtnl = Rtnl.open({ netns });
  const norm = (text: string) => text.replaceAll(ip, "IP");
  const rules = rtnl.ruleList(4).filter((r) => r.src).map((r) => norm(`from ${r.src} table ${r.table}`));
  const tables = [...new Set(rtnl.ruleList(4).filter((r) => r.src).map((r) => r.table))];
  const routes = [254, ...tables].flatMap((table) =>
    rtnl.routeList({ table, family: 4 }).map((r) =>
      norm(`${table}: ${r.dst ?? "default"} via ${r.gateway ?? "-"} src ${r.prefsrc ?? "-"} scope ${r.scope}`)
    )
  ).sort();
  return { rules: rules.sort(), routes };
}

Deno.test({
  name: "interop: our sbr and Debian's build the same tables after Debian's bridge, and tidy each other's rules",
  ignore: Deno.uid() !== 0 || !hasReference,
  async fn() {
    using host = createTestNetns("cnit-sbih");
    using first = createTestNetns("cnit-sbic");
    using second = createTestNetns("cnit-sbic");
    const dataDir = await Deno.makeTempDir({ prefix: "cnit-sbi-" });
    const bridgeConfig = {
      cniVersion: "0.4.0",
      name: "cnit-sbi-net",
      type: "bridge",
      bridge: "cnitsbi0",
      isGateway: true,
      ipam: { type: "host-local", subnet: "10.9.9.0/24", dataDir },
    };
    const attach = async (ns: TestNetns, containerId: string) => {
      const run = await runInNetns(host.path, "bridge", {
        executable: join(REFERENCE, "bridge"),
        env: env("ADD", ns.path, containerId),
        config: bridgeConfig,
      });
      strictEqual(run.code, 0, run.stdout + run.stderr);
      return run.json as { ips: Array<{ address: string }> };
    };
    try {
      const theirsPrev = await attach(first, "cnit-sbi-1");
      const oursPrev = await attach(second, "cnit-sbi-2");
      const config = (prevResult: unknown) => ({ cniVersion: "0.4.0", name: "cnit-sbi-net", type: "sbr", prevResult });
      const theirs = (command: string) =>
        runInNetns(host.path, "sbr", {
          executable: join(REFERENCE, "sbr"),
          env: env(command, first.path, "cnit-sbi-1"),
          config: config(theirsPrev),
        });
      const ours = (command: string, ns: TestNetns, prevResult: unknown) =>
        invokePlugin(sbr, {
          env: env(command, ns.path, "cnit-sbi"),
          stdin: new TextEncoder().encode(JSON.stringify(config(prevResult))),
        });

      const theirAdd = await theirs("ADD");
      strictEqual(theirAdd.code, 0, theirAdd.stdout + theirAdd.stderr);
      const ourAdd = await ours("ADD", second, oursPrev);
      strictEqual(ourAdd.exitCode, 0, ourAdd.stdout);
      const theirIp = theirsPrev.ips[0]!.address.split("/")[0]!;
      const ourIp = oursPrev.ips[0]!.address.split("/")[0]!;
      const theirState = routingState(first.path, theirIp);
      deepStrictEqual(routingState(second.path, ourIp), theirState);
      deepStrictEqual(theirState.rules, ["from IP/32 table 100"]);

      strictEqual((await ours("DEL", first, theirsPrev)).exitCode, 0);
      deepStrictEqual(routingState(first.path, theirIp).rules, []);
      const theirDel = await runInNetns(host.path, "sbr", {
        executable: join(REFERENCE, "sbr"),
        env: env("DEL", second.path, "cnit-sbi-2"),
        config: config(oursPrev),
      });
      strictEqual(theirDel.code, 0, theirDel.stdout + theirDel.stderr);
      deepStrictEqual(routingState(second.path, ourIp).rules, []);
    } finally {
      for (const [ns, id] of [[first, "cnit-sbi-1"], [second, "cnit-sbi-2"]] as const) {
        await runInNetns(host.path, "bridge", {
          executable: join(REFERENCE, "bridge"),
          env: env("DEL", ns.path, id),
          config: bridgeConfig,
        });
      }
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
