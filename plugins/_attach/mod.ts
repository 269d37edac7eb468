/**
 * Steps that several interface plugins (macvlan, ipvlan, vlan, tap, host-device, dummy, bridge, ptp) share and that
 * need CNI types, so they cannot live in iface/: IPAM ADD with its undo, the one-interface Result, addresses applied
 * to the container interface and checked there, best-effort undo, masquerading with its undo and GC, and IPAM
 * delegation for DEL, GC and STATUS. Private to plugins/: a plugin imports this folder, never another plugin
 * (tests/architecture_test.ts allows `plugins/_*`).
 * @module
 */
export { addIpam, type IpamAddresses } from "./add_ipam.ts";
export { addIpMasq, type AddIpMasqOptions } from "./add_ip_masq.ts";
export { attachAddresses, type AttachAddressesOptions } from "./attach_addresses.ts";
export { checkResultAddresses, type CheckResultAddressesOptions } from "./check_result_addresses.ts";
export {
  type Addresses,
  containerInterface,
  containerResult,
  hostInterface,
  setResultAddresses,
  type SetResultAddressesOptions,
} from "./container_result.ts";
export { deferBestEffort } from "./defer_best_effort.ts";
export { delContainerLink } from "./del_container_link.ts";
export { delLinkAndIpam, type DelLinkAndIpamOptions } from "./del_link_and_ipam.ts";
export { forwardGcToIpam, forwardStatusToIpam } from "./forward_to_ipam.ts";
export { gcWithIpMasq, type GcWithIpMasqOptions } from "./gc_with_ip_masq.ts";
export { checkEntryMac, entryLink, sandboxEntry } from "./prev_result_link.ts";
