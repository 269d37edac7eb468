import { ok, strictEqual } from "node:assert/strict";
import { firstFreeTable, VrfConfig } from "./config.ts";

Deno.test("firstFreeTable() returns the lowest table id from 1 that no VRF uses", () => {
  strictEqual(firstFreeTable(new Set()), 1);
  strictEqual(firstFreeTable(new Set([1, 2, 4])), 3);
});

Deno.test("VrfConfig needs a vrfname of at most 15 bytes and accepts an optional table", () => {
  ok(!VrfConfig.safeParse({ name: "n", type: "vrf" }).success);
  ok(!VrfConfig.safeParse({ name: "n", vrfname: "" }).success);
  ok(!VrfConfig.safeParse({ name: "n", vrfname: "a-name-that-is-too-long" }).success);
  strictEqual(VrfConfig.parse({ name: "n", vrfname: "blue", table: 1001 }).table, 1001);
});
