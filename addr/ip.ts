/**
 * IP addresses as immutable byte values: parse, format (as Go's `net.IP.String` does), compare and step.
 * @module
 */

/** Address family: 4 or 6. */
export type Family = 4 | 6;

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address. Immutable; arithmetic returns new values. */
export class IP {
  /** Network-order bytes: 4 for IPv4, 16 for IPv6. */
  readonly bytes: Uint8Array;

  /** Wraps `bytes` (copied); throws RangeError unless it has 4 or 16 bytes. */
  constructor(bytes: Uint8Array) {
    if (bytes.length !== 4 && bytes.length !== 16) {
      throw new RangeError(`Cannot make an IP from ${bytes.length} bytes: need 4 or 16`);
    }
    this.bytes = Uint8Array.from(bytes);
  }

  /** 4 or 6. */
  get family(): Family {
    return this.bytes.length === 4 ? 4 : 6;
  }

  /**
   * Parses dotted-quad IPv4 or RFC 4291 IPv6 text (a zone is not allowed). Throws SyntaxError.
   * @example
   * ```ts
   * import { IP } from "./ip.ts";
   * IP.parse("2001:0db8:0:0::1").toString(); // "2001:db8::1"
   * ```
   */
  static parse(text: string): IP {
    const ip = IP.tryParse(text);
    if (!ip) throw new SyntaxError(`Cannot parse IP address "${text}"`);
    return ip;
  }

  /** Like {@linkcode IP.parse} but returns undefined for invalid text. */
  static tryParse(text: string): IP | undefined {
    if (text.includes(":")) {
      const bytes = parse6(text);
      return bytes ? new IP(bytes) : undefined;
    }
    const bytes = parse4(text);
    return bytes ? new IP(bytes) : undefined;
  }

  /** Builds an address of `family` from an unsigned integer (taken modulo the address space). */
  static fromBigInt(value: bigint, family: Family): IP {
    const size = family === 4 ? 4 : 16;
    const bytes = new Uint8Array(size);
    let v = BigInt.asUintN(size * 8, value);
    for (let i = size - 1; i >= 0; i--) {
      bytes[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return new IP(bytes);
  }

  /** The all-zeros address of `family` (`0.0.0.0` or `::`). */
  static unspecified(family: Family): IP {
    return new IP(new Uint8Array(family === 4 ? 4 : 16));
  }

  /** The address as an unsigned integer. */
  toBigInt(): bigint {
    let v = 0n;
    for (const b of this.bytes) v = (v << 8n) | BigInt(b);
    return v;
  }

  /** True for `0.0.0.0` and `::`. */
  get isUnspecified(): boolean {
    return this.bytes.every((b) => b === 0);
  }

  /** Text form: dotted quad, or RFC 5952 IPv6 (as Go prints it, IPv4-mapped as `::ffff:a.b.c.d`). */
  toString(): string {
    return this.family === 4 ? this.bytes.join(".") : format6(this.bytes);
  }

  /** JSON form is the text form. */
  toJSON(): string {
    return this.toString();
  }

  /** True when both have the same family and bytes. */
  equals(other: IP): boolean {
    return this.compare(other) === 0;
  }

  /** Orders IPv4 before IPv6, then numerically: negative, zero or positive. */
  compare(other: IP): number {
    if (this.bytes.length !== other.bytes.length) return this.bytes.length - other.bytes.length;
    for (let i = 0; i < this.bytes.length; i++) {
      const d = this.bytes[i]! - other.bytes[i]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  /** This address plus `n` (may be negative), wrapping around the address space. */
  add(n: bigint): IP {
    return IP.fromBigInt(this.toBigInt() + n, this.family);
  }

  /** The next address (wraps from the last address to zero). */
  next(): IP {
    return this.add(1n);
  }

  /** The previous address (wraps from zero to the last address). */
  prev(): IP {
    return this.add(-1n);
  }
}

function parse4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    // Go rejects empty octets, non-digits and leading zeros ("010").
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parse6(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.includes("%")) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] === "" ? [] : halves[0]!.split(":");
  const tail = halves.length === 2 ? (halves[1] === "" ? [] : halves[1]!.split(":")) : [];
  const groups: number[] = [];
  const parseGroups = (parts: string[], isLast: boolean): number[] | undefined => {
    const out: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (isLast && i === parts.length - 1 && part.includes(".")) {
        const v4 = parse4(part);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
      out.push(parseInt(part, 16));
    }
    return out;
  };
  const headGroups = parseGroups(head, halves.length === 1);
  const tailGroups = parseGroups(tail, true);
  if (!headGroups || !tailGroups) return undefined;
  if (halves.length === 1) {
    if (headGroups.length !== 8) return undefined;
    groups.push(...headGroups);
  } else {
    const missing = 8 - headGroups.length - tailGroups.length;
    if (missing < 1) return undefined;
    groups.push(...headGroups, ...new Array<number>(missing).fill(0), ...tailGroups);
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

function format6(bytes: Uint8Array): string {
  const isV4Mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isV4Mapped) return `::ffff:${bytes.slice(12).join(".")}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  // RFC 5952: compress the first longest run of two or more zero groups.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  const left = hex.slice(0, bestStart).join(":");
  const right = hex.slice(bestStart + bestLen).join(":");
  return `${left}::${right}`;
}
