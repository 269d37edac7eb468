import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { decodeFilter, encodeFilter, encodeFilterRef, ETH_P_ALL } from "./filter.ts";
import { redirectFilter } from "./redirect_filter.ts";

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** The u32 filter with its mirred action as the kernel (6.18) dumped it after redirectFilter(4, 2) was added. */
const KERNEL_U32 = "00000000" + "04000000" + "00080080" + "0000ffff" + "00030100" + // tcmsg, handle 800::800
  "0800010075333200" + "08000b0000000000" + // TCA_KIND "u32", TCA_CHAIN 0
  "e8000200" + // TCA_OPTIONS
  "24000500" + "01000100" + "00".repeat(12) + "00".repeat(16) + // TCA_U32_SEL: terminal, 1 key matching all
  "0800020000000080" + "0800010001000100" + "08000b0008000000" + // HASH 800:, CLASSID 1:1, FLAGS not_in_hw
  "a8000700" + "a4000100" + // TCA_U32_ACT, action 1
  "0b0001006d69727265640000" + // TCA_ACT_KIND "mirred"
  "44000400" + "14000100" + "00".repeat(16) + "14000700" + "00".repeat(16) + "18000300" + "00".repeat(20) +
  "08000a0000000000" + // TCA_ACT_STATS, TCA_ACT_IN_HW_COUNT
  "48000200" + // TCA_ACT_OPTIONS
  "20000200" + "01000000" + "00000000" + "04000000" + "01000000" + "01000000" + "01000000" + "02000000" + // PARMS
  "24000100" + "00".repeat(32); // TCA_MIRRED_TM

Deno.test("encodeFilter() writes the bandwidth plugin's u32 redirect as tc does", () => {
  assertEquals(
    hex(encodeFilter(redirectFilter(4, 2))),
    "00000000" + "04000000" + "00000000" + "0000ffff" + "00030100" + // tcmsg: parent ffff:, prio 1, protocol all
      "0800010075333200" + // TCA_KIND "u32"
      "68000200" + // TCA_OPTIONS (104 bytes)
      "24000500" + "01000100" + "00".repeat(12) + "00".repeat(16) + // TCA_U32_SEL
      "0800010001000100" + // TCA_U32_CLASSID 1:1
      "38000700" + "34000100" + // TCA_U32_ACT, action 1
      "0b0001006d69727265640000" + // TCA_ACT_KIND "mirred"
      "24000200" + "20000200" + // TCA_ACT_OPTIONS, TCA_MIRRED_PARMS
      "00000000" + "00000000" + "04000000" + "00000000" + "00000000" + // tc_gen: action TC_ACT_STOLEN
      "01000000" + "02000000", // eaction TCA_EGRESS_REDIR, ifindex 2
  );
});

Deno.test("decodeFilter() reads the kernel's u32 dump with its mirred action and re-encodes it byte for byte", () => {
  const filter = decodeFilter(unhex(KERNEL_U32));
  assertEquals(
    [filter.index, filter.parent, filter.handle, filter.priority, filter.protocol, filter.kind, filter.chain],
    [4, 0xffff0000, 0x80000800, 1, ETH_P_ALL, "u32", 0],
  );
  assertEquals(filter.u32?.classId, 0x10001);
  assertEquals(filter.u32?.hash, 0x80000000);
  assertEquals(filter.u32?.flags, 8);
  assertEquals(filter.u32?.selector?.keys, [{ mask: 0, value: 0, offset: 0, offsetMask: 0 }]);
  const action = filter.u32?.actions?.[0];
  assertEquals(action?.kind, "mirred");
  assertEquals(
    { ...action?.mirred, other: undefined },
    { verdict: "stolen", index: 1, refcnt: 1, bindcnt: 1, direction: "egress-redirect", ifindex: 2, other: undefined },
  );
  assertEquals(hex(encodeFilter(filter)), KERNEL_U32);
});

Deno.test("decodeFilter() keeps a u32 key's mask and value in network order", () => {
  const filter = redirectFilter(1, 2);
  filter.u32 = {
    selector: {
      flags: 1,
      offShift: 0,
      offMask: 0,
      off: 0,
      offOff: -2,
      hOff: 0,
      hMask: 0xff000000,
      keys: [{ mask: 0xffff0000, value: 0x00500000, offset: 20, offsetMask: 0 }],
    },
  };
  const bytes = encodeFilter(filter);
  // The key after the 16-byte selector header: mask ffff0000, value 00500000 as big-endian words.
  assertEquals(hex(bytes.subarray(20 + 8 + 4 + 4 + 16, 20 + 8 + 4 + 4 + 24)), "ffff000000500000");
  assertEquals(decodeFilter(bytes).u32, filter.u32);
});

Deno.test("encodeFilterRef() names filters by link, parent, priority and protocol", () => {
  assertEquals(hex(encodeFilterRef({ index: 4, parent: 0xffff0000 })), "00000000040000000000000000" + "00ffff00000000");
  assertEquals(
    hex(encodeFilterRef({ index: 4, parent: 0xffff0000, priority: 1, protocol: ETH_P_ALL, handle: 0x80000800 })),
    "0000000004000000000800800000ffff00030100",
  );
});
