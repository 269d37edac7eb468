// dummy live tests (root, and a kernel with the dummy module; otherwise skipped with the kernel's reason, printed at
// load). dummy never touches the host netns, so the plugin runs in-process through the skel against a test netns.
// IPAM is the in-process static plugin. Loops over the spec versions.
import assert from "node:assert/strict";
import { invokePlugin, type Plugin, SPEC_VERSIONS, versionAtLeast } from "../cni/mod.ts";
import { dummy as dummyKind, Rtnl } from "../netlink/mod.ts";
import { dummy } from "../plugins/dummy/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";
import { linkKindSkipReason } from "./fixtures/link_kind_skip.ts";

const reason = linkKindSkipReason("dummy", () => ({ name: "cnitp2", kind: dummyKind }));
const ignore = reason !== undefined;

async function run(command: string, netns: string, config: Record<string, unknown>) {
  const env = {
    CNI_COMMAND: command,
    CNI_CONTAINERID: "cnit-dummy",
    CNI_NETNS: netns,
    CNI_IFNAME: "dummy0",
    CNI_PATH: "/nonexistent",
  };
  const out = await invokePlugin(dummy as Plugin<unknown>, {
    env,
    stdin: new TextEncoder().encode(JSON.stringify(config)),
  });
  return { code: out.exitCode, stdout: out.stdout };
}

function config(version: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cniVersion: version,
    name: "cnit-dummy",
    type: "dummy",
    ipam: { type: "static", addresses: [{ address: "10.77.4.5/32" }], routes: [{ dst: "10.78.4.0/24" }] },
    ...extra,
  };
}

for (const version of SPEC_VERSIONS) {
  Deno.test({
    name: `dummy add() at ${version} creates an up dummy with IPAM's address; check() passes; del() twice`,
    ignore,
    async fn() {
      using ns = createTestNetns();
      const conf = config(version);
      const add = await run("ADD", ns.path, conf);
      assert.equal(add.code, 0, add.stdout);
      using rtnl = Rtnl.open({ netns: ns.path });
      const link = rtnl.linkGet("dummy0");
      assert.equal(link.kind, "dummy");
      assert.ok(link.up);
      assert.deepEqual(rtnl.addrList({ index: link.index, family: 4 }).map((a) => a.prefix), ["10.77.4.5/32"]);
      const result = JSON.parse(add.stdout);
      if (versionAtLeast(version, "0.3.0")) {
        assert.deepEqual(result.interfaces, [{ name: "dummy0", mac: link.mac?.toString(), sandbox: ns.path }]);
      }
      if (versionAtLeast(version, "0.4.0")) {
        const check = await run("CHECK", ns.path, { ...conf, prevResult: result });
        assert.equal(check.code, 0, check.stdout);
      }
      for (let i = 0; i < 2; i++) assert.equal((await run("DEL", ns.path, conf)).code, 0);
      assert.equal(rtnl.linkFind("dummy0"), undefined);
    },
  });
}

Deno.test({
  name: "dummy add() without ipam fails before creating anything; del() with the netns gone succeeds",
  ignore: Deno.uid() !== 0, // needs no dummy support
  async fn() {
    const ns = createTestNetns();
    try {
      const add = await run("ADD", ns.path, { cniVersion: "1.0.0", name: "cnit-dummy", type: "dummy" });
      assert.equal(add.code, 1);
      assert.match(JSON.parse(add.stdout).msg, /dummy interface requires an IPAM configuration/);
      using rtnl = Rtnl.open({ netns: ns.path });
      assert.deepEqual(rtnl.linkList().map((l) => l.name), ["lo"]);
    } finally {
      ns[Symbol.dispose]();
    }
    const del = await run("DEL", ns.path, config("1.0.0"));
    assert.equal(del.code, 0, del.stdout);
  },
});
