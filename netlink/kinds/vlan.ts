/**
 * The vlan driver (IFLA_VLAN_*, linux/if_link.h): an 802.1Q or 802.1ad sub-interface of a parent device, as
 * `ip link add <name> link <parent> type vlan id <id> [protocol 802.1Q|802.1ad]`.
 * @module
 */
import type { AttributeDecoder, RawAttribute } from "../wire/attribute_decoder.ts";
import type { AttributeEncoder } from "../wire/attribute_encoder.ts";
import { StructReader, StructWriter } from "../wire/mod.ts";
import type { LinkDriver } from "./link_driver.ts";

const IFLA_VLAN_ID = 1;
const IFLA_VLAN_FLAGS = 2;
const IFLA_VLAN_PROTOCOL = 5;
const ETH_P_8021Q = 0x8100;
const ETH_P_8021AD = 0x88a8;

/** The tag protocol: 802.1Q (ETH_P_8021Q) or 802.1ad (ETH_P_8021AD, QinQ). */
export type VlanProtocol = "802.1Q" | "802.1ad";

/** struct ifla_vlan_flags: which VLAN_FLAG_* bits to change (`mask`) and their values (`flags`). */
export interface VlanFlags {
  /** VLAN_FLAG_* values (1 reorder_hdr, 2 gvrp, 4 loose_binding, 8 mvrp, 16 bridge_binding). */
  flags: number;
  /** The bits of `flags` that apply. */
  mask: number;
}

/** IFLA_INFO_DATA of a vlan; an unset field sends no attribute. */
export interface VlanData {
  /** VLAN id, 0–4094 (required by the kernel at creation). */
  id?: number;
  /** Tag protocol; the kernel defaults to 802.1Q. */
  protocol?: VlanProtocol | number;
  /** VLAN_FLAG_* changes; the kernel reports all flags with mask 0xffffffff. */
  flags?: VlanFlags;
  /** Attributes the decoder did not recognise (QoS maps, …). */
  other?: RawAttribute[];
}

/** The vlan link driver. */
export const vlan: LinkDriver<VlanData> = {
  kind: "vlan",
  encode(enc: AttributeEncoder, data: VlanData): void {
    // The kernel's order: protocol, id, flags.
    if (data.protocol !== undefined) {
      const proto = typeof data.protocol === "number"
        ? data.protocol
        : data.protocol === "802.1ad"
        ? ETH_P_8021AD
        : ETH_P_8021Q;
      enc.u16be(IFLA_VLAN_PROTOCOL, proto);
    }
    if (data.id !== undefined) {
      if (!Number.isInteger(data.id) || data.id < 0 || data.id > 4094) {
        throw new RangeError(`Cannot encode vlan id ${data.id}: must be 0-4094`);
      }
      enc.u16(IFLA_VLAN_ID, data.id);
    }
    if (data.flags !== undefined) {
      enc.bytes(IFLA_VLAN_FLAGS, new StructWriter(8).u32(data.flags.flags).u32(data.flags.mask).bytes());
    }
    for (const attr of data.other ?? []) enc.bytes(attr.type, attr.data);
  },
  decode(dec: AttributeDecoder): VlanData {
    const data: VlanData = {};
    const other: RawAttribute[] = [];
    while (dec.next()) {
      if (dec.type === IFLA_VLAN_ID) {
        data.id = dec.u16();
      } else if (dec.type === IFLA_VLAN_FLAGS) {
        const r = new StructReader(dec.bytes());
        data.flags = { flags: r.u32(), mask: r.u32() };
      } else if (dec.type === IFLA_VLAN_PROTOCOL) {
        const proto = dec.u16be();
        data.protocol = proto === ETH_P_8021Q ? "802.1Q" : proto === ETH_P_8021AD ? "802.1ad" : proto;
      } else {
        other.push(dec.raw());
      }
    }
    if (other.length > 0) data.other = other;
    return data;
  },
};
