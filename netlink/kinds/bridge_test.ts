import assert from "node:assert/strict";
import { FakeKernel } from "../fake_kernel.ts";
import { loadCapture } from "../testdata/capture_file.ts";
import { AttributeDecoder } from "../wire/attribute_decoder.ts";
import { AttributeEncoder } from "../wire/attribute_encoder.ts";
import { Rtnl } from "../route/rtnl.ts";
import { bridge, decodeBridgePort, encodeBridgeVlanRequest } from "./bridge.ts";
import { findLinkDriver, LINK_DRIVERS } from "./mod.ts";

Deno.test("bridge.encode() writes only the set IFLA_BR_* fields, and decode() reads them back", () => {
  const enc = new AttributeEncoder();
  bridge.encode(enc, { vlanFiltering: true, vlanDefaultPvid: 1, mcastSnooping: false });
  const bytes = enc.encode();
  assert.deepEqual([...bytes], [
    ...[5, 0, 7, 0, 1, 0, 0, 0], // IFLA_BR_VLAN_FILTERING
    ...[6, 0, 39, 0, 1, 0, 0, 0], // IFLA_BR_VLAN_DEFAULT_PVID
    ...[5, 0, 23, 0, 0, 0, 0, 0], // IFLA_BR_MCAST_SNOOPING
  ]);
  assert.deepEqual(bridge.decode(new AttributeDecoder(bytes)), {
    vlanFiltering: true,
    vlanDefaultPvid: 1,
    mcastSnooping: false,
  });
});

Deno.test("decodeBridgePort() decodes hairpin, learning and isolation captured from the kernel", () => {
  const port = decodeBridgePort(loadCapture("bridge_port").data);
  assert.deepEqual(
    [port.index, port.master, port.hairpin, port.learning, port.isolated, port.vlans],
    [2, 3, true, false, true, []],
  );
});

Deno.test("encodeBridgeVlanRequest() writes AF_BRIDGE ifinfomsg and IFLA_BRIDGE_VLAN_INFO", () => {
  assert.deepEqual([...encodeBridgeVlanRequest(4, { vid: 10, pvid: true, untagged: true })], [
    ...[7, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // AF_BRIDGE, index 4
    ...[12, 0, 26, 0x80], // IFLA_AF_SPEC | NLA_F_NESTED
    ...[8, 0, 2, 0, 0x06, 0, 10, 0], // IFLA_BRIDGE_VLAN_INFO { flags PVID|UNTAGGED, vid 10 }
  ]);
  const self = encodeBridgeVlanRequest(4, { vid: 20 }, { self: true });
  assert.deepEqual([...self.subarray(16, 28)], [20, 0, 26, 0x80, 6, 0, 0, 0, 2, 0, 0, 0]); // IFLA_BRIDGE_FLAGS SELF
  assert.throws(() => encodeBridgeVlanRequest(4, { vid: 4095 }), /must be 1-4094/);
});

Deno.test("Rtnl bridge verbs send RTM_SETLINK / RTM_DELLINK with family AF_BRIDGE", () => {
  const kernel = new FakeKernel(() => {});
  using rtnl = new Rtnl(kernel);
  rtnl.bridgePortSet(4, { hairpin: true, isolated: false });
  rtnl.bridgeVlanAdd(4, { vid: 10 });
  rtnl.bridgeVlanDel(4, { vid: 10 });
  assert.deepEqual(kernel.requests.map((r) => [r.type, r.data[0]]), [[19, 7], [19, 7], [17, 7]]);
  assert.deepEqual([...kernel.requests[0]!.data.subarray(16)], [
    ...[20, 0, 12, 0x80], // IFLA_PROTINFO | NLA_F_NESTED
    ...[5, 0, 4, 0, 1, 0, 0, 0], // IFLA_BRPORT_MODE (hairpin) on
    ...[5, 0, 33, 0, 0, 0, 0, 0], // IFLA_BRPORT_ISOLATED off
  ]);
});

Deno.test("findLinkDriver() finds registered kinds only", () => {
  assert.equal(findLinkDriver("bridge"), bridge);
  assert.equal(findLinkDriver("veth")?.kind, "veth");
  assert.equal(findLinkDriver("nosuch"), undefined);
  assert.equal(new Set(LINK_DRIVERS.map((d) => d.kind)).size, LINK_DRIVERS.length);
});
