/**
 * The vrf driver (IFLA_VRF_TABLE, linux/if_link.h): an L3 master device bound to a routing table, as
 * `ip link add <name> type vrf table <table>`.
 * @module
 */
import type { AttributeDecoder, RawAttribute } from "../wire/attribute_decoder.ts";
import type { AttributeEncoder } from "../wire/attribute_encoder.ts";
import type { LinkDriver } from "./link_driver.ts";

const IFLA_VRF_TABLE = 1;

/** IFLA_INFO_DATA of a vrf. */
export interface VrfData {
  /** The routing table id (required by the kernel at creation). */
  table?: number;
  /** Attributes the decoder did not recognise. */
  other?: RawAttribute[];
}

/** The vrf link driver. */
export const vrf: LinkDriver<VrfData> = {
  kind: "vrf",
  encode(enc: AttributeEncoder, data: VrfData): void {
    if (data.table !== undefined) enc.u32(IFLA_VRF_TABLE, data.table);
    for (const attr of data.other ?? []) enc.bytes(attr.type, attr.data);
  },
  decode(dec: AttributeDecoder): VrfData {
    const data: VrfData = {};
    const other: RawAttribute[] = [];
    while (dec.next()) {
      if (dec.type === IFLA_VRF_TABLE) data.table = dec.u32();
      else other.push(dec.raw());
    }
    if (other.length > 0) data.other = other;
    return data;
  },
};
