/* rtnl: links, addresses, routes, network namespace ids and bridge
 * settings over rtnetlink (netlink.h). Every function works in the
 * network namespace of the socket it is given (open the socket after
 * setns, or use one opened there), returns 0 or -1 with e, and never
 * exits. Names are checked (rtnl_check_ifname) before anything is sent.
 */
#ifndef CTBOX_RTNL_H
#define CTBOX_RTNL_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>

#include "netlink.h"

#define RTNL_IFNAMSIZ 16

/* An interface name the kernel accepts: 1..15 bytes, no '/', ':', blank
 * or control character, not "." or "..", and no '%' (the kernel would take
 * "eth%d" as a pattern). Returns 0, or -1 with a reason. */
int rtnl_check_ifname(const char *name, const char **why);

/* "10.0.3.1/24", "fd00::1/64" (prefix required when need_prefix, else
 * 32/128 by default): *family AF_INET or AF_INET6, addr a struct in_addr
 * or in6_addr. Returns 0, or -1 with a reason. */
int rtnl_parse_cidr(const char *s, int need_prefix, int *family, void *addr,
		    unsigned *prefix, const char **why);
/* "aa:bb:cc:dd:ee:ff" (1 or 2 hex digits a byte; a unicast address, not
 * all zeros). 0, or -1 with a reason. */
int rtnl_parse_mac(const char *s, unsigned char mac[6], const char **why);

/* What a link dump or get reports. */
struct rtnl_link {
	int ifindex;
	char name[RTNL_IFNAMSIZ];
	char kind[16];          /* IFLA_INFO_KIND: "veth", "bridge" ... ("" if none) */
	unsigned flags;         /* IFF_UP ... */
	unsigned mtu;
	int master;             /* ifindex of the bridge it is a port of, 0 if none */
	int link;               /* IFLA_LINK: parent / veth peer ifindex, 0 if none */
	int link_netnsid;       /* IFLA_LINK_NETNSID, -1 if none */
	unsigned char addr[32]; /* hardware address */
	unsigned addrlen;
	unsigned tx_queues;     /* IFLA_NUM_TX_QUEUES, 0 if not told */
	uint64_t rx_bytes, tx_bytes, rx_packets, tx_packets; /* IFLA_STATS64 */
};

/* One link by name or index (name NULL). ENODEV in e->errnum if absent. */
int rtnl_link_get(struct nl_sock *s, const char *name, int ifindex, struct rtnl_link *l,
		  struct bb_err *e);
/* The ifindex of a name, or -1 with e (ENODEV: "no such interface NAME"). */
int rtnl_ifindex(struct nl_sock *s, const char *name, struct bb_err *e);
/* Call cb for every link (sorted by the kernel: ifindex order). Here and
 * in the other *_list functions cb returns 0 to go on, > 0 to stop (the
 * list returns 0), < 0 to fail (the list returns -1 with ECANCELED; cb
 * keeps its own error). */
int rtnl_link_list(struct nl_sock *s, int (*cb)(const struct rtnl_link *l, void *arg),
		   void *arg, struct bb_err *e);

/* A new link (RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL). */
enum rtnl_kind { RTNL_VETH, RTNL_BRIDGE, RTNL_MACVLAN, RTNL_VLAN, RTNL_DUMMY, RTNL_IPVLAN };
struct rtnl_new {
	enum rtnl_kind kind;
	const char *name;           /* required */
	unsigned mtu;               /* 0: the kernel's default */
	const unsigned char *hwaddr;/* 6 bytes, or NULL */
	int netns_fd;               /* >= 0: create it there (IFLA_NET_NS_FD) */
	int up;
	int master;                 /* > 0: a port of that bridge from the start */
	unsigned queues;            /* > 0: that many tx and rx queues (a veth's
	                               peer too); 0: the kernel's default */
	/* veth */
	const char *peer;           /* the peer's name (NULL: the kernel picks) */
	int peer_netns_fd;          /* >= 0: the peer is created in that namespace */
	const unsigned char *peer_hwaddr;
	unsigned peer_mtu;
	/* macvlan, vlan, ipvlan: the parent device */
	int link;                   /* its ifindex */
	int macvlan_mode;           /* MACVLAN_MODE_* of linux/if_link.h */
	int vlan_id;                /* 0..4094 */
	int ipvlan_mode;            /* IPVLAN_MODE_* */
};
int rtnl_link_add(struct nl_sock *s, const struct rtnl_new *n, struct bb_err *e);
int rtnl_link_del(struct nl_sock *s, int ifindex, struct bb_err *e);

/* Change a link (RTM_NEWLINK on an existing ifindex); fields left at
 * their "unset" value are not touched. All in one request, except a
 * rename with up = 0 of a link that is up: brought down first. Note the
 * kernel's order: enslaving a port of another bridge releases it first,
 * even when the new master then refuses it. */
struct rtnl_set {
	int up;                     /* 1 up, 0 down, -1 unset */
	const char *name;           /* rename (the link must be down) */
	unsigned mtu;               /* 0: unset */
	const unsigned char *hwaddr;/* 6 bytes, or NULL */
	int master;                 /* > 0: enslave to that bridge; 0: unset; -1: release */
	int netns_fd;               /* >= 0: move there (IFLA_NET_NS_FD) */
	pid_t netns_pid;            /* > 0: move to that process's namespace */
};
#define RTNL_SET_INIT { -1, NULL, 0, NULL, 0, -1, 0 }
int rtnl_link_set(struct nl_sock *s, int ifindex, const struct rtnl_set *set, struct bb_err *e);

/* Addresses. family AF_INET or AF_INET6; addr is struct in_addr or
 * in6_addr; bcast (IPv4 only) may be NULL (then the kernel's none; use
 * rtnl_bcast4 for the usual one). */
struct rtnl_addr {
	int family;
	int ifindex;
	unsigned char prefix;
	unsigned char scope;
	union { struct in_addr v4; struct in6_addr v6; } addr;
	char label[RTNL_IFNAMSIZ];
};
int rtnl_addr_add(struct nl_sock *s, int ifindex, int family, const void *addr,
		  unsigned prefix, const struct in_addr *bcast, struct bb_err *e);
int rtnl_addr_del(struct nl_sock *s, int ifindex, int family, const void *addr,
		  unsigned prefix, struct bb_err *e);
/* Every address of family (AF_UNSPEC: both) on ifindex (0: every link). */
int rtnl_addr_list(struct nl_sock *s, int family, int ifindex,
		   int (*cb)(const struct rtnl_addr *a, void *arg), void *arg, struct bb_err *e);
/* a's broadcast address in a /prefix; 0.0.0.0 for /31 and /32, which have
 * none (rtnl_addr_add takes a bcast of 0.0.0.0 as none). */
struct in_addr rtnl_bcast4(struct in_addr a, unsigned prefix);

/* A route in the main table: dst/prefix (dst NULL: the default route) via
 * gw (NULL: directly on the link), out of ifindex (0: any). */
int rtnl_route_add(struct nl_sock *s, int family, const void *dst, unsigned prefix,
		   const void *gw, int ifindex, struct bb_err *e);

/* Network namespace ids, as `ip netns list` / `ip netns set` use them:
 * the id this namespace has for the namespace of nsfd (-1 if none), and
 * assigning one (id -1: let the kernel choose). */
int rtnl_nsid_get(struct nl_sock *s, int nsfd, int *id, struct bb_err *e);
int rtnl_nsid_set(struct nl_sock *s, int nsfd, int id, struct bb_err *e);

/* Bridges (linux/if_link.h IFLA_BR_*): read and set. Times are in
 * hundredths of a second, as the kernel keeps them (brctl shows seconds). */
struct rtnl_bridge {
	uint64_t bridge_id_prio;    /* the priority in bridge_id */
	unsigned char bridge_id[8]; /* IFLA_BR_BRIDGE_ID: prio (2 bytes) + MAC */
	unsigned char root_id[8];   /* IFLA_BR_ROOT_ID */
	unsigned root_port, root_path_cost;
	unsigned stp_state;
	unsigned forward_delay, hello_time, max_age, ageing_time; /* centiseconds */
	unsigned hello_timer, tcn_timer, topology_change_timer, gc_timer; /* centiseconds */
	unsigned priority;
	unsigned topology_change, topology_change_detected;
};
int rtnl_bridge_get(struct nl_sock *s, int ifindex, struct rtnl_bridge *b, struct bb_err *e);
/* Set one IFLA_BR_* attribute (u32 for times and stp_state, u16 for
 * priority: the attribute's kernel type is used; a value that does not fit
 * it is ERANGE, an attribute ctbox does not know or that cannot be set
 * EINVAL, both before sending). */
int rtnl_bridge_set(struct nl_sock *s, int ifindex, int attr, uint32_t value, struct bb_err *e);

/* A bridge port (IFLA_BRPORT_* through AF_BRIDGE/IFLA_PROTINFO). */
struct rtnl_brport {
	int ifindex;
	char name[RTNL_IFNAMSIZ];
	int master;
	unsigned state, priority, cost, port_no, port_id;
	unsigned char designated_root[8], designated_bridge[8];
	unsigned designated_port, designated_cost;
	unsigned hairpin;
	unsigned message_age_timer, forward_delay_timer, hold_timer; /* centiseconds */
	unsigned topology_change_ack, config_pending;
};
/* Every port of bridge br (0: of every bridge). */
int rtnl_brport_list(struct nl_sock *s, int br,
		     int (*cb)(const struct rtnl_brport *p, void *arg), void *arg,
		     struct bb_err *e);
/* Set one IFLA_BRPORT_* attribute of port ifindex (typed and checked as
 * rtnl_bridge_set does; IFLA_BRPORT_MODE is hairpin). */
int rtnl_brport_set(struct nl_sock *s, int ifindex, int attr, uint32_t value,
		    struct bb_err *e);

/* The forwarding database of bridge br (RTM_GETNEIGH, AF_BRIDGE; 0: of
 * every bridge); the ports' own address lists (no NDA_MASTER) are left
 * out. */
struct rtnl_fdb {
	int ifindex;               /* the port (the bridge itself for its own entries) */
	unsigned char mac[6];
	int local;                 /* NUD_PERMANENT: the port's own address */
	unsigned ageing;           /* centiseconds since last updated (NDA_CACHEINFO) */
};
int rtnl_fdb_list(struct nl_sock *s, int br, int (*cb)(const struct rtnl_fdb *f, void *arg),
		  void *arg, struct bb_err *e);

#endif
