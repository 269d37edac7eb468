// vlan live tests (root, and a kernel with the 8021q module; otherwise skipped with the kernel's reason, printed
// at load). A test "host" netns holds the master (a veth end); the plugin runs in a `deno eval` child forked inside
// it, so nothing touches the real host. IPAM is the in-process static plugin. Loops over the spec versions.
import assert from "node:assert/strict";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { isNotSupported, linkData, Rtnl, vlan, withNetns } from "../netlink/mod.ts";
import { createTestNetns, createTestVeth, type TestNetns } from "./fixtures/netns.ts";
import { ROOT } from "./fixtures/launcher.ts";

const MODULE = new URL("../plugins/vlan/mod.ts", import.meta.url).href;
const SKEL = new URL("../cni/mod.ts", import.meta.url).href;

/** Why the live tests cannot run here, or undefined when they can. */
function unsupportedReason(): string | undefined {
  if (Deno.uid() !== 0) return "needs root";
  using ns = createTestNetns();
  createTestVeth({ name: "cnitp0", peerName: "cnitp1", netns: ns, peerNetns: ns });
  using rtnl = Rtnl.open({ netns: ns.path });
  try {
    rtnl.linkAdd({ name: "cnitp2", kind: vlan, data: { id: 5 }, parentIndex: rtnl.linkGet("cnitp0").index });
    return undefined;
  } catch (err) {
    if (isNotSupported(err)) return (err as Error).message;
    throw err;
  }
}

const reason = unsupportedReason();
// deno-lint-ignore no-console
if (reason !== undefined) console.error(`vlan live tests skipped: ${reason}`);
const ignore = reason !== undefined;

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
  const input = { skel: SKEL, module: MODULE, export: "vlan", env, stdin: JSON.stringify(config) };
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
  return { cniVersion: version, name: "cnit-vlan", type: "vlan", ...extra };
}

/** A host netns with master "cnitm0" (veth, peer "cnitm1" up beside it). */
function hostWithMaster(): TestNetns {
  const host = createTestNetns();
  try {
    createTestVeth({ name: "cnitm0", peerName: "cnitm1", netns: host, peerNetns: host });
  } catch (err) {
    host[Symbol.dispose]();
    throw err;
  }
  return host;
}

for (const version of SPEC_VERSIONS) {
  Deno.test({
    name: `vlan add() at ${version} creates a tagged sub-interface with the MTU and addresses; del() twice`,
    ignore,
    async fn() {
      using host = hostWithMaster();
      using ns = createTestNetns();
      const container = { id: "cnit-vlan-1", netns: ns.path };
      const conf = config(version, {
        master: "cnitm0",
        vlanId: 42,
        mtu: 1400,
        ipam: { type: "static", addresses: [{ address: "10.77.3.5/24" }], routes: [{ dst: "10.78.0.0/16" }] },
        dns: { nameservers: ["10.77.3.1"] },
      });
      const add = await runIn(host, env("ADD", container), conf);
      assert.equal(add.code, 0, add.stdout);
      const result = JSON.parse(add.stdout);
      using rtnl = Rtnl.open({ netns: ns.path });
      const link = rtnl.linkGet("eth0");
      assert.equal(linkData(link, vlan)?.id, 42);
      assert.equal(link.mtu, 1400);
      assert.deepEqual(rtnl.addrList({ index: link.index, family: 4 }).map((a) => a.prefix), ["10.77.3.5/24"]);
      if (versionAtLeast(version, "0.3.0")) {
        assert.deepEqual(result.interfaces, [{ name: "eth0", mac: link.mac?.toString(), sandbox: ns.path }]);
        assert.deepEqual(result.dns, { nameservers: ["10.77.3.1"] });
      }
      if (versionAtLeast(version, "0.4.0")) {
        const check = await runIn(host, env("CHECK", container), { ...conf, prevResult: result });
        assert.equal(check.code, 0, check.stdout);
      }
      for (let i = 0; i < 2; i++) assert.equal((await runIn(host, env("DEL", container), conf)).code, 0);
      assert.equal(rtnl.linkFind("eth0"), undefined);
    },
  });
}

Deno.test({
  name: "vlan add() refuses an MTU above the master's with code 7",
  ignore: Deno.uid() !== 0, // fails before creating anything: needs no 8021q support
  async fn() {
    using host = hostWithMaster();
    using ns = createTestNetns();
    const conf = config("1.0.0", { master: "cnitm0", vlanId: 4, mtu: 65000, ipam: { type: "static" } });
    const add = await runIn(host, env("ADD", { id: "cnit-vlan-mtu", netns: ns.path }), conf);
    assert.equal(add.code, 1);
    assert.equal(JSON.parse(add.stdout).code, 7);
    assert.match(JSON.parse(add.stdout).msg, /^invalid MTU 65000, must be \[0, master MTU\(1500\)\]$/);
  },
});

Deno.test({
  name: "vlan del() succeeds when the container netns is gone",
  ignore: Deno.uid() !== 0, // needs no 8021q support
  async fn() {
    using host = hostWithMaster();
    const ns = createTestNetns();
    ns[Symbol.dispose]();
    const conf = config("1.0.0", {
      master: "cnitm0",
      vlanId: 4,
      ipam: { type: "static", addresses: [{ address: "10.77.3.6/24" }] },
    });
    const result = await runIn(host, env("DEL", { id: "cnit-vlan-gone", netns: ns.path }), conf);
    assert.equal(result.code, 0, result.stdout);
  },
});
