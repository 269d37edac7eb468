/**
 * The DHCPv4 message (RFC 2131 §2, fig. 1): fixed BOOTP header, magic cookie, options. Options are kept in order;
 * a code that appears more than once is concatenated on decode and a value over 255 bytes is split on encode
 * (RFC 3396). Option overload (52) is not supported: `sname` and `file` are read as text only.
 * @module
 */
import { IP } from "../../addr/mod.ts";
import { DhcpOption, type MessageType } from "./options.ts";

/** BOOTP op: a client's request. */
export const BOOTREQUEST = 1;
/** BOOTP op: a server's reply. */
export const BOOTREPLY = 2;
/** The broadcast bit of `flags` (RFC 2131 §2): ask the server to broadcast its reply. */
export const FLAG_BROADCAST = 0x8000;
/** 99.130.83.99, first four bytes after the BOOTP header. */
const MAGIC_COOKIE = [99, 130, 83, 99];
/** Fixed header length, up to and including `file`. */
const HEADER_LENGTH = 236;
/** Smallest BOOTP message relays must accept (RFC 1542 §2.1): we pad our messages to it. */
const MIN_LENGTH = 300;

/** A decoded DHCPv4 message. */
export interface DhcpPacket {
  /** 1 request, 2 reply. */
  op: number;
  /** Hardware type (1 Ethernet). */
  htype: number;
  /** Hardware address length (6 for Ethernet). */
  hlen: number;
  /** Relay hops. */
  hops: number;
  /** Transaction ID. */
  xid: number;
  /** Seconds since the client began. */
  secs: number;
  /** Flags; bit 15 is {@linkcode FLAG_BROADCAST}. */
  flags: number;
  /** Client address (set when renewing). */
  ciaddr: IP;
  /** "Your" address: the one offered. */
  yiaddr: IP;
  /** Next server address. */
  siaddr: IP;
  /** Relay agent address. */
  giaddr: IP;
  /** Client hardware address (the first `hlen` bytes matter). */
  chaddr: Uint8Array;
  /** Server host name (text, NULs stripped). */
  sname: string;
  /** Boot file name (text, NULs stripped). */
  file: string;
  /** Options in order, code → value; PAD and END are not listed. */
  options: Map<number, Uint8Array>;
}

const ZERO = new IP(new Uint8Array(4));

/** A client request with every header field at its usual value; pass `fields` to override. */
export function newRequest(fields: Partial<DhcpPacket> & { xid: number; chaddr: Uint8Array }): DhcpPacket {
  return {
    op: BOOTREQUEST,
    htype: 1,
    hlen: 6,
    hops: 0,
    secs: 0,
    flags: 0,
    ciaddr: ZERO,
    yiaddr: ZERO,
    siaddr: ZERO,
    giaddr: ZERO,
    sname: "",
    file: "",
    options: new Map(),
    ...fields,
  };
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function writeText(out: Uint8Array, at: number, size: number, text: string): void {
  const bytes = encoder.encode(text);
  if (bytes.length > size) throw new RangeError(`Cannot encode "${text}": longer than ${size} bytes`);
  out.set(bytes, at);
}

function readText(data: Uint8Array, at: number, size: number): string {
  const field = data.subarray(at, at + size);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

/** Encodes `packet`, ending the options with END and padding the message to 300 bytes. */
export function encodePacket(packet: DhcpPacket): Uint8Array {
  const optionBytes: number[] = [];
  for (const [code, value] of packet.options) {
    if (code === DhcpOption.PAD || code === DhcpOption.END) continue;
    let at = 0;
    do {
      const chunk = value.subarray(at, at + 255);
      optionBytes.push(code, chunk.length, ...chunk);
      at += 255;
    } while (at < value.length);
  }
  optionBytes.push(DhcpOption.END);
  const length = Math.max(MIN_LENGTH, HEADER_LENGTH + MAGIC_COOKIE.length + optionBytes.length);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  out[0] = packet.op;
  out[1] = packet.htype;
  out[2] = packet.hlen;
  out[3] = packet.hops;
  view.setUint32(4, packet.xid >>> 0);
  view.setUint16(8, packet.secs);
  view.setUint16(10, packet.flags);
  for (const [i, ip] of [packet.ciaddr, packet.yiaddr, packet.siaddr, packet.giaddr].entries()) {
    if (ip.family !== 4) throw new TypeError(`Cannot encode "${ip}" in a DHCPv4 header: not an IPv4 address`);
    out.set(ip.bytes, 12 + i * 4);
  }
  if (packet.chaddr.length > 16) throw new RangeError("Cannot encode chaddr: longer than 16 bytes");
  out.set(packet.chaddr, 28);
  writeText(out, 44, 64, packet.sname);
  writeText(out, 108, 128, packet.file);
  out.set(MAGIC_COOKIE, HEADER_LENGTH);
  out.set(optionBytes, HEADER_LENGTH + MAGIC_COOKIE.length);
  return out;
}

/** Decodes a DHCP message; throws SyntaxError when it is shorter than the header or lacks the magic cookie. */
export function decodePacket(data: Uint8Array): DhcpPacket {
  if (data.length < HEADER_LENGTH + MAGIC_COOKIE.length) {
    throw new SyntaxError(`Cannot decode DHCP message: ${data.length} bytes is shorter than the header`);
  }
  if (MAGIC_COOKIE.some((b, i) => data[HEADER_LENGTH + i] !== b)) {
    throw new SyntaxError("Cannot decode DHCP message: no magic cookie");
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const ipAt = (at: number) => new IP(data.slice(at, at + 4));
  const hlen = data[2]!;
  return {
    op: data[0]!,
    htype: data[1]!,
    hlen,
    hops: data[3]!,
    xid: view.getUint32(4),
    secs: view.getUint16(8),
    flags: view.getUint16(10),
    ciaddr: ipAt(12),
    yiaddr: ipAt(16),
    siaddr: ipAt(20),
    giaddr: ipAt(24),
    chaddr: data.slice(28, 28 + Math.min(hlen, 16)),
    sname: readText(data, 44, 64),
    file: readText(data, 108, 128),
    options: decodeOptions(data.subarray(HEADER_LENGTH + MAGIC_COOKIE.length)),
  };
}

function decodeOptions(data: Uint8Array): Map<number, Uint8Array> {
  const options = new Map<number, Uint8Array>();
  let i = 0;
  while (i < data.length) {
    const code = data[i]!;
    if (code === DhcpOption.END) break;
    if (code === DhcpOption.PAD) {
      i++;
      continue;
    }
    const len = data[i + 1];
    if (len === undefined || i + 2 + len > data.length) {
      throw new SyntaxError(`Cannot decode DHCP option ${code}: truncated`);
    }
    const value = data.slice(i + 2, i + 2 + len);
    const seen = options.get(code);
    if (seen === undefined) {
      options.set(code, value);
    } else {
      const joined = new Uint8Array(seen.length + value.length);
      joined.set(seen);
      joined.set(value, seen.length);
      options.set(code, joined);
    }
    i += 2 + len;
  }
  return options;
}

/** The message type (option 53), or undefined when absent: then it is plain BOOTP, which we ignore. */
export function messageTypeOf(packet: DhcpPacket): MessageType | undefined {
  const value = packet.options.get(DhcpOption.MESSAGE_TYPE);
  if (value?.length !== 1 || value[0]! < 1 || value[0]! > 8) return undefined;
  return value[0] as MessageType;
}
