/**
 * The netlink message header (struct nlmsghdr): encode one message, split a received datagram into messages.
 *
 * @example
 * ```ts
 * import { decodeMessages, encodeMessage } from "./message.ts";
 * const bytes = encodeMessage({ type: 18, flags: 0x301, seq: 1, pid: 0, data: new Uint8Array(16) });
 * console.assert(bytes.length === 32 && decodeMessages(bytes)[0]?.type === 18);
 * ```
 * @module
 */
import { align4 } from "./_align.ts";
import { NLMSG_HDRLEN } from "./netlink_consts.ts";

/** One netlink message: the header fields and the payload that follows the header. */
export interface NetlinkMessage {
  /** nlmsg_type: RTM_NEWLINK, NLMSG_ERROR, … */
  type: number;
  /** nlmsg_flags: NLM_F_* bits. */
  flags: number;
  /** nlmsg_seq: sequence number, echoed by the kernel. */
  seq: number;
  /** nlmsg_pid: port id (0 for the kernel). */
  pid: number;
  /** The payload after the 16-byte header, without trailing padding. */
  data: Uint8Array;
}

/** Encodes `msg` with its header; nlmsg_len is computed here. */
export function encodeMessage(msg: NetlinkMessage): Uint8Array<ArrayBuffer> {
  const length = NLMSG_HDRLEN + msg.data.length;
  const out = new Uint8Array(align4(length));
  const view = new DataView(out.buffer);
  view.setUint32(0, length, true);
  view.setUint16(4, msg.type, true);
  view.setUint16(6, msg.flags, true);
  view.setUint32(8, msg.seq >>> 0, true);
  view.setUint32(12, msg.pid >>> 0, true);
  out.set(msg.data, NLMSG_HDRLEN);
  return out;
}

/** Splits `buf` (one datagram) into messages; throws RangeError when a header's length is impossible. */
export function decodeMessages(buf: Uint8Array): NetlinkMessage[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const messages: NetlinkMessage[] = [];
  let offset = 0;
  while (buf.length - offset >= NLMSG_HDRLEN) {
    const length = view.getUint32(offset, true);
    if (length < NLMSG_HDRLEN || length > buf.length - offset) {
      throw new RangeError(
        `Cannot decode netlink message at offset ${offset}: length ${length}, ${buf.length - offset} bytes left`,
      );
    }
    messages.push({
      type: view.getUint16(offset + 4, true),
      flags: view.getUint16(offset + 6, true),
      seq: view.getUint32(offset + 8, true),
      pid: view.getUint32(offset + 12, true),
      data: buf.subarray(offset + NLMSG_HDRLEN, offset + length),
    });
    offset += align4(length);
  }
  return messages;
}
