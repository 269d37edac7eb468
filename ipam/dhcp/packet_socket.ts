/**
 * The DHCP client's link: an AF_PACKET datagram socket (ETH_P_IP) opened inside the container's namespace and
 * bound to the interface. It sends whole IPv4/UDP datagrams to the Ethernet broadcast address and reads every IPv4
 * datagram the interface sees, keeping those for UDP port 68. Non-blocking: {@linkcode DhcpTransport.receive}
 * returns undefined when nothing is waiting, so the daemon's event loop is never held.
 * @module
 */
import { IP, MAC } from "../../addr/mod.ts";
import { check, Errno, errno, libc, Netns, Rtnl, withNetns } from "../../netlink/mod.ts";
import { decodeUdpFrame, encodeUdpFrame } from "./udp_frame.ts";

/** BOOTP/DHCP server port. */
export const SERVER_PORT = 67;
/** BOOTP/DHCP client port. */
export const CLIENT_PORT = 68;

/** What the DHCP client needs from a link: its MAC, a way to send a datagram, and a non-blocking receive. */
export interface DhcpTransport extends Disposable {
  /** The interface's hardware address (chaddr). */
  readonly mac: MAC;
  /** Sends a DHCP message from `src`:68 to `dst`:67. */
  send(payload: Uint8Array, options: { src: IP; dst: IP }): void;
  /** Returns the next DHCP message sent to port 68, or undefined when none is waiting. */
  receive(): Uint8Array | undefined;
}

const AF_PACKET = 17;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const ETH_P_IP = 0x0800;
const MSG_DONTWAIT = 0x40;
const SOCKADDR_LL_SIZE = 20;
const RECEIVE_BUFFER = 2048;

/** struct sockaddr_ll for `ifindex`, with the broadcast MAC as the destination when `isBroadcast`. */
function sockaddrLl(ifindex: number, isBroadcast: boolean): Uint8Array<ArrayBuffer> {
  const sa = new Uint8Array(SOCKADDR_LL_SIZE);
  const view = new DataView(sa.buffer);
  view.setUint16(0, AF_PACKET, true);
  view.setUint16(2, ETH_P_IP); // sll_protocol is in network byte order
  view.setInt32(4, ifindex, true);
  if (isBroadcast) {
    sa[11] = 6; // sll_halen
    sa.fill(0xff, 12, 18);
  }
  return sa;
}

/** Options of {@linkcode openPacketSocket}. */
export interface PacketSocketOptions {
  /** Path of the network namespace the interface lives in. */
  netns: string;
  /** Interface name inside that namespace. */
  ifname: string;
  /** Bring the interface up first when it is down (the reference does: the interface plugin has not yet). */
  bringUp?: boolean;
}

/**
 * Opens the client's packet socket on `ifname` inside `netns`. Throws SyscallError when the namespace cannot be
 * entered, NetlinkError ENODEV when the interface is missing.
 */
export function openPacketSocket(options: PacketSocketOptions): DhcpTransport {
  using netns = Netns.open(options.netns);
  let link;
  {
    using rtnl = Rtnl.open({ netns });
    link = rtnl.linkGet(options.ifname);
    if (options.bringUp && !link.up) rtnl.linkSet(link.index, { up: true });
  }
  if (!link.mac) throw new TypeError(`Cannot run DHCP on "${options.ifname}": it has no Ethernet address`);
  const ifindex = link.index;
  const fd = withNetns(netns, () =>
    check(
      "socket",
      libc.socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, ((ETH_P_IP & 0xff) << 8) | (ETH_P_IP >> 8)),
      `open a packet socket in netns "${options.netns}"`,
    ));
  try {
    check("bind", libc.bind(fd, sockaddrLl(ifindex, false), SOCKADDR_LL_SIZE), `bind to "${options.ifname}"`);
  } catch (err) {
    libc.close(fd);
    throw err;
  }
  return new PacketSocket(fd, ifindex, link.mac, options.ifname);
}

class PacketSocket implements DhcpTransport {
  readonly mac: MAC;
  #fd: number;
  #ifindex: number;
  #ifname: string;
  #buffer = new Uint8Array(RECEIVE_BUFFER);

  constructor(fd: number, ifindex: number, mac: MAC, ifname: string) {
    this.#fd = fd;
    this.#ifindex = ifindex;
    this.mac = mac;
    this.#ifname = ifname;
  }

  send(payload: Uint8Array, options: { src: IP; dst: IP }): void {
    const frame = encodeUdpFrame({ ...options, srcPort: CLIENT_PORT, dstPort: SERVER_PORT, payload });
    const to = sockaddrLl(this.#ifindex, true);
    check(
      "sendto",
      libc.sendto(this.#fd, frame, BigInt(frame.length), 0, to, SOCKADDR_LL_SIZE),
      `send on "${this.#ifname}"`,
    );
  }

  receive(): Uint8Array | undefined {
    for (;;) {
      const ret = Number(libc.recvfrom(this.#fd, this.#buffer, BigInt(this.#buffer.length), MSG_DONTWAIT, null, null));
      if (ret === -1) {
        const code = errno();
        if (code === Errno.EAGAIN || code === Errno.EINTR) return undefined;
        check("recvfrom", -1, `receive on "${this.#ifname}"`);
      }
      const frame = decodeUdpFrame(this.#buffer.subarray(0, ret));
      if (frame?.dstPort === CLIENT_PORT && frame.srcPort === SERVER_PORT) return frame.payload;
    }
  }

  [Symbol.dispose](): void {
    if (this.#fd < 0) return;
    libc.close(this.#fd);
    this.#fd = -1;
  }
}
