import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { clsactQdisc, decodeQdisc, encodeQdisc, encodeQdiscRef, ingressQdisc, tbfQdisc } from "./qdisc.ts";

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** The statistics the kernel appends to every qdisc dump: TCA_STATS2 (basic + queue) and TCA_STATS, all zero here. */
const KERNEL_STATS = "30000700" + "14000100" + "00".repeat(16) + "18000300" + "00".repeat(20) +
  "2c000300" + "00".repeat(40);

/** RTM_NEWQDISC the kernel (6.18) sent for a tbf added by tbfQdisc(2, { rate 125000, buffer 12500000, limit 103125 }). */
const KERNEL_TBF = "000000000200000000000100ffffffff02000000" + "0800010074626600" +
  "2c000200" + "28000100000000000000000048e80100000000000000000000000000d592010020bcbe0000000000" +
  "05000c0000000000" + KERNEL_STATS;

/** RTM_NEWQDISC the kernel sent for ingressQdisc(4). */
const KERNEL_INGRESS = "00000000040000000000fffff1ffffff01000000" + "0c000100696e677265737300" + "04000200" +
  "05000c0000000000" + KERNEL_STATS;

Deno.test("encodeQdisc() writes the ingress qdisc as tc does: ffff:0 under ffff:fff1 with empty options", () => {
  assertEquals(
    hex(encodeQdisc(ingressQdisc(3))),
    "00000000" + "03000000" + "0000ffff" + "f1ffffff" + "00000000" + // tcmsg
      "0c000100" + "696e677265737300" + // TCA_KIND "ingress"
      "04000200", // TCA_OPTIONS, empty
  );
  assertEquals(hex(encodeQdisc(clsactQdisc(3))).slice(40), "0b000100" + "636c736163740000" + "04000200");
});

Deno.test("encodeQdisc() writes a root tbf with handle 1:0 and nested TCA_OPTIONS", () => {
  const bytes = encodeQdisc(tbfQdisc(2, { rate: 125000, buffer: 12500000, limit: 103125 }));
  assertEquals(
    hex(bytes),
    "000000000200000000000100ffffffff00000000" + "0800010074626600" + "2c000200" +
      "28000100000000000000000048e80100000000000000000000000000d592010020bcbe0000000000",
  );
});

Deno.test("decodeQdisc() reads the kernel's tbf dump and encodeQdisc() gives the same bytes back", () => {
  const capture = unhex(KERNEL_TBF);
  const qdisc = decodeQdisc(capture);
  assertEquals(qdisc.kind, "tbf");
  assertEquals(qdisc.index, 2);
  assertEquals(qdisc.handle, 0x10000);
  assertEquals(qdisc.parent, 0xffffffff);
  assertEquals(qdisc.info, 2);
  assertEquals([qdisc.tbf?.rate, qdisc.tbf?.buffer, qdisc.tbf?.limit], [125000, 12500000, 103125]);
  assertEquals(qdisc.other?.map((a) => a.type), [12, 7, 3]); // TCA_HW_OFFLOAD, TCA_STATS2, TCA_STATS
  assertEquals(hex(encodeQdisc(qdisc)), KERNEL_TBF);
});

Deno.test("decodeQdisc() reads the kernel's ingress dump and round-trips it", () => {
  const qdisc = decodeQdisc(unhex(KERNEL_INGRESS));
  assertEquals({ ...qdisc, other: undefined }, { ...ingressQdisc(4), info: 1, other: undefined });
  assertEquals(hex(encodeQdisc(qdisc)), KERNEL_INGRESS);
});

Deno.test("encodeQdiscRef() names a qdisc by link, handle and parent only", () => {
  assertEquals(hex(encodeQdiscRef(ingressQdisc(7))), "00000000070000000000fffff1ffffff00000000");
});
