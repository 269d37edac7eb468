/**
 * Typed values of the `interface` and `route` flags, and {@linkcode UsageError} for arguments that are wrong
 * before anything is tried (exit status 2).
 * @module
 */
import { IP, MAC, Prefix } from "../../addr/mod.ts";
import { IFNAME_MAX } from "../../netlink/mod.ts";

/** Bad arguments: the command printed its usage and changed nothing. */
export class UsageError extends Error {
  /** Creates the error; `message` reads like `Cannot parse --ip "10.0.0.300/24": not a CIDR`. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Parses `address/length` given to `flag`; throws UsageError. */
export function cidrFlag(flag: string, text: string): Prefix {
  const prefix = Prefix.tryParse(text);
  if (prefix === undefined) throw new UsageError(`Cannot parse ${flag} "${text}": not a CIDR (address/length)`);
  return prefix;
}

/** Parses an IP address given to `flag`; throws UsageError. */
export function ipFlag(flag: string, text: string): IP {
  const ip = IP.tryParse(text);
  if (ip === undefined) throw new UsageError(`Cannot parse ${flag} "${text}": not an IP address`);
  return ip;
}

/** Parses a 6-byte MAC given to `flag`; throws UsageError. */
export function macFlag(flag: string, text: string): MAC {
  const mac = MAC.tryParse(text);
  if (mac === undefined || mac.bytes.length !== 6) {
    throw new UsageError(`Cannot parse ${flag} "${text}": not a MAC address (aa:bb:cc:dd:ee:ff)`);
  }
  return mac;
}

/** Parses an MTU (68–65535) given to `flag`; throws UsageError. */
export function mtuFlag(flag: string, text: string): number {
  const mtu = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(mtu >= 68 && mtu <= 65535)) throw new UsageError(`Cannot parse ${flag} "${text}": not an MTU (68-65535)`);
  return mtu;
}

/** Checks an interface name given to `flag` (1–15 bytes, no "/", ":" or spaces); throws UsageError. */
export function ifnameFlag(flag: string, text: string): string {
  const length = new TextEncoder().encode(text).length;
  if (length === 0 || length > IFNAME_MAX || /[\s/:]/.test(text) || text === "." || text === "..") {
    throw new UsageError(`Cannot use ${flag} "${text}": an interface name is 1-15 bytes without "/", ":" or spaces`);
  }
  return text;
}
