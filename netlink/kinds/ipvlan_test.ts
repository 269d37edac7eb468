import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { AttributeDecoder, AttributeEncoder } from "../wire/mod.ts";
import { ipvlan, type IpvlanData } from "./ipvlan.ts";

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}
function encode(data: IpvlanData): string {
  const enc = new AttributeEncoder();
  ipvlan.encode(enc, data);
  return hex(enc.encode());
}
function decode(bytes: string): IpvlanData {
  const dec = new AttributeDecoder(unhex(bytes));
  const data = ipvlan.decode(dec);
  dec.finish();
  return data;
}

Deno.test("ipvlan.encode() writes IFLA_IPVLAN_MODE and IFLA_IPVLAN_FLAGS as u16", () => {
  assertEquals(encode({ mode: "l2" }), "0600010000000000");
  assertEquals(encode({ mode: "l3" }), "0600010001000000");
  assertEquals(encode({ mode: "l3s", flag: "private" }), "0600010002000000" + "0600020001000000");
  assertEquals(encode({ mode: "l2", flag: "vepa" }), "0600010000000000" + "0600020002000000");
  assertEquals(encode({ flag: "bridge" }), "0600020000000000");
});

Deno.test("ipvlan.decode() reads what encode() writes", () => {
  for (const data of [{ mode: "l2", flag: "bridge" }, { mode: "l3s", flag: "vepa" }] as IpvlanData[]) {
    assertEquals(decode(encode(data)), data);
  }
  assertEquals(decode("0600010007000000"), { mode: 7 });
});

Deno.test("ipvlan.encode() refuses an unknown mode", () => {
  assertThrows(() => encode({ mode: "l4" as "l2" }), /unknown/);
});
