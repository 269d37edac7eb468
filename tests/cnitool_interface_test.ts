/**
 * `cnitool interface add|rm|update|ls|inspect` against real namespaces (root only): each command runs in-process
 * through `cnitoolMain` with an injected io, its JSON is checked against what netlink reads back, and the error
 * cases must leave the host and the container as they found them. One run goes through the real binary.
 */
import { deepStrictEqual, match, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type Link, Netns, Rtnl, veth } from "../netlink/mod.ts";
import { cnitool, cnitoolJson } from "./fixtures/cnitool_capture.ts";
import type { InterfaceView } from "../runtime/cnitool/interface_view.ts";
import { launchers, runPlugin } from "./fixtures/launcher.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const isRoot = Deno.uid() === 0;

function unique(prefix: string): string {
  return prefix +
    crypto.getRandomValues(new Uint32Array(1))[0]!.toString(16).padStart(8, "0").slice(0, 15 - prefix.length);
}

function addressesOf(rtnl: Rtnl, link: Link): string[] {
  return rtnl.addrList({ index: link.index }).map((a) => a.prefix).sort();
}

function hostLinkNames(): string[] {
  using host = Rtnl.open();
  return host.linkList().map((l) => l.name).sort();
}

Deno.test({
  name: "cnitool interface add creates a veth, configures it, and ls/inspect/rm agree with netlink",
  ignore: !isRoot,
  async fn() {
    using ns = createTestNetns();
    using rtnl = Rtnl.open({ netns: ns.path });
    const hostName = unique("cnith");
    const added = await cnitoolJson<InterfaceView>([
      "interface",
      "add",
      ns.name,
      "--name",
      "eth1",
      "--tapname",
      hostName,
      "--ip",
      "10.123.0.2/24",
      "--ip",
      "fd00:123::2/64",
      "--mac",
      "02:00:0a:7b:00:02",
      "--mtu",
      "1400",
    ]);
    const link = rtnl.linkGet("eth1");
    strictEqual(added.name, "eth1");
    strictEqual(added.index, link.index);
    strictEqual(added.kind, "veth");
    strictEqual(link.up, true);
    strictEqual(added.up, true);
    strictEqual(link.mtu, 1400);
    strictEqual(added.mtu, 1400);
    strictEqual(link.mac?.toString(), "02:00:0a:7b:00:02");
    strictEqual(added.mac, "02:00:0a:7b:00:02");
    ok(addressesOf(rtnl, link).includes("10.123.0.2/24"));
    ok(addressesOf(rtnl, link).includes("fd00:123::2/64"));
    deepStrictEqual(added.addresses.toSorted(), addressesOf(rtnl, link));
    {
      using host = Rtnl.open();
      const hostEnd = host.linkGet(hostName);
      strictEqual(hostEnd.kind, "veth");
      strictEqual(hostEnd.up, true);
      strictEqual(hostEnd.mtu, 1400);
    }

    const listed = await cnitoolJson<InterfaceView[]>(["interface", "ls", ns.path]);
    deepStrictEqual(listed.map((v) => v.name), rtnl.linkList().sort((a, b) => a.index - b.index).map((l) => l.name));
    deepStrictEqual(listed.find((v) => v.name === "eth1")?.addresses.toSorted(), addressesOf(rtnl, link));
    const inspected = await cnitoolJson<InterfaceView>(["interface", "inspect", ns.path, "eth1"]);
    deepStrictEqual({ ...inspected, addresses: [] }, { ...added, addresses: [] });

    const table = await cnitool(["interface", "ls", ns.name]);
    strictEqual(table.code, 0);
    match(table.out.split("\n")[0]!, /^NAME\s+INDEX\s+STATE\s+MTU\s+MAC\s+ADDRESSES$/);
    match(
      table.out,
      new RegExp(`^eth1\\s+${link.index}\\s+up\\s+1400\\s+02:00:0a:7b:00:02\\s+\\S*10\\.123\\.0\\.2/24`, "m"),
    );
    match((await cnitool(["interface", "inspect", ns.path, "eth1"])).out, /^mtu:\s+1400$/m);

    deepStrictEqual(await cnitoolJson(["interface", "rm", ns.path, "eth1"]), {
      name: "eth1",
      action: "deleted",
      hostName: null,
    });
    strictEqual(rtnl.linkFind("eth1"), undefined);
    ok(!hostLinkNames().includes(hostName), "the host end goes with the pair");
  },
});

Deno.test({
  name: "cnitool interface add without --tapname names the host end itself and rm removes the pair",
  ignore: !isRoot,
  async fn() {
    using ns = createTestNetns();
    using rtnl = Rtnl.open({ netns: ns.path });
    const before = hostLinkNames();
    const added = await cnitoolJson<InterfaceView>(["interface", "add", ns.path, "--name", "eth0"]);
    strictEqual(added.kind, "veth");
    const peerIndex = rtnl.linkGet("eth0").parentIndex;
    using host = Rtnl.open();
    const hostEnd = host.linkList().find((l) => l.index === peerIndex && !before.includes(l.name));
    ok(hostEnd !== undefined, "a new host veth is the peer of eth0");
    match(hostEnd.name, /^veth[0-9a-f]{8}$/);
    strictEqual((await cnitool(["interface", "rm", ns.path, "eth0"])).code, 0);
    deepStrictEqual(hostLinkNames(), before);
  },
});

Deno.test({
  name: "cnitool interface add --tapname moves an existing host device in and rm gives it back under its name",
  ignore: !isRoot,
  async fn() {
    using ns = createTestNetns();
    using peerNs = createTestNetns();
    using peer = Netns.open(peerNs.path);
    using host = Rtnl.open();
    using rtnl = Rtnl.open({ netns: ns.path });
    const device = unique("cnitdv");
    // The pair dies with peerNs wherever `device` ends up, so nothing outlives the test.
    host.linkAdd({ name: device, kind: veth, data: { peer: { name: "p0", netnsFd: peer.fd } } });
    const added = await cnitoolJson<InterfaceView>([
      "interface",
      "add",
      ns.path,
      "--name",
      "net1",
      "--tapname",
      device,
      "--ip",
      "10.124.0.2/24",
      "--mtu",
      "1300",
    ]);
    strictEqual(host.linkFind(device), undefined);
    const moved = rtnl.linkGet("net1");
    strictEqual(moved.alias, device);
    strictEqual(added.alias, device);
    strictEqual(moved.mtu, 1300);
    strictEqual(moved.up, true);
    deepStrictEqual(addressesOf(rtnl, moved).filter((a) => a.startsWith("10.")), ["10.124.0.2/24"]);

    deepStrictEqual(await cnitoolJson(["interface", "rm", ns.path, "net1"]), {
      name: "net1",
      action: "moved",
      hostName: device,
    });
    strictEqual(rtnl.linkFind("net1"), undefined);
    const back = host.linkGet(device);
    strictEqual(back.alias ?? "", "");
    strictEqual(back.kind, "veth");
  },
});

Deno.test({
  name: "cnitool interface add puts a moved device back when a later step fails",
  ignore: !isRoot,
  async fn() {
    using ns = createTestNetns();
    using peerNs = createTestNetns();
    using peer = Netns.open(peerNs.path);
    using host = Rtnl.open();
    using rtnl = Rtnl.open({ netns: ns.path });
    const device = unique("cnitdv");
    host.linkAdd({ name: device, kind: veth, mtu: 1450, data: { peer: { name: "p0", netnsFd: peer.fd } } });
    host.linkSet(host.linkGet(device).index, { up: true });
    const before = host.linkGet(device);
    // A multicast MAC: the kernel refuses it (EADDRNOTAVAIL) after the device is already inside.
    const run = await cnitool([
      "interface",
      "add",
      ns.path,
      "--name",
      "net1",
      "--tapname",
      device,
      "--mac",
      "01:00:5e:00:00:01",
      "--mtu",
      "1300",
    ]);
    notStrictEqual(run.code, 0);
    match(
      run.err,
      /Cannot add interface "net1" to netns ".*": Cannot set MAC "01:00:5e:00:00:01" and MTU 1300 on "net1": .*EADDRNOTAVAIL/,
    );
    deepStrictEqual(rtnl.linkList().map((l) => l.name), ["lo"]);
    const after = host.linkGet(device);
    strictEqual(after.mtu, before.mtu);
    strictEqual(after.up, true);
    strictEqual(after.mac?.toString(), before.mac?.toString());
    strictEqual(after.alias ?? "", "");
  },
});

Deno.test({
  name: "cnitool interface update renames, changes addresses, MAC and MTU",
  ignore: !isRoot,
  async fn() {
    using ns = createTestNetns();
    using rtnl = Rtnl.open({ netns: ns.path });
    strictEqual((await cnitool(["interface", "add", ns.path, "--name", "eth1", "--ip", "10.125.0.2/24"])).code, 0);
    const updated = await cnitoolJson<InterfaceView>([
      "interface",
      "update",
      ns.path,
      "eth1",
      "--name",
      "eth7",
      "--add-ip",
      "10.126.0.2/24",
      "--add-ip",
      "10.127.0.2/16",
      "--rm-ip",
      "10.125.0.2/24",
      "--mac",
      "02:00:00:00:7e:07",
      "--mtu",
      "1280",
    ]);
    strictEqual(rtnl.linkFind("eth1"), undefined);
    const link = rtnl.linkGet("eth7");
    strictEqual(updated.name, "eth7");
    strictEqual(link.up, true, "a rename keeps the link up");
    strictEqual(link.mtu, 1280);
    strictEqual(link.mac?.toString(), "02:00:00:00:7e:07");
    const v4 = addressesOf(rtnl, link).filter((a) => !a.includes(":"));
    deepStrictEqual(v4, ["10.126.0.2/24", "10.127.0.2/16"]);
    deepStrictEqual(updated.addresses.filter((a) => !a.includes(":")).toSorted(), v4);
    strictEqual((await cnitool(["interface", "rm", ns.path, "eth7"])).code, 0);
  },
});

Deno.test({
  name: "cnitool interface reports unknown netns, unknown interface and bad arguments, and leaves nothing behind",
  ignore: !isRoot,
  async fn() {
    using ns = createTestNetns();
    using rtnl = Rtnl.open({ netns: ns.path });
    const hostBefore = hostLinkNames();
    const missing = `cnit-missing-${Deno.pid}`;
    const cases: { args: string[]; error: RegExp; code?: number }[] = [
      { args: ["interface", "ls", missing], error: new RegExp(`netns "/var/run/netns/${missing}".*ENOENT`) },
      { args: ["interface", "add", missing, "--name", "eth1"], error: /ENOENT/ },
      { args: ["interface", "inspect", ns.path, "eth9"], error: /interface "eth9".*ENODEV/ },
      { args: ["interface", "rm", ns.path, "eth9"], error: /Cannot remove interface "eth9".*ENODEV/ },
      { args: ["interface", "update", ns.path, "eth9", "--mtu", "1400"], error: /interface "eth9".*ENODEV/ },
      {
        args: ["interface", "add", ns.path, "--name", "eth1", "--ip", "10.0.0.300/24"],
        error: /--ip "10\.0\.0\.300\/24"/,
        code: 2,
      },
      { args: ["interface", "add", ns.path, "--name", "eth1", "--ip", "10.1.0.2"], error: /not a CIDR/, code: 2 },
      { args: ["interface", "add", ns.path, "--name", "eth1", "--mtu", "big"], error: /--mtu "big"/, code: 2 },
      { args: ["interface", "add", ns.path, "--ip", "10.1.0.2/24"], error: /--name IF is required/, code: 2 },
      { args: ["interface", "add", ns.path, "--name", "lo"], error: /already has a link "lo" \(EEXIST\)/ },
      { args: ["interface", "frob", ns.path], error: /unknown command "frob"/, code: 2 },
      { args: ["interface", "ls", ns.path, "--bogus"], error: /--bogus/, code: 2 },
    ];
    for (const { args, error, code } of cases) {
      const run = await cnitool(args);
      if (code === undefined) notStrictEqual(run.code, 0, args.join(" "));
      else strictEqual(run.code, code, args.join(" "));
      match(run.err, error, args.join(" "));
      strictEqual(run.out, "", args.join(" "));
    }
    deepStrictEqual(rtnl.linkList().map((l) => l.name), ["lo"]);
    deepStrictEqual(hostLinkNames(), hostBefore);
  },
});

Deno.test({
  name: "cnitool interface ls through the binary matches the in-process output",
  ignore: !isRoot,
  async fn() {
    using ns = createTestNetns();
    strictEqual((await cnitool(["interface", "add", ns.path, "--name", "eth1", "--ip", "10.128.0.2/24"])).code, 0);
    const inProcess = await cnitool(["interface", "ls", ns.path, "--json"]);
    for (const launcher of await launchers()) {
      const run = await runPlugin(launcher, "cnitool", { args: ["interface", "ls", ns.path, "--json"] });
      strictEqual(run.stderr, "", launcher.name);
      strictEqual(run.code, 0);
      deepStrictEqual(JSON.parse(run.stdout), JSON.parse(inProcess.out));
      const bad = await runPlugin(launcher, "cnitool", { args: ["interface", "inspect", ns.path, "eth9"] });
      strictEqual(bad.code, 1);
      match(bad.stderr, /ENODEV/);
    }
  },
});

Deno.test({
  name: "cnitool interface update and rm refuse up front and change nothing",
  ignore: !isRoot,
  async fn() {
    using ns = createTestNetns();
    using peerNs = createTestNetns();
    using peer = Netns.open(peerNs.path);
    using host = Rtnl.open();
    using rtnl = Rtnl.open({ netns: ns.path });
    strictEqual((await cnitool(["interface", "add", ns.path, "--name", "eth1", "--ip", "10.129.0.2/24"])).code, 0);
    const before = rtnl.linkGet("eth1");
    const bad = await cnitool(
      ["interface", "update", ns.path, "eth1", "--name", "eth2", "--mtu", "1280", "--rm-ip", "10.129.0.9/24"],
    );
    strictEqual(bad.code, 1);
    match(bad.err, /Cannot update interface "eth1" in netns ".*": it has no address "10\.129\.0\.9\/24"/);
    const after = rtnl.linkGet("eth1");
    deepStrictEqual([after.index, after.mtu, after.up], [before.index, before.mtu, true]);
    ok(addressesOf(rtnl, after).includes("10.129.0.2/24"));

    // A moved-in device whose host name was taken meanwhile stays where it is.
    const device = unique("cnitdv");
    host.linkAdd({ name: device, kind: veth, data: { peer: { name: "p0", netnsFd: peer.fd } } });
    strictEqual((await cnitool(["interface", "add", ns.path, "--name", "net1", "--tapname", device])).code, 0);
    host.linkAdd({ name: device, kind: veth, data: { peer: { name: "p1", netnsFd: peer.fd } } });
    const refused = await cnitool(["interface", "rm", ns.path, "net1"]);
    strictEqual(refused.code, 1);
    match(refused.err, new RegExp(`the host already has a link "${device}"`));
    strictEqual(rtnl.linkGet("net1").alias, device);
    strictEqual(rtnl.linkGet("net1").up, true);
  },
});
