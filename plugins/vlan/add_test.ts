import assert from "node:assert/strict";
import { CniError, ERR_INVALID_NETCONF } from "../../cni/mod.ts";
import { encodeLinkAdd } from "../../netlink/mod.ts";
import { vlanLinkSpec } from "./add.ts";
import { checkVlanConfig, VlanConfig } from "./config.ts";

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function parse(extra: Record<string, unknown>): VlanConfig {
  return VlanConfig.parse({ cniVersion: "1.0.0", name: "n", type: "vlan", ...extra });
}

Deno.test("vlanLinkSpec() encodes to the RTM_NEWLINK the kernel expects (name, link, netns fd, VLAN ID)", () => {
  const spec = vlanLinkSpec(parse({ master: "eth0", vlanId: 5 }), {
    tmpName: "veth0a0b0c0d",
    masterIndex: 3,
    netnsFd: 11,
  });
  const expected = [
    "00000000000000000000000000000000", // ifinfomsg
    "11000300" + hex(new TextEncoder().encode("veth0a0b0c0d")) + "00000000", // IFLA_IFNAME
    "0800050003000000", // IFLA_LINK 3
    "08001c000b000000", // IFLA_NET_NS_FD 11
    "1c001280", // IFLA_LINKINFO (nested)
    "09000100" + hex(new TextEncoder().encode("vlan")) + "00000000", // IFLA_INFO_KIND "vlan"
    "0c000280", // IFLA_INFO_DATA (nested)
    "0600010005000000", // IFLA_VLAN_ID 5, padded
  ].join("");
  assert.equal(hex(encodeLinkAdd(spec)), expected);
});

Deno.test("vlanLinkSpec() sends the MTU when set", () => {
  const spec = vlanLinkSpec(parse({ master: "eth0", vlanId: 4094, mtu: 1496 }), {
    tmpName: "veth0a0b0c0d",
    masterIndex: 3,
    netnsFd: 11,
  });
  assert.equal(spec.mtu, 1496);
  assert.ok(hex(encodeLinkAdd(spec)).includes("08000400d8050000"));
});

Deno.test("checkVlanConfig() requires master and a VLAN ID in 0-4094, with code 7", () => {
  const code7 = (err: unknown) => err instanceof CniError && err.code === ERR_INVALID_NETCONF;
  assert.throws(
    () => checkVlanConfig(parse({ vlanId: 5 })),
    (err: unknown) => code7(err) && /"master" field/.test(String(err)),
  );
  assert.throws(() => checkVlanConfig(parse({ master: "eth0", vlanId: 4095 })), code7);
  assert.throws(() => checkVlanConfig(parse({ master: "eth0", vlanId: -1 })), code7);
  checkVlanConfig(parse({ master: "eth0", vlanId: 0 }));
  checkVlanConfig(parse({ master: "eth0", vlanId: 4094 }));
});
