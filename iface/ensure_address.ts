/**
 * Ensuring an address on a link, as bridge does for its gateway: same address is a no-op, a conflicting one is an
 * error unless the caller forces the replacement.
 * @module
 */
import { Prefix } from "../addr/mod.ts";
import { isExists, type Rtnl } from "../netlink/mod.ts";

/** Options of {@linkcode ensureAddress}. */
export interface EnsureAddressOptions {
  /** Replace a conflicting address instead of failing (bridge's `forceAddress`). */
  force?: boolean;
  /** The link's name, for error messages. */
  name?: string;
}

/**
 * Makes sure link `index` carries `prefix`. A different IPv4 address, or an IPv6 address whose subnet overlaps, is
 * a conflict: removed when `force`, else `Cannot add address 10.1.0.1/24 to "cni0": it already has 10.2.0.1/24`.
 * Returns true when it added the address, false when it was already there.
 */
export function ensureAddress(rtnl: Rtnl, index: number, prefix: Prefix, options: EnsureAddressOptions = {}): boolean {
  const label = options.name === undefined ? `link ${index}` : JSON.stringify(options.name);
  const wanted = prefix.toString();
  for (const address of rtnl.addrList({ index, family: prefix.family })) {
    if (address.prefix === wanted) return false;
    const existing = Prefix.parse(address.prefix);
    const conflicts = prefix.family === 4 || existing.contains(prefix.ip) || prefix.contains(existing.ip);
    if (!conflicts) continue;
    if (!options.force) {
      throw new Error(`Cannot add address ${wanted} to ${label}: it already has ${address.prefix}`);
    }
    rtnl.addrDel(index, existing);
  }
  try {
    rtnl.addrAdd(index, prefix);
  } catch (err) {
    if (!isExists(err)) throw err;
    return false;
  }
  return true;
}
