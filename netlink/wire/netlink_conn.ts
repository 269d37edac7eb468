/**
 * Request/reply over a {@linkcode NetlinkTransport}: sequence numbers, port id checks, acks, errors with extended
 * acks, and dumps that are retried when the kernel flags them interrupted (NLM_F_DUMP_INTR), as the reference
 * plugins' netlinksafe does.
 * @module
 */
import { Errno } from "../sys/errno.ts";
import { decodeMessages, encodeMessage, type NetlinkMessage } from "./message.ts";
import { decodeDonePayload, decodeErrorPayload, NetlinkError } from "./netlink_error.ts";
import type { NetlinkTransport } from "./netlink_socket.ts";
import {
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
} from "./netlink_consts.ts";

/** A request to send: the message type, extra header flags and the payload (fixed header + attributes). */
export interface NetlinkRequest {
  /** nlmsg_type, e.g. RTM_NEWLINK. */
  type: number;
  /** Flags besides NLM_F_REQUEST / NLM_F_ACK / NLM_F_DUMP, which the conn adds itself. */
  flags?: number;
  /** The payload. */
  data: Uint8Array;
}

/** How many times a dump flagged NLM_F_DUMP_INTR is tried before giving up. */
export const DUMP_ATTEMPTS = 5;

/** A netlink conversation over one transport; owns and closes the transport. */
export class NetlinkConn implements Disposable {
  readonly #transport: NetlinkTransport;
  #seq: number;

  /** Wraps `transport`; closing the conn closes it. */
  constructor(transport: NetlinkTransport) {
    this.#transport = transport;
    this.#seq = Math.floor(Math.random() * 0x7fffffff);
  }

  #send(req: NetlinkRequest, flags: number): number {
    this.#seq = (this.#seq + 1) >>> 0;
    const seq = this.#seq;
    this.#transport.send(
      encodeMessage({ type: req.type, flags: flags | (req.flags ?? 0), seq, pid: 0, data: req.data }),
    );
    return seq;
  }

  /** Yields the messages of our current exchange, skipping stale or foreign ones. */
  *#replies(seq: number): Generator<NetlinkMessage> {
    for (;;) {
      for (const msg of decodeMessages(this.#transport.receive())) {
        if (msg.seq !== seq || (msg.pid !== this.#transport.portId && msg.pid !== 0)) continue;
        yield msg;
      }
    }
  }

  /**
   * Sends `req` with NLM_F_ACK and returns the replies before the ack (empty for most changes). `op` names the
   * action for errors: `add link "eth0"` gives `Cannot add link "eth0": File exists (EEXIST)`.
   */
  request(op: string, req: NetlinkRequest): NetlinkMessage[] {
    const seq = this.#send(req, NLM_F_REQUEST | NLM_F_ACK);
    const replies: NetlinkMessage[] = [];
    for (const msg of this.#replies(seq)) {
      switch (msg.type) {
        case NLMSG_ERROR: {
          const payload = decodeErrorPayload(msg.data, msg.flags);
          if (payload.errno === 0) return replies;
          throw new NetlinkError(op, payload.errno, { extAck: payload.extAck });
        }
        case NLMSG_DONE:
          return replies;
        case NLMSG_NOOP:
          break;
        case NLMSG_OVERRUN:
          throw new NetlinkError(op, Errno.ENOBUFS, { extAck: "netlink overrun" });
        default:
          replies.push(msg);
      }
    }
    throw new Error("unreachable");
  }

  /** Sends `req` as a dump and returns every message up to NLMSG_DONE, retrying interrupted dumps. */
  dump(op: string, req: NetlinkRequest): NetlinkMessage[] {
    for (let attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
      const { messages, interrupted } = this.#dumpOnce(op, req);
      if (!interrupted) return messages;
    }
    throw new NetlinkError(op, Errno.EINTR, {
      extAck: `dump interrupted ${DUMP_ATTEMPTS} times (NLM_F_DUMP_INTR): the data kept changing`,
    });
  }

  #dumpOnce(op: string, req: NetlinkRequest): { messages: NetlinkMessage[]; interrupted: boolean } {
    const seq = this.#send(req, NLM_F_REQUEST | NLM_F_DUMP);
    const messages: NetlinkMessage[] = [];
    let interrupted = false;
    for (const msg of this.#replies(seq)) {
      if ((msg.flags & NLM_F_DUMP_INTR) !== 0) interrupted = true;
      switch (msg.type) {
        case NLMSG_DONE: {
          const payload = decodeDonePayload(msg.data, msg.flags);
          if (payload.errno !== 0) throw new NetlinkError(op, payload.errno, { extAck: payload.extAck });
          return { messages, interrupted };
        }
        case NLMSG_ERROR: {
          const payload = decodeErrorPayload(msg.data, msg.flags);
          if (payload.errno !== 0) throw new NetlinkError(op, payload.errno, { extAck: payload.extAck });
          return { messages, interrupted };
        }
        case NLMSG_NOOP:
          break;
        case NLMSG_OVERRUN:
          throw new NetlinkError(op, Errno.ENOBUFS, { extAck: "netlink overrun" });
        default:
          messages.push(msg);
      }
    }
    throw new Error("unreachable");
  }

  /** Closes the transport; safe to call twice. */
  close(): void {
    this.#transport.close();
  }

  /** Same as {@linkcode NetlinkConn.close}. */
  [Symbol.dispose](): void {
    this.close();
  }
}
