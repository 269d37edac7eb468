import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { encodeIfreq, tuntapFlags } from "./tuntap.ts";

Deno.test("tuntapFlags() builds TUNSETIFF flags from the headers: tap without packet info by default", () => {
  assertEquals(tuntapFlags({}), 0x0002 | 0x1000);
  assertEquals(tuntapFlags({ mode: "tun", packetInfo: true }), 0x0001);
  assertEquals(tuntapFlags({ multiQueue: true, vnetHdr: true }), 0x0002 | 0x1000 | 0x0100 | 0x4000);
});

Deno.test("encodeIfreq() puts the name in ifr_name and the flags in ifr_flags at offset 16", () => {
  const ifr = encodeIfreq("tap0", 0x1102);
  assertEquals(ifr.length, 40);
  assertEquals(Array.from(ifr.subarray(0, 5)), [0x74, 0x61, 0x70, 0x30, 0]);
  assertEquals(Array.from(ifr.subarray(16, 18)), [0x02, 0x11]);
  assertThrows(() => encodeIfreq("a-name-too-long0", 2), TypeError);
});
