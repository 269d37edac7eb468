/**
 * A scripted kernel for unit tests (mdlayher's nltest): a function from each request message to its reply. Build an
 * {@linkcode Rtnl} over it with `new Rtnl(new FakeKernel(handler))` and test verb logic without root.
 *
 * @example
 * ```ts
 * import { FakeKernel } from "./fake_kernel.ts";
 * import { Rtnl } from "./route/rtnl.ts";
 * const kernel = new FakeKernel(() => ({ errno: 19, extAck: "no such link" }));
 * using rtnl = new Rtnl(kernel);
 * try { rtnl.linkDel(7); } catch (err) { console.assert(String(err).includes("ENODEV")); }
 * console.assert(kernel.requests.length === 1);
 * ```
 * @module
 */
import { decodeMessages, encodeMessage, type NetlinkMessage } from "./wire/message.ts";
import type { NetlinkTransport } from "./wire/netlink_socket.ts";
import { encodeDonePayload, encodeErrorPayload } from "./wire/netlink_error.ts";
import {
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
} from "./wire/netlink_consts.ts";

/** One message the fake kernel sends back: its type, payload and extra flags. */
export interface FakeMessage {
  /** nlmsg_type, e.g. RTM_NEWLINK. */
  type: number;
  /** The payload (fixed header + attributes), e.g. from a capture in netlink/testdata. */
  data: Uint8Array;
  /** Extra header flags. */
  flags?: number;
}

/** The scripted answer to one request; an empty object means "ack" (or an empty dump). */
export interface FakeReply {
  /** Messages to return before the ack, or the dump's entries. */
  messages?: FakeMessage[];
  /** A positive errno to fail with (NLMSG_ERROR, or the error in NLMSG_DONE for dumps). */
  errno?: number;
  /** Extended-ack text to attach to the error. */
  extAck?: string;
  /** Flag the dump NLM_F_DUMP_INTR, as the kernel does when the data changed while dumping. */
  interrupted?: boolean;
}

/** The script: called once per request message, in order. */
export type FakeHandler = (request: NetlinkMessage, index: number) => FakeReply | void;

/** Options of {@linkcode FakeKernel}. */
export interface FakeKernelOptions {
  /** Our port id as the kernel would assign it (default 4242). */
  portId?: number;
}

/** A {@linkcode NetlinkTransport} that answers from a script and records every request. */
export class FakeKernel implements NetlinkTransport {
  /** The port id replies are addressed to. */
  readonly portId: number;
  /** Every request received, in order (payloads copied). */
  readonly requests: NetlinkMessage[] = [];
  readonly #handler: FakeHandler;
  readonly #queue: Uint8Array[] = [];
  #closed = false;

  /** Creates a fake kernel answering with `handler`. */
  constructor(handler: FakeHandler, options: FakeKernelOptions = {}) {
    this.#handler = handler;
    this.portId = options.portId ?? 4242;
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Decodes the datagram's requests and queues the scripted replies. */
  send(datagram: Uint8Array): void {
    if (this.#closed) throw new Error("FakeKernel: send on a closed transport");
    for (const msg of decodeMessages(datagram)) {
      const request = { ...msg, data: msg.data.slice() };
      this.requests.push(request);
      const reply = this.#handler(request, this.requests.length - 1) ?? {};
      const header = datagram.subarray(0, NLMSG_HDRLEN);
      if ((msg.flags & NLM_F_DUMP) === NLM_F_DUMP) this.#queueDump(request, reply);
      else this.#queueReply(request, reply, header);
    }
  }

  #message(request: NetlinkMessage, type: number, flags: number, data: Uint8Array): Uint8Array {
    return encodeMessage({ type, flags, seq: request.seq, pid: this.portId, data });
  }

  #queueDump(request: NetlinkMessage, reply: FakeReply): void {
    const flags = NLM_F_MULTI | (reply.interrupted ? NLM_F_DUMP_INTR : 0);
    const parts = (reply.messages ?? []).map((m) => this.#message(request, m.type, flags | (m.flags ?? 0), m.data));
    if (parts.length > 0) this.#queue.push(concat(parts));
    const done = encodeDonePayload({ errno: reply.errno ?? 0, ...(reply.extAck ? { extAck: reply.extAck } : {}) });
    this.#queue.push(this.#message(request, NLMSG_DONE, flags | done.flags, done.data));
  }

  #queueReply(request: NetlinkMessage, reply: FakeReply, header: Uint8Array): void {
    const parts = (reply.messages ?? []).map((m) => this.#message(request, m.type, m.flags ?? 0, m.data));
    if (reply.errno !== undefined && reply.errno !== 0) {
      const err = encodeErrorPayload({ errno: reply.errno, ...(reply.extAck ? { extAck: reply.extAck } : {}) }, header);
      parts.push(this.#message(request, NLMSG_ERROR, err.flags, err.data));
    } else if ((request.flags & NLM_F_ACK) !== 0) {
      const ack = encodeErrorPayload({ errno: 0 }, header);
      parts.push(this.#message(request, NLMSG_ERROR, ack.flags, ack.data));
    }
    if (parts.length > 0) this.#queue.push(concat(parts));
  }

  /** Returns the next queued datagram; throws when the script left nothing to say (a real kernel would block). */
  receive(): Uint8Array {
    const next = this.#queue.shift();
    if (next === undefined) throw new Error("FakeKernel: receive with no reply queued (the real kernel would block)");
    return next;
  }

  /** Marks the transport closed. */
  close(): void {
    this.#closed = true;
  }

  /** Same as {@linkcode FakeKernel.close}. */
  [Symbol.dispose](): void {
    this.close();
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
