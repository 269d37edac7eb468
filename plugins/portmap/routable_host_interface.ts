/**
 * The host interface that routes to a container address, for `route_localnet` (go's `getRoutableHostIF`).
 * Read from `/proc/net/route` (main table, longest prefix, then lowest metric) until a netlink route lookup exists;
 * unlike `RTM_GETROUTE` it ignores policy routing rules.
 * @module
 */
import { IP } from "../../addr/mod.ts";

/** Picks the interface of the best IPv4 route to `ip` from `/proc/net/route` text; undefined when none matches. */
export function routeInterfaceFromTable(table: string, ip: IP): string | undefined {
  if (ip.family !== 4) return undefined;
  const target = Number(ip.toBigInt());
  let best: { ifname: string; bits: number; metric: number } | undefined;
  for (const line of table.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [ifname, destHex, , flagsHex, , , metricText, maskHex] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if ((parseInt(flagsHex, 16) & 0x1) === 0) continue; // RTF_UP
    const dest = littleEndianHex(destHex);
    const mask = littleEndianHex(maskHex);
    if (((target & mask) >>> 0) !== dest) continue;
    const bits = popcount(mask);
    const metric = Number(metricText);
    if (!best || bits > best.bits || (bits === best.bits && metric < best.metric)) best = { ifname, bits, metric };
  }
  return best?.ifname;
}

/** The host interface routing to `ip` in the calling namespace, or undefined (no route, or IPv6). */
export function routableHostInterface(ip: IP): string | undefined {
  try {
    return routeInterfaceFromTable(Deno.readTextFileSync("/proc/net/route"), ip);
  } catch {
    return undefined;
  }
}

function littleEndianHex(hex: string): number {
  const v = parseInt(hex, 16);
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | ((v >>> 24) & 0xff)) >>> 0;
}

function popcount(v: number): number {
  let n = 0;
  for (let x = v >>> 0; x !== 0; x = (x & (x - 1)) >>> 0) n++;
  return n;
}
