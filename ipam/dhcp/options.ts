/**
 * DHCPv4 option codes (RFC 2132 and later) and the codecs of the simple option shapes: IPv4 lists, 32-bit seconds,
 * text, the classful static routes of option 33, and the option names the reference plugin accepts in its config.
 * @module
 */
import { IP } from "../../addr/mod.ts";

/** Option codes we read or write, spelled as in RFC 2132 / RFC 3442 / RFC 3397. */
export const DhcpOption = {
  PAD: 0,
  SUBNET_MASK: 1,
  ROUTER: 3,
  DNS_SERVERS: 6,
  HOST_NAME: 12,
  DOMAIN_NAME: 15,
  STATIC_ROUTES: 33,
  REQUESTED_IP: 50,
  LEASE_TIME: 51,
  MESSAGE_TYPE: 53,
  SERVER_ID: 54,
  PARAMETER_REQUEST_LIST: 55,
  MESSAGE: 56,
  MAX_MESSAGE_SIZE: 57,
  RENEWAL_TIME: 58,
  REBINDING_TIME: 59,
  VENDOR_CLASS_ID: 60,
  CLIENT_ID: 61,
  USER_CLASS: 77,
  DOMAIN_SEARCH: 119,
  CLASSLESS_STATIC_ROUTES: 121,
  END: 255,
} as const;

/** DHCP message types (option 53). */
export const MessageType = {
  DISCOVER: 1,
  OFFER: 2,
  REQUEST: 3,
  DECLINE: 4,
  ACK: 5,
  NAK: 6,
  RELEASE: 7,
  INFORM: 8,
} as const;

/** A DHCP message type number (1–8). */
export type MessageType = typeof MessageType[keyof typeof MessageType];

/** The option names the reference plugin accepts in `request`/`provide`; any other option is given by number. */
const OPTION_NAMES: Readonly<Record<string, number>> = {
  "dhcp-client-identifier": DhcpOption.CLIENT_ID,
  "subnet-mask": DhcpOption.SUBNET_MASK,
  "routers": DhcpOption.ROUTER,
  "host-name": DhcpOption.HOST_NAME,
  "user-class": DhcpOption.USER_CLASS,
  "vendor-class-identifier": DhcpOption.VENDOR_CLASS_ID,
};

/**
 * Parses an option as the config names it: one of the reference's names or a decimal 0–255.
 * Throws RangeError otherwise.
 */
export function parseOptionName(option: string): number {
  const named = Object.hasOwn(OPTION_NAMES, option) ? OPTION_NAMES[option] : undefined;
  if (named !== undefined) return named;
  if (/^[0-9]{1,3}$/.test(option)) {
    const code = Number(option);
    if (code <= 255) return code;
  }
  throw new RangeError(`Cannot parse option "${option}": not a known name or a number 0-255`);
}

/** Encodes IPv4 addresses back to back (options 1, 3, 6, 50, 54). */
export function encodeIPv4List(ips: readonly IP[]): Uint8Array {
  const out = new Uint8Array(ips.length * 4);
  ips.forEach((ip, i) => {
    if (ip.family !== 4) throw new TypeError(`Cannot encode "${ip}" in a DHCPv4 option: not an IPv4 address`);
    out.set(ip.bytes, i * 4);
  });
  return out;
}

/** Decodes back-to-back IPv4 addresses; trailing bytes that do not make a whole address are ignored. */
export function decodeIPv4List(data: Uint8Array): IP[] {
  const ips: IP[] = [];
  for (let i = 0; i + 4 <= data.length; i += 4) ips.push(new IP(data.slice(i, i + 4)));
  return ips;
}

/** Encodes an unsigned 32-bit big-endian number (options 51, 58, 59: seconds). */
export function encodeU32(value: number): Uint8Array {
  return new Uint8Array([(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

/** Decodes an unsigned 32-bit big-endian number, or undefined when `data` is not 4 bytes. */
export function decodeU32(data: Uint8Array | undefined): number | undefined {
  if (data === undefined || data.length !== 4) return undefined;
  return ((data[0]! << 24) >>> 0) + (data[1]! << 16) + (data[2]! << 8) + data[3]!;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes text as the option bytes (hostname, domain name, vendor class). */
export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes option text, dropping the trailing NULs some servers send. */
export function decodeText(data: Uint8Array): string {
  return decoder.decode(data).replace(/\0+$/, "");
}

/** A static route carried in a DHCP option: destination prefix and router. */
export interface DhcpRoute {
  /** Destination, e.g. `10.0.0.0/8`. */
  dst: string;
  /** Router address. */
  gw: string;
}

/** The classful mask length of `ip` (class A /8, B /16, C /24, otherwise /32), as option 33 implies. */
function classfulBits(ip: IP): number {
  const first = ip.bytes[0]!;
  if (first < 128) return 8;
  if (first < 192) return 16;
  if (first < 224) return 24;
  return 32;
}

/** Decodes option 33 (RFC 2132 §5.8): destination/router pairs, the destination's mask implied by its class. */
export function decodeStaticRoutes(data: Uint8Array): DhcpRoute[] {
  const routes: DhcpRoute[] = [];
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const dst = new IP(data.slice(i, i + 4));
    const gw = new IP(data.slice(i + 4, i + 8));
    routes.push({ dst: `${dst}/${classfulBits(dst)}`, gw: gw.toString() });
  }
  return routes;
}
