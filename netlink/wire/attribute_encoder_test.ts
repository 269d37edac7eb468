import assert from "node:assert/strict";
import { AttributeEncoder } from "./attribute_encoder.ts";
import { AttributeDecoder } from "./attribute_decoder.ts";

Deno.test("AttributeEncoder.u32() writes length, type and host-order value", () => {
  const enc = new AttributeEncoder();
  enc.u32(4, 1500); // IFLA_MTU
  assert.deepEqual([...enc.encode()], [8, 0, 4, 0, 0xdc, 0x05, 0, 0]);
});

Deno.test("AttributeEncoder.str() NUL-terminates and pads to 4 bytes, length excludes padding", () => {
  const enc = new AttributeEncoder();
  enc.str(3, "eth0"); // IFLA_IFNAME
  assert.deepEqual([...enc.encode()], [9, 0, 3, 0, 0x65, 0x74, 0x68, 0x30, 0, 0, 0, 0]);
});

Deno.test("AttributeEncoder writes u8, u16, u16be, u32be, i32, u64, flag and bytes", () => {
  const enc = new AttributeEncoder();
  enc.u8(1, 0xab);
  enc.u16(2, 0x1234);
  enc.u16be(3, 0x1234);
  enc.u32be(4, 0x0a000001);
  enc.i32(5, -1);
  enc.u64(6, 0x0102030405060708n);
  enc.flag(7);
  enc.bytes(8, new Uint8Array([10, 0, 0, 1]));
  assert.deepEqual([...enc.encode()], [
    ...[5, 0, 1, 0, 0xab, 0, 0, 0],
    ...[6, 0, 2, 0, 0x34, 0x12, 0, 0],
    ...[6, 0, 3, 0, 0x12, 0x34, 0, 0],
    ...[8, 0, 4, 0, 10, 0, 0, 1],
    ...[8, 0, 5, 0, 0xff, 0xff, 0xff, 0xff],
    ...[12, 0, 6, 0, 8, 7, 6, 5, 4, 3, 2, 1],
    ...[4, 0, 7, 0],
    ...[8, 0, 8, 0, 10, 0, 0, 1],
  ]);
});

Deno.test("AttributeEncoder.nested() computes the parent length over padded children", () => {
  const enc = new AttributeEncoder(new Uint8Array([1, 2])); // 2-byte header, padded to 4
  enc.nested(18, (e) => { // IFLA_LINKINFO
    e.str(1, "veth"); // IFLA_INFO_KIND
    e.nested(2, (d) => d.u8(7, 1)); // IFLA_INFO_DATA { 7: u8 }
  });
  assert.deepEqual([...enc.encode()], [
    ...[1, 2, 0, 0],
    ...[28, 0, 18, 0],
    ...[9, 0, 1, 0, 0x76, 0x65, 0x74, 0x68, 0, 0, 0, 0],
    ...[12, 0, 2, 0, 5, 0, 7, 0, 1, 0, 0, 0],
  ]);
});

Deno.test("AttributeEncoder keeps the first error and throws it from encode()", () => {
  const enc = new AttributeEncoder();
  enc.u8(1, 256);
  enc.str(2, "a\0b");
  enc.u32(3, 1);
  assert.equal(enc.error?.message, "Cannot encode attribute 1: 256 is out of range 0..255");
  assert.throws(() => enc.encode(), RangeError);
});

Deno.test("AttributeEncoder rejects an attribute over 65535 bytes", () => {
  const enc = new AttributeEncoder();
  enc.bytes(1, new Uint8Array(70000));
  assert.throws(() => enc.encode(), /exceeds the 65535-byte limit/);
});

Deno.test("AttributeEncoder grows its buffer past the initial size", () => {
  const enc = new AttributeEncoder();
  for (let i = 0; i < 200; i++) enc.u32(i, i);
  const dec = new AttributeDecoder(enc.encode());
  let count = 0;
  while (dec.next()) {
    assert.equal(dec.u32(), dec.type);
    count++;
  }
  dec.finish();
  assert.equal(count, 200);
});
