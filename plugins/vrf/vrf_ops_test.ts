/**
 * Byte-level tests of the vrf plugin's netlink steps against a scripted kernel (this machine's kernel has no vrf
 * module): the exact RTM_NEWLINK requests that create the VRF and enslave the interface, table choice, idempotence
 * and release.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { CniError } from "../../cni/mod.ts";
import { decodeLink, encodeLinkAdd, FakeKernel, type FakeReply, Rtnl, veth, vrf } from "../../netlink/mod.ts";
import type { NetlinkMessage } from "../../netlink/mod.ts";
import { enslave, ensureVrf, release } from "./vrf_ops.ts";

// rtnetlink message types and flags (linux/rtnetlink.h, linux/netlink.h), spelled out for the scripted kernel.
const RTM_NEWLINK = 16;
const RTM_DELLINK = 17;
const RTM_GETLINK = 18;
const NLM_F_DUMP = 0x300;
const NLM_F_CREATE = 0x400;

interface FakeLink {
  name: string;
  kind?: "veth" | "vrf";
  table?: number;
  master?: number | undefined;
}

/** A tiny stateful kernel: links by index; addresses and routes always empty. */
function scriptedKernel(initial: Record<number, FakeLink>) {
  const links = new Map(Object.entries(initial).map(([k, v]) => [Number(k), { ...v }]));
  const encode = (index: number, link: FakeLink) => {
    const master = link.master === undefined ? {} : { master: link.master };
    const bytes = link.kind === "vrf"
      ? encodeLinkAdd({ name: link.name, kind: vrf, data: { table: link.table ?? 0 }, ...master })
      : encodeLinkAdd({ name: link.name, kind: link.kind === "veth" ? veth : "dummy", ...master });
    new DataView(bytes.buffer, bytes.byteOffset).setInt32(4, index, true);
    return { type: RTM_NEWLINK, data: bytes };
  };
  const handler = (req: NetlinkMessage): FakeReply | void => {
    if (req.type === RTM_GETLINK) {
      if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return { messages: [...links].map(([i, l]) => encode(i, l)) };
      const wanted = decodeLink(req.data);
      const found = [...links].find(([i, l]) => (wanted.index ? i === wanted.index : l.name === wanted.name));
      return found ? { messages: [encode(...found)] } : { errno: 19 };
    }
    if (req.type === RTM_NEWLINK) {
      const change = decodeLink(req.data);
      if (req.flags & NLM_F_CREATE) {
        const index = Math.max(...links.keys()) + 1;
        links.set(index, {
          name: change.name,
          kind: "vrf",
          table: change.data ? (change.data as { table: number }).table : 0,
        });
        return;
      }
      const link = links.get(change.index);
      if (!link) return { errno: 19 };
      if (change.master !== undefined) link.master = change.master === 0 ? undefined : change.master;
      return;
    }
    if (req.type === RTM_DELLINK) {
      links.delete(decodeLink(req.data).index);
      return;
    }
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return { messages: [] }; // addresses, routes
  };
  const kernel = new FakeKernel(handler);
  return { kernel, links, rtnl: new Rtnl(kernel) };
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

Deno.test("ensureVrf() creates the VRF with the first table no other VRF uses, and brings it up", () => {
  const { kernel, links, rtnl } = scriptedKernel({
    1: { name: "lo" },
    2: { name: "eth0", kind: "veth" },
    3: { name: "cnit-other", kind: "vrf", table: 1 },
  });
  using _ = rtnl;
  const created = ensureVrf(rtnl, { name: "cnit-vrf0", table: 0 });
  strictEqual(created.index, 4);
  deepStrictEqual(links.get(4), { name: "cnit-vrf0", kind: "vrf", table: 2 });
  const add = kernel.requests.find((r) => r.type === RTM_NEWLINK && (r.flags & NLM_F_CREATE))!;
  // ifinfomsg (16 zero bytes), IFLA_IFNAME "cnit-vrf0", IFLA_LINKINFO { IFLA_INFO_KIND "vrf", IFLA_INFO_DATA
  // { IFLA_VRF_TABLE 2 } }: `ip link add cnit-vrf0 type vrf table 2`.
  strictEqual(
    hex(add.data),
    "00000000000000000000000000000000" + "0e000300636e69742d7672663000" + "0000" +
      "18001280" + "0800010076726600" + "0c000280" + "0800010002000000",
  );
  const up = kernel.requests.at(-1)!;
  strictEqual(up.type, RTM_NEWLINK);
  // ifinfomsg of index 4 with IFF_UP in both flags and change: `ip link set cnit-vrf0 up`.
  strictEqual(hex(up.data), "0000000004000000" + "01000000" + "01000000");
});

Deno.test("ensureVrf() reuses a VRF with the same table and refuses one with another table", () => {
  const { kernel, rtnl } = scriptedKernel({ 1: { name: "lo" }, 5: { name: "cnit-vrf0", kind: "vrf", table: 7 } });
  using _ = rtnl;
  strictEqual(ensureVrf(rtnl, { name: "cnit-vrf0", table: 7 }).index, 5);
  strictEqual(ensureVrf(rtnl, { name: "cnit-vrf0", table: 0 }).index, 5);
  ok(kernel.requests.every((r) => r.type === RTM_GETLINK), "nothing was created or changed");
  throws(() => ensureVrf(rtnl, { name: "cnit-vrf0", table: 8 }), (err) => {
    ok(err instanceof CniError);
    strictEqual(err.message, "VRF cnit-vrf0 already exist with different routing table 7");
    return true;
  });
  throws(() => ensureVrf(rtnl, { name: "lo", table: 0 }), /Netlink lo is not a VRF/);
});

Deno.test("enslave() sends IFLA_MASTER for the interface, and does nothing when it is already a member", async () => {
  const { kernel, links, rtnl } = scriptedKernel({
    1: { name: "lo" },
    2: { name: "eth0", kind: "veth" },
    3: { name: "cnit-vrf0", kind: "vrf", table: 9 },
  });
  using _ = rtnl;
  const vrfLink = rtnl.linkGet("cnit-vrf0");
  await enslave(rtnl, { vrf: vrfLink, ifname: "eth0" });
  strictEqual(links.get(2)?.master, 3);
  const set = kernel.requests.find((r) => r.type === RTM_NEWLINK)!;
  // ifinfomsg of index 2, no flag change, then IFLA_MASTER (10) = 3: `ip link set eth0 master cnit-vrf0`.
  strictEqual(hex(set.data), "00000000020000000000000000000000" + "08000a0003000000");
  const before = kernel.requests.length;
  await enslave(rtnl, { vrf: vrfLink, ifname: "eth0" });
  ok(kernel.requests.slice(before).every((r) => r.type === RTM_GETLINK));
});

Deno.test("enslave() refuses an interface that already has another master", async () => {
  const { rtnl } = scriptedKernel({
    1: { name: "cnit-br", kind: "veth" },
    2: { name: "eth0", kind: "veth", master: 1 },
    3: { name: "cnit-vrf0", kind: "vrf", table: 9 },
  });
  using _ = rtnl;
  const vrfLink = rtnl.linkGet("cnit-vrf0");
  await enslave(rtnl, { vrf: vrfLink, ifname: "eth0" }).then(
    () => ok(false, "expected a failure"),
    (err) => strictEqual(err.message, "interface eth0 has already a master set: cnit-br"),
  );
});

Deno.test("release() frees the interface, deletes the VRF with its last member, and tolerates a missing VRF", () => {
  const { kernel, links, rtnl } = scriptedKernel({
    1: { name: "lo" },
    2: { name: "eth0", kind: "veth", master: 4 },
    3: { name: "eth1", kind: "veth", master: 4 },
    4: { name: "cnit-vrf0", kind: "vrf", table: 9 },
  });
  using _ = rtnl;
  release(rtnl, { name: "cnit-vrf0", ifname: "eth0" });
  strictEqual(links.get(2)?.master, undefined);
  ok(links.has(4), "eth1 still uses the VRF");
  release(rtnl, { name: "cnit-vrf0", ifname: "eth1" });
  ok(!links.has(4), "the VRF went with its last member");
  strictEqual(kernel.requests.filter((r) => r.type === RTM_DELLINK).length, 1);
  const before = kernel.requests.length;
  release(rtnl, { name: "cnit-vrf0", ifname: "eth1" });
  deepStrictEqual(kernel.requests.slice(before).map((r) => r.type), [RTM_GETLINK]);
});
