import assert from "node:assert/strict";
import type { Result } from "../../cni/mod.ts";
import type { Link, Rtnl } from "../../netlink/mod.ts";
import { MAC } from "../../addr/mod.ts";
import { checkEntryMac, entryLink, sandboxEntry } from "./prev_result_link.ts";

const prev: Result = {
  cniVersion: "1.1.0",
  interfaces: [{ name: "eth0", mac: "02:00:00:00:00:01", sandbox: "/var/run/netns/c1" }, { name: "veth1" }],
};

Deno.test("sandboxEntry() finds CNI_IFNAME in CNI_NETNS, else fails as the reference does", () => {
  assert.equal(sandboxEntry(prev, { ifname: "eth0", netns: "/var/run/netns/c1" }).name, "eth0");
  assert.throws(
    () => sandboxEntry(prev, { ifname: "eth0", netns: "/var/run/netns/c2" }),
    { message: "Sandbox in prevResult  doesn't match configured netns: /var/run/netns/c2" },
  );
});

Deno.test("entryLink() and checkEntryMac() name the missing link and the MAC that differs, with a prefix", () => {
  const entry = prev.interfaces![0]!;
  const link = { name: "eth0", mac: MAC.parse("02:00:00:00:00:02") } as unknown as Link;
  const container = { linkFind: (name: string) => (name === "eth0" ? link : undefined) } as unknown as Rtnl;
  assert.equal(entryLink(container, entry), link);
  assert.throws(() => entryLink(container, { name: "eth9" }, "vlan: "), {
    message: "vlan: Container Interface name in prevResult: eth9 not found",
  });
  assert.throws(() => checkEntryMac(entry, link), {
    message: "Interface eth0 Mac 02:00:00:00:00:01 doesn't match container Mac: 02:00:00:00:00:02",
  });
  checkEntryMac({ name: "eth0" }, link); // no MAC promised
  checkEntryMac(entry, { ...link, mac: MAC.parse("02:00:00:00:00:01") } as Link);
});
