/**
 * vrf against the kernel when it has the vrf module; this machine's kernel has none, so the test first tries to
 * create a VRF in a throwaway namespace and skips with the kernel's reason when that is refused.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { invokePlugin } from "../cni/skel.ts";
import { isNotSupported, linkData, Rtnl, veth, vrf } from "../netlink/mod.ts";
import { vrf as vrfPlugin } from "../plugins/vrf/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const ignore = Deno.uid() !== 0;

/** Why VRFs cannot be created here, or undefined when they can. */
function vrfUnsupported(): string | undefined {
  using ns = createTestNetns("cnit-vrfp");
  using rtnl = Rtnl.open({ netns: ns.path });
  try {
    rtnl.linkAdd({ name: "cnit-probe", kind: vrf, data: { table: 10 } });
    return undefined;
  } catch (err) {
    if (isNotSupported(err)) return (err as Error).message;
    throw err;
  }
}

function run(netns: string, command: string, config: Record<string, unknown> = {}) {
  return invokePlugin(vrfPlugin, {
    env: { CNI_COMMAND: command, CNI_CONTAINERID: "cnit-vrf-ctr", CNI_NETNS: netns, CNI_IFNAME: "eth0" },
    stdin: new TextEncoder().encode(JSON.stringify({
      cniVersion: "1.0.0",
      name: "cnit-vrf-net",
      type: "vrf",
      vrfname: "cnit-vrf0",
      prevResult: {
        cniVersion: "1.0.0",
        interfaces: [{ name: "eth0", sandbox: netns }],
        ips: [{ address: "10.9.2.2/24", gateway: "10.9.2.1", interface: 0 }],
      },
      ...config,
    })),
  });
}

Deno.test({
  name: "vrf ADD enslaves eth0 to a new VRF keeping its addresses and routes; DEL deletes it (skipped without vrf)",
  ignore,
  async fn(t) {
    const unsupported = vrfUnsupported();
    if (unsupported !== undefined) {
      console.error(`skipped ${t.name}: ${unsupported}`);
      return;
    }
    using ns = createTestNetns("cnit-vrf");
    using rtnl = Rtnl.open({ netns: ns.path });
    rtnl.linkAdd({ name: "eth0", kind: veth, data: { peer: { name: "cnitvrfp" } } });
    const eth0 = rtnl.linkGet("eth0").index;
    rtnl.linkSet(eth0, { up: true });
    rtnl.linkSet(rtnl.linkGet("cnitvrfp").index, { up: true });
    rtnl.addrAdd(eth0, "10.9.2.2/24");
    rtnl.addrAdd(eth0, "fd00:9:2::2/64", { noDad: true });
    rtnl.routeAdd({ dst: "10.100.0.0/16", gateway: "10.9.2.1", oif: eth0 });

    const added = await run(ns.path, "ADD", { table: 1234 });
    strictEqual(added.exitCode, 0, added.stdout);
    const vrfLink = rtnl.linkGet("cnit-vrf0");
    strictEqual(linkData(vrfLink, vrf)?.table, 1234);
    strictEqual(rtnl.linkGet("eth0").master, vrfLink.index);
    deepStrictEqual(rtnl.addrList({ index: eth0 }).map((a) => a.prefix).filter((p) => !p.startsWith("fe80")).sort(), [
      "10.9.2.2/24",
      "fd00:9:2::2/64",
    ]);
    ok(rtnl.routeList({ table: 1234 }).some((r) => r.dst?.toString() === "10.100.0.0/16"));
    strictEqual((await run(ns.path, "ADD", { table: 1234 })).exitCode, 0, "ADD again is fine");
    strictEqual((await run(ns.path, "CHECK", { table: 1234 })).exitCode, 0);
    const clash = await run(ns.path, "ADD", { table: 99 });
    strictEqual(clash.exitCode, 1);

    strictEqual((await run(ns.path, "DEL")).exitCode, 0);
    strictEqual(rtnl.linkFind("cnit-vrf0"), undefined);
    strictEqual(rtnl.linkGet("eth0").master, undefined);
    strictEqual((await run(ns.path, "DEL")).exitCode, 0);
  },
});

Deno.test({
  name: "vrf DEL succeeds when the namespace is gone, and ADD without vrfname is refused with code 7",
  ignore,
  async fn() {
    strictEqual((await run("/var/run/netns/cnit-vrf-gone", "DEL")).exitCode, 0);
    using ns = createTestNetns("cnit-vrf");
    const refused = await run(ns.path, "ADD", { vrfname: "" });
    strictEqual(refused.exitCode, 1);
    strictEqual(JSON.parse(refused.stdout).code, 7);
  },
});
