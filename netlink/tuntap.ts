/**
 * Creates persistent tun/tap devices the way `ip tuntap add` does: open /dev/net/tun, TUNSETIFF, TUNSETOWNER,
 * TUNSETGROUP, TUNSETPERSIST(1), close. The kernel does not create them over rtnetlink; read them back with the
 * `tun` link driver (IFLA_TUN_*) and delete them with `linkDel` like any link.
 * @module
 */
import { check, cstr, libc, O_CLOEXEC, O_RDWR } from "./sys/libc.ts";
import { type Netns, withNetns } from "./sys/netns.ts";
import { checkLinkName } from "./route/ifinfomsg.ts";

const TUN_PATH = "/dev/net/tun";
const IFNAMSIZ = 16;
/** sizeof(struct ifreq) on 64-bit Linux. */
const IFREQ_LEN = 40;

// linux/if_tun.h: ioctl numbers are _IOW('T', n, int); flags go in ifreq.ifr_flags.
const TUNSETIFF = 0x400454ca;
const TUNSETPERSIST = 0x400454cb;
const TUNSETOWNER = 0x400454cc;
const TUNSETGROUP = 0x400454ce;
const IFF_TUN = 0x0001;
const IFF_TAP = 0x0002;
const IFF_MULTI_QUEUE = 0x0100;
const IFF_NO_PI = 0x1000;
const IFF_VNET_HDR = 0x4000;

/** Options of {@linkcode tuntapCreate}. */
export interface TuntapOptions {
  /** "tap" (layer 2, default) or "tun" (layer 3). */
  mode?: "tap" | "tun";
  /** Allow several queues (IFF_MULTI_QUEUE), as the tap plugin's `multiQueue`. */
  multiQueue?: boolean;
  /** Expect a virtio-net header on each packet (IFF_VNET_HDR), as vishvananda/netlink sets for taps. */
  vnetHdr?: boolean;
  /** Keep the 4-byte packet information header (default false: IFF_NO_PI). */
  packetInfo?: boolean;
  /** uid allowed to attach (TUNSETOWNER); unset leaves it open to any user with access to /dev/net/tun. */
  owner?: number;
  /** gid allowed to attach (TUNSETGROUP). */
  group?: number;
  /** Create the device in this namespace (entered on this thread for the synchronous calls). */
  netns?: Netns | string;
}

/** The `flags` word of TUNSETIFF for `options`. */
export function tuntapFlags(options: TuntapOptions): number {
  let flags = options.mode === "tun" ? IFF_TUN : IFF_TAP;
  if (!options.packetInfo) flags |= IFF_NO_PI;
  if (options.multiQueue) flags |= IFF_MULTI_QUEUE;
  if (options.vnetHdr) flags |= IFF_VNET_HDR;
  return flags;
}

/** Builds struct ifreq with `name` and `flags` (ifr_flags is a short at offset 16). */
export function encodeIfreq(name: string, flags: number): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length >= IFNAMSIZ) throw new TypeError(`Cannot use link name ${JSON.stringify(name)}: too long`);
  const ifr = new Uint8Array(IFREQ_LEN);
  ifr.set(bytes);
  ifr[IFNAMSIZ] = flags & 0xff;
  ifr[IFNAMSIZ + 1] = (flags >> 8) & 0xff;
  return ifr;
}

function nameOf(ifr: Uint8Array): string {
  const nul = ifr.indexOf(0);
  return new TextDecoder().decode(ifr.subarray(0, nul < 0 || nul > IFNAMSIZ ? IFNAMSIZ : nul));
}

/**
 * ioctl(2) with an integer third argument (TUNSETOWNER, TUNSETPERSIST take the value itself, not a pointer). The
 * libc table declares that argument as a buffer, so the integer travels as the address of a 1-byte view the
 * kernel never dereferences. TODO: use an integer `ioctl` symbol once netlink/sys/libc.ts has one.
 */
function ioctlValue(fd: number, request: number, value: number, detail: string): void {
  const arg = value === 0
    ? null
    : new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(Deno.UnsafePointer.create(BigInt(value))!, 1));
  check("ioctl", libc.ioctl(fd, BigInt(request), arg), detail);
}

function createHere(name: string, options: TuntapOptions): string {
  const what = `${options.mode ?? "tap"} "${name}"`;
  const fd = check("open", libc.open(cstr(TUN_PATH), O_RDWR | O_CLOEXEC, 0), `create ${what}: open ${TUN_PATH}`);
  try {
    const ifr = encodeIfreq(name, tuntapFlags(options));
    check("ioctl", libc.ioctl(fd, BigInt(TUNSETIFF), ifr), `create ${what}: TUNSETIFF`);
    const created = nameOf(ifr);
    if (options.owner !== undefined) ioctlValue(fd, TUNSETOWNER, options.owner, `set owner of ${what}`);
    if (options.group !== undefined) ioctlValue(fd, TUNSETGROUP, options.group, `set group of ${what}`);
    ioctlValue(fd, TUNSETPERSIST, 1, `make ${what} persistent`);
    return created;
  } finally {
    libc.close(fd);
  }
}

/**
 * Creates a persistent tap (or tun) device named `name` and returns the name the kernel gave it, as
 * `ip tuntap add dev <name> mode tap [multi_queue] [vnet_hdr] [user <uid>] [group <gid>]`. Throws SyscallError
 * (EBUSY when a device of that name is attached, EINVAL when it exists with other flags, EPERM without CAP_NET_ADMIN).
 * A step failing after TUNSETIFF leaves nothing behind: the device is not persistent yet and goes away on close.
 */
export function tuntapCreate(name: string, options: TuntapOptions = {}): string {
  checkLinkName(name);
  return options.netns === undefined
    ? createHere(name, options)
    : withNetns(options.netns, () => createHere(name, options));
}
