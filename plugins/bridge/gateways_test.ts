import assert from "node:assert/strict";
import type { Result } from "../../cni/result.ts";
import { planGateways } from "./gateways.ts";

function ipamResult(): Result {
  return {
    cniVersion: "1.1.0",
    ips: [{ address: "10.1.2.5/24" }, { address: "2001:db8:1::5/64", gateway: "2001:db8:1::fe" }],
    routes: [{ dst: "192.168.0.0/16" }],
  };
}

Deno.test("planGateways() points every address at the container interface and fills gateways when isGateway", () => {
  const result = ipamResult();
  const plan = planGateways(result, { isGateway: true, isDefaultGateway: false });
  assert.deepEqual(result.ips, [
    { address: "10.1.2.5/24", interface: 2, gateway: "10.1.2.1" },
    { address: "2001:db8:1::5/64", gateway: "2001:db8:1::fe", interface: 2 },
  ]);
  assert.deepEqual(plan.v4.map(String), ["10.1.2.1/24"]);
  assert.deepEqual(plan.v6.map(String), ["2001:db8:1::fe/64"]);
  assert.deepEqual(result.routes, [{ dst: "192.168.0.0/16" }]);
});

Deno.test("planGateways() leaves gateways alone and plans none without isGateway", () => {
  const result = ipamResult();
  const plan = planGateways(result, { isGateway: false, isDefaultGateway: false });
  assert.equal(result.ips?.[0]?.gateway, undefined);
  assert.deepEqual(plan, { v4: [], v6: [] });
});

Deno.test("planGateways() adds one default route per family unless one with a gateway exists", () => {
  const result = ipamResult();
  result.ips?.push({ address: "10.1.3.5/24" });
  result.routes?.push({ dst: "::/0", gw: "2001:db8:1::1" });
  planGateways(result, { isGateway: true, isDefaultGateway: true });
  assert.deepEqual(result.routes, [
    { dst: "192.168.0.0/16" },
    { dst: "::/0", gw: "2001:db8:1::1" },
    { dst: "0.0.0.0/0", gw: "10.1.2.1" },
  ]);
});
