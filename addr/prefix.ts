/**
 * IP prefixes (CIDR notation), keeping the address as written the way Go's `net.IPNet` from `ParseCIDR` plus the
 * original IP does: `10.1.2.3/24` is both "the address 10.1.2.3" and "the network 10.1.2.0/24".
 * @module
 */
import { type Family, IP } from "./ip.ts";

/** An address with a prefix length, e.g. `10.1.2.3/24`. */
export class Prefix {
  /** The address as written (host bits kept). */
  readonly ip: IP;
  /** Prefix length in bits. */
  readonly bits: number;

  /** Makes a prefix; throws RangeError when `bits` does not fit the family. */
  constructor(ip: IP, bits: number) {
    const max = ip.family === 4 ? 32 : 128;
    if (!Number.isInteger(bits) || bits < 0 || bits > max) {
      throw new RangeError(`Cannot use prefix length ${bits} for IPv${ip.family}: must be 0..${max}`);
    }
    this.ip = ip;
    this.bits = bits;
  }

  /**
   * Parses `address/length`. Throws SyntaxError.
   * @example
   * ```ts
   * import { Prefix } from "./prefix.ts";
   * Prefix.parse("10.1.2.3/24").network().toString(); // "10.1.2.0/24"
   * ```
   */
  static parse(text: string): Prefix {
    const prefix = Prefix.tryParse(text);
    if (!prefix) throw new SyntaxError(`Cannot parse CIDR "${text}"`);
    return prefix;
  }

  /** Like {@linkcode Prefix.parse} but returns undefined for invalid text. */
  static tryParse(text: string): Prefix | undefined {
    const slash = text.indexOf("/");
    if (slash < 0) return undefined;
    const ip = IP.tryParse(text.slice(0, slash));
    const bitsText = text.slice(slash + 1);
    if (!ip || !/^(0|[1-9][0-9]{0,2})$/.test(bitsText)) return undefined;
    const bits = Number(bitsText);
    if (bits > (ip.family === 4 ? 32 : 128)) return undefined;
    return new Prefix(ip, bits);
  }

  /** A host prefix (/32 or /128) for `ip`. */
  static host(ip: IP): Prefix {
    return new Prefix(ip, ip.family === 4 ? 32 : 128);
  }

  /** 4 or 6. */
  get family(): Family {
    return this.ip.family;
  }

  /** The netmask as bytes (4 or 16). */
  mask(): Uint8Array {
    const out = new Uint8Array(this.ip.bytes.length);
    for (let i = 0; i < out.length; i++) {
      const left = this.bits - 8 * i;
      out[i] = left >= 8 ? 0xff : left <= 0 ? 0 : (0xff << (8 - left)) & 0xff;
    }
    return out;
  }

  /** The prefix with host bits cleared (`10.1.2.0/24`). */
  network(): Prefix {
    const mask = this.mask();
    const bytes = this.ip.bytes.map((b, i) => b & mask[i]!);
    return new Prefix(new IP(bytes), this.bits);
  }

  /** The first address of the network (host bits zero). */
  first(): IP {
    return this.network().ip;
  }

  /** The last address of the network (host bits one; the IPv4 broadcast). */
  last(): IP {
    const mask = this.mask();
    return new IP(this.ip.bytes.map((b, i) => (b & mask[i]!) | (~mask[i]! & 0xff)));
  }

  /** Number of addresses in the network. */
  size(): bigint {
    return 1n << BigInt((this.family === 4 ? 32 : 128) - this.bits);
  }

  /** True when `ip` has the same family and lies inside the network. */
  contains(ip: IP): boolean {
    if (ip.family !== this.family) return false;
    const mask = this.mask();
    return ip.bytes.every((b, i) => (b & mask[i]!) === (this.ip.bytes[i]! & mask[i]!));
  }

  /** True when the two networks share at least one address. */
  overlaps(other: Prefix): boolean {
    return this.contains(other.first()) || other.contains(this.first());
  }

  /** True when both have the same address and length. */
  equals(other: Prefix): boolean {
    return this.bits === other.bits && this.ip.equals(other.ip);
  }

  /** `address/length`, with the address as written. */
  toString(): string {
    return `${this.ip}/${this.bits}`;
  }

  /** JSON form is the text form. */
  toJSON(): string {
    return this.toString();
  }
}
