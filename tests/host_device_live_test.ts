// host-device live tests (root): a test "host" netns holds the device (one end of a veth pair whose peer stays
// beside it), containers are test netns. The plugin runs in a `deno eval` child forked inside the host netns, so
// nothing touches the real host; IPAM is the in-process static plugin. Loops over the spec versions.
import assert from "node:assert/strict";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { Rtnl, withNetns } from "../netlink/mod.ts";
import { createTestNetns, createTestVeth, type TestNetns } from "./fixtures/netns.ts";
import { ROOT } from "./fixtures/launcher.ts";

const ignore = Deno.uid() !== 0;
const MODULE = new URL("../plugins/host_device/mod.ts", import.meta.url).href;
const SKEL = new URL("../cni/mod.ts", import.meta.url).href;

const CHILD = `
const input = JSON.parse(await new Response(Deno.stdin.readable).text());
const { invokePlugin } = await import(input.skel);
const plugin = (await import(input.module))[input.export];
const out = await invokePlugin(plugin, { env: input.env, stdin: new TextEncoder().encode(input.stdin) });
console.log(JSON.stringify(out));
`;

/** Runs one verb of the plugin in a child forked inside `host`; returns the skel's exit code and stdout. */
async function runIn(host: TestNetns, env: Record<string, string>, config: unknown): Promise<{
  code: number;
  stdout: string;
}> {
  const child = withNetns(host.path, () =>
    new Deno.Command(Deno.execPath(), {
      args: ["eval", "--quiet", CHILD],
      cwd: ROOT,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn());
  const writer = child.stdin.getWriter();
  const input = { skel: SKEL, module: MODULE, export: "hostDevice", env, stdin: JSON.stringify(config) };
  await writer.write(new TextEncoder().encode(JSON.stringify(input)));
  await writer.close();
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.ok(out.success && text !== "", new TextDecoder().decode(out.stderr));
  const outcome = JSON.parse(text) as { stdout: string; exitCode: number };
  return { code: outcome.exitCode, stdout: outcome.stdout };
}

function env(command: string, container: { id: string; netns: string }): Record<string, string> {
  return {
    CNI_COMMAND: command,
    CNI_CONTAINERID: container.id,
    CNI_NETNS: container.netns,
    CNI_IFNAME: "eth0",
    CNI_PATH: "/nonexistent",
  };
}

function config(version: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { cniVersion: version, name: "cnit-hostdev", type: "host-device", ...extra };
}

/** A host netns with the device "cnithd0" (a veth end, peer "cnithd1" up beside it with 10.77.5.1/24). */
function hostWithDevice(): TestNetns {
  const host = createTestNetns();
  try {
    createTestVeth({ name: "cnithd0", peerName: "cnithd1", netns: host, peerNetns: host });
    using rtnl = Rtnl.open({ netns: host.path });
    rtnl.addrAdd(rtnl.linkGet("cnithd1").index, "10.77.5.1/24");
  } catch (err) {
    host[Symbol.dispose]();
    throw err;
  }
  return host;
}

/** A TCP exchange: a server forked in `server` on `ip`:7000, a client forked in `client`; returns the reply. */
async function tcpExchange(server: TestNetns, client: TestNetns, ip: string): Promise<string> {
  const serverCode = `
    const l = Deno.listen({ hostname: "${ip}", port: 7000 });
    console.log("ready");
    const c = await l.accept();
    await c.write(new TextEncoder().encode("pong"));
    c.close(); l.close();`;
  const clientCode = `
    const t = setTimeout(() => Deno.exit(2), 10000);
    const c = await Deno.connect({ hostname: "${ip}", port: 7000 });
    const buf = new Uint8Array(4); let n = 0;
    while (n < 4) { const r = await c.read(buf.subarray(n)); if (r === null) break; n += r; }
    console.log(new TextDecoder().decode(buf.subarray(0, n))); c.close(); clearTimeout(t);`;
  const spawn = (ns: TestNetns, code: string) =>
    withNetns(
      ns.path,
      () => new Deno.Command(Deno.execPath(), { args: ["eval", code], stdout: "piped", stderr: "piped" }).spawn(),
    );
  const srv = spawn(server, serverCode);
  const reader = srv.stdout.getReader();
  const first = await reader.read();
  assert.equal(new TextDecoder().decode(first.value).trim(), "ready");
  reader.releaseLock();
  const cli = await spawn(client, clientCode).output();
  const srvOut = await srv.output();
  assert.ok(srvOut.success, new TextDecoder().decode(srvOut.stderr));
  assert.ok(cli.success, new TextDecoder().decode(cli.stderr));
  return new TextDecoder().decode(cli.stdout).trim();
}

for (const version of SPEC_VERSIONS) {
  Deno.test({
    name:
      `host-device add() at ${version} moves the device in as eth0 with its host name as alias; del() moves it back`,
    ignore,
    async fn() {
      using host = hostWithDevice();
      using ns = createTestNetns();
      using hostRtnl = Rtnl.open({ netns: host.path });
      const mac = hostRtnl.linkGet("cnithd0").mac?.toString();
      const container = { id: "cnit-hd-1", netns: ns.path };
      const conf = config(version, {
        device: "cnithd0",
        ipam: { type: "static", addresses: [{ address: "10.77.5.5/24" }], routes: [{ dst: "10.78.0.0/16" }] },
      });
      const add = await runIn(host, env("ADD", container), conf);
      assert.equal(add.code, 0, add.stdout);
      const result = JSON.parse(add.stdout);
      {
        using rtnl = Rtnl.open({ netns: ns.path });
        const link = rtnl.linkGet("eth0");
        assert.equal(link.alias, "cnithd0");
        assert.equal(link.mac?.toString(), mac);
        assert.ok(link.up);
        assert.deepEqual(rtnl.addrList({ index: link.index, family: 4 }).map((a) => a.prefix), ["10.77.5.5/24"]);
        assert.equal(hostRtnl.linkFind("cnithd0"), undefined);
      }
      if (versionAtLeast(version, "0.3.0")) {
        assert.deepEqual(result.interfaces, [{ name: "eth0", mac, sandbox: ns.path }]);
      }
      if (versionAtLeast(version, "0.4.0")) {
        const check = await runIn(host, env("CHECK", container), { ...conf, prevResult: result });
        assert.equal(check.code, 0, check.stdout);
      }
      for (let i = 0; i < 2; i++) {
        const del = await runIn(host, env("DEL", container), conf);
        assert.equal(del.code, 0, del.stdout);
      }
      const back = hostRtnl.linkGet("cnithd0");
      assert.equal(back.mac?.toString(), mac);
      assert.ok(back.up);
      using rtnl = Rtnl.open({ netns: ns.path });
      assert.equal(rtnl.linkFind("eth0"), undefined);
    },
  });
}

Deno.test({
  name: "host-device add() finds the device by hwaddr, traffic flows to the host side, and L2-only works without ipam",
  ignore,
  async fn() {
    using host = hostWithDevice();
    using ns = createTestNetns();
    using hostRtnl = Rtnl.open({ netns: host.path });
    const mac = hostRtnl.linkGet("cnithd0").mac?.toString() ?? "";
    const container = { id: "cnit-hd-mac", netns: ns.path };
    const l2 = config("1.1.0", { hwaddr: mac.toUpperCase() });
    const add = await runIn(host, env("ADD", container), l2);
    assert.equal(add.code, 0, add.stdout);
    assert.equal(JSON.parse(add.stdout).ips, undefined);
    {
      using rtnl = Rtnl.open({ netns: ns.path });
      rtnl.addrAdd(rtnl.linkGet("eth0").index, "10.77.5.6/24");
    }
    assert.equal(await tcpExchange(host, ns, "10.77.5.1"), "pong");
    assert.equal((await runIn(host, env("DEL", container), l2)).code, 0);
    assert.equal(hostRtnl.linkGet("cnithd0").mac?.toString(), mac);
  },
});

Deno.test({
  name: "host-device add() of a missing device fails and leaves the container empty; no selector is code 7",
  ignore,
  async fn() {
    using host = hostWithDevice();
    using ns = createTestNetns();
    const container = { id: "cnit-hd-missing", netns: ns.path };
    const add = await runIn(host, env("ADD", container), config("1.0.0", { device: "cnitnope" }));
    assert.equal(add.code, 1);
    assert.match(JSON.parse(add.stdout).msg, /cnitnope/);
    const none = await runIn(host, env("ADD", container), config("1.0.0", {}));
    assert.equal(JSON.parse(none.stdout).code, 7);
    using rtnl = Rtnl.open({ netns: ns.path });
    assert.deepEqual(rtnl.linkList().map((l) => l.name), ["lo"]);
  },
});

Deno.test({
  name: "host-device del() succeeds when the container netns is gone (unlike the reference)",
  ignore,
  async fn() {
    using host = hostWithDevice();
    const ns = createTestNetns();
    const container = { id: "cnit-hd-gone", netns: ns.path };
    const conf = config("1.0.0", { device: "cnithd0" });
    try {
      assert.equal((await runIn(host, env("ADD", container), conf)).code, 0);
    } finally {
      ns[Symbol.dispose]();
    }
    const del = await runIn(host, env("DEL", container), conf);
    assert.equal(del.code, 0, del.stdout);
  },
});
