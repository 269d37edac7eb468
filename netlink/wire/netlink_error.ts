/**
 * NLMSG_ERROR payloads (struct nlmsgerr plus extended-ack attributes) and {@linkcode NetlinkError}, the error every
 * failed netlink request throws.
 * @module
 */
import { errnoMessage, errnoName } from "../sys/errno.ts";
import { AttributeDecoder } from "./attribute_decoder.ts";
import { align4 } from "./_align.ts";
import { StructReader } from "./struct_reader.ts";
import { StructWriter } from "./struct_writer.ts";
import { AttributeEncoder } from "./attribute_encoder.ts";
import {
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLMSG_HDRLEN,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
} from "./netlink_consts.ts";

/** What the kernel said in an NLMSG_ERROR (or the trailer of NLMSG_DONE). */
export interface ErrorPayload {
  /** The positive errno, 0 for a plain ack. */
  errno: number;
  /** Extended-ack text (NLMSGERR_ATTR_MSG), when the kernel gave one. */
  extAck?: string;
  /** Offset of the offending attribute in our request (NLMSGERR_ATTR_OFFS). */
  offset?: number;
  /** Type of a missing attribute (NLMSGERR_ATTR_MISS_TYPE). */
  missingType?: number;
}

/** Decodes the payload of an NLMSG_ERROR message whose header flags were `flags`. */
export function decodeErrorPayload(data: Uint8Array, flags: number): ErrorPayload {
  const r = new StructReader(data);
  const error = r.i32();
  const result: ErrorPayload = { errno: -error };
  if ((flags & NLM_F_ACK_TLVS) === 0) return result;
  // The echoed request: its header only when capped, otherwise the whole (padded) message.
  const echoedLength = new StructReader(r.rest()).u32();
  r.skip((flags & NLM_F_CAPPED) !== 0 ? NLMSG_HDRLEN : align4(echoedLength));
  const dec = new AttributeDecoder(r.rest());
  while (dec.next()) {
    switch (dec.type) {
      case NLMSGERR_ATTR_MSG:
        result.extAck = dec.str();
        break;
      case NLMSGERR_ATTR_OFFS:
        result.offset = dec.u32();
        break;
      case NLMSGERR_ATTR_MISS_TYPE:
        result.missingType = dec.u32();
        break;
    }
  }
  return result;
}

/**
 * Encodes an NLMSG_ERROR payload answering `request` (capped: its header only) and returns it with the header
 * flags to send; the inverse of {@linkcode decodeErrorPayload}, used by the fake kernel and tests.
 */
export function encodeErrorPayload(payload: ErrorPayload, request: Uint8Array): { data: Uint8Array; flags: number } {
  const enc = new AttributeEncoder(new StructWriter(4 + NLMSG_HDRLEN).i32(-payload.errno).raw(request).bytes());
  if (payload.extAck !== undefined) enc.str(NLMSGERR_ATTR_MSG, payload.extAck);
  if (payload.offset !== undefined) enc.u32(NLMSGERR_ATTR_OFFS, payload.offset);
  if (payload.missingType !== undefined) enc.u32(NLMSGERR_ATTR_MISS_TYPE, payload.missingType);
  const hasTlvs = payload.extAck !== undefined || payload.offset !== undefined || payload.missingType !== undefined;
  return { data: enc.encode(), flags: NLM_F_CAPPED | (hasTlvs ? NLM_F_ACK_TLVS : 0) };
}

/** Encodes an NLMSG_DONE payload (error and ext-ack text) with its header flags; inverse of `decodeDonePayload`. */
export function encodeDonePayload(payload: ErrorPayload): { data: Uint8Array; flags: number } {
  const enc = new AttributeEncoder(new StructWriter(4).i32(-payload.errno).bytes());
  if (payload.extAck !== undefined) enc.str(NLMSGERR_ATTR_MSG, payload.extAck);
  return { data: enc.encode(), flags: payload.extAck !== undefined ? NLM_F_ACK_TLVS : 0 };
}

/** Decodes the payload of an NLMSG_DONE message (an int error, then ext-ack attributes when flagged). */
export function decodeDonePayload(data: Uint8Array, flags: number): ErrorPayload {
  if (data.length < 4) return { errno: 0 };
  const r = new StructReader(data);
  const result: ErrorPayload = { errno: -r.i32() };
  if ((flags & NLM_F_ACK_TLVS) === 0) return result;
  const dec = new AttributeDecoder(r.rest());
  while (dec.next()) {
    if (dec.type === NLMSGERR_ATTR_MSG) result.extAck = dec.str();
  }
  return result;
}

/** Options of a {@linkcode NetlinkError}. */
export interface NetlinkErrorOptions {
  /** Extended-ack text from the kernel. */
  extAck?: string | undefined;
  /** The error that caused this one. */
  cause?: unknown;
}

/**
 * A netlink request the kernel refused. Its message reads
 * `Cannot add link "eth0": File exists (EEXIST): <extack>`.
 */
export class NetlinkError extends Error {
  /** What we were doing, e.g. `add link "eth0"`. */
  readonly op: string;
  /** The positive errno. */
  readonly errno: number;
  /** The errno's kernel name ("EEXIST"). */
  readonly errnoName: string;
  /** The kernel's extended-ack text, when it gave one. */
  readonly extAck: string | undefined;

  /** Creates the error for `op` failing with `errno`. */
  constructor(op: string, errno: number, options: NetlinkErrorOptions = {}) {
    const tail = options.extAck ? `: ${options.extAck}` : "";
    super(
      `Cannot ${op}: ${errnoMessage(errno)} (${errnoName(errno)})${tail}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "NetlinkError";
    this.op = op;
    this.errno = errno;
    this.errnoName = errnoName(errno);
    this.extAck = options.extAck || undefined;
  }
}
