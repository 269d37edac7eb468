/**
 * CHECK's first steps for a plugin with one container interface, with the reference's messages: prevResult's entry
 * for CNI_IFNAME in CNI_NETNS, the container link of that name, and the MAC the entry promised. Separate steps, since
 * each plugin checks its own things (master, kind, mode) in between, in the reference's order.
 * @module
 */
import type { Interface, Result } from "../../cni/mod.ts";
import type { Link, Rtnl } from "../../netlink/mod.ts";

/** prevResult's interface named `ifname` in the sandbox `netns`; throws the reference's message when there is none. */
export function sandboxEntry(prev: Result, options: { ifname: string; netns: string }): Interface {
  const entry = (prev.interfaces ?? []).find((i) => i.name === options.ifname && i.sandbox === options.netns);
  if (entry === undefined) throw new Error(`Sandbox in prevResult  doesn't match configured netns: ${options.netns}`);
  return entry;
}

/** The container link `entry` names; `prefix` starts the message when it is missing (vlan's is "vlan: "). */
export function entryLink(container: Rtnl, entry: Interface, prefix = ""): Link {
  const link = container.linkFind(entry.name);
  if (link === undefined) throw new Error(`${prefix}Container Interface name in prevResult: ${entry.name} not found`);
  return link;
}

/** Throws unless `link` has the MAC `entry` promised (an entry without one promises nothing). */
export function checkEntryMac(entry: Interface, link: Link, prefix = ""): void {
  const mac = link.mac?.toString() ?? "";
  if (entry.mac && entry.mac !== mac) {
    throw new Error(`${prefix}Interface ${entry.name} Mac ${entry.mac} doesn't match container Mac: ${mac}`);
  }
}
