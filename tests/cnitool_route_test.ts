/**
 * `cnitool route add|rm|ls` against a real namespace (root only): in-process through `cnitoolMain` with an injected
 * io, JSON checked against netlink's own route list, error cases changing nothing, and one run through the binary.
 */
import { deepStrictEqual, match, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { Rtnl } from "../netlink/mod.ts";
import { cnitool, cnitoolJson } from "./fixtures/cnitool_capture.ts";
import type { RouteView } from "../runtime/cnitool/route_view.ts";
import { launchers, runPlugin } from "./fixtures/launcher.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";

const isRoot = Deno.uid() === 0;

/** A namespace with eth1 (10.130.0.2/24) and eth2 (10.131.0.2/24) up, made with `interface add`. */
async function containerWithTwoLinks(): Promise<TestNetns> {
  const ns = createTestNetns();
  for (const [name, ip] of [["eth1", "10.130.0.2/24"], ["eth2", "10.131.0.2/24"]]) {
    const run = await cnitool(["interface", "add", ns.path, "--name", name!, "--ip", ip!]);
    strictEqual(run.code, 0, run.err);
  }
  return ns;
}

/** The main-table routes netlink reports, as "dest via gateway dev index src prefsrc". */
function kernelRoutes(rtnl: Rtnl): string[] {
  return rtnl.routeList().map((r) =>
    `${r.dst?.toString() ?? "default"} via ${r.gateway ?? "-"} dev ${r.oif ?? "-"} src ${r.prefsrc ?? "-"}`
  ).sort();
}

function viewRoutes(rtnl: Rtnl, views: RouteView[]): string[] {
  const index = (name: string | null) => name === null ? "-" : String(rtnl.linkGet(name).index);
  return views.map((v) => `${v.dest} via ${v.gateway ?? "-"} dev ${index(v.dev)} src ${v.src ?? "-"}`).sort();
}

Deno.test({
  name: "cnitool route add/ls/rm change the main table and report it as netlink does",
  ignore: !isRoot,
  async fn() {
    using ns = await containerWithTwoLinks();
    using rtnl = Rtnl.open({ netns: ns.path });
    const eth2 = rtnl.linkGet("eth2").index;

    const viaDev = await cnitoolJson<RouteView>(
      ["route", "add", ns.name, "--dest", "10.200.0.0/16", "--dev", "eth2", "--src", "10.131.0.2"],
    );
    deepStrictEqual(
      { dest: viaDev.dest, dev: viaDev.dev, src: viaDev.src, gateway: viaDev.gateway, scope: viaDev.scope },
      { dest: "10.200.0.0/16", dev: "eth2", src: "10.131.0.2", gateway: null, scope: "link" },
    );
    const kernel = rtnl.routeList().find((r) => r.dst?.toString() === "10.200.0.0/16");
    strictEqual(kernel?.oif, eth2);
    strictEqual(kernel?.prefsrc?.toString(), "10.131.0.2");

    const viaGateway = await cnitoolJson<RouteView>([
      "route",
      "add",
      ns.path,
      "--dest",
      "default",
      "--gateway",
      "10.130.0.1",
    ]);
    deepStrictEqual([viaGateway.dest, viaGateway.gateway, viaGateway.dev, viaGateway.table], [
      "default",
      "10.130.0.1",
      "eth1",
      254,
    ]);
    ok(rtnl.routeList().some((r) => r.dst === undefined && r.gateway?.toString() === "10.130.0.1"));

    const listed = await cnitoolJson<RouteView[]>(["route", "ls", ns.path]);
    deepStrictEqual(viewRoutes(rtnl, listed), kernelRoutes(rtnl));
    ok(listed.every((v) => v.table === 254));
    const all = await cnitoolJson<RouteView[]>(["route", "ls", ns.path, "--table", "all"]);
    ok(all.some((v) => v.table === 255 && v.type === "local" && v.dest === "10.130.0.2/32"));

    const table = await cnitool(["route", "ls", ns.path]);
    strictEqual(table.code, 0);
    match(table.out.split("\n")[0]!, /^DEST\s+GATEWAY\s+DEV\s+SRC\s+SCOPE\s+TABLE$/);
    match(table.out, /^default\s+10\.130\.0\.1\s+eth1\s+-\s+universe\s+main$/m);

    const removed = await cnitoolJson<RouteView[]>(["route", "rm", ns.path, "10.200.0.0/16"]);
    deepStrictEqual(removed.map((v) => [v.dest, v.dev]), [["10.200.0.0/16", "eth2"]]);
    strictEqual(rtnl.routeList().some((r) => r.dst?.toString() === "10.200.0.0/16"), false);
    strictEqual((await cnitool(["route", "rm", ns.path, "default"])).code, 0);
    strictEqual(rtnl.routeList().some((r) => r.dst === undefined), false);
    deepStrictEqual(viewRoutes(rtnl, await cnitoolJson<RouteView[]>(["route", "ls", ns.path])), kernelRoutes(rtnl));
  },
});

Deno.test({
  name: "cnitool route rm --dev removes only the route through that interface",
  ignore: !isRoot,
  async fn() {
    using ns = await containerWithTwoLinks();
    using rtnl = Rtnl.open({ netns: ns.path });
    strictEqual((await cnitool(["route", "add", ns.path, "--dest", "10.201.0.0/24", "--dev", "eth1"])).code, 0);
    // Same destination, another link: the kernel needs a different metric to keep both.
    rtnl.routeAdd({ dst: "10.201.0.0/24", oif: rtnl.linkGet("eth2").index, priority: 50 });
    const removed = await cnitoolJson<RouteView[]>(["route", "rm", ns.path, "10.201.0.0/24", "--dev", "eth2"]);
    deepStrictEqual(removed.map((v) => [v.dev, v.metric]), [["eth2", 50]]);
    const left = rtnl.routeList().filter((r) => r.dst?.toString() === "10.201.0.0/24");
    deepStrictEqual(left.map((r) => r.oif), [rtnl.linkGet("eth1").index]);
  },
});

Deno.test({
  name: "cnitool route reports unknown netns, unknown interface, bad CIDRs and missing routes, changing nothing",
  ignore: !isRoot,
  async fn() {
    using ns = await containerWithTwoLinks();
    using rtnl = Rtnl.open({ netns: ns.path });
    const before = kernelRoutes(rtnl);
    const missing = `cnit-missing-${Deno.pid}`;
    const cases: { args: string[]; error: RegExp; code?: number }[] = [
      { args: ["route", "ls", missing], error: new RegExp(`netns "/var/run/netns/${missing}".*ENOENT`) },
      { args: ["route", "add", missing, "--dest", "10.9.0.0/16", "--dev", "eth1"], error: /ENOENT/ },
      {
        args: ["route", "add", ns.path, "--dest", "10.9.0.0/16", "--dev", "eth9"],
        error: /route "10\.9\.0\.0\/16".*ENODEV/,
      },
      {
        args: ["route", "add", ns.path, "--dest", "10.9.0.0/33", "--dev", "eth1"],
        error: /--dest "10\.9\.0\.0\/33"/,
        code: 2,
      },
      {
        args: ["route", "add", ns.path, "--dest", "10.9.0.5/16", "--dev", "eth1"],
        error: /host bits.*10\.9\.0\.0\/16/,
        code: 2,
      },
      { args: ["route", "add", ns.path, "--dest", "10.9.0.0/16"], error: /--dev IF, --gateway IP/, code: 2 },
      { args: ["route", "add", ns.path, "--dest", "fd00::/64", "--gateway", "10.130.0.1"], error: /IPv4/, code: 2 },
      { args: ["route", "add", ns.path, "--dest", "10.9.0.0/16", "--gateway", "10.99.99.1"], error: /ENETUNREACH/ },
      { args: ["route", "rm", ns.path, "10.9.0.0/16"], error: /Cannot remove route "10\.9\.0\.0\/16".*ESRCH/ },
      { args: ["route", "rm", ns.path, "bogus"], error: /not a CIDR/, code: 2 },
      { args: ["route", "ls", ns.path, "--table", "nope"], error: /--table "nope"/, code: 2 },
    ];
    for (const { args, error, code } of cases) {
      const run = await cnitool(args);
      if (code === undefined) notStrictEqual(run.code, 0, args.join(" "));
      else strictEqual(run.code, code, args.join(" "));
      match(run.err, error, args.join(" "));
      strictEqual(run.out, "", args.join(" "));
    }
    deepStrictEqual(kernelRoutes(rtnl), before);
  },
});

Deno.test({
  name: "cnitool route ls through the binary matches the in-process output",
  ignore: !isRoot,
  async fn() {
    using ns = await containerWithTwoLinks();
    strictEqual((await cnitool(["route", "add", ns.path, "--dest", "default", "--gateway", "10.130.0.1"])).code, 0);
    const inProcess = await cnitool(["route", "ls", ns.path, "--json"]);
    for (const launcher of await launchers()) {
      const run = await runPlugin(launcher, "cnitool", { args: ["route", "ls", ns.path, "--json"] });
      strictEqual(run.stderr, "", launcher.name);
      strictEqual(run.code, 0);
      deepStrictEqual(JSON.parse(run.stdout), JSON.parse(inProcess.out));
      const bad = await runPlugin(launcher, "cnitool", { args: ["route", "rm", ns.path, "10.77.0.0/16"] });
      strictEqual(bad.code, 1);
      match(bad.stderr, /ESRCH/);
    }
  },
});
