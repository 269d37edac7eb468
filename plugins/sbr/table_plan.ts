/**
 * Pure steps of sbr's default mode: which prevResult addresses belong to the interface, and which routing table is
 * free next.
 * @module
 */
import { type IPConfig, type Result } from "../../cni/mod.ts";

/** The first table sbr considers. */
export const FIRST_TABLE_ID = 100;

/**
 * The IPs of prevResult that sbr routes for `ifname`: those without an interface index, or whose index names
 * `ifname` (an index out of range also counts, as in the reference). Empty when prevResult has no IPs.
 */
export function addressesFor(ifname: string, prevResult: Result): IPConfig[] {
  const interfaces = prevResult.interfaces ?? [];
  return (prevResult.ips ?? []).filter((ip) => {
    if (ip.interface === undefined) return true;
    const iface = interfaces[ip.interface];
    return iface === undefined || iface.name === ifname;
  });
}

/** Returns the first table ≥ `candidate` that no rule looks up and no listed route lives in. */
export function nextFreeTable(usedTables: ReadonlySet<number>, candidate: number): number {
  let table = candidate;
  while (usedTables.has(table)) table++;
  return table;
}
