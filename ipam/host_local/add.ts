/**
 * host-local's ADD across range sets: one address per set, requested IPs matched to the set that holds them, and
 * everything reserved by this call released again when any set fails.
 * @module
 */
import type { IP } from "../../addr/mod.ts";
import { asCniError, CniError, ERR_INTERNAL, type IPConfig } from "../../cni/mod.ts";
import { IPAllocator } from "./allocator.ts";
import type { RangeSet } from "./range_set.ts";
import type { Store } from "./store.ts";

/** Who the addresses are for. */
export interface Owner {
  /** CNI_CONTAINERID. */
  containerId: string;
  /** CNI_IFNAME. */
  ifname: string;
}

/**
 * Reserves one address in each of `sets` for `owner`, honouring `requested`. On any failure releases what this call
 * reserved and throws `CniError` (the store's code, else 999): `failed to allocate for range <i>: <reason>` or
 * `failed to allocate all requested IPs: …`.
 */
export async function allocateAll(
  store: Store,
  sets: readonly RangeSet[],
  options: Owner & { requested?: readonly IP[] },
): Promise<IPConfig[]> {
  const owner = { containerId: options.containerId, ifname: options.ifname };
  const pending = [...(options.requested ?? [])];
  const reserved: { ip: IP; config: IPConfig }[] = [];
  try {
    for (const [index, set] of sets.entries()) {
      const at = pending.findIndex((ip) => set.contains(ip));
      const requested = at >= 0 ? pending.splice(at, 1)[0] : undefined;
      try {
        const allocator = new IPAllocator(set, store, index);
        const config = await allocator.get(owner.containerId, owner.ifname, requested);
        reserved.push({ ip: allocator.lastGiven!, config });
      } catch (err) {
        const cause = asCniError(err);
        throw new CniError(cause.code, `failed to allocate for range ${index}: ${cause.message}`, { cause: err });
      }
    }
    if (pending.length > 0) {
      throw new CniError(ERR_INTERNAL, `failed to allocate all requested IPs: ${pending.join(" ")}`);
    }
    return reserved.map((r) => r.config);
  } catch (err) {
    for (const { ip } of reserved) await store.release(ip, owner).catch(() => false);
    throw err;
  }
}
