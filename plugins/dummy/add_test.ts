import assert from "node:assert/strict";
import { encodeLinkAdd } from "../../netlink/mod.ts";
import { dummyLinkSpec, requireIpam } from "./add.ts";
import { DummyConfig } from "./config.ts";

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("dummyLinkSpec() encodes to the RTM_NEWLINK of `ip link add eth0 type dummy`", () => {
  const expected = [
    "00000000000000000000000000000000", // ifinfomsg
    "09000300" + hex(new TextEncoder().encode("eth0")) + "00000000", // IFLA_IFNAME "eth0"
    "10001280", // IFLA_LINKINFO (nested)
    "0a000100" + hex(new TextEncoder().encode("dummy")) + "000000", // IFLA_INFO_KIND "dummy", no INFO_DATA
  ].join("");
  assert.equal(hex(encodeLinkAdd(dummyLinkSpec("eth0"))), expected);
});

Deno.test("requireIpam() refuses a config without ipam.type", () => {
  const parse = (extra: Record<string, unknown>) =>
    DummyConfig.parse({ cniVersion: "1.0.0", name: "n", type: "dummy", ...extra });
  assert.throws(() => requireIpam(parse({})), /dummy interface requires an IPAM configuration/);
  assert.throws(() => requireIpam(parse({ ipam: {} })), /requires an IPAM/);
  requireIpam(parse({ ipam: { type: "static" } }));
});
