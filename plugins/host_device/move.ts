/**
 * Moving a host device into a container and back. Each move is one RTM_NEWLINK carrying the target namespace and
 * the new name (the kernel moves first, then renames inside the target), so the device's host name never has to be
 * free in the container and no temporary name or namespace is needed. The host name travels in IFLA_IFALIAS.
 * @module
 */
import type { Link, Netns, Rtnl } from "../../netlink/mod.ts";

/** Options of {@linkcode moveLinkIn}. */
export interface MoveLinkInOptions {
  /** Handle in the container namespace (to find the moved link). */
  container: Rtnl;
  /** The container namespace. */
  netns: Netns;
  /** CNI_IFNAME: the device's name inside the container. */
  ifname: string;
}

/**
 * Sets the device down, records its host name as its alias, moves it into the container renamed to `ifname` and
 * brings it up there; returns the link as the container sees it. On failure the device is left in the host, up
 * again if it was up.
 */
export function moveLinkIn(host: Rtnl, device: Link, options: MoveLinkInOptions): Link {
  host.linkSet(device.index, { up: false });
  try {
    host.linkSet(device.index, { alias: device.name, name: options.ifname, netnsFd: options.netns.fd });
  } catch (err) {
    restore(host, device);
    throw new Error(`failed to move link "${device.name}" into the container as "${options.ifname}": ${message(err)}`, {
      cause: err,
    });
  }
  const moved = options.container.linkGet(options.ifname);
  options.container.linkSet(moved.index, { up: true });
  return options.container.linkGet(moved.index);
}

/** Options of {@linkcode moveLinkOut}. */
export interface MoveLinkOutOptions {
  /** Handle in the host namespace (to bring the device back up). */
  host: Rtnl;
  /** The host namespace. */
  hostNetns: Netns;
}

/**
 * Sets the container's `ifname` down and moves it back to the host under the name kept in its alias, then brings it
 * up there if it was up. Returns false when the container has no such link (DEL already done). When the move
 * fails the device stays in the container under `ifname` (up again), so DEL can be retried.
 */
export function moveLinkOut(container: Rtnl, ifname: string, options: MoveLinkOutOptions): boolean {
  const link = container.linkFind(ifname);
  if (link === undefined) return false;
  const hostName = link.alias;
  if (!hostName) throw new Error(`Cannot move "${ifname}" back to the host: it has no alias with its original name`);
  container.linkSet(link.index, { up: false });
  try {
    container.linkSet(link.index, { name: hostName, netnsFd: options.hostNetns.fd });
  } catch (err) {
    restore(container, link);
    throw new Error(`failed to restore "${ifname}" to original name "${hostName}" in the host: ${message(err)}`, {
      cause: err,
    });
  }
  if (link.up) {
    const back = options.host.linkGet(hostName);
    options.host.linkSet(back.index, { up: true });
  }
  return true;
}

function restore(rtnl: Rtnl, link: Link): void {
  try {
    if (link.up) rtnl.linkSet(link.index, { up: true });
  } catch {
    // Best effort: the move's own error is the one to report.
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
