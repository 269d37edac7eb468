import assert from "node:assert/strict";
import { encodeBridgeVlanRequest, encodeLinkSet, FakeKernel, type Link, Rtnl } from "../../netlink/mod.ts";
import { attachPort, type PortOptions } from "./port.ts";

const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const AF_BRIDGE = 7;
const EOPNOTSUPP = 95;
const BRIDGE = { index: 3, name: "cni0" } as Link;
const PORT = { index: 7, name: "veth01020304" } as Link;

function options(extra: Partial<PortOptions>): PortOptions {
  return {
    bridge: BRIDGE,
    hairpin: false,
    isolated: false,
    vlan: 0,
    trunkVlans: [],
    preserveDefaultVlan: false,
    ...extra,
  };
}

/** A kernel whose bridge port dump shows PORT with the bridge's default VLAN 1. */
function kernelWithDefaultVlan(): FakeKernel {
  return new FakeKernel((request) => {
    if (request.data[0] !== AF_BRIDGE) return {}; // link requests: plain ack
    if (request.type !== RTM_GETLINK) return {}; // vlan add/del and port settings: ack
    return {
      messages: [{
        type: RTM_NEWLINK,
        data: encodeBridgeVlanRequest(PORT.index, { vid: 1, pvid: true, untagged: true }),
      }],
    };
  });
}

Deno.test("attachPort() enslaves the port and sets hairpin only, without VLANs", () => {
  const kernel = kernelWithDefaultVlan();
  using rtnl = new Rtnl(kernel);
  attachPort(rtnl, PORT, options({ hairpin: true }));
  assert.equal(kernel.requests.length, 2);
  assert.deepEqual(kernel.requests[0]?.data, encodeLinkSet(PORT.index, { master: BRIDGE.index }));
});

Deno.test("attachPort() makes an access port: default VLAN removed, the VLAN as untagged PVID", () => {
  const kernel = kernelWithDefaultVlan();
  using rtnl = new Rtnl(kernel);
  attachPort(rtnl, PORT, options({ vlan: 100 }));
  const payloads = kernel.requests.map((r) => r.data);
  assert.deepEqual(payloads.at(-2), encodeBridgeVlanRequest(PORT.index, { vid: 1 }));
  assert.deepEqual(payloads.at(-1), encodeBridgeVlanRequest(PORT.index, { vid: 100, pvid: true, untagged: true }));
});

Deno.test("attachPort() makes a trunk port with tagged VLANs and keeps VLAN 1 when preserveDefaultVlan", () => {
  const kernel = kernelWithDefaultVlan();
  using rtnl = new Rtnl(kernel);
  attachPort(rtnl, PORT, options({ trunkVlans: [10, 11], preserveDefaultVlan: true }));
  const payloads = kernel.requests.map((r) => r.data);
  assert.equal(payloads.length, 4, "master, port settings, two VLANs; no dump, no delete");
  assert.deepEqual(payloads[2], encodeBridgeVlanRequest(PORT.index, { vid: 10 }));
  assert.deepEqual(payloads[3], encodeBridgeVlanRequest(PORT.index, { vid: 11 }));
});

Deno.test("attachPort() names port and bridge when the kernel refuses", () => {
  using rtnl = new Rtnl(new FakeKernel(() => ({ errno: EOPNOTSUPP })));
  assert.throws(
    () => attachPort(rtnl, PORT, options({ vlan: 5 })),
    /Cannot set up port "veth01020304" of bridge "cni0": .*EOPNOTSUPP/,
  );
});
