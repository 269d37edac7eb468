/**
 * Live tests of netlink/netfilter (ctnetlink) in throwaway namespaces: flows created over netlink, and a flow
 * created by real UDP traffic on the namespace's loopback, listed and deleted by protocol and destination port.
 */
import assert from "node:assert/strict";
import { IP } from "../addr/mod.ts";
import { Rtnl, withNetns } from "../netlink/mod.ts";
import { check, libc } from "../netlink/sys/libc.ts";
import { StructWriter } from "../netlink/wire/mod.ts";
import {
  conntrackAdd,
  conntrackDelete,
  conntrackDeleteMatching,
  conntrackList,
  type ConntrackTuple,
  openConntrack,
} from "../netlink/netfilter/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const ignore = Deno.uid() !== 0;
const UDP = 17;

function udp(src: string, dst: string, srcPort: number, dstPort: number): ConntrackTuple {
  return { src: IP.parse(src), dst: IP.parse(dst), protocol: UDP, srcPort, dstPort };
}

Deno.test({
  name: "conntrackDeleteMatching() deletes exactly the UDP flows to one port (and address) of one family",
  ignore,
  fn() {
    using ns = createTestNetns();
    using conn = openConntrack({ netns: ns.path });
    conntrackAdd(conn, { family: 4, original: udp("10.1.0.1", "10.1.0.2", 4000, 53), timeout: 120 });
    conntrackAdd(conn, { family: 4, original: udp("10.1.0.3", "10.1.0.2", 4001, 53), timeout: 120 });
    conntrackAdd(conn, { family: 4, original: udp("10.1.0.1", "10.1.0.9", 4002, 53), timeout: 120 });
    conntrackAdd(conn, { family: 4, original: udp("10.1.0.1", "10.1.0.2", 4000, 54), timeout: 120 });
    conntrackAdd(conn, { family: 6, original: udp("fd00::1", "fd00::2", 4000, 53), timeout: 120 });
    assert.throws(
      () => conntrackAdd(conn, { family: 4, original: udp("10.1.0.1", "10.1.0.2", 4000, 53), timeout: 120 }),
      /EEXIST/,
    );
    assert.equal(conntrackList(conn, 4).length, 4);
    assert.equal(conntrackList(conn, 4, { protocol: UDP, dstPort: 53 }).length, 3);
    assert.equal(conntrackList(conn, 4, { protocol: 6, dstPort: 53 }).length, 0);

    const deleted = conntrackDeleteMatching(conn, {
      family: 4,
      protocol: UDP,
      dstPort: 53,
      dst: IP.parse("10.1.0.2"),
    });
    assert.equal(deleted, 2);
    const left = conntrackList(conn, 4).map((f) => `${f.original.dst}:${f.original.dstPort}`).sort();
    assert.deepEqual(left, ["10.1.0.2:54", "10.1.0.9:53"]);
    assert.equal(conntrackDeleteMatching(conn, { family: 4, protocol: UDP, dstPort: 53 }), 1);
    assert.deepEqual(conntrackList(conn, 6).map((f) => f.original.dstPort), [53]);

    const [flow] = conntrackList(conn, 4);
    assert.ok(flow !== undefined);
    assert.equal(conntrackDelete(conn, flow), true);
    assert.equal(conntrackDelete(conn, flow), false, "a second delete finds nothing (ENOENT)");
  },
});

/** Why nft cannot run inside a test namespace here, or undefined when it can. */
async function nftUnavailable(): Promise<string | undefined> {
  if (ignore) return "needs root";
  for (const tool of ["nsenter", "nft"]) {
    const found = await new Deno.Command("sh", { args: ["-c", `command -v ${tool}`], stdout: "null" }).output();
    if (!found.success) return `${tool} is not installed`;
  }
  return undefined;
}

/** Sends one UDP datagram to 127.0.0.1:`port` from inside `netns`, with synchronous libc calls on this thread. */
function sendUdpInside(netns: string, port: number): void {
  withNetns(netns, () => {
    const fd = check("socket", libc.socket(2, /* AF_INET */ 2, /* SOCK_DGRAM */ 0));
    try {
      const sin = new StructWriter(16).u16(2).u16be(port).raw(Uint8Array.of(127, 0, 0, 1)).bytes();
      const payload = new TextEncoder().encode("cnit");
      check("sendto", libc.sendto(fd, payload, BigInt(payload.length), 0, sin, 16));
    } finally {
      libc.close(fd);
    }
  });
}

const nftReason = await nftUnavailable();

Deno.test({
  name: nftReason === undefined
    ? "conntrackDeleteMatching() removes a flow that real UDP traffic created in a namespace"
    : `conntrackDeleteMatching() removes a flow that real UDP traffic created (skipped: ${nftReason})`,
  ignore: nftReason !== undefined,
  async fn() {
    using ns = createTestNetns();
    {
      using rtnl = Rtnl.open({ netns: ns.path });
      rtnl.linkSet(rtnl.linkGet("lo").index, { up: true });
    }
    // A rule that needs conntrack makes the kernel track this namespace's traffic; the table dies with it.
    const nft = new Deno.Command("nsenter", {
      args: [`--net=${ns.path}`, "nft", "-f", "-"],
      stdin: "piped",
      stderr: "piped",
    }).spawn();
    const writer = nft.stdin.getWriter();
    await writer.write(new TextEncoder().encode(
      "table ip cnit_ct {\n chain out {\n type filter hook output priority 0;\n ct state new accept\n }\n}\n",
    ));
    await writer.close();
    const status = await nft.output();
    assert.equal(status.code, 0, new TextDecoder().decode(status.stderr));

    const port = 20000 + Math.floor(Math.random() * 20000);
    sendUdpInside(ns.path, port);
    sendUdpInside(ns.path, port + 1);
    using conn = openConntrack({ netns: ns.path });
    const flows = conntrackList(conn, 4, { protocol: UDP, dstPort: port });
    assert.equal(flows.length, 1);
    assert.equal(flows[0]?.original.dst.toString(), "127.0.0.1");
    assert.equal(conntrackDeleteMatching(conn, { family: 4, protocol: UDP, dstPort: port }), 1);
    assert.equal(conntrackList(conn, 4, { protocol: UDP, dstPort: port }).length, 0);
    assert.equal(conntrackList(conn, 4, { protocol: UDP, dstPort: port + 1 }).length, 1, "the other port's flow stays");
  },
});
