import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { AttributeDecoder, AttributeEncoder } from "../wire/mod.ts";
import { vrf } from "./vrf.ts";
import { dummy } from "./dummy.ts";
import { ifb } from "./ifb.ts";

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

Deno.test("vrf.encode() writes IFLA_VRF_TABLE and vrf.decode() reads it", () => {
  const enc = new AttributeEncoder();
  vrf.encode(enc, { table: 1001 });
  const bytes = enc.encode();
  assertEquals(hex(bytes), "08000100e9030000");
  assertEquals(vrf.decode(new AttributeDecoder(bytes)), { table: 1001 });
});

Deno.test("dummy and ifb write no IFLA_INFO_DATA and keep anything the kernel sends raw", () => {
  for (const driver of [dummy, ifb]) {
    const enc = new AttributeEncoder();
    driver.encode(enc, {});
    assertEquals(enc.encode().length, 0);
    const data = driver.decode(new AttributeDecoder(Uint8Array.of(8, 0, 1, 0, 1, 2, 3, 4)));
    assertEquals(data, { other: [{ type: 1, data: Uint8Array.of(1, 2, 3, 4) }] });
  }
  assertEquals([dummy.kind, ifb.kind], ["dummy", "ifb"]);
});
