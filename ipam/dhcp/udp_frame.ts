/**
 * IPv4 + UDP headers (RFC 791, RFC 768) for a packet socket, which sends and receives whole IP datagrams: the
 * DHCP client needs them because its interface has no address yet, so the kernel's UDP stack cannot be used.
 * @module
 */
import { IP } from "../../addr/mod.ts";

/** A UDP datagram with its IPv4 endpoints. */
export interface UdpFrame {
  /** Source address. */
  src: IP;
  /** Destination address. */
  dst: IP;
  /** Source port. */
  srcPort: number;
  /** Destination port. */
  dstPort: number;
  /** UDP payload. */
  payload: Uint8Array;
}

const IPPROTO_UDP = 17;
const IP_HEADER = 20;
const UDP_HEADER = 8;

/** The Internet checksum (RFC 1071) of `data`, continuing from `sum`. */
function onesComplementSum(data: Uint8Array, sum = 0): number {
  for (let i = 0; i < data.length; i += 2) sum += (data[i]! << 8) | (data[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** Computes the Internet checksum of `data` (RFC 1071): the one's complement of the one's complement sum. */
export function internetChecksum(data: Uint8Array, initial = 0): number {
  return ~onesComplementSum(data, initial) & 0xffff;
}

/** Encodes an IPv4 datagram (TTL 64, DF unset, ID 0) carrying one UDP datagram, both checksums computed. */
export function encodeUdpFrame(frame: UdpFrame): Uint8Array {
  const total = IP_HEADER + UDP_HEADER + frame.payload.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out[0] = 0x45; // version 4, IHL 5 words
  out[1] = 0x10; // DSCP: low delay, as BOOTP clients traditionally set
  view.setUint16(2, total);
  out[8] = 64; // TTL
  out[9] = IPPROTO_UDP;
  out.set(frame.src.bytes, 12);
  out.set(frame.dst.bytes, 16);
  view.setUint16(10, internetChecksum(out.subarray(0, IP_HEADER)));
  view.setUint16(20, frame.srcPort);
  view.setUint16(22, frame.dstPort);
  view.setUint16(24, UDP_HEADER + frame.payload.length);
  out.set(frame.payload, IP_HEADER + UDP_HEADER);
  const pseudo = new Uint8Array(12);
  pseudo.set(frame.src.bytes, 0);
  pseudo.set(frame.dst.bytes, 4);
  pseudo[9] = IPPROTO_UDP;
  new DataView(pseudo.buffer).setUint16(10, UDP_HEADER + frame.payload.length);
  const sum = internetChecksum(out.subarray(IP_HEADER), onesComplementSum(pseudo));
  view.setUint16(26, sum === 0 ? 0xffff : sum);
  return out;
}

/**
 * Decodes an IPv4 datagram carrying UDP, or returns undefined for anything else (other protocols, fragments, a bad
 * header checksum). The UDP checksum is not verified: a datagram from a veth peer may carry a partial one (offload).
 */
export function decodeUdpFrame(data: Uint8Array): UdpFrame | undefined {
  if (data.length < IP_HEADER + UDP_HEADER || data[0]! >> 4 !== 4) return undefined;
  const ihl = (data[0]! & 0x0f) * 4;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const total = view.getUint16(2);
  const isFragment = (view.getUint16(6) & 0x3fff) !== 0;
  if (ihl < IP_HEADER || total > data.length || total < ihl + UDP_HEADER || isFragment) return undefined;
  if (data[9] !== IPPROTO_UDP || internetChecksum(data.subarray(0, ihl)) !== 0) return undefined;
  const udpLength = view.getUint16(ihl + 4);
  if (udpLength < UDP_HEADER || ihl + udpLength > total) return undefined;
  return {
    src: new IP(data.slice(12, 16)),
    dst: new IP(data.slice(16, 20)),
    srcPort: view.getUint16(ihl),
    dstPort: view.getUint16(ihl + 2),
    payload: data.slice(ihl + UDP_HEADER, ihl + udpLength),
  };
}
