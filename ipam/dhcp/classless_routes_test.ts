import assert from "node:assert/strict";
import { decodeClasslessRoutes, encodeClasslessRoutes } from "./classless_routes.ts";

/** RFC 3442 §2's table of destination encodings, each with router 10.0.0.1 (0a000001). */
const RFC_EXAMPLES: [string, number[]][] = [
  ["0.0.0.0/0", [0]],
  ["10.0.0.0/8", [8, 10]],
  ["10.0.0.0/16", [16, 10, 0]],
  ["10.17.0.0/16", [16, 10, 17]],
  ["10.27.129.0/24", [24, 10, 27, 129]],
  ["10.229.0.128/25", [25, 10, 229, 0, 128]],
  ["10.198.122.47/32", [32, 10, 198, 122, 47]],
];

Deno.test("encodeClasslessRoutes() writes only the significant octets, as RFC 3442's table", () => {
  for (const [dst, bytes] of RFC_EXAMPLES) {
    assert.deepEqual([...encodeClasslessRoutes([{ dst, gw: "10.0.0.1" }])], [...bytes, 10, 0, 0, 1], dst);
  }
});

Deno.test("decodeClasslessRoutes() reads several routes back, on-link routers included", () => {
  const data = Uint8Array.from(RFC_EXAMPLES.flatMap(([, bytes]) => [...bytes, 10, 0, 0, 1]));
  assert.deepEqual(decodeClasslessRoutes(data).map((r) => r.dst), RFC_EXAMPLES.map(([dst]) => dst));
  assert.deepEqual(decodeClasslessRoutes(Uint8Array.of(24, 192, 168, 5, 0, 0, 0, 0)), [
    { dst: "192.168.5.0/24", gw: "0.0.0.0" },
  ]);
});

Deno.test("encodeClasslessRoutes() masks host bits of the destination", () => {
  assert.deepEqual([...encodeClasslessRoutes([{ dst: "10.1.2.3/16", gw: "10.0.0.1" }])], [16, 10, 1, 10, 0, 0, 1]);
});

Deno.test("decodeClasslessRoutes() rejects a width over 32 and a truncated route", () => {
  assert.throws(() => decodeClasslessRoutes(Uint8Array.of(33, 1, 2, 3, 4, 5, 1, 2, 3, 4)), /over 32/);
  assert.throws(() => decodeClasslessRoutes(Uint8Array.of(24, 10, 0, 0, 10, 0, 0)), /truncated/);
});
