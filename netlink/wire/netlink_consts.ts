/**
 * Constants of the netlink protocol itself (linux/netlink.h, linux/socket.h), kernel spelling. Used only inside
 * `netlink/`.
 * @module
 */

/** Socket family of netlink sockets. */
export const AF_NETLINK = 16;
/** Raw socket type, the only one netlink needs. */
export const SOCK_RAW = 3;
/** socket(2) type flag: close on exec. */
export const SOCK_CLOEXEC = 0o2000000;
/** Netlink protocol: routing (links, addresses, routes, rules, neighbours, tc). */
export const NETLINK_ROUTE = 0;
/** Netlink protocol: netfilter (nftables, conntrack). */
export const NETLINK_NETFILTER = 12;
/** Netlink protocol: generic netlink. */
export const NETLINK_GENERIC = 16;

/** setsockopt level for netlink options. */
export const SOL_NETLINK = 270;
/** Ask for acks without the echoed request payload. */
export const NETLINK_CAP_ACK = 10;
/** Ask for extended acks (error text and offset). */
export const NETLINK_EXT_ACK = 11;
/** Ask the kernel to check dump request headers strictly. */
export const NETLINK_GET_STRICT_CHK = 12;
/** setsockopt level for generic socket options. */
export const SOL_SOCKET = 1;
/** Send buffer size. */
export const SO_SNDBUF = 7;
/** Receive buffer size. */
export const SO_RCVBUF = 8;
/** Receive timeout (struct timeval). */
export const SO_RCVTIMEO = 20;
/** recv flag: look without consuming. */
export const MSG_PEEK = 2;
/** recv flag: return the real datagram length even when truncated. */
export const MSG_TRUNC = 0x20;

/** Size of struct nlmsghdr. */
export const NLMSG_HDRLEN = 16;
/** Size of struct nlattr's header. */
export const NLA_HDRLEN = 4;
/** Message type: nothing. */
export const NLMSG_NOOP = 1;
/** Message type: error or ack. */
export const NLMSG_ERROR = 2;
/** Message type: end of a multipart dump. */
export const NLMSG_DONE = 3;
/** Message type: data lost. */
export const NLMSG_OVERRUN = 4;

/** Flag: this is a request. */
export const NLM_F_REQUEST = 0x1;
/** Flag: part of a multipart message ended by NLMSG_DONE. */
export const NLM_F_MULTI = 0x2;
/** Flag: reply with an ack. */
export const NLM_F_ACK = 0x4;
/** Flag: echo this request. */
export const NLM_F_ECHO = 0x8;
/** Flag: the dump was inconsistent because the data changed while dumping. */
export const NLM_F_DUMP_INTR = 0x10;
/** Flag: the dump was filtered as requested. */
export const NLM_F_DUMP_FILTERED = 0x20;
/** GET flag: return the complete table. */
export const NLM_F_ROOT = 0x100;
/** GET flag: return all matching entries. */
export const NLM_F_MATCH = 0x200;
/** GET flag: atomic dump. */
export const NLM_F_ATOMIC = 0x400;
/** GET flag: dump (ROOT | MATCH). */
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
/** NEW flag: replace an existing object. */
export const NLM_F_REPLACE = 0x100;
/** NEW flag: fail if the object exists. */
export const NLM_F_EXCL = 0x200;
/** NEW flag: create if missing. */
export const NLM_F_CREATE = 0x400;
/** NEW flag: add to the end of the list. */
export const NLM_F_APPEND = 0x800;
/** ACK flag: the echoed request was capped to its header. */
export const NLM_F_CAPPED = 0x100;
/** ACK flag: extended ack attributes follow. */
export const NLM_F_ACK_TLVS = 0x200;

/** Extended ack attribute: error text. */
export const NLMSGERR_ATTR_MSG = 1;
/** Extended ack attribute: offset of the offending attribute in the request. */
export const NLMSGERR_ATTR_OFFS = 2;
/** Extended ack attribute: cookie. */
export const NLMSGERR_ATTR_COOKIE = 3;
/** Extended ack attribute: policy of the offending attribute. */
export const NLMSGERR_ATTR_POLICY = 4;
/** Extended ack attribute: type of a missing attribute. */
export const NLMSGERR_ATTR_MISS_TYPE = 5;
/** Extended ack attribute: offset of the nest missing an attribute. */
export const NLMSGERR_ATTR_MISS_NEST = 6;

/** Attribute type bit: the payload is nested attributes. */
export const NLA_F_NESTED = 1 << 15;
/** Attribute type bit: the payload is in network byte order. */
export const NLA_F_NET_BYTEORDER = 1 << 14;
/** Mask that strips the two flag bits from an attribute type. */
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;
