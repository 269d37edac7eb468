/**
 * A veth pair across two namespaces in one request: the host end gets a random `veth` name, the peer is created
 * directly inside the container namespace under its final name (the kernel checks the name there, never on the
 * host), so a plugin killed at any point leaves at most an `eth0` that DEL finds and removes with its peer.
 * Whatever was created is removed again when a later step fails.
 * @module
 */
import type { MAC } from "../addr/mod.ts";
import { isExists, type Link, Netns, Rtnl, veth, withNetns } from "../netlink/mod.ts";
import { writeSysctl } from "./sysctl.ts";

/** Options of {@linkcode setupVeth}. */
export interface SetupVethOptions {
  /** Where the host end lives (default: the calling thread's namespace). */
  hostNetns?: Netns | string;
  /** Where the container end goes. */
  containerNetns: Netns | string;
  /** Final name of the container end (`eth0`). */
  containerIfname: string;
  /** Name of the host end; default `veth` + 8 random hex digits (a fresh one is drawn if taken). */
  hostIfname?: string;
  /** MTU of both ends; 0 or unset keeps the kernel's default. */
  mtu?: number;
  /** MAC of the container end; unset lets the kernel pick. */
  mac?: MAC | string;
  /** MAC of the host end; unset lets the kernel pick. */
  hostMac?: MAC | string;
}

/** The two ends of a pair as the kernel reports them after setup. */
export interface VethPair {
  /** The host end (up, `accept_ra=0`). */
  host: Link;
  /** The container end (still down, under its final name). */
  container: Link;
}

const ATTEMPTS = 10;

/** `prefix` + 8 random hex digits, as the reference names host veths. */
export function randomLinkName(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Creates the pair with the container end named `containerIfname`, brings the host end up and sets its
 * `accept_ra` to 0. Throws `Cannot create veth pair "eth0": container already has a link "eth0" (EEXIST)` when the
 * name is taken inside the container, and NetlinkError for other kernel refusals; nothing is left behind then.
 */
export function setupVeth(options: SetupVethOptions): VethPair {
  using opened = new DisposableStack();
  const hostNetns = options.hostNetns === undefined ? undefined : openNetns(options.hostNetns, opened);
  const containerNetns = openNetns(options.containerNetns, opened);
  using host = Rtnl.open({ netns: hostNetns });
  using container = Rtnl.open({ netns: containerNetns });
  const ifname = options.containerIfname;
  if (container.linkFind(ifname) !== undefined) {
    throw new Error(`Cannot create veth pair "${ifname}": container already has a link "${ifname}" (EEXIST)`);
  }
  const hostName = createPair(host, containerNetns, options);
  try {
    const hostLink = host.linkGet(hostName);
    host.linkSet(hostLink.index, { up: true });
    disableAcceptRa(hostName, hostNetns);
    return { host: host.linkGet(hostLink.index), container: container.linkGet(ifname) };
  } catch (err) {
    try {
      host.linkDel(hostName);
    } catch {
      // Best effort: the pair may already be gone; the original error is the one to report.
    }
    throw new Error(`Cannot set up veth pair "${ifname}"/"${hostName}": ${(err as Error).message}`, { cause: err });
  }
}

function openNetns(netns: Netns | string, opened: DisposableStack): Netns {
  return typeof netns === "string" ? opened.use(Netns.open(netns)) : netns;
}

// Issue 8 (kill -9 during ADD): the peer used to be created as "vtmp…" and renamed; a kill between the two left a
// pair that DEL, looking for the final name, never found.
function createPair(host: Rtnl, containerNetns: Netns, options: SetupVethOptions): string {
  const mtu = options.mtu ? options.mtu : undefined;
  for (let attempt = 1;; attempt++) {
    const hostName = options.hostIfname ?? randomLinkName("veth");
    try {
      host.linkAdd({
        name: hostName,
        kind: veth,
        mtu,
        mac: options.hostMac,
        data: { peer: { name: options.containerIfname, mtu, mac: options.mac, netnsFd: containerNetns.fd } },
      });
      return hostName;
    } catch (err) {
      if (!isExists(err) || options.hostIfname !== undefined || attempt >= ATTEMPTS) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new Error(`Cannot create veth pair "${options.containerIfname}"/"${hostName}": ${reason}`, {
          cause: err,
        });
      }
    }
  }
}

/** We own the routes of the host end: no router advertisements there. A host without IPv6 has no such key. */
function disableAcceptRa(hostName: string, hostNetns: Netns | undefined): void {
  const write = () => {
    try {
      writeSysctl(["ipv6", "conf", hostName, "accept_ra"], "0");
    } catch {
      // IPv6 disabled on the host: nothing to turn off.
    }
  };
  if (hostNetns === undefined) write();
  else withNetns(hostNetns, write);
}
