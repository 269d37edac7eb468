import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { MAC } from "../../addr/mod.ts";
import { AttributeDecoder, AttributeEncoder } from "../wire/mod.ts";
import { macvlan, type MacvlanData } from "./macvlan.ts";

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}
function encode(data: MacvlanData): string {
  const enc = new AttributeEncoder();
  macvlan.encode(enc, data);
  return hex(enc.encode());
}
function decode(bytes: string): MacvlanData {
  const dec = new AttributeDecoder(unhex(bytes));
  const data = macvlan.decode(dec);
  dec.finish();
  return data;
}

/** IFLA_INFO_DATA the kernel (6.18) reported for `macvlan mode bridge bcqueuelen 100` on a veth. */
const KERNEL_BRIDGE = "0800010004000000" + // IFLA_MACVLAN_MODE bridge
  "0600020000000000" + // IFLA_MACVLAN_FLAGS 0
  "0800060000000000" + // IFLA_MACVLAN_MACADDR_COUNT 0
  "0800070064000000" + // IFLA_MACVLAN_BC_QUEUE_LEN 100
  "0800080064000000"; // IFLA_MACVLAN_BC_QUEUE_LEN_USED 100 (the only macvlan on its parent)

/** IFLA_INFO_DATA the kernel reported for `macvlan mode passthru nopromisc`. */
const KERNEL_PASSTHRU = "0800010008000000" + "0600020001000000" + "0800060000000000" + "08000700e8030000" +
  "08000800e8030000";

Deno.test("macvlan.encode() writes mode, flags and bcqueuelen from the headers", () => {
  assertEquals(encode({ mode: "bridge" }), "0800010004000000");
  assertEquals(encode({ mode: "private" }), "0800010001000000");
  assertEquals(encode({ mode: "vepa" }), "0800010002000000");
  assertEquals(encode({ mode: "passthru", nopromisc: true }), "0800010008000000" + "0600020001000000");
  assertEquals(encode({ mode: "source", nodst: true }), "0800010010000000" + "0600020002000000");
  assertEquals(encode({ bcQueueLen: 100 }), "0800070064000000");
  assertEquals(encode({}), "");
});

Deno.test("macvlan.encode() writes a source-mode MAC list as nested IFLA_MACVLAN_MACADDR", () => {
  const mac = MAC.parse("02:00:00:00:00:01");
  assertEquals(
    encode({ mode: "source", macaddrMode: "set", macaddrs: [mac] }),
    "0800010010000000" + "0800030003000000" + "10000580" + "0a000400" + "020000000001" + "0000",
  );
  const data = decode("0800010010000000" + "0800030003000000" + "10000580" + "0a0004000200000000010000");
  assertEquals(data.macaddrs?.map(String), ["02:00:00:00:00:01"]);
  assertEquals(data.macaddrMode, "set");
});

Deno.test("macvlan.decode() reads the kernel's dump and encode() gives the same bytes back", () => {
  const data = decode(KERNEL_BRIDGE);
  assertEquals(data, {
    mode: "bridge",
    nopromisc: false,
    nodst: false,
    macaddrCount: 0,
    bcQueueLen: 100,
    bcQueueLenUsed: 100,
  });
  assertEquals(encode(data), KERNEL_BRIDGE);
  const passthru = decode(KERNEL_PASSTHRU);
  assertEquals([passthru.mode, passthru.nopromisc, passthru.bcQueueLen], ["passthru", true, 1000]);
  assertEquals(encode(passthru), KERNEL_PASSTHRU);
});

Deno.test("macvlan.decode() keeps unknown modes as numbers and unknown attributes raw", () => {
  const data = decode("0800010020000000" + "08006300aabbccdd");
  assertEquals(data, { mode: 32, other: [{ type: 99, data: unhex("aabbccdd") }] });
  assertEquals(encode(data), "0800010020000000" + "08006300aabbccdd");
});

Deno.test("macvlan.encode() refuses an unknown mode name", () => {
  assertThrows(() => encode({ mode: "bogus" as "bridge" }), /unknown/);
});
