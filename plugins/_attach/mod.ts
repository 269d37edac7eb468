/**
 * Steps that several interface plugins (macvlan, ipvlan, vlan, tap, host-device, dummy) share and that need CNI
 * types, so they cannot live in iface/: IPAM delegation for DEL, GC and STATUS. Private to plugins/: a plugin
 * imports this folder, never another plugin (tests/architecture_test.ts allows `plugins/_*` and nothing else).
 * @module
 */
export { delLinkAndIpam, type DelLinkAndIpamOptions } from "./del_link_and_ipam.ts";
export { forwardGcToIpam, forwardStatusToIpam } from "./forward_to_ipam.ts";
