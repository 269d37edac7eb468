import assert from "node:assert/strict";
import { MAC } from "../../addr/mod.ts";
import type { Result } from "../../cni/mod.ts";
import type { Link } from "../../netlink/mod.ts";
import { containerInterface, containerResult, hostInterface, setResultAddresses } from "./container_result.ts";

const LINK = { index: 4, name: "eth0", mac: MAC.parse("0a:58:0a:01:00:05") } as Link;

Deno.test("containerResult() holds the link as the one interface, in the sandbox, at the config's version", () => {
  assert.deepEqual(containerResult({ cniVersion: "0.4.0", netns: "/var/run/netns/cnit-a" }, LINK), {
    cniVersion: "0.4.0",
    interfaces: [{ name: "eth0", mac: "0a:58:0a:01:00:05", sandbox: "/var/run/netns/cnit-a" }],
  });
});

Deno.test("containerInterface() prints an empty MAC for a link without one", () => {
  const noMac = { index: 5, name: "tun0" } as Link;
  assert.deepEqual(containerInterface(noMac, "/x"), { name: "tun0", mac: "", sandbox: "/x" });
});

Deno.test("setResultAddresses() points every address at interface 0 and copies routes only when present", () => {
  const result: Result = { cniVersion: "1.1.0" };
  const ips = setResultAddresses(result, {
    ips: [{ address: "10.1.0.5/24", gateway: "10.1.0.1" }, { address: "2001:db8::5/64", interface: 3 }],
  });
  assert.deepEqual(result, {
    cniVersion: "1.1.0",
    ips: [
      { address: "10.1.0.5/24", gateway: "10.1.0.1", interface: 0 },
      { address: "2001:db8::5/64", interface: 0 },
    ],
  });
  assert.equal(ips, result.ips);
  const routed: Result = { cniVersion: "1.1.0" };
  setResultAddresses(routed, { ips: [{ address: "10.1.0.6/24" }], routes: [{ dst: "0.0.0.0/0" }] });
  assert.deepEqual(routed.routes, [{ dst: "0.0.0.0/0" }]);
});

Deno.test("setResultAddresses() with interfaceIndex points every address at that interface", () => {
  const result: Result = { cniVersion: "1.1.0" };
  setResultAddresses(result, { ips: [{ address: "10.1.0.5/24" }, { address: "2001:db8::5/64" }] }, {
    interfaceIndex: 2,
  });
  assert.deepEqual(result.ips, [{ address: "10.1.0.5/24", interface: 2 }, { address: "2001:db8::5/64", interface: 2 }]);
});

Deno.test("hostInterface() has no sandbox and prints an empty MAC for a link without one", () => {
  assert.deepEqual(hostInterface(LINK), { name: "eth0", mac: "0a:58:0a:01:00:05" });
  assert.deepEqual(hostInterface({ index: 5, name: "tun0" } as Link), { name: "tun0", mac: "" });
});
