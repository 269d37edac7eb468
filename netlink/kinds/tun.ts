/**
 * The tun driver's IFLA_INFO_DATA (IFLA_TUN_*, linux/if_link.h): how the kernel reports a tun or tap device's type,
 * owner, group and flags. The kernel refuses to create tun devices over rtnetlink ("tun/tap creation via rtnetlink
 * is not supported"): create them with `tuntapCreate` (netlink/tuntap.ts) and read them back with this driver.
 * @module
 */
import type { AttributeDecoder, RawAttribute } from "../wire/attribute_decoder.ts";
import type { AttributeEncoder } from "../wire/attribute_encoder.ts";
import type { LinkDriver } from "./link_driver.ts";

const IFLA_TUN_OWNER = 1;
const IFLA_TUN_GROUP = 2;
const IFLA_TUN_TYPE = 3;
const IFLA_TUN_PI = 4;
const IFLA_TUN_VNET_HDR = 5;
const IFLA_TUN_PERSIST = 6;
const IFLA_TUN_MULTI_QUEUE = 7;
const IFLA_TUN_NUM_QUEUES = 8;
const IFLA_TUN_NUM_DISABLED_QUEUES = 9;
const IFF_TUN = 1;
const IFF_TAP = 2;

/** IFLA_INFO_DATA of a tun or tap device, as the kernel reports it. */
export interface TunData {
  /** "tun" (IFF_TUN, layer 3) or "tap" (IFF_TAP, layer 2). */
  type?: "tun" | "tap" | number;
  /** Owning uid; absent when any user may attach. */
  owner?: number;
  /** Owning gid; absent when any group may attach. */
  group?: number;
  /** Packets carry the 4-byte packet information header (no IFF_NO_PI). */
  pi?: boolean;
  /** Packets carry a virtio-net header (IFF_VNET_HDR). */
  vnetHdr?: boolean;
  /** The device outlives its file descriptors (IFF_PERSIST). */
  persist?: boolean;
  /** Several queues may attach (IFF_MULTI_QUEUE). */
  multiQueue?: boolean;
  /** Attached queues. */
  numQueues?: number;
  /** Detached queues of a multi-queue device. */
  numDisabledQueues?: number;
  /** Attributes the decoder did not recognise. */
  other?: RawAttribute[];
}

function flag(enc: AttributeEncoder, type: number, value: boolean | undefined): void {
  if (value !== undefined) enc.u8(type, value ? 1 : 0);
}

/** The tun link driver (decode; encode exists for round trips, the kernel will not create from it). */
export const tun: LinkDriver<TunData> = {
  kind: "tun",
  encode(enc: AttributeEncoder, data: TunData): void {
    if (data.type !== undefined) {
      enc.u8(IFLA_TUN_TYPE, typeof data.type === "number" ? data.type : data.type === "tap" ? IFF_TAP : IFF_TUN);
    }
    if (data.owner !== undefined) enc.u32(IFLA_TUN_OWNER, data.owner);
    if (data.group !== undefined) enc.u32(IFLA_TUN_GROUP, data.group);
    flag(enc, IFLA_TUN_PI, data.pi);
    flag(enc, IFLA_TUN_VNET_HDR, data.vnetHdr);
    flag(enc, IFLA_TUN_PERSIST, data.persist);
    flag(enc, IFLA_TUN_MULTI_QUEUE, data.multiQueue);
    if (data.numQueues !== undefined) enc.u32(IFLA_TUN_NUM_QUEUES, data.numQueues);
    if (data.numDisabledQueues !== undefined) enc.u32(IFLA_TUN_NUM_DISABLED_QUEUES, data.numDisabledQueues);
    for (const attr of data.other ?? []) enc.bytes(attr.type, attr.data);
  },
  decode(dec: AttributeDecoder): TunData {
    const data: TunData = {};
    const other: RawAttribute[] = [];
    while (dec.next()) {
      switch (dec.type) {
        case IFLA_TUN_TYPE: {
          const type = dec.u8();
          data.type = type === IFF_TAP ? "tap" : type === IFF_TUN ? "tun" : type;
          break;
        }
        case IFLA_TUN_OWNER:
          data.owner = dec.u32();
          break;
        case IFLA_TUN_GROUP:
          data.group = dec.u32();
          break;
        case IFLA_TUN_PI:
          data.pi = dec.u8() !== 0;
          break;
        case IFLA_TUN_VNET_HDR:
          data.vnetHdr = dec.u8() !== 0;
          break;
        case IFLA_TUN_PERSIST:
          data.persist = dec.u8() !== 0;
          break;
        case IFLA_TUN_MULTI_QUEUE:
          data.multiQueue = dec.u8() !== 0;
          break;
        case IFLA_TUN_NUM_QUEUES:
          data.numQueues = dec.u32();
          break;
        case IFLA_TUN_NUM_DISABLED_QUEUES:
          data.numDisabledQueues = dec.u32();
          break;
        default:
          other.push(dec.raw());
      }
    }
    if (other.length > 0) data.other = other;
    return data;
  },
};
