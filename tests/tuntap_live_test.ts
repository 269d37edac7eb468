/**
 * Live tests of netlink/tuntap.ts: persistent tap and tun devices created inside a throwaway namespace, read back
 * over netlink (IFLA_TUN_* in IFLA_INFO_DATA) and deleted.
 */
import assert from "node:assert/strict";
import { linkData, Rtnl, SyscallError, tun } from "../netlink/mod.ts";
import { tuntapCreate } from "../netlink/tuntap.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const ignore = Deno.uid() !== 0;

Deno.test({
  name: "tuntapCreate() makes a persistent multi-queue tap with owner and group inside a namespace",
  ignore,
  fn() {
    using ns = createTestNetns();
    const name = tuntapCreate("cnittap0", {
      netns: ns.path,
      owner: 1234,
      group: 4321,
      multiQueue: true,
      vnetHdr: true,
    });
    assert.equal(name, "cnittap0");
    using rtnl = Rtnl.open({ netns: ns.path });
    const link = rtnl.linkGet("cnittap0");
    assert.equal(link.kind, "tun");
    const data = linkData(link, tun);
    assert.deepEqual(
      [data?.type, data?.owner, data?.group, data?.pi, data?.vnetHdr, data?.persist, data?.multiQueue],
      ["tap", 1234, 4321, false, true, true, true],
    );
    assert.equal(data?.numQueues, 0, "no file descriptor stays attached");
    // Not created in the caller's namespace.
    using host = Rtnl.open();
    assert.equal(host.linkFind("cnittap0"), undefined);
    rtnl.linkDel(link.index);
    assert.equal(rtnl.linkFind("cnittap0"), undefined);
  },
});

Deno.test({
  name: "tuntapCreate() makes a tun with packet information and no owner",
  ignore,
  fn() {
    using ns = createTestNetns();
    tuntapCreate("cnittun0", { netns: ns.path, mode: "tun", packetInfo: true });
    using rtnl = Rtnl.open({ netns: ns.path });
    const data = linkData(rtnl.linkGet("cnittun0"), tun);
    assert.deepEqual(
      [data?.type, data?.owner, data?.group, data?.pi, data?.vnetHdr, data?.multiQueue],
      ["tun", undefined, undefined, true, false, false],
    );
  },
});

Deno.test({
  name: "tuntapCreate() refuses an existing name with other flags and leaves the device as it was",
  ignore,
  fn() {
    using ns = createTestNetns();
    tuntapCreate("cnittap1", { netns: ns.path });
    assert.throws(
      () => tuntapCreate("cnittap1", { netns: ns.path, mode: "tun" }),
      (err) => err instanceof SyscallError && err.errnoName === "EINVAL" && /TUNSETIFF/.test(err.message),
    );
    using rtnl = Rtnl.open({ netns: ns.path });
    assert.equal(linkData(rtnl.linkGet("cnittap1"), tun)?.type, "tap");
  },
});
