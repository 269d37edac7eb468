/**
 * A scripted DHCP server and a {@linkcode DhcpTransport} wired to it, for unit tests of the client, the lease task
 * and the daemon without sockets or root (as netlink/fake_kernel.ts is for rtnetlink).
 * @module
 */
import { IP, MAC } from "../../addr/mod.ts";
import { BOOTREPLY, decodePacket, type DhcpPacket, encodePacket, messageTypeOf } from "./packet.ts";
import { DhcpOption, encodeIPv4List, encodeU32, MessageType } from "./options.ts";
import type { DhcpTransport } from "./packet_socket.ts";

/** One message the fake server received, with its IP endpoints. */
export interface ReceivedMessage {
  /** The decoded message. */
  packet: DhcpPacket;
  /** IP source of the datagram. */
  src: IP;
  /** IP destination of the datagram. */
  dst: IP;
}

/** Options of {@linkcode FakeDhcpServer}. */
export interface FakeDhcpServerOptions {
  /** Lease time in seconds (default 3600). */
  leaseSeconds?: number;
  /** Extra options put in every OFFER and ACK. */
  extraOptions?: ReadonlyMap<number, Uint8Array>;
}

/** A DHCP server for 10.9.0.0/24 (router and server id 10.9.0.1) that answers in memory. */
export class FakeDhcpServer {
  /** Server identifier. */
  readonly serverId: IP = IP.parse("10.9.0.1");
  /** Every message received, in order. */
  readonly received: ReceivedMessage[] = [];
  /** Answer the next REQUEST with NAK this many times. */
  nakRequests = 0;
  /** When false, the server stays silent (a server that is down). */
  isAnswering = true;
  /** Leases by client id text: address handed out. */
  readonly leases: Map<string, IP> = new Map();
  #next = 10;
  #options: FakeDhcpServerOptions;

  /** Creates the server. */
  constructor(options: FakeDhcpServerOptions = {}) {
    this.#options = options;
  }

  /** Answers one datagram; returns the reply bytes or undefined. */
  handle(data: Uint8Array, endpoints: { src: IP; dst: IP }): Uint8Array | undefined {
    const packet = decodePacket(data);
    this.received.push({ packet, ...endpoints });
    if (!this.isAnswering) return undefined;
    const clientId = new TextDecoder().decode(packet.options.get(DhcpOption.CLIENT_ID)?.subarray(1));
    switch (messageTypeOf(packet)) {
      case MessageType.DISCOVER:
        return this.#reply(packet, MessageType.OFFER, this.#addressFor(clientId));
      case MessageType.REQUEST: {
        if (this.nakRequests > 0) {
          this.nakRequests--;
          this.leases.delete(clientId);
          return this.#reply(packet, MessageType.NAK, IP.parse("0.0.0.0"));
        }
        return this.#reply(packet, MessageType.ACK, this.#addressFor(clientId));
      }
      case MessageType.RELEASE:
        this.leases.delete(clientId);
        return undefined;
      default:
        return undefined;
    }
  }

  #addressFor(clientId: string): IP {
    let ip = this.leases.get(clientId);
    if (!ip) {
      ip = IP.parse(`10.9.0.${this.#next++}`);
      this.leases.set(clientId, ip);
    }
    return ip;
  }

  #reply(request: DhcpPacket, type: MessageType, yiaddr: IP): Uint8Array {
    const options = new Map<number, Uint8Array>([
      [DhcpOption.MESSAGE_TYPE, Uint8Array.of(type)],
      [DhcpOption.SERVER_ID, encodeIPv4List([this.serverId])],
    ]);
    if (type !== MessageType.NAK) {
      options.set(DhcpOption.LEASE_TIME, encodeU32(this.#options.leaseSeconds ?? 3600));
      options.set(DhcpOption.SUBNET_MASK, Uint8Array.of(255, 255, 255, 0));
      options.set(DhcpOption.ROUTER, encodeIPv4List([this.serverId]));
      for (const [code, value] of this.#options.extraOptions ?? []) options.set(code, value);
    }
    const reply: DhcpPacket = {
      ...request,
      op: BOOTREPLY,
      secs: 0,
      ciaddr: IP.parse("0.0.0.0"),
      yiaddr,
      siaddr: IP.parse("0.0.0.0"),
      options,
    };
    return encodePacket(reply);
  }
}

/** A transport whose datagrams go straight to a {@linkcode FakeDhcpServer}; replies queue for `receive`. */
export class FakeTransport implements DhcpTransport {
  /** The link's MAC. */
  readonly mac: MAC;
  /** True once disposed. */
  isClosed = false;
  #server: FakeDhcpServer;
  #queue: Uint8Array[] = [];

  /** Creates a transport for `server` with `mac` (default 02:00:00:00:00:01). */
  constructor(server: FakeDhcpServer, mac = MAC.parse("02:00:00:00:00:01")) {
    this.#server = server;
    this.mac = mac;
  }

  /** Puts a raw datagram payload in the receive queue (noise, or a forged reply). */
  inject(payload: Uint8Array): void {
    this.#queue.push(payload);
  }

  /** Hands the datagram to the server and queues its reply. */
  send(payload: Uint8Array, options: { src: IP; dst: IP }): void {
    const reply = this.#server.handle(payload, options);
    if (reply) this.#queue.push(reply);
  }

  /** The next queued reply. */
  receive(): Uint8Array | undefined {
    return this.#queue.shift();
  }

  /** Marks the transport closed. */
  [Symbol.dispose](): void {
    this.isClosed = true;
  }
}
