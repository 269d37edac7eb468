/**
 * One allocation range of host-local: a subnet with an inclusive start..end and a gateway, canonicalised the way
 * the reference's `Range.Canonicalize` does (same defaults, same error texts).
 * @module
 */
import { IP, Prefix } from "../../addr/mod.ts";

/** A range as written in the config: every field a string, only `subnet` required. */
export interface RangeInput {
  /** The network to allocate from, e.g. `10.1.0.0/16`; must be a network address. */
  subnet: string;
  /** First address handed out (inclusive); defaults to network+1. */
  rangeStart?: string | undefined;
  /** Last address handed out (inclusive); defaults to broadcast-1 (IPv4) or the last address (IPv6). */
  rangeEnd?: string | undefined;
  /** Gateway returned in the result and never handed out; defaults to network+1. */
  gateway?: string | undefined;
}

/** Turns an IPv4-mapped IPv6 address into plain IPv4, as Go's `To4()` canonicalisation does. */
export function canonicalIP(ip: IP): IP {
  if (ip.family === 6) {
    const b = ip.bytes;
    const isMapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
    if (isMapped) return new IP(b.slice(12));
  }
  return ip;
}

/** Parses an IP (canonicalised) or throws `Error` naming `what`. */
function parseIP(text: string, what: string): IP {
  const ip = IP.tryParse(text.trim());
  if (!ip) throw new Error(`Cannot parse ${what} "${text}": not an IP address`);
  return canonicalIP(ip);
}

/** A canonical range: every field resolved; immutable. */
export class Range {
  /** The masked subnet. */
  readonly subnet: Prefix;
  /** First allocatable address (inclusive). */
  readonly rangeStart: IP;
  /** Last allocatable address (inclusive). */
  readonly rangeEnd: IP;
  /** The gateway (skipped by the iterator). */
  readonly gateway: IP;

  private constructor(subnet: Prefix, start: IP, end: IP, gateway: IP) {
    this.subnet = subnet;
    this.rangeStart = start;
    this.rangeEnd = end;
    this.gateway = gateway;
  }

  /**
   * Validates `input` and fills in the defaults. Throws `Error` with the reference's message when the subnet is
   * too small (/31, /32, /127, /128), has host bits set, or start/end lie outside it.
   */
  static canonicalize(input: RangeInput): Range {
    const parsed = Prefix.tryParse(input.subnet.trim());
    if (!parsed) throw new Error(`Cannot parse subnet "${input.subnet}": not a CIDR`);
    const ip = canonicalIP(parsed.ip);
    const bits = ip.family === parsed.family ? parsed.bits : parsed.bits - 96;
    if (bits < 0) throw new Error(`Cannot use subnet "${input.subnet}": IPNet IP and Mask version mismatch`);
    const given = new Prefix(ip, bits);
    const network = given.network();
    const max = ip.family === 4 ? 32 : 128;
    if (bits > max - 2) throw new Error(`Network ${network} too small to allocate from`);
    if (!network.ip.equals(ip)) {
      throw new Error(
        `Network has host bits set. For a subnet mask of length ${bits} the network address is ${network.ip}`,
      );
    }
    const gateway = input.gateway ? parseIP(input.gateway, "gateway") : network.ip.next();
    const start = input.rangeStart ? parseIP(input.rangeStart, "rangeStart") : network.ip.next();
    if (!network.contains(start)) throw new Error(`RangeStart ${start} not in network ${network}`);
    const end = input.rangeEnd ? parseIP(input.rangeEnd, "rangeEnd") : lastIP(network);
    if (!network.contains(end)) throw new Error(`RangeEnd ${end} not in network ${network}`);
    // Not checked by the reference, whose iterator then walks the whole address space.
    if (start.compare(end) > 0) throw new Error(`RangeStart ${start} is after RangeEnd ${end}`);
    return new Range(network, start, end, gateway);
  }

  /** True when `ip` is in the subnet and between start and end (inclusive). */
  contains(ip: IP): boolean {
    const addr = canonicalIP(ip);
    return this.subnet.contains(addr) && addr.compare(this.rangeStart) >= 0 && addr.compare(this.rangeEnd) <= 0;
  }

  /** True when the two ranges share an address (different families never overlap). */
  overlaps(other: Range): boolean {
    if (this.subnet.family !== other.subnet.family) return false;
    return this.contains(other.rangeStart) || this.contains(other.rangeEnd) || other.contains(this.rangeStart) ||
      other.contains(this.rangeEnd);
  }

  /** `start-end`, as the reference prints a range. */
  toString(): string {
    return `${this.rangeStart}-${this.rangeEnd}`;
  }
}

/** The last address of `network`, minus the broadcast for IPv4. */
function lastIP(network: Prefix): IP {
  const last = network.last();
  return network.family === 4 ? last.prev() : last;
}
