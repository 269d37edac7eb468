/**
 * The ipvlan driver (IFLA_IPVLAN_*, linux/if_link.h): sub-interfaces sharing the parent's MAC, as
 * `ip link add <name> link <parent> type ipvlan mode l2|l3|l3s [bridge|private|vepa]`.
 * @module
 */
import type { AttributeDecoder, RawAttribute } from "../wire/attribute_decoder.ts";
import type { AttributeEncoder } from "../wire/attribute_encoder.ts";
import type { LinkDriver } from "./link_driver.ts";

const IFLA_IPVLAN_MODE = 1;
const IFLA_IPVLAN_FLAGS = 2;

/** Where ipvlan switches: IPVLAN_MODE_L2, L3 or L3S. */
export type IpvlanMode = "l2" | "l3" | "l3s";
const MODES: readonly IpvlanMode[] = ["l2", "l3", "l3s"];

/** How sub-interfaces of one parent reach each other: bridge (0), IPVLAN_F_PRIVATE (1) or IPVLAN_F_VEPA (2). */
export type IpvlanFlag = "bridge" | "private" | "vepa";
const FLAGS: readonly IpvlanFlag[] = ["bridge", "private", "vepa"];

/** IFLA_INFO_DATA of an ipvlan; an unset field sends no attribute. */
export interface IpvlanData {
  /** The mode; the kernel defaults to "l3" when unset (the CNI plugin defaults to "l2"). */
  mode?: IpvlanMode | number;
  /** The isolation flag; "bridge" by default. */
  flag?: IpvlanFlag | number;
  /** Attributes the decoder did not recognise. */
  other?: RawAttribute[];
}

function code<T extends string>(names: readonly T[], value: T | number, what: string): number {
  const index = typeof value === "number" ? value : names.indexOf(value);
  if (index < 0) throw new TypeError(`Cannot encode ipvlan ${what} "${value}": unknown`);
  return index;
}

/** The ipvlan link driver. */
export const ipvlan: LinkDriver<IpvlanData> = {
  kind: "ipvlan",
  encode(enc: AttributeEncoder, data: IpvlanData): void {
    if (data.mode !== undefined) enc.u16(IFLA_IPVLAN_MODE, code(MODES, data.mode, "mode"));
    if (data.flag !== undefined) enc.u16(IFLA_IPVLAN_FLAGS, code(FLAGS, data.flag, "flag"));
    for (const attr of data.other ?? []) enc.bytes(attr.type, attr.data);
  },
  decode(dec: AttributeDecoder): IpvlanData {
    const data: IpvlanData = {};
    const other: RawAttribute[] = [];
    while (dec.next()) {
      if (dec.type === IFLA_IPVLAN_MODE) {
        const mode = dec.u16();
        data.mode = MODES[mode] ?? mode;
      } else if (dec.type === IFLA_IPVLAN_FLAGS) {
        const flag = dec.u16();
        data.flag = FLAGS[flag] ?? flag;
      } else {
        other.push(dec.raw());
      }
    }
    if (other.length > 0) data.other = other;
    return data;
  },
};
