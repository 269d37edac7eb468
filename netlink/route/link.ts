/**
 * Links (RTM_NEWLINK/DELLINK/GETLINK over struct ifinfomsg): the decoded {@linkcode Link} value and the link verbs,
 * which {@linkcode Rtnl} exposes.
 * @module
 */
import type { MAC } from "../../addr/mod.ts";
import { AttributeDecoder, type RawAttribute } from "../wire/attribute_decoder.ts";
import { AttributeEncoder } from "../wire/attribute_encoder.ts";
import type { NetlinkConn } from "../wire/netlink_conn.ts";
import { NLA_F_NESTED, NLM_F_CREATE, NLM_F_EXCL } from "../wire/netlink_consts.ts";
import { isNotFound } from "../sys/errno.ts";
import {
  AF_UNSPEC,
  IFF_ALLMULTI,
  IFF_LOWER_UP,
  IFF_PROMISC,
  IFF_UP,
  IFLA_ADDRESS,
  IFLA_BROADCAST,
  IFLA_EXT_MASK,
  IFLA_GROUP,
  IFLA_IFALIAS,
  IFLA_IFNAME,
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_INFO_SLAVE_KIND,
  IFLA_LINK,
  IFLA_LINK_NETNSID,
  IFLA_LINKINFO,
  IFLA_MASTER,
  IFLA_MAX_MTU,
  IFLA_MIN_MTU,
  IFLA_MTU,
  IFLA_NUM_RX_QUEUES,
  IFLA_NUM_TX_QUEUES,
  IFLA_OPERSTATE,
  IFLA_PERM_ADDRESS,
  IFLA_STATS,
  IFLA_STATS64,
  IFLA_TXQLEN,
  RTEXT_FILTER_SKIP_STATS,
  RTM_DELLINK,
  RTM_GETLINK,
  RTM_NEWLINK,
} from "../wire/rtnetlink_consts.ts";
import { findLinkDriver, type LinkDriver } from "../kinds/mod.ts";
import { macFromBytes } from "./_family.ts";
import {
  checkLinkName,
  decodeIfInfoMsg,
  encodeIfInfoMsg,
  encodeLinkAttributes,
  type LinkAttributes,
} from "./ifinfomsg.ts";

/** RFC 2863 operational state (IFLA_OPERSTATE), as `ip link` prints it in lower case. */
export type OperState = "unknown" | "notpresent" | "down" | "lowerlayerdown" | "testing" | "dormant" | "up";

const OPER_STATES: readonly OperState[] = [
  "unknown",
  "notpresent",
  "down",
  "lowerlayerdown",
  "testing",
  "dormant",
  "up",
];

/** A network interface as the kernel reports it. */
export interface Link {
  /** Interface index. */
  index: number;
  /** Interface name. */
  name: string;
  /** Hardware type (ARPHRD_*: 1 ethernet, 772 loopback, 65534 none). */
  type: number;
  /** IFF_* flags as a number. */
  flags: number;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** Carrier present (IFF_LOWER_UP). */
  lowerUp: boolean;
  /** Promiscuous mode (IFF_PROMISC). */
  promisc: boolean;
  /** Receive all multicast (IFF_ALLMULTI). */
  allmulti: boolean;
  /** IFLA_MTU. */
  mtu: number;
  /** IFLA_OPERSTATE. */
  operState: OperState;
  /** IFLA_ADDRESS, when it is a 6-byte MAC. */
  mac?: MAC;
  /** IFLA_BROADCAST, when it is a 6-byte MAC. */
  broadcast?: MAC;
  /** IFLA_PERM_ADDRESS, when the device has one. */
  permanentMac?: MAC;
  /** IFLA_INFO_KIND ("veth", "bridge", …); undefined for physical devices and loopback. */
  kind?: string;
  /** IFLA_INFO_DATA decoded by the kind's driver, or kept raw when no driver is registered. */
  data?: unknown;
  /** IFLA_INFO_SLAVE_KIND ("bridge" for a bridge port). */
  slaveKind?: string;
  /** IFLA_MASTER: the master's index (bridge, bond, vrf). */
  master?: number;
  /** IFLA_LINK: the lower device or, for a veth, the peer's index (in `linkNetnsId`'s namespace when set). */
  parentIndex?: number;
  /** IFLA_LINK_NETNSID: the namespace id where `parentIndex` lives. */
  linkNetnsId?: number;
  /** IFLA_IFALIAS. */
  alias?: string;
  /** IFLA_TXQLEN. */
  txqlen?: number;
  /** IFLA_GROUP. */
  group?: number;
  /** IFLA_MIN_MTU. */
  minMtu?: number;
  /** IFLA_MAX_MTU. */
  maxMtu?: number;
  /** IFLA_NUM_TX_QUEUES. */
  numTxQueues?: number;
  /** IFLA_NUM_RX_QUEUES. */
  numRxQueues?: number;
  /** Attributes not decoded above, kept raw. */
  other: RawAttribute[];
}

/** Returns `link.data` typed by `driver` when the link is of that kind, else undefined. */
export function linkData<D>(link: Link, driver: LinkDriver<D>): D | undefined {
  return link.kind === driver.kind ? link.data as D : undefined;
}

function decodeLinkInfo(dec: AttributeDecoder, link: Link): void {
  let rawData: AttributeDecoder | undefined;
  while (dec.next()) {
    switch (dec.type) {
      case IFLA_INFO_KIND:
        link.kind = dec.str();
        break;
      case IFLA_INFO_SLAVE_KIND:
        link.slaveKind = dec.str();
        break;
      case IFLA_INFO_DATA:
        rawData = dec.decoder();
        link.data = dec.raw();
        break;
    }
  }
  const driver = link.kind === undefined ? undefined : findLinkDriver(link.kind);
  if (rawData !== undefined && driver !== undefined) {
    link.data = driver.decode(rawData);
    rawData.finish();
  }
}

/** Decodes an RTM_NEWLINK payload (ifinfomsg + attributes) into a {@linkcode Link}; throws RangeError when malformed. */
export function decodeLink(data: Uint8Array): Link {
  const { header, attrs } = decodeIfInfoMsg(data);
  const link: Link = {
    index: header.index,
    name: "",
    type: header.type,
    flags: header.flags,
    up: (header.flags & IFF_UP) !== 0,
    lowerUp: (header.flags & IFF_LOWER_UP) !== 0,
    promisc: (header.flags & IFF_PROMISC) !== 0,
    allmulti: (header.flags & IFF_ALLMULTI) !== 0,
    mtu: 0,
    operState: "unknown",
    other: [],
  };
  const dec = new AttributeDecoder(attrs);
  while (dec.next()) {
    switch (dec.type) {
      case IFLA_IFNAME:
        link.name = dec.str();
        break;
      case IFLA_MTU:
        link.mtu = dec.u32();
        break;
      case IFLA_OPERSTATE:
        link.operState = OPER_STATES[dec.u8()] ?? "unknown";
        break;
      case IFLA_ADDRESS: {
        const mac = macFromBytes(dec.bytes());
        if (mac) link.mac = mac;
        break;
      }
      case IFLA_BROADCAST: {
        const mac = macFromBytes(dec.bytes());
        if (mac) link.broadcast = mac;
        break;
      }
      case IFLA_PERM_ADDRESS: {
        const mac = macFromBytes(dec.bytes());
        if (mac) link.permanentMac = mac;
        break;
      }
      case IFLA_LINKINFO:
        dec.nested((inner) => decodeLinkInfo(inner, link));
        break;
      case IFLA_MASTER:
        link.master = dec.u32();
        break;
      case IFLA_LINK:
        link.parentIndex = dec.u32();
        break;
      case IFLA_LINK_NETNSID:
        link.linkNetnsId = dec.i32();
        break;
      case IFLA_IFALIAS:
        link.alias = dec.str();
        break;
      case IFLA_TXQLEN:
        link.txqlen = dec.u32();
        break;
      case IFLA_GROUP:
        link.group = dec.u32();
        break;
      case IFLA_MIN_MTU:
        link.minMtu = dec.u32();
        break;
      case IFLA_MAX_MTU:
        link.maxMtu = dec.u32();
        break;
      case IFLA_NUM_TX_QUEUES:
        link.numTxQueues = dec.u32();
        break;
      case IFLA_NUM_RX_QUEUES:
        link.numRxQueues = dec.u32();
        break;
      case IFLA_STATS:
      case IFLA_STATS64:
        break; // counters: large, and not what this module is for
      default:
        link.other.push(dec.raw());
    }
  }
  dec.finish();
  return link;
}

/** What to create: a name, a kind (driver or kind string) with its data, and optional link attributes. */
export interface LinkSpec<D = unknown> extends LinkAttributes {
  /** The new link's name. */
  name: string;
  /** A driver (typed `data`) or an IFLA_INFO_KIND string looked up in the registry ("dummy" works without one). */
  kind: LinkDriver<D> | string;
  /** Kind-specific data, written as IFLA_INFO_DATA by the driver. */
  data?: D;
  /** Create it administratively up. */
  up?: boolean;
}

/** Encodes the RTM_NEWLINK payload that creates `spec`; throws TypeError for an unknown kind given data. */
export function encodeLinkAdd<D>(spec: LinkSpec<D>): Uint8Array {
  const driver = typeof spec.kind === "string" ? findLinkDriver(spec.kind) : spec.kind;
  const kind = typeof spec.kind === "string" ? spec.kind : spec.kind.kind;
  if (driver === undefined && spec.data !== undefined) {
    throw new TypeError(`Cannot create link "${spec.name}": no driver for kind "${kind}" to encode its data`);
  }
  const up = spec.up ? IFF_UP : 0;
  const enc = new AttributeEncoder(encodeIfInfoMsg({ flags: up, change: up }));
  encodeLinkAttributes(enc, spec);
  enc.nested(IFLA_LINKINFO | NLA_F_NESTED, (info) => {
    info.str(IFLA_INFO_KIND, kind);
    if (driver !== undefined && spec.data !== undefined) {
      const data = spec.data;
      info.nested(IFLA_INFO_DATA | NLA_F_NESTED, (e) => (driver as LinkDriver<D>).encode(e, data));
    }
  });
  return enc.encode();
}

/** Changes to apply to an existing link; an unset field is left alone. */
export interface LinkChanges {
  /** Set administratively up or down. */
  up?: boolean;
  /** IFLA_MTU. */
  mtu?: number;
  /** IFLA_ADDRESS. */
  mac?: MAC | string;
  /** IFLA_IFNAME: rename (the kernel refuses renaming an up link with EBUSY). */
  name?: string;
  /** IFLA_MASTER: enslave to this index, or null to release (`nomaster`). */
  master?: number | null;
  /** IFLA_NET_NS_FD: move to the namespace of this fd. */
  netnsFd?: number;
  /** IFF_PROMISC. */
  promisc?: boolean;
  /** IFF_ALLMULTI. */
  allmulti?: boolean;
  /** IFLA_TXQLEN. */
  txqlen?: number;
  /** IFLA_IFALIAS ("" clears it). */
  alias?: string;
}

function flagChange(changes: LinkChanges): { flags: number; change: number } {
  let flags = 0;
  let change = 0;
  const set = (bit: number, on: boolean | undefined) => {
    if (on === undefined) return;
    change |= bit;
    if (on) flags |= bit;
  };
  set(IFF_UP, changes.up);
  set(IFF_PROMISC, changes.promisc);
  set(IFF_ALLMULTI, changes.allmulti);
  return { flags, change };
}

/** Encodes one RTM_NEWLINK that applies every change in `changes` to link `index`. */
export function encodeLinkSet(index: number, changes: LinkChanges): Uint8Array {
  const enc = new AttributeEncoder(encodeIfInfoMsg({ index, ...flagChange(changes) }));
  encodeLinkAttributes(enc, {
    name: changes.name,
    mtu: changes.mtu,
    mac: changes.mac,
    master: changes.master,
    netnsFd: changes.netnsFd,
    txqlen: changes.txqlen,
    alias: changes.alias,
  });
  return enc.encode();
}

function describe(ref: string | number): string {
  return typeof ref === "string" ? `link ${JSON.stringify(ref)}` : `link ${ref}`;
}

function encodeLinkRef(ref: string | number, extMask?: number): Uint8Array {
  if (typeof ref === "string") checkLinkName(ref);
  const enc = new AttributeEncoder(encodeIfInfoMsg({ index: typeof ref === "number" ? ref : 0 }));
  if (typeof ref === "string") enc.str(IFLA_IFNAME, ref);
  if (extMask !== undefined) enc.u32(IFLA_EXT_MASK, extMask);
  return enc.encode();
}

/** Lists every link (`ip link show`). */
export function linkList(conn: NetlinkConn): Link[] {
  const enc = new AttributeEncoder(encodeIfInfoMsg({ family: AF_UNSPEC }));
  enc.u32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  return conn.dump("list links", { type: RTM_GETLINK, data: enc.encode() }).map((m) => decodeLink(m.data));
}

/** Gets one link by name or index (`ip link show dev <ref>`); throws NetlinkError ENODEV when absent. */
export function linkGet(conn: NetlinkConn, ref: string | number): Link {
  const replies = conn.request(`get ${describe(ref)}`, {
    type: RTM_GETLINK,
    data: encodeLinkRef(ref, RTEXT_FILTER_SKIP_STATS),
  });
  const reply = replies.find((m) => m.type === RTM_NEWLINK);
  if (reply === undefined) throw new RangeError(`Cannot get ${describe(ref)}: the kernel sent no link`);
  return decodeLink(reply.data);
}

/** Gets one link by name, or undefined when there is none. */
export function linkFind(conn: NetlinkConn, name: string): Link | undefined {
  try {
    return linkGet(conn, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Creates a link (`ip link add <name> type <kind> …`); throws NetlinkError EEXIST when the name is taken. */
export function linkAdd<D>(conn: NetlinkConn, spec: LinkSpec<D>): void {
  const kind = typeof spec.kind === "string" ? spec.kind : spec.kind.kind;
  conn.request(`add ${kind} link ${JSON.stringify(spec.name)}`, {
    type: RTM_NEWLINK,
    flags: NLM_F_CREATE | NLM_F_EXCL,
    data: encodeLinkAdd(spec),
  });
}

/**
 * Applies `changes` to link `index` in one RTM_NEWLINK (`ip link set dev <index> …`). A rename together with
 * `up: false` is sent as two requests, down first, because the kernel renames before it changes flags.
 */
export function linkSet(conn: NetlinkConn, index: number, changes: LinkChanges): void {
  const op = `set link ${index}`;
  if (changes.name !== undefined && changes.up === false) {
    conn.request(op, { type: RTM_NEWLINK, data: encodeLinkSet(index, { up: false }) });
    const { up: _up, ...rest } = changes;
    conn.request(op, { type: RTM_NEWLINK, data: encodeLinkSet(index, rest) });
    return;
  }
  conn.request(op, { type: RTM_NEWLINK, data: encodeLinkSet(index, changes) });
}

/** Deletes a link by index or name (`ip link del dev <ref>`); throws NetlinkError ENODEV when absent. */
export function linkDel(conn: NetlinkConn, ref: number | string): void {
  conn.request(`delete ${describe(ref)}`, { type: RTM_DELLINK, data: encodeLinkRef(ref) });
}
