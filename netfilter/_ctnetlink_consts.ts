/**
 * ctnetlink constants (linux/netfilter/nfnetlink.h, nfnetlink_conntrack.h), kernel spelling, private to
 * conntrack.ts. They belong in netlink/wire beside the other families once that folder takes them.
 * @module
 */

/** linux/netlink.h */
export const NETLINK_NETFILTER = 12;
/** linux/netlink.h: attribute carries nested attributes. */
export const NLA_F_NESTED = 1 << 15;
/** linux/netfilter/nfnetlink.h */
export const NFNL_SUBSYS_CTNETLINK = 1;
/** linux/netfilter/nfnetlink.h */
export const NFNETLINK_V0 = 0;
/** nfnetlink_conntrack.h: enum cntl_msg_types */
export const IPCTNL_MSG_CT_GET = 1;
/** nfnetlink_conntrack.h: enum cntl_msg_types */
export const IPCTNL_MSG_CT_DELETE = 2;
/** nfnetlink_conntrack.h: enum ctattr_type */
export const CTA_TUPLE_ORIG = 1;
/** nfnetlink_conntrack.h: enum ctattr_tuple */
export const CTA_TUPLE_IP = 1;
/** nfnetlink_conntrack.h: enum ctattr_tuple */
export const CTA_TUPLE_PROTO = 2;
/** nfnetlink_conntrack.h: enum ctattr_ip */
export const CTA_IP_V4_SRC = 1;
/** nfnetlink_conntrack.h: enum ctattr_ip */
export const CTA_IP_V4_DST = 2;
/** nfnetlink_conntrack.h: enum ctattr_ip */
export const CTA_IP_V6_SRC = 3;
/** nfnetlink_conntrack.h: enum ctattr_ip */
export const CTA_IP_V6_DST = 4;
/** nfnetlink_conntrack.h: enum ctattr_l4proto */
export const CTA_PROTO_NUM = 1;
/** nfnetlink_conntrack.h: enum ctattr_l4proto */
export const CTA_PROTO_SRC_PORT = 2;
/** nfnetlink_conntrack.h: enum ctattr_l4proto */
export const CTA_PROTO_DST_PORT = 3;
/** linux/socket.h */
export const AF_INET = 2;
/** linux/socket.h */
export const AF_INET6 = 10;
