/**
 * Host operations that several interface plugins share, composed of netlink verbs: a veth pair across namespaces,
 * ensure a bridge or an address, configure a container interface, settle IPv6 DAD, forwarding, sysctls, and the
 * "netns gone is fine" DEL pattern. Knows no CNI types.
 * @module
 */
export { randomLinkName, setupVeth, type SetupVethOptions, type VethPair } from "./setup_veth.ts";
export { ensureBridge, type EnsureBridgeOptions } from "./ensure_bridge.ts";
export { ensureAddress, type EnsureAddressOptions } from "./ensure_address.ts";
export {
  configureInterface,
  type ConfigureInterfaceOptions,
  type InterfaceAddress,
  type InterfaceRoute,
} from "./configure_interface.ts";
export { settleDad, type SettleDadOptions } from "./settle_dad.ts";
export { waitOperUp, type WaitOperUpOptions } from "./wait_oper_up.ts";
export { sleepSync } from "./sleep_sync.ts";
export { enableForwarding } from "./forwarding.ts";
export { delLinkByName, delLinkCollectingAddresses } from "./del_link_by_name.ts";
export { netnsGoneIsFine } from "./netns_gone_is_fine.ts";
export { delLinkInNetns } from "./del_link_in_netns.ts";
export { createInNetns, type CreateInNetnsOptions } from "./create_in_netns.ts";
export { enableNotifySysctls, type EnableNotifySysctlsOptions } from "./notify_sysctls.ts";
export { ensureSysctl, readSysctl, sysctlPath, writeSysctl } from "./sysctl.ts";
export { checkInterface, type CheckInterfaceOptions } from "./check_interface.ts";
export { openNetns } from "./open_netns.ts";
export { defaultRouteInterface } from "./default_route_interface.ts";
