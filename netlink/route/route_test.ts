import assert from "node:assert/strict";
import { FakeKernel } from "../fake_kernel.ts";
import { loadCapture } from "../testdata/capture_file.ts";
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../wire/netlink_consts.ts";
import { decodeRoute, encodeRoute, routeSpecOf } from "./route.ts";
import { Rtnl } from "./rtnl.ts";

Deno.test("decodeRoute() decodes an IPv4 route with gateway and metrics captured from the kernel", () => {
  const r = decodeRoute(loadCapture("route_v4_metrics").data)!;
  assert.deepEqual(
    [r.family, String(r.dst), String(r.gateway), r.oif, r.table, r.priority, r.mtu, r.advmss, r.protocol, r.scope],
    [4, "10.98.0.0/16", "10.99.0.254", 3, 254, 50, 1200, 1100, 3, 0],
  );
});

Deno.test("decodeRoute() reads a table above 255 from RTA_TABLE", () => {
  const r = decodeRoute(loadCapture("route_v4_table1000").data)!;
  assert.deepEqual([r.table, String(r.prefsrc), String(r.dst)], [1000, "10.99.0.1", "10.97.0.0/16"]);
});

Deno.test("decodeRoute() decodes an IPv6 route captured from the kernel", () => {
  const r = decodeRoute(loadCapture("route_v6_gateway").data)!;
  assert.deepEqual([r.family, String(r.dst), String(r.gateway), r.priority], [6, "fd00:98::/64", "fd00:99::2", 1024]);
});

Deno.test("encodeRoute() writes rtmsg and attributes from the headers", () => {
  const bytes = encodeRoute({ dst: "10.1.0.0/16", gateway: "10.0.0.1", oif: 2, table: 1000, mtu: 1400 });
  assert.deepEqual([...bytes], [
    ...[2, 16, 0, 0, 0, 3, 0, 1, 0, 0, 0, 0], // AF_INET /16, table in RTA_TABLE, boot, universe, unicast
    ...[8, 0, 1, 0, 10, 1, 0, 0], // RTA_DST
    ...[8, 0, 5, 0, 10, 0, 0, 1], // RTA_GATEWAY
    ...[8, 0, 4, 0, 2, 0, 0, 0], // RTA_OIF
    ...[8, 0, 15, 0, 0xe8, 0x03, 0, 0], // RTA_TABLE 1000
    ...[12, 0, 8, 0x80, 8, 0, 2, 0, 0x78, 0x05, 0, 0], // RTA_METRICS { RTAX_MTU 1400 }
  ]);
});

Deno.test("encodeRoute() picks scope like `ip route`: link without gateway, nowhere for delete", () => {
  assert.equal(encodeRoute({ dst: "10.1.0.0/16", oif: 2 })[6], 253);
  assert.equal(encodeRoute({ dst: "10.1.0.0/16", gateway: "10.0.0.1" })[6], 0);
  assert.equal(encodeRoute({ dst: "10.1.0.0/16" }, true)[6], 255);
  assert.equal(encodeRoute({ gateway: "fe80::1", oif: 1 })[0], 10);
  assert.throws(() => encodeRoute({ oif: 1 }), /give dst, gateway or family/);
  assert.throws(() => encodeRoute({ dst: "10.0.0.0/8", src: "fd00::/64" }), /is not IPv4/);
});

Deno.test("encodeRoute() output decodes back to the same route", () => {
  const r = decodeRoute(encodeRoute({ dst: "fd00:1::/64", gateway: "fd00::1", priority: 7, prefsrc: "fd00::9" }))!;
  assert.deepEqual(
    [String(r.dst), String(r.gateway), r.priority, String(r.prefsrc), r.table],
    ["fd00:1::/64", "fd00::1", 7, "fd00::9", 254],
  );
  assert.equal(decodeRoute(encodeRoute({ gateway: "10.0.0.1" }))!.dst, undefined);
});

Deno.test("Rtnl route verbs choose CREATE|EXCL, CREATE|REPLACE and CREATE|APPEND", () => {
  const kernel = new FakeKernel(() => {});
  using rtnl = new Rtnl(kernel);
  rtnl.routeAdd({ dst: "10.0.0.0/8", oif: 1 });
  rtnl.routeReplace({ dst: "10.0.0.0/8", oif: 1 });
  rtnl.routeAppend({ dst: "10.0.0.0/8", oif: 1 });
  rtnl.routeDel({ dst: "10.0.0.0/8", oif: 1 });
  const mask = NLM_F_CREATE | NLM_F_EXCL | NLM_F_REPLACE | NLM_F_APPEND;
  assert.deepEqual(kernel.requests.map((r) => [r.type, r.flags & mask]), [
    [24, NLM_F_CREATE | NLM_F_EXCL],
    [24, NLM_F_CREATE | NLM_F_REPLACE],
    [24, NLM_F_CREATE | NLM_F_APPEND],
    [25, 0],
  ]);
});

Deno.test("Rtnl.routeList() keeps the main table by default and filters by table and oif", () => {
  const main = loadCapture("route_v4_metrics");
  const other = loadCapture("route_v4_table1000");
  using rtnl = new Rtnl(new FakeKernel(() => ({ messages: [main, other] })));
  assert.deepEqual(rtnl.routeList().map((r) => r.table), [254]);
  assert.deepEqual(rtnl.routeList({ table: "all" }).map((r) => r.table), [254, 1000]);
  assert.deepEqual(rtnl.routeList({ table: 1000 }).map((r) => r.table), [1000]);
  assert.deepEqual(rtnl.routeList({ table: "all", oif: 9 }), []);
});

Deno.test("routeSpecOf() recreates a route as read: its spec encodes to the same request the route came from", () => {
  const spec = {
    dst: "10.8.0.0/16",
    gateway: "10.1.0.1",
    oif: 3,
    table: 100,
    priority: 7,
    prefsrc: "10.1.0.5",
    mtu: 1400,
    advmss: 1360,
    protocol: 4,
    scope: 0,
  };
  const route = decodeRoute(encodeRoute(spec))!;
  const again = routeSpecOf(route);
  assert.deepEqual(encodeRoute(again), encodeRoute(spec));
  assert.deepEqual(encodeRoute({ ...again, table: 200 }), encodeRoute({ ...spec, table: 200 }));
  // Absent optional fields stay absent rather than becoming undefined keys.
  assert.deepEqual(Object.keys(routeSpecOf(decodeRoute(encodeRoute({ dst: "10.9.0.0/24", oif: 2 }))!)).sort(), [
    "dst",
    "family",
    "oif",
    "protocol",
    "scope",
    "table",
    "type",
  ]);
});
