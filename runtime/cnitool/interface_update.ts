/**
 * `cnitool interface update`: rename an interface, add or remove addresses, change its MAC or MTU. Every argument is
 * parsed, and the addresses to remove and the new name checked, before anything changes; the steps then run in a
 * fixed order: addresses removed, MAC/MTU, rename, addresses added.
 * @module
 */
import type { MAC, Prefix } from "../../addr/mod.ts";
import { type Link, type Netns, Rtnl } from "../../netlink/mod.ts";
import { type InterfaceView, interfaceView } from "./interface_view.ts";

/** What `interface update` was asked for. */
export interface UpdateInterfaceOptions {
  /** `--name`: the new name. */
  rename?: string | undefined;
  /** `--add-ip`, repeatable. */
  addAddresses?: readonly Prefix[];
  /** `--rm-ip`, repeatable. */
  removeAddresses?: readonly Prefix[];
  /** `--mac`. */
  mac?: MAC | undefined;
  /** `--mtu`. */
  mtu?: number | undefined;
}

/** Applies `options` to interface `name` in `netns` and returns it; throws `Cannot update interface "eth1" …`. */
export function updateInterface(netns: Netns, name: string, options: UpdateInterfaceOptions): InterfaceView {
  using container = Rtnl.open({ netns });
  try {
    const link = container.linkGet(name);
    const present = new Set(container.addrList({ index: link.index }).map((a) => a.prefix));
    const absent = (options.removeAddresses ?? []).find((p) => !present.has(p.toString()));
    if (absent !== undefined) throw new Error(`it has no address "${absent}" (EADDRNOTAVAIL)`);
    const isRename = options.rename !== undefined && options.rename !== link.name;
    if (isRename && container.linkFind(options.rename!) !== undefined) {
      throw new Error(`the netns already has a link "${options.rename}" (EEXIST)`);
    }
    for (const prefix of options.removeAddresses ?? []) container.addrDel(link.index, prefix);
    if (options.mac !== undefined || options.mtu !== undefined) {
      container.linkSet(link.index, {
        ...(options.mac && { mac: options.mac }),
        ...(options.mtu && { mtu: options.mtu }),
      });
    }
    if (isRename) rename(container, link, options.rename!);
    for (const prefix of options.addAddresses ?? []) container.addrAdd(link.index, prefix);
    return interfaceView(container, container.linkGet(link.index));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Cannot update interface "${name}" in netns "${netns.path}": ${reason}`, { cause: err });
  }
}

/** The kernel refuses to rename a link that is up (EBUSY): down, rename, and up again even when the rename fails. */
function rename(container: Rtnl, link: Link, newName: string): void {
  if (link.up) container.linkSet(link.index, { up: false });
  try {
    container.linkSet(link.index, { name: newName });
  } finally {
    if (link.up) container.linkSet(link.index, { up: true });
  }
}
