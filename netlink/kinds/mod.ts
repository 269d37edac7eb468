/**
 * The link kind registry: every driver in one list. To add a kind, write `<kind>.ts` exporting a
 * {@linkcode LinkDriver} and append it to {@linkcode LINK_DRIVERS} (and its exports below).
 * @module
 */
import type { LinkDriver } from "./link_driver.ts";
import { veth } from "./veth.ts";
import { bridge } from "./bridge.ts";
import { macvlan } from "./macvlan.ts";
import { ipvlan } from "./ipvlan.ts";
import { vlan } from "./vlan.ts";
import { vrf } from "./vrf.ts";
import { dummy } from "./dummy.ts";
import { ifb } from "./ifb.ts";
import { tun } from "./tun.ts";

export type { LinkDriver } from "./link_driver.ts";
export { veth, type VethData, type VethPeer } from "./veth.ts";
export {
  bridge,
  type BridgeData,
  type BridgePort,
  bridgePortList,
  bridgePortSet,
  type BridgePortSettings,
  type BridgeVlan,
  bridgeVlanAdd,
  bridgeVlanDel,
  type BridgeVlanOptions,
  decodeBridgePort,
  encodeBridgeVlanRequest,
} from "./bridge.ts";
export { macvlan, type MacvlanData, type MacvlanMacaddrMode, type MacvlanMode } from "./macvlan.ts";
export { ipvlan, type IpvlanData, type IpvlanFlag, type IpvlanMode } from "./ipvlan.ts";
export { vlan, type VlanData, type VlanFlags, type VlanProtocol } from "./vlan.ts";
export { vrf, type VrfData } from "./vrf.ts";
export { dummy, type NoData } from "./dummy.ts";
export { ifb } from "./ifb.ts";
export { tun, type TunData } from "./tun.ts";

/** Every known link driver, looked up by IFLA_INFO_KIND. Append new drivers here. */
export const LINK_DRIVERS: readonly LinkDriver[] = [
  veth,
  bridge,
  macvlan,
  ipvlan,
  vlan,
  vrf,
  dummy,
  ifb,
  tun,
];

/** Returns the driver for `kind` ("veth"), or undefined when no driver is registered. */
export function findLinkDriver(kind: string): LinkDriver | undefined {
  return LINK_DRIVERS.find((driver) => driver.kind === kind);
}
