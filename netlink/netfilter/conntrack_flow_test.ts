import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { IP } from "../../addr/mod.ts";
import {
  CONNTRACK_MSG,
  decodeConntrackFlow,
  encodeConntrackDelete,
  encodeConntrackDump,
  encodeConntrackNew,
  invertTuple,
  matchesConntrackFilter,
} from "./conntrack_flow.ts";

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}

const ORIGINAL = { src: IP.parse("10.1.0.1"), dst: IP.parse("10.1.0.2"), protocol: 17, srcPort: 4000, dstPort: 53 };
/** CTA_TUPLE_ORIG payload for ORIGINAL: nested IP (src, dst) and PROTO (num 17, sport 4000, dport 53). */
const ORIG_TUPLE = "14000180" + "080001000a010001" + "080002000a010002" +
  "1c000280" + "0500010011000000" + "060002000fa00000" + "0600030000350000";
/** The same for the reply direction (addresses and ports swapped). */
const REPLY_TUPLE = "14000180" + "080001000a010002" + "080002000a010001" +
  "1c000280" + "0500010011000000" + "0600020000350000" + "060003000fa00000";

/** IPCTNL_MSG_CT_NEW the kernel (6.18) dumped for that flow after conntrackAdd(..., timeout 60). */
const KERNEL_FLOW = "02000000" + "34000180" + ORIG_TUPLE + "34000280" + REPLY_TUPLE +
  "0800030000000008" + // CTA_STATUS IPS_CONFIRMED
  "0800080000000000" + // CTA_MARK 0
  "08000c0016527e6f" + // CTA_ID
  "08000b0000000001" + // CTA_USE 1
  "080007000000003b" + // CTA_TIMEOUT 59
  "1c001880" + "0800010000000000" + "0800020000000000" + "0800030000000000"; // CTA_SYNPROXY zeros

Deno.test("message types are NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_*", () => {
  assertEquals(CONNTRACK_MSG, { new: 0x100, get: 0x101, delete: 0x102 });
});

Deno.test("encodeConntrackDump() is a bare nfgenmsg without a filter", () => {
  assertEquals(hex(encodeConntrackDump(4)), "02000000");
  assertEquals(hex(encodeConntrackDump(6)), "0a000000");
});

Deno.test("encodeConntrackDump() asks the kernel to filter by protocol, destination port and address", () => {
  assertEquals(
    hex(encodeConntrackDump(4, { protocol: 17, dstPort: 53, dst: IP.parse("10.1.0.2") })),
    "02000000" +
      "24000180" + // CTA_TUPLE_ORIG
      "0c000180" + "080002000a010002" + // CTA_TUPLE_IP { CTA_IP_V4_DST }
      "14000280" + "0500010011000000" + "0600030000350000" + // CTA_TUPLE_PROTO { NUM 17, DST_PORT 53 }
      "14001980" + "080001002a000000" + "0800020000000000", // CTA_FILTER { ORIG_FLAGS ip_dst|proto_num|dst_port, REPLY 0 }
  );
  assertEquals(
    hex(encodeConntrackDump(6, { protocol: 6 })),
    "0a000000" + "10000180" + "0c000280" + "0500010006000000" + "14001980" + "0800010008000000" + "0800020000000000",
  );
  assertThrows(() => encodeConntrackDump(6, { protocol: 17, dst: IP.parse("10.0.0.1") }), TypeError);
});

Deno.test("encodeConntrackDelete() sends the original tuple, then zone and id", () => {
  assertEquals(hex(encodeConntrackDelete({ family: 4, original: ORIGINAL })), "02000000" + "34000180" + ORIG_TUPLE);
  assertEquals(
    hex(encodeConntrackDelete({ family: 4, original: ORIGINAL, zone: 7, id: 0x16527e6f })),
    "02000000" + "34000180" + ORIG_TUPLE + "0600120000070000" + "08000c0016527e6f",
  );
});

Deno.test("encodeConntrackNew() sends both tuples, the reply inverted by default, and the timeout", () => {
  assertEquals(
    hex(encodeConntrackNew({ family: 4, original: ORIGINAL, timeout: 60 })),
    "02000000" + "34000180" + ORIG_TUPLE + "34000280" + REPLY_TUPLE + "080007000000003c",
  );
});

Deno.test("decodeConntrackFlow() reads the kernel's dump of a flow", () => {
  const flow = decodeConntrackFlow(unhex(KERNEL_FLOW));
  assertEquals(
    { ...flow, other: undefined },
    {
      family: 4,
      original: ORIGINAL,
      reply: invertTuple(ORIGINAL),
      status: 8,
      mark: 0,
      id: 0x16527e6f,
      timeout: 59,
      other: undefined,
    },
  );
  assertEquals(flow.other?.map((a) => a.type), [11, 24]); // CTA_USE, CTA_SYNPROXY
  // Deleting what was listed sends the tuple exactly as the kernel reported it.
  assertEquals(hex(encodeConntrackDelete(flow)).slice(0, 8 + 0x34 * 2), "02000000" + "34000180" + ORIG_TUPLE);
});

Deno.test("decodeConntrackFlow() reads IPv6 tuples", () => {
  const original = { src: IP.parse("fd00::1"), dst: IP.parse("fd00::2"), protocol: 17, srcPort: 1, dstPort: 2 };
  const flow = decodeConntrackFlow(encodeConntrackNew({ family: 6, original, timeout: 1 }));
  assertEquals([flow.family, flow.original, flow.reply], [6, original, invertTuple(original)]);
});

Deno.test("matchesConntrackFilter() checks protocol, destination port and address of the original direction", () => {
  const flow = decodeConntrackFlow(unhex(KERNEL_FLOW));
  assertEquals(matchesConntrackFilter(flow, { protocol: 17 }), true);
  assertEquals(matchesConntrackFilter(flow, { protocol: 17, dstPort: 53, dst: IP.parse("10.1.0.2") }), true);
  assertEquals(matchesConntrackFilter(flow, { protocol: 6, dstPort: 53 }), false);
  assertEquals(matchesConntrackFilter(flow, { protocol: 17, dstPort: 4000 }), false);
  assertEquals(matchesConntrackFilter(flow, { protocol: 17, dst: IP.parse("10.1.0.1") }), false);
});
