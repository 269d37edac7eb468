/**
 * IPAM: the host-local and static plugins, and the delegation helpers interface plugins use to call any IPAM.
 * @module
 */
export { ipamAdd, ipamCheck, ipamDel, ipamGc, ipamStatus, type WithIpam } from "./delegate.ts";
export { ipamRegistry, loadIpamPlugin } from "./registry.ts";
export { hostLocal, type HostLocalConfig } from "./host_local/mod.ts";
export { StaticConfig, staticIpam } from "./static/mod.ts";
