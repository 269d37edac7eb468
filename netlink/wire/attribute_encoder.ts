/**
 * Builds netlink attributes (struct nlattr TLVs) with typed methods and a sticky error, as mdlayher's
 * `AttributeEncoder`: the first bad value is kept and thrown once by {@linkcode AttributeEncoder.encode}.
 * Lengths and 4-byte padding are computed here and nowhere else.
 *
 * @example
 * ```ts
 * import { AttributeEncoder } from "./attribute_encoder.ts";
 * const enc = new AttributeEncoder();
 * enc.u32(4, 1500); // IFLA_MTU
 * console.assert(enc.encode().join(",") === "8,0,4,0,220,5,0,0");
 * ```
 * @module
 */
import { align4 } from "./_align.ts";
import { NLA_HDRLEN } from "./netlink_consts.ts";

const textEncoder = new TextEncoder();
const MAX_ATTR_LEN = 0xffff;

/** Appends attributes to a growing buffer, optionally after a fixed header struct. */
export class AttributeEncoder {
  #buf: Uint8Array<ArrayBuffer>;
  #view: DataView;
  #len = 0;
  #error: Error | undefined;

  /** Creates an encoder; `header` (e.g. an ifinfomsg) is written first and padded to 4 bytes. */
  constructor(header?: Uint8Array) {
    this.#buf = new Uint8Array(256);
    this.#view = new DataView(this.#buf.buffer);
    if (header !== undefined) {
      const at = this.#reserve(align4(header.length));
      this.#buf.set(header, at);
    }
  }

  /** The first error met, if any (it is also thrown by `encode()`). */
  get error(): Error | undefined {
    return this.#error;
  }

  #fail(err: Error): void {
    this.#error ??= err;
  }

  #reserve(n: number): number {
    const at = this.#len;
    const need = at + n;
    if (need > this.#buf.length) {
      let size = this.#buf.length * 2;
      while (size < need) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.#buf.subarray(0, at));
      this.#buf = grown;
      this.#view = new DataView(grown.buffer);
    }
    this.#len = need;
    return at;
  }

  #checkType(type: number): boolean {
    if (!Number.isInteger(type) || type < 0 || type > 0xffff) {
      this.#fail(new RangeError(`Cannot encode attribute type ${type}: not a u16`));
      return false;
    }
    return true;
  }

  /** Writes the header and returns the payload offset; padding is added by `#close`. */
  #open(type: number, payloadLength: number): number {
    const at = this.#reserve(NLA_HDRLEN + payloadLength);
    this.#view.setUint16(at + 2, type, true);
    return at;
  }

  #close(at: number): void {
    const length = this.#len - at;
    if (length > MAX_ATTR_LEN) {
      const type = this.#view.getUint16(at + 2, true);
      this.#fail(new RangeError(`Cannot encode attribute ${type}: ${length} bytes exceeds the 65535-byte limit`));
    }
    this.#view.setUint16(at, length & 0xffff, true);
    this.#reserve(align4(this.#len) - this.#len);
  }

  #scalar(type: number, size: number, write: (view: DataView, at: number) => void): void {
    if (!this.#checkType(type)) return;
    const at = this.#open(type, size);
    write(this.#view, at + NLA_HDRLEN);
    this.#close(at);
  }

  #checkInt(type: number, v: number, max: number, min = 0): boolean {
    if (!Number.isInteger(v) || v < min || v > max) {
      this.#fail(new RangeError(`Cannot encode attribute ${type}: ${v} is out of range ${min}..${max}`));
      return false;
    }
    return true;
  }

  /** Appends a u8 attribute. */
  u8(type: number, v: number): void {
    if (this.#checkInt(type, v, 0xff)) this.#scalar(type, 1, (d, at) => d.setUint8(at, v));
  }
  /** Appends a host-order u16 attribute. */
  u16(type: number, v: number): void {
    if (this.#checkInt(type, v, 0xffff)) this.#scalar(type, 2, (d, at) => d.setUint16(at, v, true));
  }
  /** Appends a network-order u16 attribute (ports). */
  u16be(type: number, v: number): void {
    if (this.#checkInt(type, v, 0xffff)) this.#scalar(type, 2, (d, at) => d.setUint16(at, v, false));
  }
  /** Appends a host-order u32 attribute. */
  u32(type: number, v: number): void {
    if (this.#checkInt(type, v, 0xffffffff)) this.#scalar(type, 4, (d, at) => d.setUint32(at, v, true));
  }
  /** Appends a network-order u32 attribute. */
  u32be(type: number, v: number): void {
    if (this.#checkInt(type, v, 0xffffffff)) this.#scalar(type, 4, (d, at) => d.setUint32(at, v, false));
  }
  /** Appends a host-order i32 attribute. */
  i32(type: number, v: number): void {
    if (this.#checkInt(type, v, 0x7fffffff, -0x80000000)) this.#scalar(type, 4, (d, at) => d.setInt32(at, v, true));
  }
  /** Appends a host-order u64 attribute. */
  u64(type: number, v: bigint | number): void {
    const big = BigInt(v);
    if (big < 0n || big > 0xffffffffffffffffn) {
      this.#fail(new RangeError(`Cannot encode attribute ${type}: ${big} is out of range for u64`));
      return;
    }
    this.#scalar(type, 8, (d, at) => d.setBigUint64(at, big, true));
  }
  /** Appends a NUL-terminated string attribute; a string containing NUL is an error. */
  str(type: number, s: string): void {
    if (s.includes("\0")) {
      this.#fail(new TypeError(`Cannot encode attribute ${type}: string ${JSON.stringify(s)} contains NUL`));
      return;
    }
    const bytes = textEncoder.encode(s);
    this.#scalar(type, bytes.length + 1, (_d, at) => this.#buf.set(bytes, at));
  }
  /** Appends an attribute whose payload is `b` as is (addresses, structs). */
  bytes(type: number, b: Uint8Array): void {
    this.#scalar(type, b.length, (_d, at) => this.#buf.set(b, at));
  }
  /** Writes `b` as is, padded to 4 bytes: a fixed struct at the start of a nested payload (VETH_INFO_PEER). */
  raw(b: Uint8Array): void {
    const at = this.#reserve(align4(b.length));
    this.#buf.set(b, at);
  }
  /** Appends an empty attribute (a flag: present means true). */
  flag(type: number): void {
    this.#scalar(type, 0, () => {});
  }
  /** Appends a nested attribute whose children `fn` writes into this same encoder. */
  nested(type: number, fn: (enc: AttributeEncoder) => void): void {
    if (!this.#checkType(type)) return;
    const at = this.#open(type, 0);
    fn(this);
    this.#close(at);
  }

  /** Returns the encoded bytes (header plus attributes), or throws the first error met. */
  encode(): Uint8Array<ArrayBuffer> {
    if (this.#error !== undefined) throw this.#error;
    return this.#buf.slice(0, this.#len);
  }
}
