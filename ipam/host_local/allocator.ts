/**
 * Picks addresses from one range set, round robin: the search starts after the set's last reserved address, wraps
 * through every range of the set and skips each range's gateway, so a crash-looping container does not get the same
 * address back until the whole set has been used. It sees only a {@linkcode Store}.
 * @module
 */
import type { IP } from "../../addr/mod.ts";
import type { IPConfig } from "../../cni/mod.ts";
import { canonicalIP } from "./range.ts";
import type { RangeSet } from "./range_set.ts";
import type { Store } from "./store.ts";

/** Allocates from one range set (`rangeId` is its index in the config, used for `last_reserved_ip.<id>`). */
export class IPAllocator {
  readonly #set: RangeSet;
  readonly #store: Store;
  readonly #rangeId: string;
  /** The address the last successful {@linkcode IPAllocator.get} reserved. */
  lastGiven: IP | undefined;

  /** An allocator for `set` on `store`; `rangeId` names the set's round-robin cursor. */
  constructor(set: RangeSet, store: Store, rangeId: number) {
    this.#set = set;
    this.#store = store;
    this.#rangeId = String(rangeId);
  }

  /**
   * Reserves `requested` (when given) or the next free address. Throws `Error` with the reference's message when
   * the container/ifname already holds an address in this set, the requested address is outside the set, is the
   * gateway or is taken, or the set is exhausted.
   */
  async get(containerId: string, ifname: string, requested?: IP): Promise<IPConfig> {
    if (requested) return await this.#getRequested(containerId, ifname, canonicalIP(requested));
    for (const held of await this.#store.getByID(containerId, ifname)) {
      if (this.#set.contains(held)) {
        throw new Error(`${held} has been allocated to ${containerId}, duplicate allocation is not allowed`);
      }
    }
    for (const ip of await this.candidates()) {
      if (await this.#store.reserve(containerId, ifname, ip, this.#rangeId)) return this.#config(ip);
    }
    throw new Error(`no IP addresses available in range set: ${this.#set}`);
  }

  /** True when some address of the set is free (STATUS); stops at the first free one. */
  async hasFree(): Promise<boolean> {
    for (const ip of await this.candidates()) {
      if (!(await this.#store.isReserved(ip))) return true;
    }
    return false;
  }

  /** The round-robin order for the next search: after the last reserved address, every address once, no gateways. */
  async candidates(): Promise<Iterable<IP>> {
    const last = await this.#store.lastReservedIP(this.#rangeId);
    return roundRobin(this.#set, last && this.#set.contains(last) ? last : undefined);
  }

  async #getRequested(containerId: string, ifname: string, ip: IP): Promise<IPConfig> {
    const range = this.#set.rangeFor(ip);
    if (!range) throw new Error(`${ip} not in range set ${this.#set}`);
    if (ip.equals(range.gateway)) throw new Error(`requested ip ${ip} is subnet's gateway`);
    if (!(await this.#store.reserve(containerId, ifname, ip, this.#rangeId))) {
      throw new Error(`requested IP address ${ip} is not available in range set ${this.#set}`);
    }
    return this.#config(ip);
  }

  #config(ip: IP): IPConfig {
    this.lastGiven = ip;
    const range = this.#set.rangeFor(ip)!;
    return { address: `${ip}/${range.subnet.bits}`, gateway: range.gateway.toString() };
  }
}

/**
 * Yields every address of `set` once, gateways skipped: from `after`+1 (wrapping into the next range and round to
 * the first) when given, else from the first range's start.
 */
export function* roundRobin(set: RangeSet, after?: IP): Generator<IP> {
  const ranges = set.ranges;
  let index = after ? ranges.findIndex((r) => r.contains(after)) : 0;
  let cur: IP | undefined = after;
  let start: IP | undefined;
  while (true) {
    const range = ranges[index]!;
    if (cur === undefined) {
      cur = range.rangeStart;
    } else if (cur.equals(range.rangeEnd)) {
      index = (index + 1) % ranges.length;
      cur = ranges[index]!.rangeStart;
    } else {
      cur = cur.next();
    }
    if (start === undefined) start = cur;
    else if (cur.equals(start)) return;
    if (!cur.equals(ranges[index]!.gateway)) yield cur;
  }
}
