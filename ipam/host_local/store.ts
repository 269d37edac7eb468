/**
 * The seven-method view of allocation state that the allocator sees (the reference's `backend.Store`), so the
 * allocator runs against the disk in production and against memory in unit tests.
 * @module
 */
import type { IP } from "../../addr/mod.ts";

/** One reservation: the address and who holds it. `ifname` is empty for files written by pre-ifname plugins. */
export interface Allocation {
  /** The reserved address. */
  ip: IP;
  /** Container ID that holds it. */
  containerId: string;
  /** Interface name that holds it; "" when the record names only the container. */
  ifname: string;
}

/** Allocation state of one network. Callers hold the store's lock (the disk store takes it when opened). */
export interface Store {
  /** Reserves `ip` for the container/ifname and records it as the last reserved of `rangeId`; false when taken. */
  reserve(containerId: string, ifname: string, ip: IP, rangeId: string): Promise<boolean>;
  /** The last address reserved in range set `rangeId`, if recorded. */
  lastReservedIP(rangeId: string): Promise<IP | undefined>;
  /** True when `ip` is reserved by anyone. */
  isReserved(ip: IP): Promise<boolean>;
  /** The addresses held by container/ifname (records without an ifname match any ifname of the container). */
  getByID(containerId: string, ifname: string): Promise<IP[]>;
  /** Releases one address if it is held by container/ifname; true when a record was removed. */
  release(ip: IP, owner: { containerId: string; ifname: string }): Promise<boolean>;
  /** Releases every address held by container/ifname (falling back to ID-only records); returns what it freed. */
  releaseByID(containerId: string, ifname: string): Promise<IP[]>;
  /** Every reservation (GC reads this). */
  list(): Promise<Allocation[]>;
}
