/**
 * `cnitool interface rm`: take an interface out of a container. A device that `interface add --tapname` (or the
 * host-device plugin) moved in carries its host name in the alias and goes back to the host under that name; any
 * other interface is deleted (for a veth, with its host end).
 * @module
 */
import { Netns, Rtnl } from "../../netlink/mod.ts";
import { randomLinkName } from "../../iface/mod.ts";
import { Rollback } from "./rollback.ts";

/** What `interface rm` did, as printed with `--json`. */
export interface RemovedInterface {
  /** The interface's name in the container. */
  name: string;
  /** "moved" back to the host, or "deleted". */
  action: "moved" | "deleted";
  /** The host name it got back, null when deleted. */
  hostName: string | null;
}

/** Removes interface `name` from `netns`; throws `Cannot remove interface "eth1" from netns "…": <reason>`. */
export function removeInterface(netns: Netns, name: string): RemovedInterface {
  using host = Rtnl.open();
  using container = Rtnl.open({ netns });
  const rollback = new Rollback();
  try {
    const link = container.linkGet(name);
    if (!link.alias) {
      container.linkDel(link.index);
      return { name, action: "deleted", hostName: null };
    }
    const hostName = link.alias;
    if (host.linkFind(hostName) !== undefined) {
      throw new Error(`the host already has a link "${hostName}" to give its name back (EEXIST)`);
    }
    // Through a temporary name: the container name may be taken on the host.
    const tempName = randomLinkName("cnitmv");
    container.linkSet(link.index, { up: false });
    rollback.defer(`bring "${name}" up again`, () => container.linkSet(link.index, { up: link.up }));
    container.linkSet(link.index, { name: tempName, alias: "" });
    rollback.defer(`rename "${tempName}" back to "${name}"`, () => {
      container.linkSet(link.index, { name, alias: hostName });
    });
    using hostNetns = Netns.current();
    container.linkSet(link.index, { netnsFd: hostNetns.fd });
    rollback.commit(); // On the host now: a failed rename below leaves it there under the temporary name, reported.
    host.linkSet(host.linkGet(tempName).index, { name: hostName });
    return { name, action: "moved", hostName };
  } catch (err) {
    throw rollback.fail(`Cannot remove interface "${name}" from netns "${netns.path}"`, err);
  }
}
