import assert from "node:assert/strict";
import { MAC } from "./mac.ts";

Deno.test("MAC.parse() accepts colon and dash forms in any case", () => {
  assert.equal(MAC.parse("0A:0b:0C:00:00:01").toString(), "0a:0b:0c:00:00:01");
  assert.equal(MAC.parse("0a-0b-0c-00-00-01").toString(), "0a:0b:0c:00:00:01");
  assert.ok(MAC.parse("00:00:00:00:00:00").isZero);
  for (const bad of ["", "0a:0b:0c:00:00", "0a:0b:0c:00:00:0g", "0a:0b:0c:00:00:001", "0a0b0c000001"]) {
    assert.equal(MAC.tryParse(bad), undefined, bad);
  }
});

Deno.test("MAC.random() is a locally administered unicast address", () => {
  for (let i = 0; i < 50; i++) {
    const mac = MAC.random();
    assert.equal(mac.bytes[0]! & 0x01, 0);
    assert.equal(mac.bytes[0]! & 0x02, 0x02);
  }
  assert.ok(!MAC.random().equals(MAC.random()));
});
