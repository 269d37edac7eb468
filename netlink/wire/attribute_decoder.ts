/**
 * Walks netlink attributes with typed getters and a sticky error, as mdlayher's `AttributeDecoder`: a malformed or
 * wrongly sized attribute records the first error, which {@linkcode AttributeDecoder.finish} throws.
 *
 * @example
 * ```ts
 * import { AttributeDecoder } from "./attribute_decoder.ts";
 * const dec = new AttributeDecoder(new Uint8Array([8, 0, 4, 0, 220, 5, 0, 0]));
 * let mtu = 0;
 * while (dec.next()) if (dec.type === 4) mtu = dec.u32();
 * dec.finish();
 * console.assert(mtu === 1500);
 * ```
 * @module
 */
import { align4 } from "./_align.ts";
import { NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK } from "./netlink_consts.ts";

const textDecoder = new TextDecoder();

/** An attribute kept as is: its type (flag bits stripped) and payload. */
export interface RawAttribute {
  /** Attribute type without NLA_F_NESTED / NLA_F_NET_BYTEORDER. */
  type: number;
  /** The payload, without header or padding. */
  data: Uint8Array;
}

/** A cursor over a run of attributes; call `next()` then read the current one with a typed getter. */
export class AttributeDecoder {
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  #offset = 0;
  #type = 0;
  #rawType = 0;
  #data: Uint8Array = new Uint8Array(0);
  #error: Error | undefined;

  /** Creates a decoder over `buf`, which holds attributes only (no fixed header). */
  constructor(buf: Uint8Array) {
    this.#buf = buf;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Moves to the next attribute; false at the end or after a malformed one. */
  next(): boolean {
    if (this.#error !== undefined) return false;
    const remaining = this.#buf.length - this.#offset;
    if (remaining < NLA_HDRLEN) {
      if (remaining > 0 && this.#buf.subarray(this.#offset).some((b) => b !== 0)) {
        this.#fail(new RangeError(`Cannot decode attribute at offset ${this.#offset}: ${remaining} stray bytes`));
      }
      return false;
    }
    const length = this.#view.getUint16(this.#offset, true);
    const rawType = this.#view.getUint16(this.#offset + 2, true);
    if (length < NLA_HDRLEN || length > remaining) {
      this.#fail(
        new RangeError(`Cannot decode attribute ${rawType & NLA_TYPE_MASK}: length ${length}, ${remaining} bytes left`),
      );
      return false;
    }
    this.#rawType = rawType;
    this.#type = rawType & NLA_TYPE_MASK;
    this.#data = this.#buf.subarray(this.#offset + NLA_HDRLEN, this.#offset + length);
    this.#offset = Math.min(this.#buf.length, this.#offset + align4(length));
    return true;
  }

  /** The current attribute's type, flag bits stripped. */
  get type(): number {
    return this.#type;
  }
  /** True when the current attribute carries NLA_F_NESTED. */
  get isNested(): boolean {
    return (this.#rawType & NLA_F_NESTED) !== 0;
  }
  /** The first error met, if any. */
  get error(): Error | undefined {
    return this.#error;
  }

  #fail(err: Error): void {
    this.#error ??= err;
  }

  #sized(size: number): DataView | undefined {
    if (this.#data.length < size) {
      this.#fail(new RangeError(`Cannot decode attribute ${this.#type}: want ${size} bytes, got ${this.#data.length}`));
      return undefined;
    }
    return new DataView(this.#data.buffer, this.#data.byteOffset, this.#data.byteLength);
  }

  /** Reads the current attribute as a u8. */
  u8(): number {
    return this.#sized(1)?.getUint8(0) ?? 0;
  }
  /** Reads the current attribute as a host-order u16. */
  u16(): number {
    return this.#sized(2)?.getUint16(0, true) ?? 0;
  }
  /** Reads the current attribute as a network-order u16. */
  u16be(): number {
    return this.#sized(2)?.getUint16(0, false) ?? 0;
  }
  /** Reads the current attribute as a host-order u32. */
  u32(): number {
    return this.#sized(4)?.getUint32(0, true) ?? 0;
  }
  /** Reads the current attribute as a network-order u32. */
  u32be(): number {
    return this.#sized(4)?.getUint32(0, false) ?? 0;
  }
  /** Reads the current attribute as a host-order i32. */
  i32(): number {
    return this.#sized(4)?.getInt32(0, true) ?? 0;
  }
  /** Reads the current attribute as a host-order u64. */
  u64(): bigint {
    return this.#sized(8)?.getBigUint64(0, true) ?? 0n;
  }
  /** Reads the current attribute as a string, up to its first NUL. */
  str(): string {
    const nul = this.#data.indexOf(0);
    return textDecoder.decode(nul === -1 ? this.#data : this.#data.subarray(0, nul));
  }
  /** Returns a copy of the current attribute's payload. */
  bytes(): Uint8Array<ArrayBuffer> {
    return this.#data.slice();
  }
  /** Returns the current attribute as a {@linkcode RawAttribute} (payload copied), for keeping unknown ones. */
  raw(): RawAttribute {
    return { type: this.#type, data: this.#data.slice() };
  }
  /** Returns a decoder over the current attribute's payload, which holds nested attributes. */
  decoder(): AttributeDecoder {
    return new AttributeDecoder(this.#data);
  }
  /** Decodes the current attribute's nested attributes with `fn`; a nested error becomes this decoder's error. */
  nested<T>(fn: (dec: AttributeDecoder) => T): T {
    const inner = this.decoder();
    const value = fn(inner);
    if (inner.error !== undefined) this.#fail(inner.error);
    return value;
  }

  /** Throws the first error met, if any; call it after the loop. */
  finish(): void {
    if (this.#error !== undefined) throw this.#error;
  }
}
