/**
 * Filter messages (RTM_NEWTFILTER / RTM_DELTFILTER / RTM_GETTFILTER payloads: tcmsg with priority and protocol,
 * TCA_KIND, TCA_CHAIN, TCA_OPTIONS) encoded and decoded side by side, with u32 options decoded.
 *
 * @example
 * ```ts
 * import { decodeFilter, encodeFilter, ETH_P_ALL } from "./filter.ts";
 * const f = decodeFilter(encodeFilter({ index: 3, parent: 0xffff0000, handle: 0, priority: 1, protocol: ETH_P_ALL, kind: "u32" }));
 * console.assert(f.priority === 1 && f.protocol === ETH_P_ALL);
 * ```
 * @module
 */
import { AttributeDecoder, AttributeEncoder, type RawAttribute } from "../wire/mod.ts";
import { decodeU32, encodeU32, type U32Options } from "./u32.ts";
import { decodeTcmsg, encodeTcmsg, TCA_CHAIN, TCA_KIND, TCA_OPTIONS, TCMSG_LEN } from "./tcmsg.ts";

/** Ethertype matching every protocol (ETH_P_ALL), as `tc filter … protocol all`. */
export const ETH_P_ALL = 0x0003;
/** Ethertype of IPv4 (ETH_P_IP). */
export const ETH_P_IP = 0x0800;
/** Ethertype of IPv6 (ETH_P_IPV6). */
export const ETH_P_IPV6 = 0x86dd;

/** A classifier attached to a qdisc or class. */
export interface Filter {
  /** The link's ifindex. */
  index: number;
  /** The qdisc or class it is attached to (ffff:0 for the ingress qdisc). */
  parent: number;
  /** The filter's handle; 0 lets the kernel pick (u32 then uses 800::800 and up). */
  handle: number;
  /** Priority (tc's `prio`); 0 lets the kernel pick. */
  priority: number;
  /** Ethertype in host order (ETH_P_ALL, ETH_P_IP, …); it travels in network order in tcm_info. */
  protocol: number;
  /** The classifier: "u32", "bpf", "matchall", … */
  kind: string;
  /** TCA_CHAIN: the chain index (the kernel reports 0). */
  chain?: number;
  /** u32 options, when `kind` is "u32". */
  u32?: U32Options;
  /** The TCA_OPTIONS payload of other kinds, kept raw. */
  options?: Uint8Array;
  /** Other attributes, kept as received. */
  other?: RawAttribute[];
}

function swap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
}

function infoOf(filter: Pick<Filter, "priority" | "protocol">): number {
  return (((filter.priority & 0xffff) << 16) | swap16(filter.protocol)) >>> 0;
}

/** Encodes the payload of an RTM_NEWTFILTER for `filter`. */
export function encodeFilter(filter: Filter): Uint8Array<ArrayBuffer> {
  const enc = new AttributeEncoder(
    encodeTcmsg({ index: filter.index, handle: filter.handle, parent: filter.parent, info: infoOf(filter) }),
  );
  enc.str(TCA_KIND, filter.kind);
  if (filter.chain !== undefined) enc.u32(TCA_CHAIN, filter.chain);
  const u32 = filter.u32;
  if (u32 !== undefined) enc.nested(TCA_OPTIONS, (opts) => encodeU32(opts, u32));
  else if (filter.options !== undefined) enc.bytes(TCA_OPTIONS, filter.options);
  for (const attr of filter.other ?? []) enc.bytes(attr.type, attr.data);
  return enc.encode();
}

/**
 * Encodes the tcmsg that names filters for RTM_DELTFILTER or a dump: by link and parent, narrowed by priority,
 * protocol and handle when they are non-zero.
 */
export function encodeFilterRef(
  filter: Pick<Filter, "index" | "parent"> & Partial<Pick<Filter, "handle" | "priority" | "protocol">>,
): Uint8Array<ArrayBuffer> {
  const info = infoOf({ priority: filter.priority ?? 0, protocol: filter.protocol ?? 0 });
  return encodeTcmsg({ index: filter.index, handle: filter.handle ?? 0, parent: filter.parent, info });
}

/** Decodes an RTM_NEWTFILTER payload; throws RangeError when it is malformed. */
export function decodeFilter(data: Uint8Array): Filter {
  const header = decodeTcmsg(data);
  const filter: Filter = {
    index: header.index,
    parent: header.parent,
    handle: header.handle,
    priority: header.info >>> 16,
    protocol: swap16(header.info & 0xffff),
    kind: "",
  };
  let options: Uint8Array | undefined;
  const other: RawAttribute[] = [];
  const dec = new AttributeDecoder(data.subarray(TCMSG_LEN));
  while (dec.next()) {
    if (dec.type === TCA_KIND) filter.kind = dec.str();
    else if (dec.type === TCA_CHAIN) filter.chain = dec.u32();
    else if (dec.type === TCA_OPTIONS) options = dec.bytes();
    else other.push(dec.raw());
  }
  dec.finish();
  if (options !== undefined) {
    if (filter.kind === "u32") filter.u32 = decodeU32(options);
    else filter.options = options;
  }
  if (other.length > 0) filter.other = other;
  return filter;
}
