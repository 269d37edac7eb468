/**
 * The host-local IPAM plugin: addresses from configured ranges, recorded in a per-host directory that is
 * file-compatible with the reference plugin. Adds GC (release what no valid attachment names) and STATUS
 * (code 50 when a range set is full), which the reference lacks.
 * @module
 */
import { CniError, ERR_PLUGIN_NOT_AVAILABLE, type Plugin, type PluginContext, type Result } from "../../cni/mod.ts";
import { allocateAll } from "./add.ts";
import { IPAllocator } from "./allocator.ts";
import { HostLocalConfig, type HostLocalPlan, loadHostLocalConfig } from "./config.ts";
import { DiskStore, storeDir } from "./disk_store.ts";
import { readResolvConf } from "./resolv_conf.ts";

export { DEFAULT_DATA_DIR, HostLocalConfig, loadHostLocalConfig } from "./config.ts";
export type { HostLocalPlan } from "./config.ts";
export { DiskStore, type DiskStoreOptions, storeDir } from "./disk_store.ts";
export { MemoryStore } from "./memory_store.ts";
export type { Allocation, Store } from "./store.ts";
export { IPAllocator, roundRobin } from "./allocator.ts";
export { allocateAll } from "./add.ts";
export { Range, type RangeInput } from "./range.ts";
export { RangeSet } from "./range_set.ts";

/** The host-local plugin object (type `host-local`). */
export const hostLocal: Plugin<HostLocalConfig> = {
  type: "host-local",
  description: "IPAM: addresses from configured ranges, recorded on the host's disk",
  config: HostLocalConfig,

  async add(ctx) {
    const plan = planOf(ctx);
    const dns = plan.resolvConf ? await readResolvConf(plan.resolvConf) : {};
    await using store = await openStore(plan);
    const ips = await allocateAll(store, plan.rangeSets, {
      containerId: ctx.containerId,
      ifname: ctx.ifname,
      requested: plan.requested,
    });
    const result: Result = { cniVersion: ctx.cniVersion, ips, dns };
    if (plan.routes.length > 0) result.routes = plan.routes;
    return result;
  },

  async del(ctx) {
    const plan = planOf(ctx);
    if (!(await storeExists(plan))) return;
    await using store = await openStore(plan);
    await store.releaseByID(ctx.containerId, ctx.ifname);
  },

  async check(ctx) {
    const plan = planOf(ctx);
    const found = (await storeExists(plan)) && await withStore(plan, async (store) => {
      return (await store.getByID(ctx.containerId, ctx.ifname)).length > 0;
    });
    if (!found) throw new Error(`host-local: Failed to find address added by container ${ctx.containerId}`);
  },

  async gc(ctx) {
    const plan = planOf(ctx);
    if (!(await storeExists(plan))) return;
    const valid = new Set(ctx.validAttachments.map((a) => `${a.containerID}\0${a.ifname}`));
    const validIds = new Set(ctx.validAttachments.map((a) => a.containerID));
    await withStore(plan, async (store) => {
      for (const a of await store.list()) {
        const isValid = a.ifname === "" ? validIds.has(a.containerId) : valid.has(`${a.containerId}\0${a.ifname}`);
        if (!isValid) await store.release(a.ip, a);
      }
    });
  },

  async status(ctx) {
    const plan = planOf(ctx);
    if (!(await storeExists(plan))) return;
    await withStore(plan, async (store) => {
      for (const [index, set] of plan.rangeSets.entries()) {
        if (!(await new IPAllocator(set, store, index).hasFree())) {
          throw new CniError(ERR_PLUGIN_NOT_AVAILABLE, `no IP addresses available in range set: ${set}`);
        }
      }
    });
  },
};

function planOf(ctx: PluginContext<HostLocalConfig>): HostLocalPlan {
  return loadHostLocalConfig(ctx.config, { args: ctx.args });
}

async function openStore(plan: HostLocalPlan): Promise<DiskStore> {
  return await DiskStore.open(plan.dataDir, plan.network, { rangeIds: plan.rangeSets.map((_, i) => String(i)) });
}

async function withStore<T>(plan: HostLocalPlan, fn: (store: DiskStore) => Promise<T>): Promise<T> {
  await using store = await openStore(plan);
  return await fn(store);
}

/** True when the network's directory exists (DEL, CHECK, GC and STATUS never create it). */
async function storeExists(plan: HostLocalPlan): Promise<boolean> {
  try {
    await Deno.lstat(storeDir(plan.dataDir, plan.network));
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}
