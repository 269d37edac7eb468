/**
 * {@linkcode DhcpClient}: the DHCPv4 exchanges of RFC 2131 §4.4 over a {@linkcode DhcpTransport}: INIT (DISCOVER →
 * OFFER → REQUEST → ACK, a NAK restarts), RENEWING (unicast REQUEST to the server), REBINDING (broadcast REQUEST) and
 * RELEASE. Replies are matched on xid and chaddr. Retries follow the reference's backoff: a few fast tries every
 * 2 s ± 1 s, then 4 s doubling up to `resendMax`, each try waiting `timeout` for a reply.
 * @module
 */
import { IP } from "../../addr/mod.ts";
import type { DhcpTransport } from "./packet_socket.ts";
import {
  BOOTREPLY,
  decodePacket,
  type DhcpPacket,
  encodePacket,
  FLAG_BROADCAST,
  messageTypeOf,
  newRequest,
} from "./packet.ts";
import { DhcpOption, encodeIPv4List, MessageType } from "./options.ts";

/** The broadcast address 255.255.255.255. */
const BROADCAST = IP.parse("255.255.255.255");
/** 0.0.0.0, the source of a client without an address. */
const UNSPECIFIED = IP.parse("0.0.0.0");
/** How often a waiting exchange looks at the socket. */
const POLL_MS = 10;
/** Fast retries before the exponential backoff, and their delay (the reference's values). */
const FAST_RETRIES = 4;
const FAST_DELAY_MS = 2_000;
/** First delay of the exponential backoff (RFC 2131 §4.1 suggests 4 s). */
const BACKOFF_START_MS = 4_000;

/** Options of {@linkcode DhcpClient}. */
export interface DhcpClientOptions {
  /** Client identifier text (`<containerID>/<network>/<ifname>`), sent as option 61 with type byte 0. */
  clientId: string;
  /** Option codes for the parameter request list (option 55). */
  requestList: readonly number[];
  /** Options to send as given (`provide`); one for option 61 replaces the client identifier. */
  provide: ReadonlyMap<number, Uint8Array>;
  /** Set the broadcast bit so the server broadcasts its replies (`-broadcast`). */
  isBroadcast: boolean;
  /** How long one try waits for a reply, in ms (`-timeout`). */
  timeoutMs: number;
  /** Longest backoff delay before giving up, in ms (`-resendmax`). */
  resendMaxMs: number;
  /** Aborts waits and retries. */
  signal?: AbortSignal;
  /** Reports a failed try before the retry. */
  log?: (message: string) => void;
  /** Waits `ms`; tests pass one that returns at once. Rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The server refused the request (DHCPNAK); the lease is gone and INIT must start over. */
export class DhcpNakError extends Error {
  /** Creates the error; `message` is the server's option 56 text, if any. */
  constructor(message: string) {
    super(`DHCP server sent NAK${message ? `: ${message}` : ""}`);
    this.name = "DhcpNakError";
  }
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function randomXid(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** The server identifier (option 54) of a lease, or undefined. */
export function serverIdOf(packet: DhcpPacket): IP | undefined {
  const value = packet.options.get(DhcpOption.SERVER_ID);
  return value?.length === 4 ? new IP(value.slice()) : undefined;
}

/** Runs DHCP exchanges for one client on one transport. */
export class DhcpClient {
  #transport: DhcpTransport;
  #options: DhcpClientOptions;
  #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  /** Creates a client; it owns nothing and closes nothing. */
  constructor(transport: DhcpTransport, options: DhcpClientOptions) {
    this.#transport = transport;
    this.#options = options;
    this.#sleep = options.sleep ?? abortableSleep;
  }

  /** INIT: DISCOVER, take the first OFFER, REQUEST it, return the ACK. Retries with backoff; throws when out of tries. */
  acquire(): Promise<DhcpPacket> {
    return this.#withRetries("acquire a lease", () => this.#initOnce());
  }

  /** RENEWING: asks the lease's server, by unicast, to extend it. One try; throws on timeout or {@linkcode DhcpNakError}. */
  renew(lease: DhcpPacket): Promise<DhcpPacket> {
    return this.#extendOnce(lease, serverIdOf(lease) ?? BROADCAST);
  }

  /** REBINDING: asks any server, by broadcast, to extend the lease. One try; throws on timeout or NAK. */
  rebind(lease: DhcpPacket): Promise<DhcpPacket> {
    return this.#extendOnce(lease, BROADCAST);
  }

  /** Sends DHCPRELEASE for `lease` to its server (no reply is expected). */
  release(lease: DhcpPacket): void {
    const options = new Map<number, Uint8Array>([[DhcpOption.MESSAGE_TYPE, Uint8Array.of(MessageType.RELEASE)]]);
    const server = serverIdOf(lease);
    if (server) options.set(DhcpOption.SERVER_ID, encodeIPv4List([server]));
    options.set(DhcpOption.CLIENT_ID, this.#clientIdOption());
    const packet = newRequest({ xid: randomXid(), chaddr: this.#transport.mac.bytes, ciaddr: lease.yiaddr, options });
    this.#transport.send(encodePacket(packet), { src: lease.yiaddr, dst: server ?? BROADCAST });
  }

  #clientIdOption(): Uint8Array {
    const text = new TextEncoder().encode(this.#options.clientId);
    const out = new Uint8Array(text.length + 1);
    out.set(text, 1); // type 0: not a hardware address
    return out;
  }

  /** The options every DISCOVER and REQUEST carries: type, client id, the provided ones, the request list. */
  #options53(type: MessageType): Map<number, Uint8Array> {
    const options = new Map<number, Uint8Array>([[DhcpOption.MESSAGE_TYPE, Uint8Array.of(type)]]);
    options.set(DhcpOption.CLIENT_ID, this.#clientIdOption());
    for (const [code, value] of this.#options.provide) options.set(code, value);
    if (this.#options.requestList.length > 0) {
      options.set(DhcpOption.PARAMETER_REQUEST_LIST, Uint8Array.from(this.#options.requestList));
    }
    return options;
  }

  #request(fields: Partial<DhcpPacket> & { xid: number; options: Map<number, Uint8Array> }): DhcpPacket {
    return newRequest({
      chaddr: this.#transport.mac.bytes,
      flags: this.#options.isBroadcast ? FLAG_BROADCAST : 0,
      ...fields,
    });
  }

  async #initOnce(): Promise<DhcpPacket> {
    const xid = randomXid();
    const started = Date.now();
    const discover = this.#request({ xid, options: this.#options53(MessageType.DISCOVER) });
    this.#transport.send(encodePacket(discover), { src: UNSPECIFIED, dst: BROADCAST });
    const offer = await this.#await(xid, [MessageType.OFFER]);
    if (!offer) throw new Error("no DHCPOFFER received");
    const server = serverIdOf(offer);
    const options = this.#options53(MessageType.REQUEST);
    options.set(DhcpOption.REQUESTED_IP, encodeIPv4List([offer.yiaddr]));
    if (server) options.set(DhcpOption.SERVER_ID, encodeIPv4List([server]));
    const secs = Math.min(0xffff, Math.floor((Date.now() - started) / 1000));
    this.#transport.send(encodePacket(this.#request({ xid, secs, options })), { src: UNSPECIFIED, dst: BROADCAST });
    return this.#expectAck(await this.#await(xid, [MessageType.ACK, MessageType.NAK]));
  }

  async #extendOnce(lease: DhcpPacket, dst: IP): Promise<DhcpPacket> {
    const xid = randomXid();
    const request = this.#request({ xid, ciaddr: lease.yiaddr, options: this.#options53(MessageType.REQUEST) });
    this.#transport.send(encodePacket(request), { src: lease.yiaddr, dst });
    return this.#expectAck(await this.#await(xid, [MessageType.ACK, MessageType.NAK]));
  }

  #expectAck(reply: DhcpPacket | undefined): DhcpPacket {
    if (!reply) throw new Error("no DHCPACK received");
    if (messageTypeOf(reply) === MessageType.NAK) {
      throw new DhcpNakError(new TextDecoder().decode(reply.options.get(DhcpOption.MESSAGE) ?? new Uint8Array()));
    }
    if (reply.yiaddr.isUnspecified) throw new Error("DHCPACK carries no address");
    return reply;
  }

  /** Waits up to `timeoutMs` for a reply to `xid` of one of `types`; ignores everything else. */
  async #await(xid: number, types: readonly MessageType[]): Promise<DhcpPacket | undefined> {
    const deadline = Date.now() + this.#options.timeoutMs;
    for (;;) {
      const data = this.#transport.receive();
      if (data) {
        const reply = this.#accept(data, xid, types);
        if (reply) return reply;
        continue;
      }
      if (Date.now() >= deadline) return undefined;
      await abortableSleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())), this.#options.signal);
    }
  }

  #accept(data: Uint8Array, xid: number, types: readonly MessageType[]): DhcpPacket | undefined {
    let packet: DhcpPacket;
    try {
      packet = decodePacket(data);
    } catch {
      return undefined; // not a DHCP message: someone else's traffic on port 68
    }
    const mac = this.#transport.mac.bytes;
    if (packet.op !== BOOTREPLY || packet.xid !== xid) return undefined;
    if (mac.some((b, i) => packet.chaddr[i] !== b)) return undefined;
    const type = messageTypeOf(packet);
    return type !== undefined && types.includes(type) ? packet : undefined;
  }

  /** Runs `once` until it succeeds, sleeping as the reference's backoffRetry does between failures. */
  async #withRetries(what: string, once: () => Promise<DhcpPacket>): Promise<DhcpPacket> {
    let fastLeft = FAST_RETRIES;
    let delay = BACKOFF_START_MS;
    let lastError: unknown;
    for (;;) {
      this.#options.signal?.throwIfAborted();
      try {
        return await once();
      } catch (err) {
        if (this.#options.signal?.aborted) throw err;
        lastError = err;
      }
      if (fastLeft === 0 && delay > this.#options.resendMaxMs) break;
      const jitter = (Math.random() * 2 - 1) * 1000;
      const wait = (fastLeft > 0 ? FAST_DELAY_MS : delay) + jitter;
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      this.#options.log?.(`${this.#options.clientId}: ${reason}; retrying in ${Math.round(wait)} ms`);
      await this.#sleep(wait, this.#options.signal);
      if (fastLeft > 0) fastLeft--;
      else delay *= 2;
    }
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    throw new Error(`Cannot ${what} for "${this.#options.clientId}": no more tries (${reason})`, { cause: lastError });
  }
}
