import assert from "node:assert/strict";
import { AttributeDecoder } from "./attribute_decoder.ts";
import { AttributeEncoder } from "./attribute_encoder.ts";
import { NLA_F_NESTED } from "./netlink_consts.ts";

Deno.test("AttributeDecoder reads back every typed value the encoder wrote", () => {
  const enc = new AttributeEncoder();
  enc.u8(1, 7);
  enc.u16(2, 0xbeef);
  enc.u16be(3, 8080);
  enc.u32(4, 0xdeadbeef);
  enc.u32be(5, 0x0a000001);
  enc.i32(6, -5);
  enc.u64(7, 1n << 40n);
  enc.str(8, "cnit-x");
  enc.flag(9);
  enc.nested(10 | NLA_F_NESTED, (e) => e.u32(1, 42));
  enc.bytes(11, new Uint8Array([1, 2, 3]));
  const dec = new AttributeDecoder(enc.encode());
  const seen: Record<number, unknown> = {};
  while (dec.next()) {
    switch (dec.type) {
      case 1:
        seen[1] = dec.u8();
        break;
      case 2:
        seen[2] = dec.u16();
        break;
      case 3:
        seen[3] = dec.u16be();
        break;
      case 4:
        seen[4] = dec.u32();
        break;
      case 5:
        seen[5] = dec.u32be();
        break;
      case 6:
        seen[6] = dec.i32();
        break;
      case 7:
        seen[7] = dec.u64();
        break;
      case 8:
        seen[8] = dec.str();
        break;
      case 9:
        seen[9] = true;
        break;
      case 10:
        assert.ok(dec.isNested);
        seen[10] = dec.nested((d) => {
          let v = 0;
          while (d.next()) v = d.u32();
          return v;
        });
        break;
      default:
        seen[dec.type] = dec.raw();
    }
  }
  dec.finish();
  assert.deepEqual(seen, {
    1: 7,
    2: 0xbeef,
    3: 8080,
    4: 0xdeadbeef,
    5: 0x0a000001,
    6: -5,
    7: 1n << 40n,
    8: "cnit-x",
    9: true,
    10: 42,
    11: { type: 11, data: new Uint8Array([1, 2, 3]) },
  });
});

Deno.test("AttributeDecoder records a truncated attribute as its error", () => {
  const dec = new AttributeDecoder(new Uint8Array([12, 0, 4, 0, 1, 2, 3, 4]));
  assert.equal(dec.next(), false);
  assert.throws(() => dec.finish(), /length 12, 8 bytes left/);
});

Deno.test("AttributeDecoder records a too-short payload for a typed getter", () => {
  const dec = new AttributeDecoder(new Uint8Array([6, 0, 4, 0, 1, 2, 0, 0]));
  assert.ok(dec.next());
  assert.equal(dec.u32(), 0);
  assert.throws(() => dec.finish(), /want 4 bytes, got 2/);
});

Deno.test("AttributeDecoder.str() stops at the first NUL and accepts a missing one", () => {
  const dec = new AttributeDecoder(new Uint8Array([7, 0, 3, 0, 0x6c, 0x6f, 0x00, 0, 6, 0, 3, 0, 0x6c, 0x6f, 0, 0]));
  assert.ok(dec.next());
  assert.equal(dec.str(), "lo");
  assert.ok(dec.next());
  assert.equal(dec.str(), "lo");
  assert.equal(dec.next(), false);
  dec.finish();
});
