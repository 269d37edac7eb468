/**
 * Writes a fixed-size C struct (ifinfomsg, rtmsg, …) field by field in host byte order (little-endian on the
 * architectures we support), so code outside `netlink/wire/` never touches a DataView.
 *
 * @example
 * ```ts
 * import { StructWriter } from "./struct_writer.ts";
 * const w = new StructWriter(8);
 * w.u8(2); w.u8(24); w.u8(0); w.u8(0); w.u32(3);
 * console.assert(w.bytes().join(",") === "2,24,0,0,3,0,0,0");
 * ```
 * @module
 */

/** A cursor over a zero-filled struct of `size` bytes; each write advances it. */
export class StructWriter {
  readonly #buf: Uint8Array<ArrayBuffer>;
  readonly #view: DataView;
  #offset = 0;

  /** Creates a writer over `size` zeroed bytes. */
  constructor(size: number) {
    this.#buf = new Uint8Array(size);
    this.#view = new DataView(this.#buf.buffer);
  }

  #advance(n: number): number {
    const at = this.#offset;
    if (at + n > this.#buf.length) {
      throw new RangeError(`Cannot write ${n} bytes at offset ${at}: struct is ${this.#buf.length} bytes`);
    }
    this.#offset += n;
    return at;
  }

  /** Writes an unsigned byte. */
  u8(v: number): this {
    this.#view.setUint8(this.#advance(1), v);
    return this;
  }
  /** Writes a host-order u16. */
  u16(v: number): this {
    this.#view.setUint16(this.#advance(2), v, true);
    return this;
  }
  /** Writes a network-order u16. */
  u16be(v: number): this {
    this.#view.setUint16(this.#advance(2), v, false);
    return this;
  }
  /** Writes a host-order u32. */
  u32(v: number): this {
    this.#view.setUint32(this.#advance(4), v >>> 0, true);
    return this;
  }
  /** Writes a host-order i32. */
  i32(v: number): this {
    this.#view.setInt32(this.#advance(4), v, true);
    return this;
  }
  /** Writes a host-order u64. */
  u64(v: bigint | number): this {
    this.#view.setBigUint64(this.#advance(8), BigInt(v), true);
    return this;
  }
  /** Copies `b` (at most `length` bytes, zero-padded to `length` when given). */
  raw(b: Uint8Array, length = b.length): this {
    const at = this.#advance(length);
    this.#buf.set(b.subarray(0, length), at);
    return this;
  }
  /** Skips `n` bytes, leaving them zero. */
  skip(n: number): this {
    this.#advance(n);
    return this;
  }
  /** Returns the struct's bytes. */
  bytes(): Uint8Array<ArrayBuffer> {
    return this.#buf;
  }
}
