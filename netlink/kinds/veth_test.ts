import assert from "node:assert/strict";
import { AttributeDecoder } from "../wire/attribute_decoder.ts";
import { AttributeEncoder } from "../wire/attribute_encoder.ts";
import { veth } from "./veth.ts";

Deno.test("veth.encode() writes VETH_INFO_PEER with an ifinfomsg, name, MAC and MTU", () => {
  const enc = new AttributeEncoder();
  veth.encode(enc, { peer: { name: "p1", mac: "02:00:00:00:00:01", mtu: 9000 } });
  assert.deepEqual([...enc.encode()], [
    ...[48, 0, 1, 0x80], // VETH_INFO_PEER | NLA_F_NESTED
    ...new Array(16).fill(0), // struct ifinfomsg
    ...[7, 0, 3, 0, 0x70, 0x31, 0, 0], // IFLA_IFNAME "p1"
    ...[8, 0, 4, 0, 0x28, 0x23, 0, 0], // IFLA_MTU 9000
    ...[10, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 0], // IFLA_ADDRESS
  ]);
});

Deno.test("veth.encode() writes nothing without a peer, and decode() keeps unknown attributes raw", () => {
  const enc = new AttributeEncoder();
  veth.encode(enc, {});
  assert.equal(enc.encode().length, 0);
  assert.deepEqual(veth.decode(new AttributeDecoder(new Uint8Array([5, 0, 9, 0, 1, 0, 0, 0]))), {
    other: [{ type: 9, data: new Uint8Array([1]) }],
  });
});
