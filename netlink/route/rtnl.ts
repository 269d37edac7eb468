/**
 * {@linkcode Rtnl}: the rtnetlink handle bound to one network namespace. Every verb names its `ip`/`bridge`
 * equivalent; callers pass values (indexes, addr/ values or text), never bytes.
 * @module
 */
import type { Family, IP, Prefix } from "../../addr/mod.ts";
import type { Netns } from "../sys/netns.ts";
import { NetlinkConn } from "../wire/netlink_conn.ts";
import { NetlinkSocket, type NetlinkTransport } from "../wire/netlink_socket.ts";
import {
  type BridgePort,
  bridgePortList,
  bridgePortSet,
  type BridgePortSettings,
  type BridgeVlan,
  bridgeVlanAdd,
  bridgeVlanDel,
  type BridgeVlanOptions,
} from "../kinds/bridge.ts";
import {
  type Link,
  linkAdd,
  type LinkChanges,
  linkDel,
  linkFind,
  linkGet,
  linkList,
  linkSet,
  type LinkSpec,
} from "./link.ts";
import { addrAdd, addrDel, type Address, type AddressListOptions, type AddressOptions, addrList } from "./address.ts";
import {
  type Route,
  routeAdd,
  routeAppend,
  routeDel,
  routeList,
  type RouteListOptions,
  routeReplace,
  type RouteSpec,
} from "./route.ts";
import { type Rule, ruleAdd, ruleDel, ruleList, type RuleSpec } from "./rule.ts";
import { neighAdd, type Neighbor, type NeighborListOptions, type NeighborSpec, neighDel, neighList } from "./neigh.ts";

/** Options of {@linkcode Rtnl.open}. */
export interface RtnlOptions {
  /** Open the socket inside this namespace (a handle or a path); the handle then acts there from any thread. */
  netns?: Netns | string | undefined;
}

/** An rtnetlink handle: one NETLINK_ROUTE socket, bound to the namespace it was opened in. Close it when done. */
export class Rtnl implements Disposable {
  /** The request/reply conversation the verbs use. */
  readonly conn: NetlinkConn;

  /** Wraps a transport: a real socket, or a `FakeKernel` in unit tests. Prefer {@linkcode Rtnl.open}. */
  constructor(transport: NetlinkTransport) {
    this.conn = new NetlinkConn(transport);
  }

  /** Opens a handle in the current namespace, or in `options.netns`; throws SyscallError when that fails. */
  static open(options: RtnlOptions = {}): Rtnl {
    return new Rtnl(NetlinkSocket.open({ netns: options.netns }));
  }

  /** Closes the socket; safe to call twice. */
  close(): void {
    this.conn.close();
  }

  /** Same as {@linkcode Rtnl.close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Lists every link. Equivalent to `ip link show`. */
  linkList(): Link[] {
    return linkList(this.conn);
  }

  /** Gets a link by name or index; throws NetlinkError ENODEV when absent. Equivalent to `ip link show dev <ref>`. */
  linkGet(ref: string | number): Link {
    return linkGet(this.conn, ref);
  }

  /** Gets a link by name, or undefined when absent. Equivalent to `ip link show dev <name>` without the error. */
  linkFind(name: string): Link | undefined {
    return linkFind(this.conn, name);
  }

  /**
   * Creates a link; NetlinkError EEXIST when the name is taken, EOPNOTSUPP when the kind's module is missing.
   * Equivalent to `ip link add <name> [mtu …] [address …] [netns …] type <kind> …`.
   */
  linkAdd<D>(spec: LinkSpec<D>): void {
    linkAdd(this.conn, spec);
  }

  /**
   * Applies `changes` to a link in one request. Equivalent to
   * `ip link set dev <index> [up|down] [mtu …] [address …] [name …] [master …|nomaster] [netns …] [promisc …]`.
   */
  linkSet(index: number, changes: LinkChanges): void {
    linkSet(this.conn, index, changes);
  }

  /** Deletes a link by index or name; NetlinkError ENODEV when absent. Equivalent to `ip link del dev <ref>`. */
  linkDel(ref: number | string): void {
    linkDel(this.conn, ref);
  }

  /** Lists addresses, optionally of one family or link. Equivalent to `ip [-4|-6] addr show [dev <index>]`. */
  addrList(options?: AddressListOptions): Address[] {
    return addrList(this.conn, options);
  }

  /** Adds an address; NetlinkError EEXIST when present. Equivalent to `ip addr add <prefix> dev <index> …`. */
  addrAdd(index: number, prefix: Prefix | string, options?: AddressOptions): void {
    addrAdd(this.conn, index, prefix, options);
  }

  /** Removes an address; NetlinkError EADDRNOTAVAIL when absent. Equivalent to `ip addr del <prefix> dev <index>`. */
  addrDel(index: number, prefix: Prefix | string): void {
    addrDel(this.conn, index, prefix);
  }

  /** Lists routes of the main table by default. Equivalent to `ip route show [table …] [dev …]`. */
  routeList(options?: RouteListOptions): Route[] {
    return routeList(this.conn, options);
  }

  /** Adds a route; NetlinkError EEXIST when present. Equivalent to `ip route add …`. */
  routeAdd(route: RouteSpec): void {
    routeAdd(this.conn, route);
  }

  /** Adds or replaces a route. Equivalent to `ip route replace …`. */
  routeReplace(route: RouteSpec): void {
    routeReplace(this.conn, route);
  }

  /** Appends a route. Equivalent to `ip route append …`. */
  routeAppend(route: RouteSpec): void {
    routeAppend(this.conn, route);
  }

  /** Deletes a route; NetlinkError ESRCH when none matches. Equivalent to `ip route del …`. */
  routeDel(route: RouteSpec): void {
    routeDel(this.conn, route);
  }

  /** Lists rules of one family or both. Equivalent to `ip [-4|-6] rule show`. */
  ruleList(family?: Family): Rule[] {
    return ruleList(this.conn, family);
  }

  /** Adds a rule; NetlinkError EEXIST when present. Equivalent to `ip rule add [from …] [to …] lookup … pref …`. */
  ruleAdd(rule: RuleSpec): void {
    ruleAdd(this.conn, rule);
  }

  /** Deletes the first matching rule; NetlinkError ENOENT when none. Equivalent to `ip rule del …`. */
  ruleDel(rule: RuleSpec): void {
    ruleDel(this.conn, rule);
  }

  /** Lists neighbours. Equivalent to `ip neigh show [dev <index>]`. */
  neighList(options?: NeighborListOptions): Neighbor[] {
    return neighList(this.conn, options);
  }

  /** Adds or replaces a neighbour. Equivalent to `ip neigh replace <ip> lladdr <mac> dev <index> nud permanent`. */
  neighAdd(index: number, neighbor: NeighborSpec): void {
    neighAdd(this.conn, index, neighbor);
  }

  /** Deletes a neighbour; NetlinkError ENOENT when absent. Equivalent to `ip neigh del <ip> dev <index>`. */
  neighDel(index: number, ip: IP | string): void {
    neighDel(this.conn, index, ip);
  }

  /** Changes bridge port settings. Equivalent to `bridge link set dev <index> hairpin on learning off …`. */
  bridgePortSet(index: number, settings: BridgePortSettings): void {
    bridgePortSet(this.conn, index, settings);
  }

  /** Lists bridge ports with their settings and VLANs. Equivalent to `bridge -d link show` + `bridge vlan show`. */
  bridgePortList(): BridgePort[] {
    return bridgePortList(this.conn);
  }

  /** Adds a VLAN to a bridge port. Equivalent to `bridge vlan add dev <index> vid <vid> [pvid] [untagged] [self]`. */
  bridgeVlanAdd(index: number, vlan: BridgeVlan, options?: BridgeVlanOptions): void {
    bridgeVlanAdd(this.conn, index, vlan, options);
  }

  /** Removes a VLAN from a bridge port. Equivalent to `bridge vlan del dev <index> vid <vid> [self]`. */
  bridgeVlanDel(index: number, vlan: BridgeVlan, options?: BridgeVlanOptions): void {
    bridgeVlanDel(this.conn, index, vlan, options);
  }
}
