/**
 * The u32 classifier's options (linux/pkt_cls.h TCA_U32_*, struct tc_u32_sel and tc_u32_key), with its action list.
 *
 * @example
 * ```ts
 * import { decodeU32, encodeU32, U32_MATCH_ALL } from "./u32.ts";
 * import { mirredRedirect } from "./action.ts";
 * import { AttributeEncoder } from "../wire/mod.ts";
 * const enc = new AttributeEncoder();
 * encodeU32(enc, { selector: U32_MATCH_ALL, classId: 0x10001, actions: [mirredRedirect(7)] });
 * console.assert(decodeU32(enc.encode()).actions?.[0]?.kind === "mirred");
 * ```
 * @module
 */
import { AttributeDecoder, type AttributeEncoder, type RawAttribute, StructReader, StructWriter } from "../wire/mod.ts";
import { decodeActions, encodeActions, type TcAction } from "./action.ts";

const TCA_U32_CLASSID = 1;
const TCA_U32_HASH = 2;
const TCA_U32_LINK = 3;
const TCA_U32_DIVISOR = 4;
const TCA_U32_SEL = 5;
const TCA_U32_ACT = 7;
const TCA_U32_FLAGS = 11;
/** Selector flag: a match ends classification (TC_U32_TERMINAL). */
const TC_U32_TERMINAL = 1;
const SEL_HEADER_LEN = 16;
const KEY_LEN = 16;

/** One 32-bit match: (packet word at `offset` & `mask`) == `value`; mask and value are as on the wire (big-endian). */
export interface U32Key {
  /** Mask, as a big-endian word (0xffffffff matches all bits). */
  mask: number;
  /** Value after masking, big-endian. */
  value: number;
  /** Byte offset of the word in the packet. */
  offset: number;
  /** Offset mask (tc_u32_key.offmask). */
  offsetMask: number;
}

/** struct tc_u32_sel: how the classifier walks the packet, and its keys. */
export interface U32Selector {
  /** TC_U32_* flags; 1 (terminal) for a plain match. */
  flags: number;
  /** offshift. */
  offShift: number;
  /** offmask (big-endian u16). */
  offMask: number;
  /** off. */
  off: number;
  /** offoff. */
  offOff: number;
  /** hoff. */
  hOff: number;
  /** hmask (big-endian u32). */
  hMask: number;
  /** The keys; nkeys is their count. */
  keys: U32Key[];
}

/** A selector matching every packet (`match u32 0 0`), as the bandwidth plugin installs. */
export const U32_MATCH_ALL: Readonly<U32Selector> = Object.freeze({
  flags: TC_U32_TERMINAL,
  offShift: 0,
  offMask: 0,
  off: 0,
  offOff: 0,
  hOff: 0,
  hMask: 0,
  keys: [{ mask: 0, value: 0, offset: 0, offsetMask: 0 }],
});

/** u32 filter options; an unset field sends no attribute. */
export interface U32Options {
  /** The selector (TCA_U32_SEL). */
  selector?: U32Selector;
  /** Class to assign on match (TCA_U32_CLASSID), a tc handle. */
  classId?: number;
  /** Hash table handle (TCA_U32_HASH). */
  hash?: number;
  /** Link to another hash table (TCA_U32_LINK). */
  link?: number;
  /** Hash table size (TCA_U32_DIVISOR); the kernel reports it for hash-table entries. */
  divisor?: number;
  /** TCA_CLS_FLAGS_* (skip_hw, skip_sw, …). */
  flags?: number;
  /** Actions run on match (TCA_U32_ACT). */
  actions?: TcAction[];
  /** Attributes this codec does not know, kept as received. */
  other?: RawAttribute[];
}

function encodeSelector(sel: U32Selector): Uint8Array<ArrayBuffer> {
  if (sel.keys.length > 128) throw new RangeError(`Cannot encode u32 selector: ${sel.keys.length} keys, at most 128`);
  const w = new StructWriter(SEL_HEADER_LEN + KEY_LEN * sel.keys.length)
    .u8(sel.flags)
    .u8(sel.offShift)
    .u8(sel.keys.length)
    .skip(1)
    .u16be(sel.offMask)
    .u16(sel.off)
    .u16(sel.offOff & 0xffff)
    .u16(sel.hOff & 0xffff)
    .u16be(sel.hMask >>> 16)
    .u16be(sel.hMask & 0xffff);
  for (const key of sel.keys) {
    w.u16be(key.mask >>> 16).u16be(key.mask & 0xffff).u16be(key.value >>> 16).u16be(key.value & 0xffff);
    w.i32(key.offset).i32(key.offsetMask);
  }
  return w.bytes();
}

function readI16(r: StructReader): number {
  const v = r.u16();
  return v >= 0x8000 ? v - 0x10000 : v;
}

function readU32be(r: StructReader): number {
  return ((r.u16be() << 16) | r.u16be()) >>> 0;
}

function decodeSelector(data: Uint8Array): U32Selector {
  const r = new StructReader(data);
  const flags = r.u8();
  const offShift = r.u8();
  const nkeys = r.u8();
  r.skip(1);
  const sel: U32Selector = {
    flags,
    offShift,
    offMask: r.u16be(),
    off: r.u16(),
    offOff: readI16(r),
    hOff: readI16(r),
    hMask: readU32be(r),
    keys: [],
  };
  for (let i = 0; i < nkeys; i++) {
    sel.keys.push({ mask: readU32be(r), value: readU32be(r), offset: r.i32(), offsetMask: r.i32() });
  }
  return sel;
}

/** Writes the TCA_OPTIONS children of a u32 filter into `enc`, in the order the kernel dumps them. */
export function encodeU32(enc: AttributeEncoder, u32: U32Options): void {
  if (u32.divisor !== undefined) enc.u32(TCA_U32_DIVISOR, u32.divisor);
  if (u32.selector !== undefined) enc.bytes(TCA_U32_SEL, encodeSelector(u32.selector));
  if (u32.hash !== undefined) enc.u32(TCA_U32_HASH, u32.hash);
  if (u32.classId !== undefined) enc.u32(TCA_U32_CLASSID, u32.classId);
  if (u32.link !== undefined) enc.u32(TCA_U32_LINK, u32.link);
  if (u32.flags !== undefined) enc.u32(TCA_U32_FLAGS, u32.flags);
  const actions = u32.actions;
  if (actions !== undefined) enc.nested(TCA_U32_ACT, (inner) => encodeActions(inner, actions));
  for (const attr of u32.other ?? []) enc.bytes(attr.type, attr.data);
}

/** Decodes the TCA_OPTIONS payload of a u32 filter; throws RangeError on a malformed attribute. */
export function decodeU32(data: Uint8Array): U32Options {
  const u32: U32Options = {};
  const other: RawAttribute[] = [];
  const dec = new AttributeDecoder(data);
  while (dec.next()) {
    switch (dec.type) {
      case TCA_U32_SEL:
        u32.selector = decodeSelector(dec.bytes());
        break;
      case TCA_U32_CLASSID:
        u32.classId = dec.u32();
        break;
      case TCA_U32_HASH:
        u32.hash = dec.u32();
        break;
      case TCA_U32_LINK:
        u32.link = dec.u32();
        break;
      case TCA_U32_DIVISOR:
        u32.divisor = dec.u32();
        break;
      case TCA_U32_FLAGS:
        u32.flags = dec.u32();
        break;
      case TCA_U32_ACT:
        u32.actions = decodeActions(dec.bytes());
        break;
      default:
        other.push(dec.raw());
    }
  }
  dec.finish();
  if (other.length > 0) u32.other = other;
  return u32;
}
