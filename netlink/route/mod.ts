/**
 * rtnetlink objects and verbs: links, addresses, routes, rules, neighbours, through the {@linkcode Rtnl} handle.
 * @module
 */
export { Rtnl, type RtnlOptions } from "./rtnl.ts";
export {
  decodeLink,
  encodeLinkAdd,
  encodeLinkSet,
  type Link,
  type LinkChanges,
  linkData,
  type LinkSpec,
  type OperState,
} from "./link.ts";
export { IFNAME_MAX, type LinkAttributes } from "./ifinfomsg.ts";
export {
  type Address,
  type AddressListOptions,
  type AddressOptions,
  decodeAddress,
  encodeAddrAdd,
  encodeAddrDel,
} from "./address.ts";
export { decodeRoute, encodeRoute, type Route, type RouteListOptions, type RouteSpec, routeSpecOf } from "./route.ts";
export { decodeRule, encodeRule, type Rule, type RuleSpec } from "./rule.ts";
export { decodeNeighbor, type Neighbor, type NeighborListOptions, type NeighborSpec } from "./neigh.ts";
