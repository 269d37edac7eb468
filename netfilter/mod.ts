/**
 * iptables and nftables rule management: the only module that spawns `iptables`, `ip6tables` or `nft`. It knows no
 * CNI types; callers pass plain values (network name, container ID, addresses as strings).
 * @module
 */
export { type CommandOutput, type CommandRunner, runCommand } from "./command_runner.ts";
export { type ChainRef, type EnsureRuleOptions, type IpFamily, Iptables, IptablesError } from "./iptables.ts";
export { IptablesBatch } from "./iptables_batch.ts";
export { Nft, NftError, type NftFamily, type NftRule } from "./nft.ts";
export { CHAIN_NAME_LENGTH, formatChainName, formatComment, hashWithPrefix } from "./chain_name.ts";
export {
  defaultBackend,
  isBinaryAvailable,
  type NetfilterBackend,
  supportsIptables,
  supportsNftables,
} from "./backend.ts";
export { gcIpMasq, type IpMasqAttachment, type IpMasqOptions, setupIpMasq, teardownIpMasq } from "./ipmasq.ts";
export { familyOfCidr, type HostportSpec, type PortMapping } from "./hostport.ts";
export {
  checkPortsIptables,
  dnatChainName,
  forwardPortsIptables,
  type HostportIptablesOptions,
  unforwardPortsIptables,
} from "./hostport_iptables.ts";
export { checkPortsNftables, forwardPortsNftables, unforwardPortsNftables } from "./hostport_nftables.ts";
export {
  checkForwardFirewall,
  DEFAULT_ADMIN_CHAIN,
  FORWARD_CHAIN,
  type ForwardFirewallSpec,
  setupForwardFirewall,
  teardownForwardFirewall,
} from "./forward_firewall.ts";
export {
  checkSpoofCheck,
  setupSpoofCheck,
  type SpoofCheckId,
  type SpoofCheckOptions,
  type SpoofCheckSpec,
  teardownSpoofCheck,
} from "./spoof_check.ts";
export { ISOLATION_STAGE_1, ISOLATION_STAGE_2, setupBridgeIsolation } from "./bridge_isolation.ts";
export {
  type ConntrackOptions,
  deleteConntrackByDestinationPort,
  listConntrackFlows,
  PROTOCOL_SCTP,
  PROTOCOL_TCP,
  PROTOCOL_UDP,
} from "./conntrack.ts";
