/**
 * Hardware (MAC) addresses: parse, format and generate.
 * @module
 */

/** A 6-byte Ethernet (or 20-byte InfiniBand) hardware address. */
export class MAC {
  /** The address bytes. */
  readonly bytes: Uint8Array;

  /** Wraps `bytes` (copied); throws RangeError unless it has 6, 8 or 20 bytes, as Go's `net.ParseMAC` allows. */
  constructor(bytes: Uint8Array) {
    if (![6, 8, 20].includes(bytes.length)) {
      throw new RangeError(`Cannot make a MAC address from ${bytes.length} bytes`);
    }
    this.bytes = Uint8Array.from(bytes);
  }

  /**
   * Parses `aa:bb:cc:dd:ee:ff` or `aa-bb-cc-dd-ee-ff` (any case). Throws SyntaxError.
   * @example
   * ```ts
   * import { MAC } from "./mac.ts";
   * MAC.parse("0A-00-27-00-00-01").toString(); // "0a:00:27:00:00:01"
   * ```
   */
  static parse(text: string): MAC {
    const mac = MAC.tryParse(text);
    if (!mac) throw new SyntaxError(`Cannot parse MAC address "${text}"`);
    return mac;
  }

  /** Like {@linkcode MAC.parse} but returns undefined for invalid text. */
  static tryParse(text: string): MAC | undefined {
    const parts = text.split(text.includes("-") ? "-" : ":");
    if (![6, 8, 20].includes(parts.length)) return undefined;
    if (!parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p))) return undefined;
    return new MAC(Uint8Array.from(parts.map((p) => parseInt(p, 16))));
  }

  /** A random locally administered unicast address. */
  static random(): MAC {
    const bytes = crypto.getRandomValues(new Uint8Array(6));
    bytes[0] = (bytes[0]! & 0xfe) | 0x02;
    return new MAC(bytes);
  }

  /** True for the all-zeros address. */
  get isZero(): boolean {
    return this.bytes.every((b) => b === 0);
  }

  /** Lower-case colon-separated form. */
  toString(): string {
    return Array.from(this.bytes, (b) => b.toString(16).padStart(2, "0")).join(":");
  }

  /** JSON form is the text form. */
  toJSON(): string {
    return this.toString();
  }

  /** True when both have the same bytes. */
  equals(other: MAC): boolean {
    return this.bytes.length === other.bytes.length && this.bytes.every((b, i) => b === other.bytes[i]);
  }
}
