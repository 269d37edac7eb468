/**
 * The macvlan driver (IFLA_MACVLAN_*, linux/if_link.h): a sub-interface of a parent device with its own MAC, as
 * `ip link add <name> link <parent> type macvlan mode <mode> [nopromisc] [bcqueuelen <n>]`. The parent travels as
 * the link's `parentIndex` (IFLA_LINK).
 * @module
 */
import { MAC } from "../../addr/mod.ts";
import type { AttributeDecoder, RawAttribute } from "../wire/attribute_decoder.ts";
import type { AttributeEncoder } from "../wire/attribute_encoder.ts";
import { NLA_F_NESTED } from "../wire/netlink_consts.ts";
import type { LinkDriver } from "./link_driver.ts";

const IFLA_MACVLAN_MODE = 1;
const IFLA_MACVLAN_FLAGS = 2;
const IFLA_MACVLAN_MACADDR_MODE = 3;
const IFLA_MACVLAN_MACADDR = 4;
const IFLA_MACVLAN_MACADDR_DATA = 5;
const IFLA_MACVLAN_MACADDR_COUNT = 6;
const IFLA_MACVLAN_BC_QUEUE_LEN = 7;
const IFLA_MACVLAN_BC_QUEUE_LEN_USED = 8;
const IFLA_MACVLAN_BC_CUTOFF = 9;

const MACVLAN_FLAG_NOPROMISC = 1;
const MACVLAN_FLAG_NODST = 2;

/** How sub-interfaces of one parent reach each other: MACVLAN_MODE_PRIVATE, VEPA, BRIDGE, PASSTHRU, SOURCE. */
export type MacvlanMode = "private" | "vepa" | "bridge" | "passthru" | "source";
const MODES: ReadonlyMap<MacvlanMode, number> = new Map([
  ["private", 1],
  ["vepa", 2],
  ["bridge", 4],
  ["passthru", 8],
  ["source", 16],
]);

/** What IFLA_MACVLAN_MACADDR_MODE does with the source-mode MAC list. */
export type MacvlanMacaddrMode = "add" | "del" | "flush" | "set";
const MACADDR_MODES: readonly MacvlanMacaddrMode[] = ["add", "del", "flush", "set"];

/** IFLA_INFO_DATA of a macvlan; an unset field sends no attribute. */
export interface MacvlanData {
  /** The mode; the kernel defaults to "vepa" when unset (the CNI plugin always sends one, "bridge" by default). */
  mode?: MacvlanMode | number;
  /** MACVLAN_FLAG_NOPROMISC: passthru mode does not put the parent into promiscuous mode. */
  nopromisc?: boolean;
  /** MACVLAN_FLAG_NODST: source mode does not deliver to the destination MAC's own sub-interface. */
  nodst?: boolean;
  /** How `macaddrs` changes the source-mode MAC list. */
  macaddrMode?: MacvlanMacaddrMode;
  /** Source-mode MAC list (IFLA_MACVLAN_MACADDR_DATA). */
  macaddrs?: MAC[];
  /** Number of source-mode MACs; reported by the kernel. */
  macaddrCount?: number;
  /** Broadcast queue length requested (IFLA_MACVLAN_BC_QUEUE_LEN, `bcqueuelen`). */
  bcQueueLen?: number;
  /** Broadcast queue length in use on the parent; reported by the kernel. */
  bcQueueLenUsed?: number;
  /** Broadcast cutoff (IFLA_MACVLAN_BC_CUTOFF). */
  bcCutoff?: number;
  /** Attributes the decoder did not recognise. */
  other?: RawAttribute[];
}

function modeCode(mode: MacvlanMode | number): number {
  const code = typeof mode === "number" ? mode : MODES.get(mode);
  if (code === undefined) throw new TypeError(`Cannot encode macvlan mode "${mode}": unknown`);
  return code;
}

/** The macvlan link driver. */
export const macvlan: LinkDriver<MacvlanData> = {
  kind: "macvlan",
  encode(enc: AttributeEncoder, data: MacvlanData): void {
    if (data.mode !== undefined) enc.u32(IFLA_MACVLAN_MODE, modeCode(data.mode));
    if (data.nopromisc !== undefined || data.nodst !== undefined) {
      enc.u16(
        IFLA_MACVLAN_FLAGS,
        (data.nopromisc ? MACVLAN_FLAG_NOPROMISC : 0) | (data.nodst ? MACVLAN_FLAG_NODST : 0),
      );
    }
    if (data.macaddrCount !== undefined) enc.u32(IFLA_MACVLAN_MACADDR_COUNT, data.macaddrCount);
    if (data.macaddrMode !== undefined) {
      enc.u32(IFLA_MACVLAN_MACADDR_MODE, MACADDR_MODES.indexOf(data.macaddrMode));
    }
    const macs = data.macaddrs;
    if (macs !== undefined) {
      enc.nested(IFLA_MACVLAN_MACADDR_DATA | NLA_F_NESTED, (e) => {
        for (const mac of macs) e.bytes(IFLA_MACVLAN_MACADDR, mac.bytes);
      });
    }
    if (data.bcQueueLen !== undefined) enc.u32(IFLA_MACVLAN_BC_QUEUE_LEN, data.bcQueueLen);
    if (data.bcQueueLenUsed !== undefined) enc.u32(IFLA_MACVLAN_BC_QUEUE_LEN_USED, data.bcQueueLenUsed);
    if (data.bcCutoff !== undefined) enc.i32(IFLA_MACVLAN_BC_CUTOFF, data.bcCutoff);
    for (const attr of data.other ?? []) enc.bytes(attr.type, attr.data);
  },
  decode(dec: AttributeDecoder): MacvlanData {
    const data: MacvlanData = {};
    const other: RawAttribute[] = [];
    while (dec.next()) {
      switch (dec.type) {
        case IFLA_MACVLAN_MODE: {
          const code = dec.u32();
          data.mode = [...MODES].find(([, v]) => v === code)?.[0] ?? code;
          break;
        }
        case IFLA_MACVLAN_FLAGS: {
          const flags = dec.u16();
          data.nopromisc = (flags & MACVLAN_FLAG_NOPROMISC) !== 0;
          data.nodst = (flags & MACVLAN_FLAG_NODST) !== 0;
          break;
        }
        case IFLA_MACVLAN_MACADDR_MODE: {
          const mode = MACADDR_MODES[dec.u32()];
          if (mode !== undefined) data.macaddrMode = mode;
          break;
        }
        case IFLA_MACVLAN_MACADDR_DATA:
          data.macaddrs = dec.nested((inner) => {
            const macs: MAC[] = [];
            while (inner.next()) if (inner.type === IFLA_MACVLAN_MACADDR) macs.push(new MAC(inner.bytes()));
            return macs;
          });
          break;
        case IFLA_MACVLAN_MACADDR_COUNT:
          data.macaddrCount = dec.u32();
          break;
        case IFLA_MACVLAN_BC_QUEUE_LEN:
          data.bcQueueLen = dec.u32();
          break;
        case IFLA_MACVLAN_BC_QUEUE_LEN_USED:
          data.bcQueueLenUsed = dec.u32();
          break;
        case IFLA_MACVLAN_BC_CUTOFF:
          data.bcCutoff = dec.i32();
          break;
        default:
          other.push(dec.raw());
      }
    }
    if (other.length > 0) data.other = other;
    return data;
  },
};
