/**
 * rtnetlink constants (linux/rtnetlink.h, if_link.h, if_addr.h, fib_rules.h, neighbour.h, if_bridge.h, veth.h),
 * kernel spelling so `git grep` finds the header and our use together. Used only inside `netlink/`.
 * @module
 */

// Address families (linux/socket.h).
/** AF_UNSPEC (address families). */
export const AF_UNSPEC = 0;
/** AF_INET (address families). */
export const AF_INET = 2;
/** AF_BRIDGE (address families). */
export const AF_BRIDGE = 7;
/** AF_INET6 (address families). */
export const AF_INET6 = 10;
/** AF_PACKET (address families). */
export const AF_PACKET = 17;

// Message types (linux/rtnetlink.h).
/** RTM_NEWLINK (message types). */
export const RTM_NEWLINK = 16;
/** RTM_DELLINK (message types). */
export const RTM_DELLINK = 17;
/** RTM_GETLINK (message types). */
export const RTM_GETLINK = 18;
/** RTM_SETLINK (message types). */
export const RTM_SETLINK = 19;
/** RTM_NEWADDR (message types). */
export const RTM_NEWADDR = 20;
/** RTM_DELADDR (message types). */
export const RTM_DELADDR = 21;
/** RTM_GETADDR (message types). */
export const RTM_GETADDR = 22;
/** RTM_NEWROUTE (message types). */
export const RTM_NEWROUTE = 24;
/** RTM_DELROUTE (message types). */
export const RTM_DELROUTE = 25;
/** RTM_GETROUTE (message types). */
export const RTM_GETROUTE = 26;
/** RTM_NEWNEIGH (message types). */
export const RTM_NEWNEIGH = 28;
/** RTM_DELNEIGH (message types). */
export const RTM_DELNEIGH = 29;
/** RTM_GETNEIGH (message types). */
export const RTM_GETNEIGH = 30;
/** RTM_NEWRULE (message types). */
export const RTM_NEWRULE = 32;
/** RTM_DELRULE (message types). */
export const RTM_DELRULE = 33;
/** RTM_GETRULE (message types). */
export const RTM_GETRULE = 34;
/** RTM_NEWQDISC (message types). */
export const RTM_NEWQDISC = 36;
/** RTM_DELQDISC (message types). */
export const RTM_DELQDISC = 37;
/** RTM_GETQDISC (message types). */
export const RTM_GETQDISC = 38;
/** RTM_NEWTFILTER (message types). */
export const RTM_NEWTFILTER = 44;
/** RTM_DELTFILTER (message types). */
export const RTM_DELTFILTER = 45;
/** RTM_GETTFILTER (message types). */
export const RTM_GETTFILTER = 46;
/** RTM_NEWNSID (message types). */
export const RTM_NEWNSID = 88;
/** RTM_DELNSID (message types). */
export const RTM_DELNSID = 89;
/** RTM_GETNSID (message types). */
export const RTM_GETNSID = 90;

// Sizes of the fixed headers.
/** IFINFOMSG_LEN (sizes of the fixed headers). */
export const IFINFOMSG_LEN = 16;
/** IFADDRMSG_LEN (sizes of the fixed headers). */
export const IFADDRMSG_LEN = 8;
/** RTMSG_LEN (sizes of the fixed headers). */
export const RTMSG_LEN = 12;
/** FIB_RULE_HDR_LEN (sizes of the fixed headers). */
export const FIB_RULE_HDR_LEN = 12;
/** NDMSG_LEN (sizes of the fixed headers). */
export const NDMSG_LEN = 12;

// Interface flags (linux/if.h).
/** IFF_UP (interface flags). */
export const IFF_UP = 0x1;
/** IFF_BROADCAST (interface flags). */
export const IFF_BROADCAST = 0x2;
/** IFF_LOOPBACK (interface flags). */
export const IFF_LOOPBACK = 0x8;
/** IFF_POINTOPOINT (interface flags). */
export const IFF_POINTOPOINT = 0x10;
/** IFF_RUNNING (interface flags). */
export const IFF_RUNNING = 0x40;
/** IFF_NOARP (interface flags). */
export const IFF_NOARP = 0x80;
/** IFF_PROMISC (interface flags). */
export const IFF_PROMISC = 0x100;
/** IFF_ALLMULTI (interface flags). */
export const IFF_ALLMULTI = 0x200;
/** IFF_MASTER (interface flags). */
export const IFF_MASTER = 0x400;
/** IFF_SLAVE (interface flags). */
export const IFF_SLAVE = 0x800;
/** IFF_MULTICAST (interface flags). */
export const IFF_MULTICAST = 0x1000;
/** IFF_LOWER_UP (interface flags). */
export const IFF_LOWER_UP = 0x10000;
/** IFF_DORMANT (interface flags). */
export const IFF_DORMANT = 0x20000;

// Link attributes (linux/if_link.h).
/** IFLA_UNSPEC (link attributes). */
export const IFLA_UNSPEC = 0;
/** IFLA_ADDRESS (link attributes). */
export const IFLA_ADDRESS = 1;
/** IFLA_BROADCAST (link attributes). */
export const IFLA_BROADCAST = 2;
/** IFLA_IFNAME (link attributes). */
export const IFLA_IFNAME = 3;
/** IFLA_MTU (link attributes). */
export const IFLA_MTU = 4;
/** IFLA_LINK (link attributes). */
export const IFLA_LINK = 5;
/** IFLA_QDISC (link attributes). */
export const IFLA_QDISC = 6;
/** IFLA_STATS (link attributes). */
export const IFLA_STATS = 7;
/** IFLA_MASTER (link attributes). */
export const IFLA_MASTER = 10;
/** IFLA_PROTINFO (link attributes). */
export const IFLA_PROTINFO = 12;
/** IFLA_TXQLEN (link attributes). */
export const IFLA_TXQLEN = 13;
/** IFLA_OPERSTATE (link attributes). */
export const IFLA_OPERSTATE = 16;
/** IFLA_LINKMODE (link attributes). */
export const IFLA_LINKMODE = 17;
/** IFLA_LINKINFO (link attributes). */
export const IFLA_LINKINFO = 18;
/** IFLA_NET_NS_PID (link attributes). */
export const IFLA_NET_NS_PID = 19;
/** IFLA_IFALIAS (link attributes). */
export const IFLA_IFALIAS = 20;
/** IFLA_STATS64 (link attributes). */
export const IFLA_STATS64 = 23;
/** IFLA_AF_SPEC (link attributes). */
export const IFLA_AF_SPEC = 26;
/** IFLA_GROUP (link attributes). */
export const IFLA_GROUP = 27;
/** IFLA_NET_NS_FD (link attributes). */
export const IFLA_NET_NS_FD = 28;
/** IFLA_EXT_MASK (link attributes). */
export const IFLA_EXT_MASK = 29;
/** IFLA_PROMISCUITY (link attributes). */
export const IFLA_PROMISCUITY = 30;
/** IFLA_NUM_TX_QUEUES (link attributes). */
export const IFLA_NUM_TX_QUEUES = 31;
/** IFLA_NUM_RX_QUEUES (link attributes). */
export const IFLA_NUM_RX_QUEUES = 32;
/** IFLA_CARRIER (link attributes). */
export const IFLA_CARRIER = 33;
/** IFLA_LINK_NETNSID (link attributes). */
export const IFLA_LINK_NETNSID = 37;
/** IFLA_PROTO_DOWN (link attributes). */
export const IFLA_PROTO_DOWN = 39;
/** IFLA_GSO_MAX_SEGS (link attributes). */
export const IFLA_GSO_MAX_SEGS = 40;
/** IFLA_GSO_MAX_SIZE (link attributes). */
export const IFLA_GSO_MAX_SIZE = 41;
/** IFLA_XDP (link attributes). */
export const IFLA_XDP = 43;
/** IFLA_NEW_NETNSID (link attributes). */
export const IFLA_NEW_NETNSID = 45;
/** IFLA_TARGET_NETNSID (link attributes). */
export const IFLA_TARGET_NETNSID = 46;
/** IFLA_MIN_MTU (link attributes). */
export const IFLA_MIN_MTU = 50;
/** IFLA_MAX_MTU (link attributes). */
export const IFLA_MAX_MTU = 51;
/** IFLA_ALT_IFNAME (link attributes). */
export const IFLA_ALT_IFNAME = 53;
/** IFLA_PERM_ADDRESS (link attributes). */
export const IFLA_PERM_ADDRESS = 54;
/** IFLA_ALLMULTI (link attributes). */
export const IFLA_ALLMULTI = 61;

// IFLA_LINKINFO children.
/** IFLA_INFO_KIND (ifla_linkinfo children). */
export const IFLA_INFO_KIND = 1;
/** IFLA_INFO_DATA (ifla_linkinfo children). */
export const IFLA_INFO_DATA = 2;
/** IFLA_INFO_XSTATS (ifla_linkinfo children). */
export const IFLA_INFO_XSTATS = 3;
/** IFLA_INFO_SLAVE_KIND (ifla_linkinfo children). */
export const IFLA_INFO_SLAVE_KIND = 4;
/** IFLA_INFO_SLAVE_DATA (ifla_linkinfo children). */
export const IFLA_INFO_SLAVE_DATA = 5;

// Operational states (IFLA_OPERSTATE, RFC 2863).
/** IF_OPER_UNKNOWN (operational states). */
export const IF_OPER_UNKNOWN = 0;
/** IF_OPER_NOTPRESENT (operational states). */
export const IF_OPER_NOTPRESENT = 1;
/** IF_OPER_DOWN (operational states). */
export const IF_OPER_DOWN = 2;
/** IF_OPER_LOWERLAYERDOWN (operational states). */
export const IF_OPER_LOWERLAYERDOWN = 3;
/** IF_OPER_TESTING (operational states). */
export const IF_OPER_TESTING = 4;
/** IF_OPER_DORMANT (operational states). */
export const IF_OPER_DORMANT = 5;
/** IF_OPER_UP (operational states). */
export const IF_OPER_UP = 6;

// IFLA_EXT_MASK bits.
/** RTEXT_FILTER_VF (ifla_ext_mask bits). */
export const RTEXT_FILTER_VF = 0x1;
/** RTEXT_FILTER_BRVLAN (ifla_ext_mask bits). */
export const RTEXT_FILTER_BRVLAN = 0x2;
/** RTEXT_FILTER_BRVLAN_COMPRESSED (ifla_ext_mask bits). */
export const RTEXT_FILTER_BRVLAN_COMPRESSED = 0x4;
/** RTEXT_FILTER_SKIP_STATS (ifla_ext_mask bits). */
export const RTEXT_FILTER_SKIP_STATS = 0x8;

// veth (linux/veth.h).
/** VETH_INFO_PEER (veth). */
export const VETH_INFO_PEER = 1;

// Bridge device attributes (IFLA_INFO_DATA of kind bridge).
/** IFLA_BR_FORWARD_DELAY (bridge device attributes). */
export const IFLA_BR_FORWARD_DELAY = 1;
/** IFLA_BR_HELLO_TIME (bridge device attributes). */
export const IFLA_BR_HELLO_TIME = 2;
/** IFLA_BR_MAX_AGE (bridge device attributes). */
export const IFLA_BR_MAX_AGE = 3;
/** IFLA_BR_AGEING_TIME (bridge device attributes). */
export const IFLA_BR_AGEING_TIME = 4;
/** IFLA_BR_STP_STATE (bridge device attributes). */
export const IFLA_BR_STP_STATE = 5;
/** IFLA_BR_PRIORITY (bridge device attributes). */
export const IFLA_BR_PRIORITY = 6;
/** IFLA_BR_VLAN_FILTERING (bridge device attributes). */
export const IFLA_BR_VLAN_FILTERING = 7;
/** IFLA_BR_VLAN_PROTOCOL (bridge device attributes). */
export const IFLA_BR_VLAN_PROTOCOL = 8;
/** IFLA_BR_GROUP_FWD_MASK (bridge device attributes). */
export const IFLA_BR_GROUP_FWD_MASK = 9;
/** IFLA_BR_MCAST_ROUTER (bridge device attributes). */
export const IFLA_BR_MCAST_ROUTER = 22;
/** IFLA_BR_MCAST_SNOOPING (bridge device attributes). */
export const IFLA_BR_MCAST_SNOOPING = 23;
/** IFLA_BR_MCAST_QUERIER (bridge device attributes). */
export const IFLA_BR_MCAST_QUERIER = 25;
/** IFLA_BR_NF_CALL_IPTABLES (bridge device attributes). */
export const IFLA_BR_NF_CALL_IPTABLES = 36;
/** IFLA_BR_NF_CALL_IP6TABLES (bridge device attributes). */
export const IFLA_BR_NF_CALL_IP6TABLES = 37;
/** IFLA_BR_VLAN_DEFAULT_PVID (bridge device attributes). */
export const IFLA_BR_VLAN_DEFAULT_PVID = 39;
/** IFLA_BR_VLAN_STATS_ENABLED (bridge device attributes). */
export const IFLA_BR_VLAN_STATS_ENABLED = 41;

// Bridge port attributes (IFLA_PROTINFO of AF_BRIDGE, or IFLA_INFO_SLAVE_DATA).
/** IFLA_BRPORT_STATE (bridge port attributes). */
export const IFLA_BRPORT_STATE = 1;
/** IFLA_BRPORT_PRIORITY (bridge port attributes). */
export const IFLA_BRPORT_PRIORITY = 2;
/** IFLA_BRPORT_COST (bridge port attributes). */
export const IFLA_BRPORT_COST = 3;
/** IFLA_BRPORT_MODE (bridge port attributes). */
export const IFLA_BRPORT_MODE = 4;
/** IFLA_BRPORT_GUARD (bridge port attributes). */
export const IFLA_BRPORT_GUARD = 5;
/** IFLA_BRPORT_PROTECT (bridge port attributes). */
export const IFLA_BRPORT_PROTECT = 6;
/** IFLA_BRPORT_FAST_LEAVE (bridge port attributes). */
export const IFLA_BRPORT_FAST_LEAVE = 7;
/** IFLA_BRPORT_LEARNING (bridge port attributes). */
export const IFLA_BRPORT_LEARNING = 8;
/** IFLA_BRPORT_UNICAST_FLOOD (bridge port attributes). */
export const IFLA_BRPORT_UNICAST_FLOOD = 9;
/** IFLA_BRPORT_PROXYARP (bridge port attributes). */
export const IFLA_BRPORT_PROXYARP = 10;
/** IFLA_BRPORT_MCAST_FLOOD (bridge port attributes). */
export const IFLA_BRPORT_MCAST_FLOOD = 27;
/** IFLA_BRPORT_BCAST_FLOOD (bridge port attributes). */
export const IFLA_BRPORT_BCAST_FLOOD = 30;
/** IFLA_BRPORT_NEIGH_SUPPRESS (bridge port attributes). */
export const IFLA_BRPORT_NEIGH_SUPPRESS = 32;
/** IFLA_BRPORT_ISOLATED (bridge port attributes). */
export const IFLA_BRPORT_ISOLATED = 33;

// Bridge IFLA_AF_SPEC children and VLAN info flags (linux/if_bridge.h).
/** IFLA_BRIDGE_FLAGS (bridge ifla_af_spec children and vlan info flags). */
export const IFLA_BRIDGE_FLAGS = 0;
/** IFLA_BRIDGE_MODE (bridge ifla_af_spec children and vlan info flags). */
export const IFLA_BRIDGE_MODE = 1;
/** IFLA_BRIDGE_VLAN_INFO (bridge ifla_af_spec children and vlan info flags). */
export const IFLA_BRIDGE_VLAN_INFO = 2;
/** BRIDGE_FLAGS_MASTER (bridge ifla_af_spec children and vlan info flags). */
export const BRIDGE_FLAGS_MASTER = 1;
/** BRIDGE_FLAGS_SELF (bridge ifla_af_spec children and vlan info flags). */
export const BRIDGE_FLAGS_SELF = 2;
/** BRIDGE_VLAN_INFO_MASTER (bridge ifla_af_spec children and vlan info flags). */
export const BRIDGE_VLAN_INFO_MASTER = 0x1;
/** BRIDGE_VLAN_INFO_PVID (bridge ifla_af_spec children and vlan info flags). */
export const BRIDGE_VLAN_INFO_PVID = 0x2;
/** BRIDGE_VLAN_INFO_UNTAGGED (bridge ifla_af_spec children and vlan info flags). */
export const BRIDGE_VLAN_INFO_UNTAGGED = 0x4;
/** BRIDGE_VLAN_INFO_RANGE_BEGIN (bridge ifla_af_spec children and vlan info flags). */
export const BRIDGE_VLAN_INFO_RANGE_BEGIN = 0x8;
/** BRIDGE_VLAN_INFO_RANGE_END (bridge ifla_af_spec children and vlan info flags). */
export const BRIDGE_VLAN_INFO_RANGE_END = 0x10;
/** BRIDGE_VLAN_INFO_BRENTRY (bridge ifla_af_spec children and vlan info flags). */
export const BRIDGE_VLAN_INFO_BRENTRY = 0x20;

// Address attributes and flags (linux/if_addr.h).
/** IFA_ADDRESS (address attributes and flags). */
export const IFA_ADDRESS = 1;
/** IFA_LOCAL (address attributes and flags). */
export const IFA_LOCAL = 2;
/** IFA_LABEL (address attributes and flags). */
export const IFA_LABEL = 3;
/** IFA_BROADCAST (address attributes and flags). */
export const IFA_BROADCAST = 4;
/** IFA_ANYCAST (address attributes and flags). */
export const IFA_ANYCAST = 5;
/** IFA_CACHEINFO (address attributes and flags). */
export const IFA_CACHEINFO = 6;
/** IFA_MULTICAST (address attributes and flags). */
export const IFA_MULTICAST = 7;
/** IFA_FLAGS (address attributes and flags). */
export const IFA_FLAGS = 8;
/** IFA_RT_PRIORITY (address attributes and flags). */
export const IFA_RT_PRIORITY = 9;
/** IFA_PROTO (address attributes and flags). */
export const IFA_PROTO = 11;
/** IFA_F_SECONDARY (address attributes and flags). */
export const IFA_F_SECONDARY = 0x1;
/** IFA_F_NODAD (address attributes and flags). */
export const IFA_F_NODAD = 0x2;
/** IFA_F_OPTIMISTIC (address attributes and flags). */
export const IFA_F_OPTIMISTIC = 0x4;
/** IFA_F_DADFAILED (address attributes and flags). */
export const IFA_F_DADFAILED = 0x8;
/** IFA_F_HOMEADDRESS (address attributes and flags). */
export const IFA_F_HOMEADDRESS = 0x10;
/** IFA_F_DEPRECATED (address attributes and flags). */
export const IFA_F_DEPRECATED = 0x20;
/** IFA_F_TENTATIVE (address attributes and flags). */
export const IFA_F_TENTATIVE = 0x40;
/** IFA_F_PERMANENT (address attributes and flags). */
export const IFA_F_PERMANENT = 0x80;
/** IFA_F_MANAGETEMPADDR (address attributes and flags). */
export const IFA_F_MANAGETEMPADDR = 0x100;
/** IFA_F_NOPREFIXROUTE (address attributes and flags). */
export const IFA_F_NOPREFIXROUTE = 0x200;
/** IFA_F_MCAUTOJOIN (address attributes and flags). */
export const IFA_F_MCAUTOJOIN = 0x400;
/** IFA_F_STABLE_PRIVACY (address attributes and flags). */
export const IFA_F_STABLE_PRIVACY = 0x800;

// Route types (rtm_type).
/** RTN_UNSPEC (route types). */
export const RTN_UNSPEC = 0;
/** RTN_UNICAST (route types). */
export const RTN_UNICAST = 1;
/** RTN_LOCAL (route types). */
export const RTN_LOCAL = 2;
/** RTN_BROADCAST (route types). */
export const RTN_BROADCAST = 3;
/** RTN_ANYCAST (route types). */
export const RTN_ANYCAST = 4;
/** RTN_MULTICAST (route types). */
export const RTN_MULTICAST = 5;
/** RTN_BLACKHOLE (route types). */
export const RTN_BLACKHOLE = 6;
/** RTN_UNREACHABLE (route types). */
export const RTN_UNREACHABLE = 7;
/** RTN_PROHIBIT (route types). */
export const RTN_PROHIBIT = 8;
/** RTN_THROW (route types). */
export const RTN_THROW = 9;
/** RTN_NAT (route types). */
export const RTN_NAT = 10;

// Route protocols (rtm_protocol).
/** RTPROT_UNSPEC (route protocols). */
export const RTPROT_UNSPEC = 0;
/** RTPROT_REDIRECT (route protocols). */
export const RTPROT_REDIRECT = 1;
/** RTPROT_KERNEL (route protocols). */
export const RTPROT_KERNEL = 2;
/** RTPROT_BOOT (route protocols). */
export const RTPROT_BOOT = 3;
/** RTPROT_STATIC (route protocols). */
export const RTPROT_STATIC = 4;
/** RTPROT_RA (route protocols). */
export const RTPROT_RA = 9;
/** RTPROT_DHCP (route protocols). */
export const RTPROT_DHCP = 16;

// Scopes (rtm_scope, ifa_scope).
/** RT_SCOPE_UNIVERSE (scopes). */
export const RT_SCOPE_UNIVERSE = 0;
/** RT_SCOPE_SITE (scopes). */
export const RT_SCOPE_SITE = 200;
/** RT_SCOPE_LINK (scopes). */
export const RT_SCOPE_LINK = 253;
/** RT_SCOPE_HOST (scopes). */
export const RT_SCOPE_HOST = 254;
/** RT_SCOPE_NOWHERE (scopes). */
export const RT_SCOPE_NOWHERE = 255;

// Routing tables.
/** RT_TABLE_UNSPEC (routing tables). */
export const RT_TABLE_UNSPEC = 0;
/** RT_TABLE_DEFAULT (routing tables). */
export const RT_TABLE_DEFAULT = 253;
/** RT_TABLE_MAIN (routing tables). */
export const RT_TABLE_MAIN = 254;
/** RT_TABLE_LOCAL (routing tables). */
export const RT_TABLE_LOCAL = 255;

// Route attributes.
/** RTA_DST (route attributes). */
export const RTA_DST = 1;
/** RTA_SRC (route attributes). */
export const RTA_SRC = 2;
/** RTA_IIF (route attributes). */
export const RTA_IIF = 3;
/** RTA_OIF (route attributes). */
export const RTA_OIF = 4;
/** RTA_GATEWAY (route attributes). */
export const RTA_GATEWAY = 5;
/** RTA_PRIORITY (route attributes). */
export const RTA_PRIORITY = 6;
/** RTA_PREFSRC (route attributes). */
export const RTA_PREFSRC = 7;
/** RTA_METRICS (route attributes). */
export const RTA_METRICS = 8;
/** RTA_MULTIPATH (route attributes). */
export const RTA_MULTIPATH = 9;
/** RTA_FLOW (route attributes). */
export const RTA_FLOW = 11;
/** RTA_CACHEINFO (route attributes). */
export const RTA_CACHEINFO = 12;
/** RTA_TABLE (route attributes). */
export const RTA_TABLE = 15;
/** RTA_MARK (route attributes). */
export const RTA_MARK = 16;
/** RTA_VIA (route attributes). */
export const RTA_VIA = 18;
/** RTA_PREF (route attributes). */
export const RTA_PREF = 20;
/** RTA_EXPIRES (route attributes). */
export const RTA_EXPIRES = 23;
/** RTA_PAD (route attributes). */
export const RTA_PAD = 24;

// Route metrics (nested in RTA_METRICS).
/** RTAX_LOCK (route metrics). */
export const RTAX_LOCK = 1;
/** RTAX_MTU (route metrics). */
export const RTAX_MTU = 2;
/** RTAX_WINDOW (route metrics). */
export const RTAX_WINDOW = 3;
/** RTAX_RTT (route metrics). */
export const RTAX_RTT = 4;
/** RTAX_ADVMSS (route metrics). */
export const RTAX_ADVMSS = 8;
/** RTAX_HOPLIMIT (route metrics). */
export const RTAX_HOPLIMIT = 10;
/** RTAX_INITCWND (route metrics). */
export const RTAX_INITCWND = 11;
/** RTAX_INITRWND (route metrics). */
export const RTAX_INITRWND = 14;

// Route flags (rtm_flags).
/** RTNH_F_DEAD (route flags). */
export const RTNH_F_DEAD = 0x1;
/** RTNH_F_PERVASIVE (route flags). */
export const RTNH_F_PERVASIVE = 0x2;
/** RTNH_F_ONLINK (route flags). */
export const RTNH_F_ONLINK = 0x4;
/** RTNH_F_LINKDOWN (route flags). */
export const RTNH_F_LINKDOWN = 0x10;
/** RTM_F_NOTIFY (route flags). */
export const RTM_F_NOTIFY = 0x100;
/** RTM_F_CLONED (route flags). */
export const RTM_F_CLONED = 0x200;

// FIB rule attributes and actions (linux/fib_rules.h).
/** FRA_DST (fib rule attributes and actions). */
export const FRA_DST = 1;
/** FRA_SRC (fib rule attributes and actions). */
export const FRA_SRC = 2;
/** FRA_IIFNAME (fib rule attributes and actions). */
export const FRA_IIFNAME = 3;
/** FRA_GOTO (fib rule attributes and actions). */
export const FRA_GOTO = 4;
/** FRA_PRIORITY (fib rule attributes and actions). */
export const FRA_PRIORITY = 6;
/** FRA_FWMARK (fib rule attributes and actions). */
export const FRA_FWMARK = 10;
/** FRA_FLOW (fib rule attributes and actions). */
export const FRA_FLOW = 11;
/** FRA_SUPPRESS_IFGROUP (fib rule attributes and actions). */
export const FRA_SUPPRESS_IFGROUP = 13;
/** FRA_SUPPRESS_PREFIXLEN (fib rule attributes and actions). */
export const FRA_SUPPRESS_PREFIXLEN = 14;
/** FRA_TABLE (fib rule attributes and actions). */
export const FRA_TABLE = 15;
/** FRA_FWMASK (fib rule attributes and actions). */
export const FRA_FWMASK = 16;
/** FRA_OIFNAME (fib rule attributes and actions). */
export const FRA_OIFNAME = 17;
/** FRA_L3MDEV (fib rule attributes and actions). */
export const FRA_L3MDEV = 19;
/** FRA_PROTOCOL (fib rule attributes and actions). */
export const FRA_PROTOCOL = 21;
/** FR_ACT_UNSPEC (fib rule attributes and actions). */
export const FR_ACT_UNSPEC = 0;
/** FR_ACT_TO_TBL (fib rule attributes and actions). */
export const FR_ACT_TO_TBL = 1;
/** FR_ACT_GOTO (fib rule attributes and actions). */
export const FR_ACT_GOTO = 2;
/** FR_ACT_NOP (fib rule attributes and actions). */
export const FR_ACT_NOP = 3;
/** FR_ACT_BLACKHOLE (fib rule attributes and actions). */
export const FR_ACT_BLACKHOLE = 6;
/** FR_ACT_UNREACHABLE (fib rule attributes and actions). */
export const FR_ACT_UNREACHABLE = 7;
/** FR_ACT_PROHIBIT (fib rule attributes and actions). */
export const FR_ACT_PROHIBIT = 8;
/** FIB_RULE_INVERT (fib rule attributes and actions). */
export const FIB_RULE_INVERT = 0x2;

// Neighbour attributes, states and flags (linux/neighbour.h).
/** NDA_DST (neighbour attributes, states and flags). */
export const NDA_DST = 1;
/** NDA_LLADDR (neighbour attributes, states and flags). */
export const NDA_LLADDR = 2;
/** NDA_CACHEINFO (neighbour attributes, states and flags). */
export const NDA_CACHEINFO = 3;
/** NDA_PROBES (neighbour attributes, states and flags). */
export const NDA_PROBES = 4;
/** NDA_VLAN (neighbour attributes, states and flags). */
export const NDA_VLAN = 5;
/** NDA_MASTER (neighbour attributes, states and flags). */
export const NDA_MASTER = 9;
/** NUD_NONE (neighbour attributes, states and flags). */
export const NUD_NONE = 0x0;
/** NUD_INCOMPLETE (neighbour attributes, states and flags). */
export const NUD_INCOMPLETE = 0x1;
/** NUD_REACHABLE (neighbour attributes, states and flags). */
export const NUD_REACHABLE = 0x2;
/** NUD_STALE (neighbour attributes, states and flags). */
export const NUD_STALE = 0x4;
/** NUD_DELAY (neighbour attributes, states and flags). */
export const NUD_DELAY = 0x8;
/** NUD_PROBE (neighbour attributes, states and flags). */
export const NUD_PROBE = 0x10;
/** NUD_FAILED (neighbour attributes, states and flags). */
export const NUD_FAILED = 0x20;
/** NUD_NOARP (neighbour attributes, states and flags). */
export const NUD_NOARP = 0x40;
/** NUD_PERMANENT (neighbour attributes, states and flags). */
export const NUD_PERMANENT = 0x80;
/** NTF_USE (neighbour attributes, states and flags). */
export const NTF_USE = 0x1;
/** NTF_SELF (neighbour attributes, states and flags). */
export const NTF_SELF = 0x2;
/** NTF_MASTER (neighbour attributes, states and flags). */
export const NTF_MASTER = 0x4;
/** NTF_PROXY (neighbour attributes, states and flags). */
export const NTF_PROXY = 0x8;
/** NTF_ROUTER (neighbour attributes, states and flags). */
export const NTF_ROUTER = 0x80;

// Hardware types (linux/if_arp.h).
/** ARPHRD_ETHER (hardware types). */
export const ARPHRD_ETHER = 1;
/** ARPHRD_LOOPBACK (hardware types). */
export const ARPHRD_LOOPBACK = 772;
/** ARPHRD_NONE (hardware types). */
export const ARPHRD_NONE = 0xfffe;
