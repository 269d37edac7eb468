import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { IP, Prefix } from "../../addr/mod.ts";
import type { Link, Route } from "../../netlink/mod.ts";
import { formatRoutes, routeView } from "./route_view.ts";

const eth0 = { index: 2, name: "eth0" } as Link;

function route(fields: Partial<Route>): Route {
  return { family: 4, table: 254, scope: 0, protocol: 3, type: 1, flags: 0, ...fields };
}

Deno.test("routeView() names the default route, the device, the scope and the protocol", () => {
  deepStrictEqual(routeView(route({ gateway: IP.parse("10.0.0.1"), oif: 2 }), [eth0]), {
    dest: "default",
    family: 4,
    gateway: "10.0.0.1",
    dev: "eth0",
    src: null,
    scope: "universe",
    table: 254,
    protocol: "boot",
    type: "unicast",
    metric: null,
  });
});

Deno.test("routeView() prints the network of the destination and numbers it has no name for", () => {
  const view = routeView(
    route({ dst: Prefix.parse("10.1.0.0/16"), oif: 9, scope: 253, protocol: 99, prefsrc: IP.parse("10.1.0.2") }),
    [eth0],
  );
  deepStrictEqual([view.dest, view.dev, view.scope, view.protocol, view.src], [
    "10.1.0.0/16",
    "9",
    "link",
    "99",
    "10.1.0.2",
  ]);
});

Deno.test("formatRoutes() aligns DEST GATEWAY DEV SRC SCOPE TABLE and names the table", () => {
  const text = formatRoutes([
    routeView(route({ gateway: IP.parse("10.0.0.1"), oif: 2 }), [eth0]),
    routeView(route({ dst: Prefix.parse("10.0.0.2/32"), oif: 2, type: 2, table: 255, scope: 254 }), [eth0]),
  ]);
  strictEqual(
    text,
    "DEST               GATEWAY   DEV   SRC  SCOPE     TABLE\n" +
      "default            10.0.0.1  eth0  -    universe  main\n" +
      "local 10.0.0.2/32  -         eth0  -    host      local\n",
  );
});
