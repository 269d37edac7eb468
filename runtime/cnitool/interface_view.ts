/**
 * How `cnitool interface ls|inspect|add|update` shows an interface: one JSON shape with stable field names (see
 * {@linkcode InterfaceView}) and one table with the columns NAME INDEX STATE MTU MAC ADDRESSES.
 * @module
 */
import type { Address, Link, Rtnl } from "../../netlink/mod.ts";
import { formatTable } from "./table.ts";

/** An interface as cnitool prints it with `--json`; absent values are null, never missing. */
export interface InterfaceView {
  /** Interface name. */
  name: string;
  /** Interface index. */
  index: number;
  /** Link kind ("veth", "tun", "bridge", …), null for loopback and physical devices. */
  kind: string | null;
  /** Operational state as `ip link` prints it: "up", "down", "unknown", "lowerlayerdown", …. */
  state: string;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** MTU in bytes. */
  mtu: number;
  /** MAC address in lower-case colon form, null when the device has none. */
  mac: string | null;
  /** The interface alias (a device moved in with `--tapname` keeps its host name here), null when unset. */
  alias: string | null;
  /** Every address with its prefix length, IPv4 first, in kernel order ("10.0.0.2/24", "fe80::1/64"). */
  addresses: string[];
}

/** Builds the view of `link` with its addresses as read through `rtnl`. */
export function interfaceView(rtnl: Rtnl, link: Link): InterfaceView {
  return viewOf(link, rtnl.addrList({ index: link.index }));
}

/** Lists every interface of the namespace `rtnl` is bound to, in index order. */
export function listInterfaces(rtnl: Rtnl): InterfaceView[] {
  const addresses = rtnl.addrList();
  return rtnl.linkList().sort((a, b) => a.index - b.index).map((link) =>
    viewOf(link, addresses.filter((a) => a.index === link.index))
  );
}

function viewOf(link: Link, addresses: Address[]): InterfaceView {
  return {
    name: link.name,
    index: link.index,
    kind: link.kind ?? null,
    state: link.operState,
    up: link.up,
    mtu: link.mtu,
    mac: link.mac?.toString() ?? null,
    alias: link.alias ? link.alias : null,
    addresses: addresses.toSorted((a, b) => a.family - b.family).map((a) => a.prefix),
  };
}

/** The table header of {@linkcode formatInterfaces}. */
export const INTERFACE_COLUMNS: readonly string[] = ["NAME", "INDEX", "STATE", "MTU", "MAC", "ADDRESSES"];

/** Formats interfaces as an aligned table; several addresses are joined with commas. */
export function formatInterfaces(views: readonly InterfaceView[]): string {
  return formatTable(
    INTERFACE_COLUMNS,
    views.map((v) => [v.name, String(v.index), v.state, String(v.mtu), v.mac ?? "", v.addresses.join(",")]),
  );
}
