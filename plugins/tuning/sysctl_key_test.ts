import { deepStrictEqual, ok, throws } from "node:assert/strict";
import { CniError, ERR_INVALID_NETCONF } from "../../cni/mod.ts";
import { resolveSysctlKey } from "./sysctl_key.ts";

Deno.test("resolveSysctlKey() splits a dotted key below net", () => {
  deepStrictEqual(resolveSysctlKey("net.core.somaxconn", "eth0"), ["core", "somaxconn"]);
});

Deno.test("resolveSysctlKey() puts the interface name, dots included, in place of IFNAME", () => {
  deepStrictEqual(resolveSysctlKey("net.ipv4.conf.IFNAME.arp_filter", "eth0.100"), [
    "ipv4",
    "conf",
    "eth0.100",
    "arp_filter",
  ]);
});

Deno.test("resolveSysctlKey() replaces only the first IFNAME, as the reference does", () => {
  deepStrictEqual(resolveSysctlKey("net.IFNAME.IFNAME", "eth1"), ["eth1", "IFNAME"]);
});

const BAD_KEYS: Array<[key: string, ifname: string]> = [
  ["../../kernel/x", "eth0"],
  ["net/../kernel", "eth0"],
  ["net.ipv4.conf.IFNAME/../../../kernel", "eth0"],
  ["net.ipv4.conf.IFNAME.....kernel.x", "eth0"],
  ["net...kernel", "eth0"],
  ["net/ipv4/ip_forward", "eth0"],
  ["/proc/sys/kernel/hostname", "eth0"],
  ["kernel.hostname", "eth0"],
  ["vm.swappiness", "eth0"],
  ["netfoo.x", "eth0"],
  ["net", "eth0"],
  ["net.", "eth0"],
  ["", "eth0"],
  ["net.ipv4.conf.IFNAME.x", ".."],
  ["net.IFNAME.x", "../../kernel"],
  ["net.ipv4\\..\\x", "eth0"],
  ["net.ipv4.x\0", "eth0"],
];

for (const [key, ifname] of BAD_KEYS) {
  Deno.test(`resolveSysctlKey() refuses ${JSON.stringify(key)} with ifname ${JSON.stringify(ifname)}`, () => {
    throws(() => resolveSysctlKey(key, ifname), (err: unknown) => {
      ok(err instanceof CniError);
      deepStrictEqual(err.code, ERR_INVALID_NETCONF);
      ok(err.message.startsWith("invalid net sysctl key"));
      return true;
    });
  });
}
