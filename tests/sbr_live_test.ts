/**
 * sbr against the kernel in a throwaway namespace: a rule per address pointing at the first free table ≥ 100, the
 * interface's routes moved there with a default route through the gateway, fixed-table mode touching only rules,
 * and DEL removing the rules (and succeeding once the namespace is gone).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { invokePlugin } from "../cni/skel.ts";
import { SPEC_VERSIONS } from "../cni/version.ts";
import { createNamedNetns, deleteNamedNetns, Rtnl, veth } from "../netlink/mod.ts";
import { sbr } from "../plugins/sbr/mod.ts";

const ignore = Deno.uid() !== 0;

interface Sandbox extends Disposable {
  netns: string;
}

function sandbox(): Sandbox {
  const netns = createNamedNetns(`cnit-sbr-${crypto.randomUUID().slice(0, 8)}`);
  try {
    using rtnl = Rtnl.open({ netns });
    rtnl.linkAdd({ name: "eth0", kind: veth, data: { peer: { name: "cnitsbrp" } } });
    for (const name of ["eth0", "cnitsbrp", "lo"]) rtnl.linkSet(rtnl.linkGet(name).index, { up: true });
    const eth0 = rtnl.linkGet("eth0").index;
    rtnl.addrAdd(eth0, "192.168.1.209/24");
    rtnl.addrAdd(eth0, "fd00:1::209/64", { noDad: true });
    rtnl.routeAdd({ gateway: "192.168.1.1", oif: eth0 });
    rtnl.routeAdd({ dst: "10.200.0.0/16", gateway: "192.168.1.254", oif: eth0 });
    return { netns, [Symbol.dispose]: () => deleteNamedNetns(netns) };
  } catch (err) {
    deleteNamedNetns(netns);
    throw err;
  }
}

const PREV = {
  cniVersion: "1.0.0",
  interfaces: [{ name: "eth0", sandbox: "" }],
  ips: [
    { address: "192.168.1.209/24", gateway: "192.168.1.1", interface: 0 },
    { address: "fd00:1::209/64", gateway: "fd00:1::1", interface: 0 },
  ],
  routes: [{ dst: "0.0.0.0/0", gw: "192.168.1.1" }],
};

function run(netns: string, command: string, config: Record<string, unknown> = {}) {
  return invokePlugin(sbr, {
    env: { CNI_COMMAND: command, CNI_CONTAINERID: "cnit-sbr-ctr", CNI_NETNS: netns, CNI_IFNAME: "eth0" },
    stdin: new TextEncoder().encode(JSON.stringify({
      cniVersion: "1.0.0",
      name: "cnit-sbr-net",
      type: "sbr",
      prevResult: PREV,
      ...config,
    })),
  });
}

function rulesFrom(rtnl: Rtnl, ip: string): number[] {
  return rtnl.ruleList().filter((r) => r.src?.ip.toString() === ip).map((r) => r.table);
}

function routesIn(rtnl: Rtnl, table: number): string[] {
  return rtnl.routeList({ table })
    .filter((r) => r.type === 1 && !(r.family === 6 && r.dst?.toString().startsWith("fe80")))
    .map((r) => `${r.dst ?? "default"}${r.gateway ? ` via ${r.gateway}` : ""}`)
    .sort();
}

for (const cniVersion of SPEC_VERSIONS) {
  Deno.test({
    name:
      `sbr ADD moves the interface's routes into per-address tables, DEL removes the rules (cniVersion ${cniVersion})`,
    ignore,
    async fn() {
      using box = sandbox();
      using rtnl = Rtnl.open({ netns: box.netns });
      rtnl.ruleAdd({ src: "10.99.0.0/16", table: 100 }); // table 100 is taken: sbr must start at 101
      const added = await run(box.netns, "ADD", { cniVersion });
      strictEqual(added.exitCode, 0, added.stdout);
      deepStrictEqual(rulesFrom(rtnl, "192.168.1.209"), [101]);
      deepStrictEqual(rulesFrom(rtnl, "fd00:1::209"), [102]);
      // As in the reference, routes with neither source hint nor gateway (fd00:1::/64) go to every address's table.
      deepStrictEqual(routesIn(rtnl, 101), [
        "10.200.0.0/16 via 192.168.1.254",
        "192.168.1.0/24",
        "default via 192.168.1.1",
        "fd00:1::/64",
      ]);
      deepStrictEqual(routesIn(rtnl, 102), ["default via fd00:1::1", "fd00:1::/64"]);
      const eth0 = rtnl.linkGet("eth0").index;
      deepStrictEqual(rtnl.routeList({ oif: eth0 }), [], "nothing of eth0 is left in the main table");

      const deleted = await run(box.netns, "DEL", { cniVersion });
      strictEqual(deleted.exitCode, 0, deleted.stdout);
      deepStrictEqual(rulesFrom(rtnl, "192.168.1.209"), []);
      deepStrictEqual(rulesFrom(rtnl, "fd00:1::209"), []);
      deepStrictEqual(rtnl.ruleList().filter((r) => r.table === 100).length, 1, "the unrelated rule stays");
      strictEqual((await run(box.netns, "DEL", { cniVersion })).exitCode, 0);
    },
  });
}

Deno.test({
  name: "sbr with a fixed table adds and removes only rules, and leaves the main table alone",
  ignore,
  async fn() {
    using box = sandbox();
    using rtnl = Rtnl.open({ netns: box.netns });
    const eth0 = rtnl.linkGet("eth0").index;
    const mainBefore = routesIn(rtnl, 254);
    rtnl.ruleAdd({ src: "192.168.1.209/32", table: 600 });
    const added = await run(box.netns, "ADD", { table: 500 });
    strictEqual(added.exitCode, 0, added.stdout);
    deepStrictEqual(rulesFrom(rtnl, "192.168.1.209").sort(), [500, 600]);
    deepStrictEqual(routesIn(rtnl, 254), mainBefore);
    deepStrictEqual(routesIn(rtnl, 500), []);
    ok(rtnl.routeList({ oif: eth0 }).length > 0);
    strictEqual((await run(box.netns, "DEL", { table: 500 })).exitCode, 0);
    deepStrictEqual(rulesFrom(rtnl, "192.168.1.209"), [600], "rules of other tables stay");
  },
});

Deno.test({
  name: "sbr uses static gateways over prevResult's and refuses two of one family",
  ignore,
  async fn() {
    using box = sandbox();
    using rtnl = Rtnl.open({ netns: box.netns });
    // Without a default route in main: the reference would copy it over the static one.
    rtnl.routeDel({ dst: "0.0.0.0/0", table: 254 });
    const added = await run(box.netns, "ADD", { gateways: ["192.168.1.254"] });
    strictEqual(added.exitCode, 0, added.stdout);
    ok(routesIn(rtnl, 100).includes("default via 192.168.1.254"), routesIn(rtnl, 100).join());
    const refused = await run(box.netns, "ADD", { gateways: ["192.168.1.2", "192.168.1.3"] });
    strictEqual(refused.exitCode, 1);
    strictEqual(JSON.parse(refused.stdout).code, 7);
  },
});

Deno.test({
  name: "sbr ADD needs prevResult; DEL succeeds when the namespace is gone",
  ignore,
  async fn() {
    using box = sandbox();
    const missing = await invokePlugin(sbr, {
      env: { CNI_COMMAND: "ADD", CNI_CONTAINERID: "c", CNI_NETNS: box.netns, CNI_IFNAME: "eth0" },
      stdin: new TextEncoder().encode(JSON.stringify({ cniVersion: "1.0.0", name: "n", type: "sbr" })),
    });
    strictEqual(missing.exitCode, 1);
    const gone = await run("/var/run/netns/cnit-sbr-gone", "DEL");
    strictEqual(gone.exitCode, 0, gone.stdout);
  },
});
