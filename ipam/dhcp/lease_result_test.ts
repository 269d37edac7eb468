import assert from "node:assert/strict";
import { IP } from "../../addr/mod.ts";
import { encodeClasslessRoutes } from "./classless_routes.ts";
import { encodeDomainSearch } from "./domain_search.ts";
import { leaseResult } from "./lease_result.ts";
import { DhcpOption, encodeIPv4List, encodeText } from "./options.ts";
import { BOOTREPLY, type DhcpPacket, newRequest } from "./packet.ts";

function ack(options: [number, Uint8Array][]): DhcpPacket {
  const packet = newRequest({ xid: 1, chaddr: new Uint8Array(6), op: BOOTREPLY, options: new Map(options) });
  packet.yiaddr = IP.parse("192.168.7.20");
  return packet;
}

const MASK: [number, Uint8Array] = [DhcpOption.SUBNET_MASK, Uint8Array.of(255, 255, 254, 0)];
const ROUTER: [number, Uint8Array] = [DhcpOption.ROUTER, encodeIPv4List([IP.parse("192.168.6.1")])];

Deno.test("leaseResult() gives the address with the mask's length, the router as gateway and a default route", () => {
  const result = leaseResult(ack([MASK, ROUTER]));
  assert.deepEqual(result.ips, [{ address: "192.168.7.20/23", gateway: "192.168.6.1" }]);
  assert.deepEqual(result.routes, [{ dst: "0.0.0.0/0", gw: "192.168.6.1" }]);
  assert.deepEqual(result.dns, {});
});

Deno.test("leaseResult() puts option 33 routes before the default route, with classful masks", () => {
  const statics = Uint8Array.of(10, 1, 0, 0, 192, 168, 6, 254, 172, 16, 0, 0, 192, 168, 6, 253);
  const result = leaseResult(ack([MASK, ROUTER, [DhcpOption.STATIC_ROUTES, statics]]));
  assert.deepEqual(result.routes, [
    { dst: "10.1.0.0/8", gw: "192.168.6.254" },
    { dst: "172.16.0.0/16", gw: "192.168.6.253" },
    { dst: "0.0.0.0/0", gw: "192.168.6.1" },
  ]);
});

Deno.test("leaseResult() uses option 121 alone when present (RFC 3442), on-link routes without gw, with priority", () => {
  const classless = encodeClasslessRoutes([{ dst: "10.20.0.0/16", gw: "192.168.6.2" }, {
    dst: "0.0.0.0/0",
    gw: "192.168.6.3",
  }, { dst: "192.168.100.0/24", gw: "0.0.0.0" }]);
  const statics = Uint8Array.of(10, 1, 0, 0, 192, 168, 6, 254);
  const result = leaseResult(
    ack([MASK, ROUTER, [DhcpOption.STATIC_ROUTES, statics], [DhcpOption.CLASSLESS_STATIC_ROUTES, classless]]),
    { priority: 50 },
  );
  assert.deepEqual(result.routes, [
    { dst: "10.20.0.0/16", gw: "192.168.6.2", priority: 50 },
    { dst: "0.0.0.0/0", gw: "192.168.6.3", priority: 50 },
    { dst: "192.168.100.0/24", priority: 50 },
  ]);
  assert.equal(result.ips[0]!.gateway, "192.168.6.1");
});

Deno.test("leaseResult() fills DNS from options 6, 15 and 119", () => {
  const result = leaseResult(ack([
    MASK,
    [DhcpOption.DNS_SERVERS, encodeIPv4List([IP.parse("192.168.6.53"), IP.parse("9.9.9.9")])],
    [DhcpOption.DOMAIN_NAME, encodeText("corp.example\0")],
    [DhcpOption.DOMAIN_SEARCH, encodeDomainSearch(["corp.example", "example"])],
  ]));
  assert.deepEqual(result.dns, {
    nameservers: ["192.168.6.53", "9.9.9.9"],
    domain: "corp.example",
    search: ["corp.example", "example"],
  });
  assert.deepEqual(result.routes, [], "no router: no default route");
  assert.deepEqual(result.ips, [{ address: "192.168.7.20/23" }]);
});

Deno.test("leaseResult() fails without a subnet mask or with a non-contiguous one", () => {
  assert.throws(() => leaseResult(ack([ROUTER])), /Subnet Mask not found/);
  assert.throws(() => leaseResult(ack([[DhcpOption.SUBNET_MASK, Uint8Array.of(255, 0, 255, 0)]])), /not contiguous/);
});
