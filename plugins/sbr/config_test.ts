import { ok, strictEqual, throws } from "node:assert/strict";
import { CniError } from "../../cni/mod.ts";
import { parseGateways } from "./config.ts";

Deno.test("parseGateways() takes one gateway per family", () => {
  const gateways = parseGateways(["fd00::1", "10.0.0.1"]);
  strictEqual(gateways.v4?.toString(), "10.0.0.1");
  strictEqual(gateways.v6?.toString(), "fd00::1");
  strictEqual(parseGateways(undefined).v4, undefined);
});

Deno.test("parseGateways() refuses three entries, two of a family and garbage with code 7", () => {
  for (const list of [["10.0.0.1", "fd00::1", "10.0.0.2"], ["10.0.0.1", "10.0.0.2"], ["nope"]]) {
    throws(() => parseGateways(list), (err) => {
      ok(err instanceof CniError);
      strictEqual(err.code, 7);
      return true;
    });
  }
});
