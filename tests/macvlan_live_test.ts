// macvlan live tests (root): a test "host" netns holds the master (one end of a veth pair whose peer is up beside
// it), containers are test netns. The plugin runs in a `deno eval` child forked inside the host netns, so nothing
// touches the real host; IPAM is the in-process static plugin. Every test loops over the spec versions.
import assert from "node:assert/strict";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { IP } from "../addr/mod.ts";
import { linkData, macvlan, Rtnl, withNetns } from "../netlink/mod.ts";
import { createTestNetns, createTestVeth, type TestNetns } from "./fixtures/netns.ts";
import { ROOT } from "./fixtures/launcher.ts";
import { readSysctl } from "../iface/mod.ts";

const ignore = Deno.uid() !== 0;
const MODULE = new URL("../plugins/macvlan/mod.ts", import.meta.url).href;
const SKEL = new URL("../cni/mod.ts", import.meta.url).href;

const CHILD = `
const input = JSON.parse(await new Response(Deno.stdin.readable).text());
const { invokePlugin } = await import(input.skel);
const plugin = (await import(input.module))[input.export];
const out = await invokePlugin(plugin, { env: input.env, stdin: new TextEncoder().encode(input.stdin) });
console.log(JSON.stringify(out));
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one verb of the plugin in a child forked inside `host` (the plugin's "host" namespace). */
async function runIn(host: TestNetns, env: Record<string, string>, config: unknown): Promise<Run> {
  const child = withNetns(host.path, () =>
    new Deno.Command(Deno.execPath(), {
      args: ["eval", "--quiet", CHILD],
      cwd: ROOT,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn());
  const writer = child.stdin.getWriter();
  const input = { skel: SKEL, module: MODULE, export: "macvlan", env, stdin: JSON.stringify(config) };
  await writer.write(new TextEncoder().encode(JSON.stringify(input)));
  await writer.close();
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.ok(out.success && text !== "", new TextDecoder().decode(out.stderr));
  const outcome = JSON.parse(text) as { stdout: string; stderr: string; exitCode: number };
  return { code: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr };
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
  return { cniVersion: version, name: "cnit-macvlan", type: "macvlan", ...extra };
}

function staticIpam(address: string): Record<string, unknown> {
  return {
    type: "static",
    addresses: [{ address, gateway: "10.77.0.1" }],
    routes: [{ dst: "10.78.0.0/16" }],
  };
}

/** A host netns with master "cnitm0" (veth, peer "cnitm1" up beside it, MTU 1400). */
function hostWithMaster(): TestNetns {
  const host = createTestNetns();
  try {
    createTestVeth({ name: "cnitm0", peerName: "cnitm1", netns: host, peerNetns: host });
    using rtnl = Rtnl.open({ netns: host.path });
    rtnl.linkSet(rtnl.linkGet("cnitm0").index, { mtu: 1400 });
    rtnl.linkSet(rtnl.linkGet("cnitm1").index, { mtu: 1400 });
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
    name: `macvlan add() at ${version} creates a macvlan with the MAC, MTU, addresses and routes; del() is idempotent`,
    ignore,
    async fn() {
      using host = hostWithMaster();
      using ns = createTestNetns();
      const container = { id: "cnit-mv-1", netns: ns.path };
      const conf = config(version, {
        master: "cnitm0",
        mode: "private",
        mtu: 1300,
        mac: "0a:58:0a:4d:00:05",
        bcqueuelen: 2000,
        ipam: staticIpam("10.77.0.5/24"),
      });
      const add = await runIn(host, env("ADD", container), conf);
      assert.equal(add.code, 0, add.stdout);
      const result = JSON.parse(add.stdout);
      assert.equal(result.cniVersion, version);
      {
        using rtnl = Rtnl.open({ netns: ns.path });
        const link = rtnl.linkGet("eth0");
        assert.equal(link.kind, "macvlan");
        assert.equal(linkData(link, macvlan)?.mode, "private");
        assert.equal(linkData(link, macvlan)?.bcQueueLen, 2000);
        assert.equal(link.mtu, 1300);
        assert.equal(link.mac?.toString(), "0a:58:0a:4d:00:05");
        assert.ok(link.up);
        assert.deepEqual(rtnl.addrList({ index: link.index, family: 4 }).map((a) => a.prefix), ["10.77.0.5/24"]);
        const routes = rtnl.routeList({ family: 4 }).map((r) => `${r.dst ?? "default"} ${r.gateway ?? ""}`);
        assert.ok(routes.includes("10.78.0.0/16 10.77.0.1"), routes.join(", "));
        const notify = withNetns(ns.path, () => [
          readSysctl(["ipv4", "conf", "eth0", "arp_notify"]),
          readSysctl(["ipv6", "conf", "eth0", "ndisc_notify"]),
        ]);
        assert.deepEqual(notify, ["1", "1"]);
        using hostRtnl = Rtnl.open({ netns: host.path });
        assert.equal(link.parentIndex, hostRtnl.linkGet("cnitm0").index);
        assert.equal(hostRtnl.linkList().filter((l) => l.kind === "macvlan").length, 0);
      }
      if (versionAtLeast(version, "0.3.0")) {
        assert.deepEqual(result.interfaces, [{ name: "eth0", mac: "0a:58:0a:4d:00:05", sandbox: ns.path }]);
        assert.deepEqual(result.ips.map((ip: { address: string }) => ip.address), ["10.77.0.5/24"]);
      } else {
        assert.equal(result.ip4.ip, "10.77.0.5/24");
      }
      if (versionAtLeast(version, "0.4.0")) {
        const check = await runIn(host, env("CHECK", container), { ...conf, prevResult: result });
        assert.equal(check.code, 0, check.stdout);
      }
      for (let i = 0; i < 2; i++) {
        const del = await runIn(host, env("DEL", container), conf);
        assert.equal(del.code, 0, del.stdout);
      }
      using rtnl = Rtnl.open({ netns: ns.path });
      assert.equal(rtnl.linkFind("eth0"), undefined);
    },
  });
}

Deno.test({
  name: "macvlan: two containers in bridge mode on one master reach each other over TCP",
  ignore,
  async fn() {
    using host = hostWithMaster();
    using a = createTestNetns();
    using b = createTestNetns();
    for (const [ns, address] of [[a, "10.77.0.11/24"], [b, "10.77.0.12/24"]] as const) {
      const conf = config("1.0.0", { master: "cnitm0", ipam: staticIpam(address) });
      const add = await runIn(host, env("ADD", { id: `cnit-${ns.name}`, netns: ns.path }), conf);
      assert.equal(add.code, 0, add.stdout);
    }
    assert.equal(await tcpExchange(a, b, "10.77.0.11"), "pong");
  },
});

Deno.test({
  name: "macvlan del() succeeds when the container netns is already gone, and when CNI_NETNS is empty",
  ignore,
  async fn() {
    using host = hostWithMaster();
    const ns = createTestNetns();
    const container = { id: "cnit-mv-gone", netns: ns.path };
    const conf = config("1.1.0", { master: "cnitm0", ipam: {} });
    try {
      const add = await runIn(host, env("ADD", container), conf);
      assert.equal(add.code, 0, add.stdout);
    } finally {
      ns[Symbol.dispose]();
    }
    assert.equal((await runIn(host, env("DEL", container), conf)).code, 0);
    assert.equal((await runIn(host, env("DEL", { ...container, netns: "" }), conf)).code, 0);
  },
});

Deno.test({
  name: "macvlan add() defaults master to the default route's interface, L2-only with ipam {}",
  ignore,
  async fn() {
    using host = hostWithMaster();
    using ns = createTestNetns();
    {
      using rtnl = Rtnl.open({ netns: host.path });
      const master = rtnl.linkGet("cnitm0");
      rtnl.addrAdd(master.index, "10.79.0.2/24");
      rtnl.routeAdd({ gateway: IP.parse("10.79.0.1"), oif: master.index });
    }
    const container = { id: "cnit-mv-default", netns: ns.path };
    const add = await runIn(host, env("ADD", container), config("1.0.0", { ipam: {} }));
    assert.equal(add.code, 0, add.stdout);
    assert.equal(JSON.parse(add.stdout).ips, undefined);
    using rtnl = Rtnl.open({ netns: ns.path });
    using hostRtnl = Rtnl.open({ netns: host.path });
    const link = rtnl.linkGet("eth0");
    assert.equal(link.parentIndex, hostRtnl.linkGet("cnitm0").index);
    assert.equal(linkData(link, macvlan)?.mode, "bridge");
    assert.ok(link.up);
  },
});

Deno.test({
  name: "macvlan add() with linkInContainer uses a master inside the container; MAC from CNI_ARGS",
  ignore,
  async fn() {
    using host = createTestNetns();
    using ns = createTestNetns();
    createTestVeth({ name: "cnitin0", peerName: "cnitin1", netns: ns, peerNetns: ns });
    const container = { id: "cnit-mv-in", netns: ns.path };
    const conf = config("1.0.0", { master: "cnitin0", linkInContainer: true, ipam: staticIpam("10.77.0.9/24") });
    const add = await runIn(
      host,
      { ...env("ADD", container), CNI_ARGS: "IgnoreUnknown=1;MAC=0a:58:00:00:00:09" },
      conf,
    );
    assert.equal(add.code, 0, add.stdout);
    using rtnl = Rtnl.open({ netns: ns.path });
    const link = rtnl.linkGet("eth0");
    assert.equal(link.parentIndex, rtnl.linkGet("cnitin0").index);
    assert.equal(link.mac?.toString(), "0a:58:00:00:00:09");
    const check = await runIn(host, env("CHECK", container), { ...conf, prevResult: JSON.parse(add.stdout) });
    assert.equal(check.code, 0, check.stdout);
    const wrongMode = await runIn(host, env("CHECK", container), {
      ...conf,
      mode: "vepa",
      prevResult: JSON.parse(add.stdout),
    });
    assert.notEqual(wrongMode.code, 0);
    assert.match(JSON.parse(wrongMode.stdout).msg, /mode bridge does not match expected value: vepa/);
    assert.equal((await runIn(host, env("DEL", container), conf)).code, 0);
    assert.equal(rtnl.linkFind("eth0"), undefined);
  },
});

Deno.test({
  name: "macvlan add() refuses an MTU above the master's with code 7 and leaves nothing behind",
  ignore,
  async fn() {
    using host = hostWithMaster();
    using ns = createTestNetns();
    const container = { id: "cnit-mv-mtu", netns: ns.path };
    const add = await runIn(host, env("ADD", container), config("1.0.0", { master: "cnitm0", mtu: 9000, ipam: {} }));
    assert.equal(add.code, 1);
    const error = JSON.parse(add.stdout);
    assert.equal(error.code, 7);
    assert.equal(error.msg, "invalid MTU 9000, must be [0, master MTU(1400)]");
    using rtnl = Rtnl.open({ netns: ns.path });
    assert.deepEqual(rtnl.linkList().map((l) => l.name), ["lo"]);
  },
});
