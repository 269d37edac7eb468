/**
 * Link deletion that DEL can repeat: a missing link is not an error.
 * @module
 */
import { IP } from "../addr/mod.ts";
import { isNotFound, type Rtnl } from "../netlink/mod.ts";

/** Deletes the link `name`; returns false when there was no such link. Equivalent to `ip link del dev <name>`. */
export function delLinkByName(rtnl: Rtnl, name: string): boolean {
  try {
    rtnl.linkDel(name);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/**
 * Deletes link `name` and returns its global unicast addresses (`10.1.0.5/24`), or undefined when there was no such
 * link (the reference's `ip.DelLinkByNameAddr`: DEL needs them to tear down masquerading).
 */
export function delLinkCollectingAddresses(rtnl: Rtnl, name: string): string[] | undefined {
  const link = rtnl.linkFind(name);
  if (link === undefined) return undefined;
  const addresses = rtnl.addrList({ index: link.index }).filter((a) => isGlobalUnicast(a.ip)).map((a) => a.prefix);
  return delLinkByName(rtnl, name) ? addresses : undefined;
}

const LOOPBACK_6 = IP.parse("::1");

/** Go's `IP.IsGlobalUnicast`: not unspecified, loopback, multicast, link-local or the IPv4 broadcast address. */
function isGlobalUnicast(ip: IP): boolean {
  const [b0 = 0, b1 = 0] = ip.bytes;
  if (ip.isUnspecified) return false;
  if (ip.family === 4) {
    if (b0 === 127 || (b0 >= 224 && b0 < 240) || ip.toString() === "255.255.255.255") return false;
    return !(b0 === 169 && b1 === 254);
  }
  if (ip.equals(LOOPBACK_6) || b0 === 0xff) return false;
  return !(b0 === 0xfe && (b1 & 0xc0) === 0x80);
}
