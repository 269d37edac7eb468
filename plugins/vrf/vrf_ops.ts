/**
 * The vrf plugin's netlink steps, each taking an {@linkcode Rtnl} bound to the container's namespace (a real socket,
 * or a FakeKernel in byte-level tests): find or create the VRF, enslave the interface keeping its addresses and
 * routes, and release it again.
 * @module
 */
import { CniError, ERR_INTERNAL } from "../../cni/mod.ts";
import {
  hasErrno,
  isExists,
  isNotFound,
  type Link,
  linkData,
  type RouteSpec,
  routeSpecOf,
  type Rtnl,
  vrf,
} from "../../netlink/mod.ts";
import { firstFreeTable } from "./config.ts";

const RTPROT_KERNEL = 2;
const IFA_F_NODAD = 0x02;

function fail(message: string, err?: unknown): CniError {
  const why = err === undefined ? "" : `: ${(err as Error).message}`;
  return new CniError(ERR_INTERNAL, `${message}${why}`, err === undefined ? {} : { cause: err });
}

/** The VRF's routing table, as the kernel reports it. */
export function vrfTable(link: Link): number {
  return linkData(link, vrf)?.table ?? 0;
}

/** Returns the VRF named `name`, undefined when there is no such link; throws CniError 999 for a non-VRF link. */
export function findVrf(rtnl: Rtnl, name: string): Link | undefined {
  const link = rtnl.linkFind(name);
  if (link && link.kind !== "vrf") throw fail(`Netlink ${name} is not a VRF`);
  return link;
}

/**
 * Returns the VRF `name`, creating it (up) when absent with `table`, or the first table no other VRF uses when `table`
 * is 0. Throws CniError 999 when it exists with another table. Equivalent to `ip link add <name> type vrf table <t>`.
 */
export function ensureVrf(rtnl: Rtnl, options: { name: string; table: number }): Link {
  const existing = findVrf(rtnl, options.name);
  if (existing) {
    if (options.table !== 0 && vrfTable(existing) !== options.table) {
      throw fail(`VRF ${options.name} already exist with different routing table ${vrfTable(existing)}`);
    }
    return existing;
  }
  let table = options.table;
  if (table === 0) {
    const taken = new Set(rtnl.linkList().filter((link) => link.kind === "vrf").map(vrfTable));
    table = firstFreeTable(taken);
  }
  try {
    rtnl.linkAdd({ name: options.name, kind: vrf, data: { table } });
  } catch (err) {
    throw fail(`could not add VRF ${options.name}`, err);
  }
  const created = rtnl.linkGet(options.name);
  try {
    rtnl.linkSet(created.index, { up: true });
  } catch (err) {
    throw fail(`could not set link up for VRF ${options.name}`, err);
  }
  return created;
}

/** Options of {@linkcode enslave}. */
export interface EnslaveOptions {
  /** Waits between route attempts while the VRF table is not ready yet (ENETUNREACH); default up to ~3 s. */
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [20, 40, 80, 160, 320, 640, 1000, 1000];

/**
 * Enslaves `ifname` to the VRF, re-adds the IPv6 addresses the kernel drops on the move (without
 * keep_addr_on_down), then adds the interface's static routes to the VRF's table (the kernel moves the connected
 * ones itself). Already enslaved to this VRF is success; another master is CniError 999.
 * Equivalent to `ip link set <ifname> master <vrf>` plus `ip addr add` / `ip route add … table <t>`.
 */
export async function enslave(
  rtnl: Rtnl,
  target: { vrf: Link; ifname: string },
  options: EnslaveOptions = {},
): Promise<void> {
  const { vrf: vrfLink, ifname } = target;
  let link: Link;
  try {
    link = rtnl.linkGet(ifname);
  } catch (err) {
    throw fail(`could not get link by name ${ifname}`, err);
  }
  if (link.master === vrfLink.index) return;
  if (link.master) {
    const master = rtnl.linkList().find((l) => l.index === link.master)?.name ?? String(link.master);
    throw fail(`interface ${ifname} has already a master set: ${master}`);
  }
  const v6Before = rtnl.addrList({ family: 6, index: link.index });
  const routesBefore = rtnl.routeList({ oif: link.index }).filter((route) => route.protocol !== RTPROT_KERNEL);
  try {
    rtnl.linkSet(link.index, { master: vrfLink.index });
  } catch (err) {
    throw fail(`could not set vrf ${vrfLink.name} as master of ${ifname}`, err);
  }
  const v6After = new Set(rtnl.addrList({ family: 6, index: link.index }).map((address) => address.prefix));
  for (const address of v6Before) {
    if (v6After.has(address.prefix)) continue;
    try {
      rtnl.addrAdd(link.index, address.prefix, { noDad: (address.flags & IFA_F_NODAD) !== 0 });
    } catch (err) {
      throw fail(`could not restore address ${address.prefix} to ${ifname} @ ${vrfLink.name}`, err);
    }
  }
  const table = vrfTable(vrfLink);
  for (const route of routesBefore) {
    await addRouteWithRetry(rtnl, { ...routeSpecOf(route), table }, options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS);
  }
}

async function addRouteWithRetry(rtnl: Rtnl, spec: RouteSpec, delays: readonly number[]): Promise<void> {
  for (let attempt = 0;; attempt++) {
    try {
      rtnl.routeAdd(spec);
      return;
    } catch (err) {
      if (isExists(err)) return;
      const delay = delays[attempt];
      if (delay === undefined || !(hasErrno(err, "ENETUNREACH") || hasErrno(err, "EHOSTUNREACH"))) {
        throw fail(`could not add route to ${spec.dst ?? "default"} in table ${spec.table}`, err);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Releases `ifname` from the VRF `name` and deletes the VRF once it has no members. A missing VRF or interface is
 * success (DEL may repeat). Equivalent to `ip link set <ifname> nomaster` and `ip link del <vrf>`.
 */
export function release(rtnl: Rtnl, options: { name: string; ifname: string }): void {
  const vrfLink = findVrf(rtnl, options.name);
  if (!vrfLink) return;
  const link = rtnl.linkFind(options.ifname);
  if (link && link.master === vrfLink.index) {
    try {
      rtnl.linkSet(link.index, { master: null });
    } catch (err) {
      throw fail(`resetMaster: could reset master to ${options.ifname}`, err);
    }
  }
  const members = rtnl.linkList().filter((l) => l.master === vrfLink.index);
  if (members.length > 0) return;
  try {
    rtnl.linkDel(vrfLink.index);
  } catch (err) {
    if (!isNotFound(err)) throw fail(`could not delete VRF ${options.name}`, err);
  }
}

/** Throws CniError 999 unless `ifname` is enslaved to the VRF `name`. */
export function checkEnslaved(rtnl: Rtnl, options: { name: string; ifname: string }): void {
  const vrfLink = findVrf(rtnl, options.name);
  if (!vrfLink) throw fail(`Link not found: VRF ${options.name}`);
  const members = rtnl.linkList().filter((l) => l.master === vrfLink.index);
  if (!members.some((l) => l.name === options.ifname)) {
    throw fail(`Failed to find ${options.ifname} associated to vrf ${options.name}`);
  }
}
