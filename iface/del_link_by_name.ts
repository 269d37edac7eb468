/**
 * Link deletion that DEL can repeat: a missing link is not an error.
 * @module
 */
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
