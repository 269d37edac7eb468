/**
 * Netfilter over netlink: ctnetlink conntrack flows (list, create, delete, delete by protocol and destination).
 * @module
 */
export {
  CONNTRACK_MSG,
  type ConntrackFilter,
  type ConntrackFlow,
  type ConntrackTuple,
  decodeConntrackFlow,
  encodeConntrackDelete,
  encodeConntrackDump,
  encodeConntrackNew,
  invertTuple,
  matchesConntrackFilter,
} from "./conntrack_flow.ts";
export {
  conntrackAdd,
  conntrackDelete,
  conntrackDeleteMatching,
  conntrackList,
  type ConntrackOpenOptions,
  openConntrack,
} from "./conntrack.ts";
