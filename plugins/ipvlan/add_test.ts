import assert from "node:assert/strict";
import { encodeLinkAdd, FakeKernel, Rtnl } from "../../netlink/mod.ts";
import { ipvlanLinkSpec } from "./add.ts";
import { IpvlanConfig, resolveIpvlanMaster } from "./config.ts";

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function parse(extra: Record<string, unknown>): IpvlanConfig {
  return IpvlanConfig.parse({ cniVersion: "1.0.0", name: "n", type: "ipvlan", ...extra });
}

Deno.test("ipvlanLinkSpec() encodes to the RTM_NEWLINK the kernel expects (name, mtu, link, netns fd, mode)", () => {
  const spec = ipvlanLinkSpec(parse({ master: "eth0", mode: "l3", mtu: 1400 }), {
    tmpName: "veth01020304",
    masterIndex: 7,
    netnsFd: 9,
  });
  const expected = [
    "00000000000000000000000000000000", // ifinfomsg: AF_UNSPEC, index 0, no flags
    "11000300" + hex(new TextEncoder().encode("veth01020304")) + "00000000", // IFLA_IFNAME, NUL + pad
    "0800040078050000", // IFLA_MTU 1400
    "0800050007000000", // IFLA_LINK 7
    "08001c0009000000", // IFLA_NET_NS_FD 9
    "1c001280", // IFLA_LINKINFO (nested)
    "0b000100" + hex(new TextEncoder().encode("ipvlan")) + "0000", // IFLA_INFO_KIND "ipvlan"
    "0c000280", // IFLA_INFO_DATA (nested)
    "0600010001000000", // IFLA_IPVLAN_MODE = IPVLAN_MODE_L3, padded
  ].join("");
  assert.equal(hex(encodeLinkAdd(spec)), expected);
});

Deno.test("ipvlanLinkSpec() defaults to mode l2 and sends no MTU when mtu is 0", () => {
  const spec = ipvlanLinkSpec(parse({}), { tmpName: "vethaabbccdd", masterIndex: 2, netnsFd: 5 });
  assert.deepEqual(spec.data, { mode: "l2" });
  assert.equal(spec.mtu, undefined);
  assert.ok(hex(encodeLinkAdd(spec)).endsWith("0600010000000000"));
});

Deno.test("IpvlanConfig refuses an unknown mode", () => {
  assert.throws(() => parse({ mode: "l4" }));
});

Deno.test("resolveIpvlanMaster() takes the master, else prevResult's single interface, else fails when chained", () => {
  using rtnl = new Rtnl(
    new FakeKernel(() => {
      throw new Error("no netlink expected");
    }),
  );
  const prev = (names: string[]) => ({ cniVersion: "1.0.0", interfaces: names.map((name) => ({ name })) });
  assert.equal(resolveIpvlanMaster(parse({ master: "ens3" }), { prevResult: prev(["x"]), rtnl }), "ens3");
  assert.equal(resolveIpvlanMaster(parse({}), { prevResult: prev(["ens4"]), rtnl }), "ens4");
  assert.throws(
    () => resolveIpvlanMaster(parse({}), { prevResult: prev(["a", "b"]), rtnl }),
    /chained master failure. PrevResult lacks a single named interface/,
  );
});
