/**
 * A raw netlink socket over libc: open (optionally inside a network namespace, where it stays bound), send one
 * datagram, receive one datagram of any size. Request/reply logic lives in {@linkcode NetlinkConn}.
 * @module
 */
import { check, errno, libc } from "../sys/libc.ts";
import { Netns, withNetns } from "../sys/netns.ts";
import { SyscallError } from "../sys/syscall_error.ts";
import { Errno } from "../sys/errno.ts";
import { StructReader } from "./struct_reader.ts";
import { StructWriter } from "./struct_writer.ts";
import {
  AF_NETLINK,
  MSG_PEEK,
  MSG_TRUNC,
  NETLINK_CAP_ACK,
  NETLINK_EXT_ACK,
  NETLINK_ROUTE,
  SO_RCVBUF,
  SO_RCVTIMEO,
  SO_SNDBUF,
  SOCK_CLOEXEC,
  SOCK_RAW,
  SOL_NETLINK,
  SOL_SOCKET,
} from "./netlink_consts.ts";

/** A datagram link to the kernel: what {@linkcode NetlinkConn} needs, implemented by sockets and the fake kernel. */
export interface NetlinkTransport extends Disposable {
  /** Our port id (nl_pid); replies carry it. */
  readonly portId: number;
  /** Sends one datagram to the kernel. */
  send(datagram: Uint8Array): void;
  /** Blocks until one datagram arrives and returns it whole. */
  receive(): Uint8Array;
  /** Releases the transport; safe to call twice. */
  close(): void;
}

/** Options of {@linkcode NetlinkSocket.open}. */
export interface NetlinkSocketOptions {
  /** Netlink protocol (NETLINK_ROUTE by default, NETLINK_NETFILTER, …). */
  protocol?: number;
  /** Open the socket inside this namespace; it stays bound there. */
  netns?: Netns | string | undefined;
  /** Multicast groups to join at bind time (nl_groups bitmask). */
  groups?: number;
  /** Receive timeout in milliseconds; a silent kernel then fails with EAGAIN (default 30000, 0 = none). */
  receiveTimeoutMs?: number;
}

const SOCKADDR_NL_LEN = 12;

function sockaddrNl(groups: number): Uint8Array<ArrayBuffer> {
  return new StructWriter(SOCKADDR_NL_LEN).u16(AF_NETLINK).u16(0).u32(0).u32(groups).bytes();
}

function setIntOption(fd: number, level: number, name: number, value: number): void {
  const v = new StructWriter(4).i32(value).bytes();
  check("setsockopt", libc.setsockopt(fd, level, name, v, 4), `set socket option ${level}/${name}`);
}

/** A bound AF_NETLINK socket; all calls are synchronous (see netlink/sys/README.md). */
export class NetlinkSocket implements NetlinkTransport {
  /** The socket's file descriptor. */
  readonly fd: number;
  /** The port id the kernel assigned at bind. */
  readonly portId: number;
  #buf = new Uint8Array(64 * 1024);
  #closed = false;

  private constructor(fd: number, portId: number) {
    this.fd = fd;
    this.portId = portId;
  }

  /** Opens and binds a netlink socket with extended acks on; throws SyscallError on failure. */
  static open(options: NetlinkSocketOptions = {}): NetlinkSocket {
    const protocol = options.protocol ?? NETLINK_ROUTE;
    const create = () => check("socket", libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol));
    const fd = options.netns === undefined ? create() : withNetns(options.netns, create);
    try {
      setIntOption(fd, SOL_SOCKET, SO_SNDBUF, 32 * 1024);
      setIntOption(fd, SOL_SOCKET, SO_RCVBUF, 1024 * 1024);
      const timeout = options.receiveTimeoutMs ?? 30_000;
      if (timeout > 0) {
        const tv = new StructWriter(16).u64(Math.floor(timeout / 1000)).u64((timeout % 1000) * 1000).bytes();
        check("setsockopt", libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16), "set the receive timeout");
      }
      setIntOption(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1);
      setIntOption(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1);
      check("bind", libc.bind(fd, sockaddrNl(options.groups ?? 0), SOCKADDR_NL_LEN), "bind a netlink socket");
      const addr = new Uint8Array(SOCKADDR_NL_LEN);
      const len = new StructWriter(4).u32(SOCKADDR_NL_LEN).bytes();
      check("getsockname", libc.getsockname(fd, addr, len));
      const portId = new StructReader(addr).skip(4).u32();
      return new NetlinkSocket(fd, portId);
    } catch (err) {
      libc.close(fd);
      throw err;
    }
  }

  /** Sends one datagram to the kernel (port 0), retrying on EINTR. */
  send(datagram: Uint8Array<ArrayBuffer>): void {
    const dest = sockaddrNl(0);
    for (;;) {
      const ret = libc.sendto(this.fd, datagram, BigInt(datagram.length), 0, dest, SOCKADDR_NL_LEN);
      if (ret !== -1n) return;
      const code = errno();
      if (code !== Errno.EINTR) throw new SyscallError("sendto", code, { detail: "send a netlink request" });
    }
  }

  #recv(flags: number): number {
    for (;;) {
      const ret = libc.recvfrom(this.fd, this.#buf, BigInt(this.#buf.length), flags, null, null);
      if (ret !== -1n) return Number(ret);
      const code = errno();
      if (code !== Errno.EINTR) throw new SyscallError("recvfrom", code, { detail: "receive a netlink reply" });
    }
  }

  /** Receives one datagram whole: peeks at its size first and grows the buffer when it would not fit. */
  receive(): Uint8Array {
    const size = this.#recv(MSG_PEEK | MSG_TRUNC);
    if (size > this.#buf.length) this.#buf = new Uint8Array(Math.max(size, this.#buf.length * 2));
    const got = this.#recv(0);
    return this.#buf.slice(0, got);
  }

  /** Closes the socket; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    check("close", libc.close(this.fd));
  }

  /** Same as {@linkcode NetlinkSocket.close}. */
  [Symbol.dispose](): void {
    this.close();
  }
}
