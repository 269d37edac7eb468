/**
 * The runtime side of CNI (libcni): load network configurations, run their plugin chains by exec or in-process,
 * and keep libcni's result cache. The `cnitool` CLI lives in `cnitool/`.
 * @module
 */
export { CniRuntime, type CniRuntimeOptions, type RuntimeConf } from "./cni_runtime.ts";
export {
  confFiles,
  confListFromBytes,
  confListFromFile,
  confListFromSingle,
  loadConfList,
  type NetworkConfigList,
  NoConfigsFoundError,
  NotFoundError,
  pluginConfFromBytes,
} from "./conf.ts";
export {
  CACHE_KIND_V1,
  type CachedRecord,
  type CacheEntry,
  decodeCacheFile,
  DEFAULT_CACHE_DIR,
  encodeCacheEntry,
  ResultCache,
} from "./cache.ts";
export { type InProcessInvoker, type InProcessResolver, PluginRunner, registryResolver } from "./plugin_runner.ts";
