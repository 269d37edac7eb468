import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { CniError } from "../../cni/mod.ts";
import { BandwidthConfig, isUnlimited, resolveLimits } from "./config.ts";

const base = { cniVersion: "1.0.0", name: "n", type: "bandwidth" };

Deno.test("resolveLimits() prefers any static field over the runtime capability", () => {
  const config = BandwidthConfig.parse({
    ...base,
    ingressRate: 8000,
    ingressBurst: 800,
    runtimeConfig: { bandwidth: { egressRate: 1, egressBurst: 1 } },
  });
  deepStrictEqual(resolveLimits(config), { ingressRate: 8000, ingressBurst: 800, egressRate: 0, egressBurst: 0 });
});

Deno.test("resolveLimits() falls back to runtimeConfig.bandwidth, and to nothing", () => {
  const config = BandwidthConfig.parse({ ...base, runtimeConfig: { bandwidth: { egressRate: 16, egressBurst: 8 } } });
  deepStrictEqual(resolveLimits(config), { ingressRate: 0, ingressBurst: 0, egressRate: 16, egressBurst: 8 });
  strictEqual(resolveLimits(BandwidthConfig.parse(base)), undefined);
  ok(isUnlimited(resolveLimits(BandwidthConfig.parse(base))));
  ok(isUnlimited(resolveLimits(BandwidthConfig.parse({ ...base, ingressRate: 0 }))));
});

Deno.test("resolveLimits() needs each rate with its burst and a burst below 4 GB", () => {
  const cases: Array<[object, string]> = [
    [{ ingressRate: 8 }, "if rate is set, burst must also be set"],
    [{ egressBurst: 8 }, "if burst is set, rate must also be set"],
    [{ egressRate: 8, egressBurst: 8 * 0xffffffff }, "burst cannot be more than 4GB"],
  ];
  for (const [fields, message] of cases) {
    throws(() => resolveLimits(BandwidthConfig.parse({ ...base, ...fields })), (err) => {
      ok(err instanceof CniError);
      strictEqual(err.code, 7);
      strictEqual(err.message, message);
      return true;
    });
  }
});

Deno.test("BandwidthConfig refuses negative rates", () => {
  ok(!BandwidthConfig.safeParse({ ...base, ingressRate: -1, ingressBurst: 1 }).success);
});
