/**
 * Option 121, classless static routes (RFC 3442): each route is a prefix width, only the significant octets of the
 * destination, then the router. A router of 0.0.0.0 means the destination is on-link.
 * @module
 */
import { IP, Prefix } from "../../addr/mod.ts";
import type { DhcpRoute } from "./options.ts";

/**
 * Encodes routes as option 121 data.
 * @example
 * ```ts
 * import { encodeClasslessRoutes } from "./classless_routes.ts";
 * encodeClasslessRoutes([{ dst: "10.17.0.0/16", gw: "10.0.0.1" }]); // 16, 10, 17, 10, 0, 0, 1
 * ```
 */
export function encodeClasslessRoutes(routes: readonly DhcpRoute[]): Uint8Array {
  const parts: number[] = [];
  for (const route of routes) {
    const dst = Prefix.parse(route.dst).network();
    const gw = IP.parse(route.gw);
    if (dst.family !== 4 || gw.family !== 4) {
      throw new TypeError(`Cannot encode route "${route.dst}" via "${route.gw}" in option 121: not IPv4`);
    }
    parts.push(dst.bits, ...dst.ip.bytes.slice(0, Math.ceil(dst.bits / 8)), ...gw.bytes);
  }
  return new Uint8Array(parts);
}

/** Decodes option 121 data; throws SyntaxError on a width over 32 or a truncated route. */
export function decodeClasslessRoutes(data: Uint8Array): DhcpRoute[] {
  const routes: DhcpRoute[] = [];
  let i = 0;
  while (i < data.length) {
    const bits = data[i]!;
    if (bits > 32) throw new SyntaxError(`Cannot decode option 121: prefix width ${bits} is over 32`);
    const octets = Math.ceil(bits / 8);
    if (i + 1 + octets + 4 > data.length) throw new SyntaxError("Cannot decode option 121: truncated route");
    const dst = new Uint8Array(4);
    dst.set(data.subarray(i + 1, i + 1 + octets));
    const gw = new IP(data.slice(i + 1 + octets, i + 5 + octets));
    routes.push({ dst: new Prefix(new IP(dst), bits).network().toString(), gw: gw.toString() });
    i += 5 + octets;
  }
  return routes;
}
