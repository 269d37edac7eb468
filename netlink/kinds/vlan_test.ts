import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { AttributeDecoder, AttributeEncoder } from "../wire/mod.ts";
import { vlan, type VlanData } from "./vlan.ts";

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}
function encode(data: VlanData): string {
  const enc = new AttributeEncoder();
  vlan.encode(enc, data);
  return hex(enc.encode());
}
function decode(bytes: string): VlanData {
  const dec = new AttributeDecoder(unhex(bytes));
  const data = vlan.decode(dec);
  dec.finish();
  return data;
}

Deno.test("vlan.encode() writes the protocol in network order, then the id and flags", () => {
  assertEquals(encode({ id: 100 }), "0600010064000000");
  assertEquals(encode({ id: 4094, protocol: "802.1Q" }), "0600050081000000" + "06000100fe0f0000");
  assertEquals(encode({ id: 5, protocol: "802.1ad" }), "0600050088a80000" + "0600010005000000");
  assertEquals(
    encode({ id: 1, flags: { flags: 1, mask: 0xffffffff } }),
    "0600010001000000" + "0c000200" + "01000000ffffffff",
  );
});

Deno.test("vlan.decode() reads the kernel's order back into the same value", () => {
  const data: VlanData = { protocol: "802.1Q", id: 10, flags: { flags: 1, mask: 0xffffffff } };
  assertEquals(decode(encode(data)), data);
  assertEquals(decode("0600050091000000"), { protocol: 0x9100 });
});

Deno.test("vlan.encode() refuses ids outside 0-4094", () => {
  assertThrows(() => encode({ id: 4095 }), RangeError);
  assertThrows(() => encode({ id: -1 }), RangeError);
});
