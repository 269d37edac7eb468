/**
 * `cnitool interface add`: put an interface into a container's namespace. An existing host device named by
 * `--tapname` is moved in and renamed (its host name kept in the interface alias, as the host-device plugin does);
 * otherwise a veth pair is created, its host end named by `--tapname` or generated. Whatever the command created or
 * moved is undone when a later step fails.
 * @module
 */
import type { MAC, Prefix } from "../../addr/mod.ts";
import { isExists, type Link, Netns, Rtnl, veth } from "../../netlink/mod.ts";
import { type InterfaceView, interfaceView } from "./interface_view.ts";
import { Rollback } from "./rollback.ts";
import { randomLinkName } from "../../iface/mod.ts";

/** What `interface add` was asked for. */
export interface AddInterfaceOptions {
  /** Name of the interface in the container (`--name`). */
  name: string;
  /** `--tapname`: an existing host device to move in, or the host end of a new veth. */
  hostDevice?: string | undefined;
  /** Addresses with their prefix length (`--ip`, repeatable). */
  addresses?: readonly Prefix[];
  /** `--mac`. */
  mac?: MAC | undefined;
  /** `--mtu`. */
  mtu?: number | undefined;
}

const VETH_ATTEMPTS = 10;

/**
 * Adds the interface to `netns` and returns it as configured and up. Throws
 * `Cannot add interface "eth1" to netns "/var/run/netns/x": <reason>` after removing what it created.
 */
export function addInterface(netns: Netns, options: AddInterfaceOptions): InterfaceView {
  using host = Rtnl.open();
  using container = Rtnl.open({ netns });
  const rollback = new Rollback();
  const message = `Cannot add interface "${options.name}" to netns "${netns.path}"`;
  try {
    if (container.linkFind(options.name) !== undefined) {
      throw new Error(`the netns already has a link "${options.name}" (EEXIST)`);
    }
    const existing = options.hostDevice === undefined ? undefined : host.linkFind(options.hostDevice);
    const index = existing === undefined
      ? createVeth({ host, container, netns, rollback }, options)
      : moveIn({ host, container, netns, rollback }, existing, options);
    configure(container, index, options);
    const view = interfaceView(container, container.linkGet(index));
    rollback.commit();
    return view;
  } catch (err) {
    throw rollback.fail(message, err);
  }
}

interface Context {
  host: Rtnl;
  container: Rtnl;
  netns: Netns;
  rollback: Rollback;
}

/** Creates the veth with its peer directly in the container under a temporary name, then renames it there. */
function createVeth(ctx: Context, options: AddInterfaceOptions): number {
  const { host, container, rollback } = ctx;
  const tempName = randomLinkName("cnitmp");
  const hostName = createPair(ctx, options, tempName);
  rollback.defer(`delete veth "${hostName}"`, () => host.linkDel(hostName));
  const peer = container.linkGet(tempName);
  container.linkSet(peer.index, { name: options.name });
  host.linkSet(host.linkGet(hostName).index, { up: true });
  return peer.index;
}

function createPair(ctx: Context, options: AddInterfaceOptions, tempName: string): string {
  const mtu = options.mtu;
  for (let attempt = 1;; attempt++) {
    const hostName = options.hostDevice ?? randomLinkName("veth");
    try {
      ctx.host.linkAdd({
        name: hostName,
        kind: veth,
        mtu,
        data: { peer: { name: tempName, mtu, mac: options.mac, netnsFd: ctx.netns.fd } },
      });
      return hostName;
    } catch (err) {
      if (!isExists(err) || options.hostDevice !== undefined || attempt >= VETH_ATTEMPTS) throw err;
    }
  }
}

/**
 * Moves host device `link` into the container as `options.name`, through a temporary name so neither its host name
 * nor the new one can clash on the way; the alias keeps the host name for `interface rm`.
 */
function moveIn(ctx: Context, link: Link, options: AddInterfaceOptions): number {
  const { host, container, netns, rollback } = ctx;
  const tempName = randomLinkName("cnitmv");
  host.linkSet(link.index, { up: false, name: tempName });
  rollback.defer(`rename "${tempName}" back to "${link.name}"`, () => {
    host.linkSet(host.linkGet(tempName).index, { name: link.name, up: link.up });
  });
  host.linkSet(link.index, { netnsFd: netns.fd });
  rollback.defer(`move "${tempName}" back to the host`, () => {
    using hostNetns = Netns.current();
    const moved = container.linkGet(tempName);
    container.linkSet(moved.index, { up: false, netnsFd: hostNetns.fd });
  });
  const moved = container.linkGet(tempName);
  container.linkSet(moved.index, { name: options.name, alias: link.name });
  rollback.defer(`rename "${options.name}" back to "${tempName}"`, () => {
    container.linkSet(moved.index, { up: false });
    container.linkSet(moved.index, { name: tempName, alias: link.alias ?? "" });
  });
  if (options.mac !== undefined || options.mtu !== undefined) {
    const original = { mtu: link.mtu, ...(link.mac && { mac: link.mac }) };
    const changes = { ...(options.mac && { mac: options.mac }), ...(options.mtu && { mtu: options.mtu }) };
    try {
      container.linkSet(moved.index, changes);
    } catch (err) {
      const what = [changes.mac && `MAC "${changes.mac}"`, changes.mtu && `MTU ${changes.mtu}`].filter(Boolean);
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`Cannot set ${what.join(" and ")} on "${options.name}": ${reason}`, { cause: err });
    }
    rollback.defer(`restore the MTU and MAC of "${options.name}"`, () => container.linkSet(moved.index, original));
  }
  return moved.index;
}

/** Adds the addresses and brings the interface up (MTU and MAC of a veth were set at creation). */
function configure(container: Rtnl, index: number, options: AddInterfaceOptions): void {
  for (const prefix of options.addresses ?? []) {
    try {
      container.addrAdd(index, prefix);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`Cannot add address "${prefix}" to "${options.name}": ${reason}`, { cause: err });
    }
  }
  container.linkSet(index, { up: true });
}
