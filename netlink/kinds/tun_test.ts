import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { AttributeDecoder, AttributeEncoder } from "../wire/mod.ts";
import { tun, type TunData } from "./tun.ts";

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** IFLA_INFO_DATA the kernel (6.18) reported for a persistent multi-queue vnet_hdr tap owned by 1234:4321. */
const KERNEL_TAP = "0500030002000000" + // IFLA_TUN_TYPE IFF_TAP
  "08000100d2040000" + "08000200e1100000" + // IFLA_TUN_OWNER 1234, IFLA_TUN_GROUP 4321
  "0500040000000000" + "0500050001000000" + "0500060001000000" + "0500070001000000" + // PI 0, VNET_HDR, PERSIST, MQ
  "0800080000000000" + "0800090000000000"; // NUM_QUEUES 0, NUM_DISABLED_QUEUES 0

/** The same for a plain persistent tun with IFF_NO_PI and no owner. */
const KERNEL_TUN = "0500030001000000" + "0500040000000000" + "0500050000000000" + "0500060001000000" +
  "0500070000000000";

function decode(bytes: string): TunData {
  const dec = new AttributeDecoder(unhex(bytes));
  const data = tun.decode(dec);
  dec.finish();
  return data;
}
function encode(data: TunData): string {
  const enc = new AttributeEncoder();
  tun.encode(enc, data);
  return hex(enc.encode());
}

Deno.test("tun.decode() reads the kernel's tap report and encode() gives the same bytes back", () => {
  const data = decode(KERNEL_TAP);
  assertEquals(data, {
    type: "tap",
    owner: 1234,
    group: 4321,
    pi: false,
    vnetHdr: true,
    persist: true,
    multiQueue: true,
    numQueues: 0,
    numDisabledQueues: 0,
  });
  assertEquals(encode(data), KERNEL_TAP);
});

Deno.test("tun.decode() leaves owner and group out when the kernel does not report them", () => {
  const data = decode(KERNEL_TUN);
  assertEquals(data, { type: "tun", pi: false, vnetHdr: false, persist: true, multiQueue: false });
  assertEquals(encode(data), KERNEL_TUN);
});
