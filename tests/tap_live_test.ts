// tap live tests (root): tap never touches the host netns, so the plugin runs in-process through the skel against
// a test netns. IPAM is the in-process static plugin. Loops over the spec versions.
import assert from "node:assert/strict";
import { invokePlugin, type Plugin, SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { bridge, linkData, Rtnl, tun, withNetns } from "../netlink/mod.ts";
import { readSysctl } from "../iface/mod.ts";
import { tap } from "../plugins/tap/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const ignore = Deno.uid() !== 0;

async function run(command: string, netns: string, config: Record<string, unknown>, args = "") {
  const env = {
    CNI_COMMAND: command,
    CNI_CONTAINERID: "cnit-tap",
    CNI_NETNS: netns,
    CNI_IFNAME: "tap0",
    CNI_PATH: "/nonexistent",
    CNI_ARGS: args,
  };
  const out = await invokePlugin(tap as Plugin<unknown>, {
    env,
    stdin: new TextEncoder().encode(JSON.stringify(config)),
  });
  return { code: out.exitCode, stdout: out.stdout };
}

function config(version: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { cniVersion: version, name: "cnit-tap", type: "tap", ...extra };
}

for (const version of SPEC_VERSIONS) {
  Deno.test({
    name: `tap add() at ${version} creates a persistent tap with MAC, MTU, owner, group and addresses; del() twice`,
    ignore,
    async fn() {
      using ns = createTestNetns();
      const conf = config(version, {
        mac: "0a:58:0a:4d:06:05",
        mtu: 1400,
        owner: 1234,
        group: 4321,
        multiQueue: true,
        ipam: { type: "static", addresses: [{ address: "10.77.6.5/24" }], routes: [{ dst: "10.78.0.0/16" }] },
      });
      const add = await run("ADD", ns.path, conf);
      assert.equal(add.code, 0, add.stdout);
      using rtnl = Rtnl.open({ netns: ns.path });
      const link = rtnl.linkGet("tap0");
      const data = linkData(link, tun);
      assert.equal(data?.type, "tap");
      assert.equal(data?.owner, 1234);
      assert.equal(data?.group, 4321);
      assert.equal(data?.multiQueue, true);
      assert.equal(data?.vnetHdr, true);
      assert.equal(data?.persist, true);
      assert.equal(link.mac?.toString(), "0a:58:0a:4d:06:05");
      assert.equal(link.mtu, 1400);
      assert.ok(link.up);
      assert.deepEqual(rtnl.addrList({ index: link.index, family: 4 }).map((a) => a.prefix), ["10.77.6.5/24"]);
      assert.equal(withNetns(ns.path, () => readSysctl(["ipv4", "conf", "tap0", "arp_notify"])), "1");
      const result = JSON.parse(add.stdout);
      if (versionAtLeast(version, "0.3.0")) {
        assert.deepEqual(result.interfaces, [{ name: "tap0", mac: "0a:58:0a:4d:06:05", sandbox: ns.path }]);
      }
      if (versionAtLeast(version, "0.4.0")) {
        const check = await run("CHECK", ns.path, { ...conf, prevResult: result });
        assert.equal(check.code, 0, check.stdout);
        const gone = { ...result, ips: [{ interface: 0, address: "10.77.6.99/24" }] };
        const bad = await run("CHECK", ns.path, { ...conf, prevResult: gone });
        assert.notEqual(bad.code, 0);
      }
      for (let i = 0; i < 2; i++) assert.equal((await run("DEL", ns.path, conf)).code, 0);
      assert.equal(rtnl.linkFind("tap0"), undefined);
    },
  });
}

Deno.test({
  name: "tap add() attaches the tap to a bridge in the container; Go-style key case and CNI_ARGS MAC are honoured",
  ignore,
  async fn() {
    using ns = createTestNetns();
    using rtnl = Rtnl.open({ netns: ns.path });
    rtnl.linkAdd({ name: "cnitbr0", kind: bridge });
    const conf = config("1.1.0", { bridge: "cnitbr0", MULTIQUEUE: true, selinuxcontext: "" });
    const add = await run("ADD", ns.path, conf, "IgnoreUnknown=1;MAC=0a:58:00:00:06:07");
    assert.equal(add.code, 0, add.stdout);
    const link = rtnl.linkGet("tap0");
    assert.equal(link.master, rtnl.linkGet("cnitbr0").index);
    assert.equal(link.mac?.toString(), "0a:58:00:00:06:07");
    assert.equal(linkData(link, tun)?.multiQueue, true);
    assert.equal(linkData(link, tun)?.vnetHdr, false);
    assert.equal(JSON.parse(add.stdout).ips, undefined);
  },
});

Deno.test({
  name: "tap add() with a missing bridge fails and leaves no tap behind; del() with the netns gone succeeds",
  ignore,
  async fn() {
    const ns = createTestNetns();
    try {
      const add = await run("ADD", ns.path, config("1.0.0", { bridge: "cnitnobr" }));
      assert.equal(add.code, 1);
      assert.match(JSON.parse(add.stdout).msg, /failed to get bridge cnitnobr/);
      using rtnl = Rtnl.open({ netns: ns.path });
      assert.deepEqual(rtnl.linkList().map((l) => l.name), ["lo"]);
    } finally {
      ns[Symbol.dispose]();
    }
    const del = await run("DEL", ns.path, config("1.0.0"));
    assert.equal(del.code, 0, del.stdout);
  },
});

Deno.test({
  name: "tap status() and gc() delegate to IPAM and succeed with or without it",
  ignore,
  async fn() {
    const ipam = { type: "static", addresses: [{ address: "10.77.6.9/24" }] };
    for (const conf of [config("1.1.0", { ipam }), config("1.1.0")]) {
      const status = await run("STATUS", "", conf);
      assert.equal(status.code, 0, status.stdout);
      const gc = await run("GC", "", { ...conf, "cni.dev/valid-attachments": [] });
      assert.equal(gc.code, 0, gc.stdout);
    }
    const missing = await run("STATUS", "", config("1.1.0", { ipam: { type: "cnit-no-such-ipam" } }));
    assert.notEqual(missing.code, 0);
  },
});
