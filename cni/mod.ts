/**
 * The CNI protocol core: spec versions, errors, CNI_ARGS, name rules, results of every generation and their
 * conversion, config and conflist schemas, the plugin contract and the skel that runs a plugin.
 * @module
 */
export * from "./errors.ts";
export type { DNS, Interface, IPConfig, Result, Route } from "./result.ts";
export type { Attachment, Plugin, PluginContext } from "./plugin.ts";
export {
  compareVersions,
  CURRENT_VERSION,
  DEFAULT_CONFIG_VERSION,
  isSpecVersion,
  parseVersion,
  pickVersion,
  SPEC_VERSIONS,
  versionAtLeast,
  type VersionReply,
  versionReply,
} from "./version.ts";
export { type ArgPair, checkArgs, parseArgBool, parseArgs } from "./args.ts";
export {
  MAX_INTERFACE_NAME_LENGTH,
  validateContainerId,
  validateInterfaceName,
  validateNetworkName,
  validatePluginType,
} from "./validate.ts";
export { convertResult, formatJson, formatResult, parseResult, type ParseResultOptions } from "./convert.ts";
export { type IPConfig020, type Result020, Result020Schema, type Route020 } from "./result_020.ts";
export { type Interface040, type IPConfig040, type Result040, Result040Schema, type Route040 } from "./result_040.ts";
export { Result100Schema } from "./result_100.ts";
export { formatIssuePath, zodToCniError } from "./zod_to_cni_error.ts";
export { foldKeys, foldKeysDeep, schemaKeysOf } from "./fold_keys.ts";
export {
  ArgsConfig,
  DnsConfig,
  IpamConfig,
  IpamRouteConfig,
  NetConf,
  netconf,
  netconfShape,
  routeOfConfig,
} from "./netconf.ts";
export {
  buildPluginConfig,
  type BuildPluginConfigOptions,
  confFromSingle,
  type ConfList,
  ConfListSchema,
  parseConfList,
  PluginConf,
} from "./conflist.ts";
export { invokePlugin, MAX_STDIN_BYTES, pluginMain, type SkelIo, type SkelOutcome } from "./skel.ts";
export * from "./invoke.ts";
export { type ConfigDns, configuredDns } from "./config_dns.ts";
