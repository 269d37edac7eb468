import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { decodeTcmsg, encodeTcmsg, formatHandle, makeHandle, TC_H_INGRESS, TC_H_ROOT } from "./tcmsg.ts";

Deno.test("encodeTcmsg() writes family, ifindex, handle, parent and info in host order", () => {
  const bytes = encodeTcmsg({ index: 3, handle: makeHandle(1, 0), parent: TC_H_ROOT, info: 0x00010300 });
  assertEquals(
    Array.from(bytes),
    [0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff, 0x00, 0x03, 0x01, 0x00],
  );
  assertEquals(decodeTcmsg(bytes), { family: 0, index: 3, handle: 0x10000, parent: TC_H_ROOT, info: 0x00010300 });
});

Deno.test("makeHandle() and formatHandle() read like tc", () => {
  assertEquals(makeHandle(0xffff, 0), 0xffff0000);
  assertEquals(formatHandle(makeHandle(1, 1)), "1:1");
  assertEquals(formatHandle(TC_H_INGRESS), "ffff:fff1");
  assertEquals(formatHandle(TC_H_ROOT), "root");
  assertEquals(formatHandle(0), "none");
});
