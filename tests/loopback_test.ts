/**
 * The loopback plugin end to end through the real argv[0] dispatch, for every spec version, in throwaway namespaces.
 */
import assert from "node:assert/strict";
import { Rtnl } from "../netlink/mod.ts";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/version.ts";
import { createTestNetns } from "./fixtures/netns.ts";
import { launchers, runPlugin } from "./fixtures/launcher.ts";

const isRoot = Deno.uid() === 0;

function env(command: string, netns: string): Record<string, string> {
  return {
    CNI_COMMAND: command,
    CNI_CONTAINERID: "cnit-loopback",
    CNI_NETNS: netns,
    CNI_IFNAME: "eth0",
    CNI_PATH: "/nonexistent",
  };
}

function loIsUp(netns: string): boolean {
  using rtnl = Rtnl.open({ netns });
  return rtnl.linkGet("lo").up;
}

for (const launcher of await launchers()) {
  for (const version of SPEC_VERSIONS) {
    Deno.test({
      name: `[${launcher.name}] loopback ${version}: ADD brings lo up, CHECK passes, DEL brings it down`,
      ignore: !isRoot,
      async fn() {
        using ns = createTestNetns();
        const config = JSON.stringify({ cniVersion: version, name: "cnit-lo", type: "loopback" });
        assert.equal(loIsUp(ns.path), false);

        const added = await runPlugin(launcher, "loopback", { env: env("ADD", ns.path), stdin: config });
        assert.equal(added.code, 0, added.stdout + added.stderr);
        assert.equal(loIsUp(ns.path), true);
        const result = JSON.parse(added.stdout);
        assert.equal(result.cniVersion, version);
        if (versionAtLeast(version, "0.3.0")) {
          assert.deepEqual(result.interfaces, [{ name: "lo", mac: "00:00:00:00:00:00", sandbox: ns.path }]);
          const addresses = result.ips.map((ip: { address: string }) => ip.address);
          assert.deepEqual(addresses, ["127.0.0.1/8", "::1/128"]);
        } else {
          assert.equal(result.ip4.ip, "127.0.0.1/8");
          assert.equal(result.ip6.ip, "::1/128");
        }

        if (versionAtLeast(version, "0.4.0")) {
          const checkConfig = JSON.stringify({ ...JSON.parse(config), prevResult: result });
          const checked = await runPlugin(launcher, "loopback", { env: env("CHECK", ns.path), stdin: checkConfig });
          assert.equal(checked.code, 0, checked.stdout);
        }

        const deleted = await runPlugin(launcher, "loopback", { env: env("DEL", ns.path), stdin: config });
        assert.equal(deleted.code, 0, deleted.stdout);
        assert.equal(deleted.stdout, "");
        assert.equal(loIsUp(ns.path), false);
      },
    });
  }

  Deno.test({
    name: `[${launcher.name}] loopback CHECK fails when lo is down`,
    ignore: !isRoot,
    async fn() {
      using ns = createTestNetns();
      const config = { cniVersion: "1.0.0", name: "cnit-lo", type: "loopback", prevResult: { cniVersion: "1.0.0" } };
      const out = await runPlugin(launcher, "loopback", { env: env("CHECK", ns.path), stdin: JSON.stringify(config) });
      assert.notEqual(out.code, 0);
      assert.equal(JSON.parse(out.stdout).msg, "loopback interface is down");
    },
  });

  Deno.test({
    name: `[${launcher.name}] loopback DEL succeeds when the namespace is gone or unset`,
    ignore: !isRoot,
    async fn() {
      const ns = createTestNetns();
      const path = ns.path;
      ns[Symbol.dispose]();
      const config = JSON.stringify({ cniVersion: "1.1.0", name: "cnit-lo", type: "loopback" });
      const gone = await runPlugin(launcher, "loopback", { env: env("DEL", path), stdin: config });
      assert.equal(gone.code, 0, gone.stdout);
      const unset = await runPlugin(launcher, "loopback", { env: env("DEL", ""), stdin: config });
      assert.equal(unset.code, 0, unset.stdout);
    },
  });

  Deno.test({
    name: `[${launcher.name}] loopback ADD passes prevResult through unchanged`,
    ignore: !isRoot,
    async fn() {
      using ns = createTestNetns();
      const prevResult = {
        cniVersion: "1.0.0",
        interfaces: [{ name: "eth0", sandbox: ns.path }],
        ips: [{ address: "10.9.8.7/24", interface: 0 }],
        dns: {},
      };
      const config = { cniVersion: "1.0.0", name: "cnit-lo", type: "loopback", prevResult };
      const out = await runPlugin(launcher, "loopback", { env: env("ADD", ns.path), stdin: JSON.stringify(config) });
      assert.equal(out.code, 0, out.stdout);
      assert.deepEqual(JSON.parse(out.stdout), prevResult);
    },
  });
}
