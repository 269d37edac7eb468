/**
 * bridge `macspoofchk` live (issue 4): our bridge runs as a process inside a throwaway "host" namespace, so its nft
 * `bridge nat` table never touches the real host. Frames with the container's own MAC reach the gateway, frames with
 * a spoofed MAC are dropped; DEL removes every rule (also with the netns gone); and the rules are those Debian's
 * /usr/lib/cni/bridge (1.1.1) writes, so each side's DEL removes the other's.
 * @module
 */
import assert from "node:assert/strict";
import { MAC } from "../addr/mod.ts";
import { Rtnl } from "../netlink/mod.ts";
import { hostSnapshot } from "./fixtures/host_snapshot.ts";
import { ping } from "./fixtures/icmp_ping.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";
import { outputInNetns, type PluginRun, runInNetns } from "./fixtures/plugin_in_netns.ts";

const ignore = Deno.uid() !== 0;
const BRIDGE = "cnitbrspoof0";
const DEBIAN_BRIDGE = "/usr/lib/cni/bridge";
const GATEWAY = "10.67.0.1";

interface Setup extends AsyncDisposable {
  host: TestNetns;
  dataDir: string;
  config(extra?: Record<string, unknown>): Record<string, unknown>;
  run(
    command: string,
    container: TestNetns | string,
    options?: { id?: string; config?: unknown; executable?: string },
  ): Promise<PluginRun>;
}

async function setup(version: string): Promise<Setup> {
  const host = createTestNetns("cnit-spoof");
  const dataDir = await Deno.makeTempDir({ prefix: "cnit-spoof-" });
  const config = (extra: Record<string, unknown> = {}) => ({
    cniVersion: version,
    name: "cnit-spoof-net",
    type: "bridge",
    bridge: BRIDGE,
    isGateway: true,
    macspoofchk: true,
    ipam: { type: "host-local", dataDir, ranges: [[{ subnet: "10.67.0.0/24" }]] },
    ...extra,
  });
  return {
    host,
    dataDir,
    config,
    run: (command, container, options = {}) =>
      runInNetns(host.path, "bridge", {
        env: {
          CNI_COMMAND: command,
          CNI_CONTAINERID: options.id ?? "cnit-spoof-c1",
          CNI_NETNS: typeof container === "string" ? container : container.path,
          CNI_IFNAME: "eth0",
          CNI_PATH: "/usr/lib/cni",
        },
        config: options.config ?? config(),
        ...(options.executable !== undefined && { executable: options.executable }),
      }),
    async [Symbol.asyncDispose]() {
      host[Symbol.dispose]();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

function ok(run: PluginRun): Record<string, unknown> {
  assert.equal(run.code, 0, `plugin failed: ${run.stdout}${run.stderr}`);
  return run.json ?? {};
}

/** The rules and non-base chains of `nft -j list ruleset` (handles dropped), as comparable lines. */
async function nftState(netns: string): Promise<string[]> {
  const doc = JSON.parse(await outputInNetns(netns, ["nft", "-j", "list", "ruleset"])) as {
    nftables: Array<Record<string, Record<string, unknown>>>;
  };
  const lines: string[] = [];
  for (const item of doc.nftables) {
    if (item.rule) {
      const { handle: _handle, ...rule } = item.rule;
      lines.push(`rule ${JSON.stringify(rule)}`);
    } else if (item.chain && item.chain.hook === undefined) {
      lines.push(`chain ${item.chain.family} ${item.chain.table} ${item.chain.name}`);
    }
  }
  return lines.sort();
}

function hostVethName(result: Record<string, unknown>): string {
  return String((result.interfaces as Array<{ name: string }>)[1]?.name);
}

Deno.test({
  name:
    "bridge macspoofchk: own MAC reaches the gateway, a spoofed MAC is dropped, CHECK sees the rules, DEL removes them",
  ignore,
  fn: async () => {
    await using s = await setup("1.1.0");
    using c1 = createTestNetns("cnit-spoof");
    const before = await nftState(s.host.path);
    const snapshot = await hostSnapshot(s.host.path);
    const result = ok(await s.run("ADD", c1));
    using inside = Rtnl.open({ netns: c1.path });
    const eth0 = inside.linkGet("eth0");
    const ownMac = eth0.mac?.toString() ?? "";
    const veth = hostVethName(result);

    const rules = await outputInNetns(s.host.path, ["nft", "list", "table", "bridge", "nat"]);
    assert.match(rules, new RegExp(`iifname "${veth}" jump cni-br-iface-cnit-spoof-c1-eth0`));
    assert.match(rules, new RegExp(`ether saddr ${ownMac} return comment "macspoofchk-cnit-spoof-c1-eth0"`));
    assert.match(rules, /drop comment "macspoofchk-cnit-spoof-c1-eth0"/);
    assert.ok(ping(c1.path, GATEWAY), "the container's own MAC passes");

    inside.linkSet(eth0.index, { mac: MAC.parse("02:de:ad:be:ef:01") });
    assert.equal(ping(c1.path, GATEWAY, { timeoutMs: 300, attempts: 3 }), false, "a spoofed MAC is dropped");
    inside.linkSet(eth0.index, { mac: MAC.parse(ownMac) });
    assert.ok(ping(c1.path, GATEWAY), "the container's own MAC passes again");

    const withPrev = s.config({ prevResult: result });
    ok(await s.run("CHECK", c1, { config: withPrev }));
    await outputInNetns(s.host.path, ["nft", "flush", "chain", "bridge", "nat", "cni-br-iface-cnit-spoof-c1-eth0-mac"]);
    const broken = await s.run("CHECK", c1, { config: withPrev });
    assert.notEqual(broken.code, 0);
    assert.match(String(broken.json?.msg), /mac spoof-check rule "ether saddr .* return"/);

    ok(await s.run("DEL", c1, { config: withPrev }));
    assert.deepEqual(await nftState(s.host.path), before);
    ok(await s.run("DEL", c1, { config: withPrev }));
    assert.deepEqual(await hostSnapshot(s.host.path, { ignoreLinks: [BRIDGE] }), snapshot);
  },
});

Deno.test({
  name: "bridge macspoofchk: DEL removes the rules when the netns is gone; a failed ADD leaves none",
  ignore,
  fn: async () => {
    await using s = await setup("1.0.0");
    const before = await nftState(s.host.path);
    const gone = createTestNetns("cnit-spoof");
    const result = ok(await s.run("ADD", gone));
    const path = gone.path;
    gone[Symbol.dispose]();
    ok(await s.run("DEL", path, { config: s.config({ prevResult: result }) }));
    assert.deepEqual(await nftState(s.host.path), before);

    // IPAM runs after the veth and the rules exist (its type is not in CNI_PATH): ADD must undo both.
    using c2 = createTestNetns("cnit-spoof");
    const bad = s.config({ ipam: { type: "cnit-missing-ipam" } });
    const failed = await s.run("ADD", c2, { id: "cnit-spoof-c2", config: bad });
    assert.notEqual(failed.code, 0, failed.stdout);
    assert.match(String(failed.json?.msg), /cnit-missing-ipam/);
    assert.deepEqual(await nftState(s.host.path), before);
    using inside = Rtnl.open({ netns: c2.path });
    assert.deepEqual(inside.linkList().map((l) => l.name), ["lo"]);
  },
});

Deno.test({
  name: "bridge macspoofchk interop: Debian's DEL removes our rules, our DEL removes Debian's, our CHECK reads them",
  ignore,
  fn: async () => {
    await using s = await setup("1.0.0");
    const before = await nftState(s.host.path);
    const snapshot = await hostSnapshot(s.host.path);

    using c1 = createTestNetns("cnit-spoof");
    const ours = ok(await s.run("ADD", c1));
    const oursState = await nftState(s.host.path);
    ok(await s.run("DEL", c1, { config: s.config({ prevResult: ours }), executable: DEBIAN_BRIDGE }));
    assert.deepEqual(await nftState(s.host.path), before);

    using c2 = createTestNetns("cnit-spoof");
    const debian = ok(await s.run("ADD", c2, { executable: DEBIAN_BRIDGE }));
    const debianState = await nftState(s.host.path);
    // Same rules but for the host veth's name and the container's MAC.
    const normalize = (lines: string[], result: Record<string, unknown>) => {
      const interfaces = result.interfaces as Array<{ name: string; mac: string }>;
      return lines.map((l) =>
        l.replace(interfaces[1]?.name ?? "-", "<veth>").replace(interfaces[2]?.mac ?? "-", "<mac>")
      );
    };
    assert.deepEqual(normalize(debianState, debian), normalize(oursState, ours));
    ok(await s.run("CHECK", c2, { config: s.config({ prevResult: debian }) }));
    ok(await s.run("DEL", c2, { config: s.config({ prevResult: debian }) }));
    assert.deepEqual(await nftState(s.host.path), before);
    assert.deepEqual(await hostSnapshot(s.host.path, { ignoreLinks: [BRIDGE] }), snapshot);
  },
});
