/**
 * The bridge driver (IFLA_BR_*), bridge port settings (IFLA_PROTINFO / IFLA_BRPORT_*) and per-port VLANs
 * (IFLA_AF_SPEC / IFLA_BRIDGE_VLAN_INFO), as `ip link … type bridge`, `bridge link set` and `bridge vlan`.
 * @module
 */
import { AttributeDecoder, type RawAttribute } from "../wire/attribute_decoder.ts";
import { AttributeEncoder } from "../wire/attribute_encoder.ts";
import type { NetlinkConn } from "../wire/netlink_conn.ts";
import { NLA_F_NESTED } from "../wire/netlink_consts.ts";
import { StructReader } from "../wire/struct_reader.ts";
import { StructWriter } from "../wire/struct_writer.ts";
import {
  AF_BRIDGE,
  BRIDGE_FLAGS_SELF,
  BRIDGE_VLAN_INFO_PVID,
  BRIDGE_VLAN_INFO_UNTAGGED,
  IFLA_AF_SPEC,
  IFLA_BR_AGEING_TIME,
  IFLA_BR_FORWARD_DELAY,
  IFLA_BR_MCAST_SNOOPING,
  IFLA_BR_STP_STATE,
  IFLA_BR_VLAN_DEFAULT_PVID,
  IFLA_BR_VLAN_FILTERING,
  IFLA_BRIDGE_FLAGS,
  IFLA_BRIDGE_VLAN_INFO,
  IFLA_BRPORT_ISOLATED,
  IFLA_BRPORT_LEARNING,
  IFLA_BRPORT_MODE,
  IFLA_BRPORT_STATE,
  IFLA_BRPORT_UNICAST_FLOOD,
  IFLA_EXT_MASK,
  IFLA_MASTER,
  IFLA_PROTINFO,
  RTEXT_FILTER_BRVLAN,
  RTM_DELLINK,
  RTM_GETLINK,
  RTM_SETLINK,
} from "../wire/rtnetlink_consts.ts";
import { decodeIfInfoMsg, encodeIfInfoMsg } from "../route/ifinfomsg.ts";
import type { LinkDriver } from "./link_driver.ts";

/** IFLA_INFO_DATA of a bridge; an unset field is not sent (the kernel default stays). */
export interface BridgeData {
  /** IFLA_BR_VLAN_FILTERING: filter by VLAN (`vlan_filtering 1`). */
  vlanFiltering?: boolean;
  /** IFLA_BR_VLAN_DEFAULT_PVID: the PVID new ports get (`vlan_default_pvid`), 0 for none. */
  vlanDefaultPvid?: number;
  /** IFLA_BR_MCAST_SNOOPING: IGMP/MLD snooping (`mcast_snooping`). */
  mcastSnooping?: boolean;
  /** IFLA_BR_STP_STATE: spanning tree on or off. */
  stp?: boolean;
  /** IFLA_BR_AGEING_TIME in centiseconds. */
  ageingTime?: number;
  /** IFLA_BR_FORWARD_DELAY in centiseconds. */
  forwardDelay?: number;
  /** Attributes the decoder did not keep as fields. */
  other?: RawAttribute[];
}

/** The bridge link driver. */
export const bridge: LinkDriver<BridgeData> = {
  kind: "bridge",
  encode(enc: AttributeEncoder, data: BridgeData): void {
    if (data.vlanFiltering !== undefined) enc.u8(IFLA_BR_VLAN_FILTERING, data.vlanFiltering ? 1 : 0);
    if (data.vlanDefaultPvid !== undefined) enc.u16(IFLA_BR_VLAN_DEFAULT_PVID, data.vlanDefaultPvid);
    if (data.mcastSnooping !== undefined) enc.u8(IFLA_BR_MCAST_SNOOPING, data.mcastSnooping ? 1 : 0);
    if (data.stp !== undefined) enc.u32(IFLA_BR_STP_STATE, data.stp ? 1 : 0);
    if (data.ageingTime !== undefined) enc.u32(IFLA_BR_AGEING_TIME, data.ageingTime);
    if (data.forwardDelay !== undefined) enc.u32(IFLA_BR_FORWARD_DELAY, data.forwardDelay);
  },
  decode(dec: AttributeDecoder): BridgeData {
    const data: BridgeData = {};
    const other: RawAttribute[] = [];
    while (dec.next()) {
      switch (dec.type) {
        case IFLA_BR_VLAN_FILTERING:
          data.vlanFiltering = dec.u8() !== 0;
          break;
        case IFLA_BR_VLAN_DEFAULT_PVID:
          data.vlanDefaultPvid = dec.u16();
          break;
        case IFLA_BR_MCAST_SNOOPING:
          data.mcastSnooping = dec.u8() !== 0;
          break;
        case IFLA_BR_STP_STATE:
          data.stp = dec.u32() !== 0;
          break;
        case IFLA_BR_AGEING_TIME:
          data.ageingTime = dec.u32();
          break;
        case IFLA_BR_FORWARD_DELAY:
          data.forwardDelay = dec.u32();
          break;
        default:
          other.push(dec.raw());
      }
    }
    if (other.length > 0) data.other = other;
    return data;
  },
};

/** Bridge port settings (IFLA_BRPORT_*); an unset field is left alone. */
export interface BridgePortSettings {
  /** IFLA_BRPORT_MODE: hairpin mode, sending frames back out of the port they came in on. */
  hairpin?: boolean;
  /** IFLA_BRPORT_LEARNING: learn source MACs on this port. */
  learning?: boolean;
  /** IFLA_BRPORT_ISOLATED: isolated ports cannot talk to each other. */
  isolated?: boolean;
  /** IFLA_BRPORT_UNICAST_FLOOD: flood unknown unicast to this port. */
  unicastFlood?: boolean;
}

/** One bridge VLAN on a port (struct bridge_vlan_info). */
export interface BridgeVlan {
  /** VLAN id, 1–4094. */
  vid: number;
  /** This VLAN is the port's PVID (untagged ingress goes here). */
  pvid?: boolean;
  /** Egress frames leave untagged. */
  untagged?: boolean;
}

/** Options of the VLAN verbs. */
export interface BridgeVlanOptions {
  /** Apply to the bridge device itself (`self`) rather than as a port of its master. */
  self?: boolean;
}

/** A bridge port as dumped with family AF_BRIDGE: its settings, state and VLANs. */
export interface BridgePort extends BridgePortSettings {
  /** The port's interface index. */
  index: number;
  /** The bridge's index. */
  master?: number;
  /** STP port state (BR_STATE_*: 0 disabled … 3 forwarding). */
  state?: number;
  /** VLANs on this port (filled only on bridges with vlan filtering). */
  vlans: BridgeVlan[];
}

function bool(v: boolean): number {
  return v ? 1 : 0;
}

/** Changes bridge port settings. Equivalent to `bridge link set dev <index> hairpin on learning off isolated on`. */
export function bridgePortSet(conn: NetlinkConn, index: number, settings: BridgePortSettings): void {
  const enc = new AttributeEncoder(encodeIfInfoMsg({ family: AF_BRIDGE, index }));
  enc.nested(IFLA_PROTINFO | NLA_F_NESTED, (e) => {
    if (settings.hairpin !== undefined) e.u8(IFLA_BRPORT_MODE, bool(settings.hairpin));
    if (settings.learning !== undefined) e.u8(IFLA_BRPORT_LEARNING, bool(settings.learning));
    if (settings.isolated !== undefined) e.u8(IFLA_BRPORT_ISOLATED, bool(settings.isolated));
    if (settings.unicastFlood !== undefined) e.u8(IFLA_BRPORT_UNICAST_FLOOD, bool(settings.unicastFlood));
  });
  conn.request(`set bridge port ${index}`, { type: RTM_SETLINK, data: enc.encode() });
}

/** Encodes the IFLA_AF_SPEC request body shared by VLAN add and delete. */
export function encodeBridgeVlanRequest(index: number, vlan: BridgeVlan, options: BridgeVlanOptions = {}): Uint8Array {
  if (!Number.isInteger(vlan.vid) || vlan.vid < 1 || vlan.vid > 4094) {
    throw new RangeError(`Cannot use VLAN id ${vlan.vid}: must be 1-4094`);
  }
  const enc = new AttributeEncoder(encodeIfInfoMsg({ family: AF_BRIDGE, index }));
  enc.nested(IFLA_AF_SPEC | NLA_F_NESTED, (e) => {
    if (options.self) e.u16(IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_SELF);
    const flags = (vlan.pvid ? BRIDGE_VLAN_INFO_PVID : 0) | (vlan.untagged ? BRIDGE_VLAN_INFO_UNTAGGED : 0);
    e.bytes(IFLA_BRIDGE_VLAN_INFO, new StructWriter(4).u16(flags).u16(vlan.vid).bytes());
  });
  return enc.encode();
}

/** Adds a VLAN to a bridge port. Equivalent to `bridge vlan add dev <index> vid <vid> [pvid] [untagged] [self]`. */
export function bridgeVlanAdd(conn: NetlinkConn, index: number, vlan: BridgeVlan, options?: BridgeVlanOptions): void {
  const data = encodeBridgeVlanRequest(index, vlan, options);
  conn.request(`add VLAN ${vlan.vid} to bridge port ${index}`, { type: RTM_SETLINK, data });
}

/** Removes a VLAN from a bridge port. Equivalent to `bridge vlan del dev <index> vid <vid> [self]`. */
export function bridgeVlanDel(conn: NetlinkConn, index: number, vlan: BridgeVlan, options?: BridgeVlanOptions): void {
  const data = encodeBridgeVlanRequest(index, vlan, options);
  conn.request(`delete VLAN ${vlan.vid} from bridge port ${index}`, { type: RTM_DELLINK, data });
}

function decodeVlans(dec: AttributeDecoder): BridgeVlan[] {
  const vlans: BridgeVlan[] = [];
  while (dec.next()) {
    if (dec.type !== IFLA_BRIDGE_VLAN_INFO) continue;
    const r = new StructReader(dec.bytes());
    const flags = r.u16();
    const vlan: BridgeVlan = { vid: r.u16() };
    if (flags & BRIDGE_VLAN_INFO_PVID) vlan.pvid = true;
    if (flags & BRIDGE_VLAN_INFO_UNTAGGED) vlan.untagged = true;
    vlans.push(vlan);
  }
  return vlans;
}

function decodePortInfo(dec: AttributeDecoder, port: BridgePort): void {
  while (dec.next()) {
    switch (dec.type) {
      case IFLA_BRPORT_STATE:
        port.state = dec.u8();
        break;
      case IFLA_BRPORT_MODE:
        port.hairpin = dec.u8() !== 0;
        break;
      case IFLA_BRPORT_LEARNING:
        port.learning = dec.u8() !== 0;
        break;
      case IFLA_BRPORT_ISOLATED:
        port.isolated = dec.u8() !== 0;
        break;
      case IFLA_BRPORT_UNICAST_FLOOD:
        port.unicastFlood = dec.u8() !== 0;
        break;
    }
  }
}

/** Decodes one RTM_NEWLINK of family AF_BRIDGE (a bridge port dump entry). */
export function decodeBridgePort(data: Uint8Array): BridgePort {
  const { header, attrs } = decodeIfInfoMsg(data);
  const port: BridgePort = { index: header.index, vlans: [] };
  const d = new AttributeDecoder(attrs);
  while (d.next()) {
    switch (d.type) {
      case IFLA_MASTER:
        port.master = d.u32();
        break;
      case IFLA_PROTINFO:
        d.nested((inner) => decodePortInfo(inner, port));
        break;
      case IFLA_AF_SPEC:
        port.vlans = d.nested(decodeVlans);
        break;
    }
  }
  d.finish();
  return port;
}

/** Lists bridge ports with their settings and VLANs. Equivalent to `bridge -d link show` plus `bridge vlan show`. */
export function bridgePortList(conn: NetlinkConn): BridgePort[] {
  const enc = new AttributeEncoder(encodeIfInfoMsg({ family: AF_BRIDGE }));
  enc.u32(IFLA_EXT_MASK, RTEXT_FILTER_BRVLAN);
  return conn.dump("list bridge ports", { type: RTM_GETLINK, data: enc.encode() }).map((m) => decodeBridgePort(m.data));
}
