/**
 * An in-memory {@linkcode Store} with the disk store's matching rules, for unit tests of the allocator.
 * @module
 */
import { IP } from "../../addr/mod.ts";
import type { Allocation, Store } from "./store.ts";

/** A {@linkcode Store} kept in maps. */
export class MemoryStore implements Store {
  /** Reservations by IP text. */
  readonly records = new Map<string, { containerId: string; ifname: string }>();
  /** Last reserved IP text by range ID. */
  readonly lastReserved = new Map<string, string>();

  /** Reserves `ip` unless taken. */
  reserve(containerId: string, ifname: string, ip: IP, rangeId: string): Promise<boolean> {
    const key = ip.toString();
    if (this.records.has(key)) return Promise.resolve(false);
    this.records.set(key, { containerId: containerId.trim(), ifname });
    this.lastReserved.set(rangeId, key);
    return Promise.resolve(true);
  }

  /** The last reserved address of `rangeId`. */
  lastReservedIP(rangeId: string): Promise<IP | undefined> {
    const text = this.lastReserved.get(rangeId);
    return Promise.resolve(text === undefined ? undefined : IP.tryParse(text));
  }

  /** True when `ip` is reserved. */
  isReserved(ip: IP): Promise<boolean> {
    return Promise.resolve(this.records.has(ip.toString()));
  }

  /** Addresses held by container/ifname or by an ID-only record of the container. */
  getByID(containerId: string, ifname: string): Promise<IP[]> {
    const id = containerId.trim();
    const out: IP[] = [];
    for (const [key, rec] of this.records) {
      if (rec.containerId === id && (rec.ifname === ifname || rec.ifname === "")) out.push(IP.parse(key));
    }
    return Promise.resolve(out);
  }

  /** Releases `ip` if `owner` holds it. */
  release(ip: IP, owner: { containerId: string; ifname: string }): Promise<boolean> {
    const key = ip.toString();
    const rec = this.records.get(key);
    if (!rec || rec.containerId !== owner.containerId.trim() || rec.ifname !== owner.ifname) {
      return Promise.resolve(false);
    }
    this.records.delete(key);
    return Promise.resolve(true);
  }

  /** Releases container/ifname records, or the ID-only ones when there are none. */
  releaseByID(containerId: string, ifname: string): Promise<IP[]> {
    const id = containerId.trim();
    const exact = [...this.records].filter(([, r]) => r.containerId === id && r.ifname === ifname);
    const chosen = exact.length > 0 ? exact : [...this.records].filter(([, r]) => r.containerId === id && !r.ifname);
    for (const [key] of chosen) this.records.delete(key);
    return Promise.resolve(chosen.map(([key]) => IP.parse(key)));
  }

  /** Every reservation. */
  list(): Promise<Allocation[]> {
    return Promise.resolve([...this.records].map(([key, r]) => ({ ip: IP.parse(key), ...r })));
  }
}
