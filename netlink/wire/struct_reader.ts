/**
 * Reads a fixed-size C struct field by field in host byte order; throws RangeError when the input is too short.
 *
 * @example
 * ```ts
 * import { StructReader } from "./struct_reader.ts";
 * const r = new StructReader(new Uint8Array([2, 24, 0, 0, 3, 0, 0, 0]));
 * console.assert(r.u8() === 2 && r.u8() === 24 && r.skip(2).u32() === 3);
 * ```
 * @module
 */

/** A cursor over bytes that holds a C struct; each read advances it. */
export class StructReader {
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  #offset = 0;

  /** Creates a reader over `buf`. */
  constructor(buf: Uint8Array) {
    this.#buf = buf;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  #advance(n: number): number {
    const at = this.#offset;
    if (at + n > this.#buf.length) {
      throw new RangeError(`Cannot read ${n} bytes at offset ${at}: message has ${this.#buf.length} bytes`);
    }
    this.#offset += n;
    return at;
  }

  /** The number of bytes read so far. */
  get offset(): number {
    return this.#offset;
  }
  /** Reads an unsigned byte. */
  u8(): number {
    return this.#view.getUint8(this.#advance(1));
  }
  /** Reads a host-order u16. */
  u16(): number {
    return this.#view.getUint16(this.#advance(2), true);
  }
  /** Reads a network-order u16. */
  u16be(): number {
    return this.#view.getUint16(this.#advance(2), false);
  }
  /** Reads a host-order u32. */
  u32(): number {
    return this.#view.getUint32(this.#advance(4), true);
  }
  /** Reads a host-order i32. */
  i32(): number {
    return this.#view.getInt32(this.#advance(4), true);
  }
  /** Reads a host-order u64. */
  u64(): bigint {
    return this.#view.getBigUint64(this.#advance(8), true);
  }
  /** Returns the next `n` bytes (a view, not a copy). */
  raw(n: number): Uint8Array {
    const at = this.#advance(n);
    return this.#buf.subarray(at, at + n);
  }
  /** Skips `n` bytes. */
  skip(n: number): this {
    this.#advance(n);
    return this;
  }
  /** Returns everything after the cursor (a view). */
  rest(): Uint8Array {
    return this.#buf.subarray(this.#offset);
  }
}
