/* rtnl: bridges: their attributes, their ports' and their forwarding
 * database. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "rtnl_int.h"

/* An attribute's kernel type, and its name for messages. */
struct attr_type {
	unsigned char size;  /* 1, 2, 4 or 8 bytes; 0: not settable */
	const char *name;
};

static const struct attr_type br_attrs[] = {
	[IFLA_BR_FORWARD_DELAY] = { 4, "forward_delay" },
	[IFLA_BR_HELLO_TIME] = { 4, "hello_time" },
	[IFLA_BR_MAX_AGE] = { 4, "max_age" },
	[IFLA_BR_AGEING_TIME] = { 4, "ageing_time" },
	[IFLA_BR_STP_STATE] = { 4, "stp_state" },
	[IFLA_BR_PRIORITY] = { 2, "priority" },
	[IFLA_BR_VLAN_FILTERING] = { 1, "vlan_filtering" },
	[IFLA_BR_GROUP_FWD_MASK] = { 2, "group_fwd_mask" },
	[IFLA_BR_MCAST_ROUTER] = { 1, "mcast_router" },
	[IFLA_BR_MCAST_SNOOPING] = { 1, "mcast_snooping" },
	[IFLA_BR_MCAST_QUERY_USE_IFADDR] = { 1, "mcast_query_use_ifaddr" },
	[IFLA_BR_MCAST_QUERIER] = { 1, "mcast_querier" },
	[IFLA_BR_MCAST_HASH_ELASTICITY] = { 4, "mcast_hash_elasticity" },
	[IFLA_BR_MCAST_HASH_MAX] = { 4, "mcast_hash_max" },
	[IFLA_BR_MCAST_LAST_MEMBER_CNT] = { 4, "mcast_last_member_count" },
	[IFLA_BR_MCAST_STARTUP_QUERY_CNT] = { 4, "mcast_startup_query_count" },
	[IFLA_BR_MCAST_LAST_MEMBER_INTVL] = { 8, "mcast_last_member_interval" },
	[IFLA_BR_MCAST_MEMBERSHIP_INTVL] = { 8, "mcast_membership_interval" },
	[IFLA_BR_MCAST_QUERIER_INTVL] = { 8, "mcast_querier_interval" },
	[IFLA_BR_MCAST_QUERY_INTVL] = { 8, "mcast_query_interval" },
	[IFLA_BR_MCAST_QUERY_RESPONSE_INTVL] = { 8, "mcast_query_response_interval" },
	[IFLA_BR_MCAST_STARTUP_QUERY_INTVL] = { 8, "mcast_startup_query_interval" },
	[IFLA_BR_NF_CALL_IPTABLES] = { 1, "nf_call_iptables" },
	[IFLA_BR_NF_CALL_IP6TABLES] = { 1, "nf_call_ip6tables" },
	[IFLA_BR_NF_CALL_ARPTABLES] = { 1, "nf_call_arptables" },
	[IFLA_BR_VLAN_DEFAULT_PVID] = { 2, "vlan_default_pvid" },
	[IFLA_BR_VLAN_STATS_ENABLED] = { 1, "vlan_stats_enabled" },
	[IFLA_BR_MCAST_STATS_ENABLED] = { 1, "mcast_stats_enabled" },
	[IFLA_BR_MCAST_IGMP_VERSION] = { 1, "mcast_igmp_version" },
	[IFLA_BR_MCAST_MLD_VERSION] = { 1, "mcast_mld_version" },
	[IFLA_BR_VLAN_STATS_PER_PORT] = { 1, "vlan_stats_per_port" },
};

static const struct attr_type brport_attrs[] = {
	[IFLA_BRPORT_STATE] = { 1, "state" },
	[IFLA_BRPORT_PRIORITY] = { 2, "priority" },
	[IFLA_BRPORT_COST] = { 4, "path cost" },
	[IFLA_BRPORT_MODE] = { 1, "hairpin mode" },
	[IFLA_BRPORT_GUARD] = { 1, "bpdu guard" },
	[IFLA_BRPORT_PROTECT] = { 1, "root block" },
	[IFLA_BRPORT_FAST_LEAVE] = { 1, "fast leave" },
	[IFLA_BRPORT_LEARNING] = { 1, "learning" },
	[IFLA_BRPORT_UNICAST_FLOOD] = { 1, "unicast flood" },
	[IFLA_BRPORT_PROXYARP] = { 1, "proxy arp" },
	[IFLA_BRPORT_PROXYARP_WIFI] = { 1, "proxy arp wifi" },
	[IFLA_BRPORT_MULTICAST_ROUTER] = { 1, "multicast router" },
	[IFLA_BRPORT_MCAST_FLOOD] = { 1, "multicast flood" },
	[IFLA_BRPORT_MCAST_TO_UCAST] = { 1, "multicast to unicast" },
	[IFLA_BRPORT_VLAN_TUNNEL] = { 1, "vlan tunnel" },
	[IFLA_BRPORT_BCAST_FLOOD] = { 1, "broadcast flood" },
	[IFLA_BRPORT_GROUP_FWD_MASK] = { 2, "group_fwd_mask" },
	[IFLA_BRPORT_NEIGH_SUPPRESS] = { 1, "neighbour suppression" },
	[IFLA_BRPORT_ISOLATED] = { 1, "isolated" },
};

static int put_typed(struct nl_msg *m, uint16_t attr, unsigned size, uint32_t value)
{
	switch (size) {
	case 1:
		return nl_put_u8(m, attr, value);
	case 2:
		return nl_put_u16(m, attr, value);
	case 4:
		return nl_put_u32(m, attr, value);
	default: {
		uint64_t v = value;

		return nl_put(m, attr, &v, sizeof(v));
	}
	}
}

static int value_fits(unsigned size, uint32_t value)
{
	return size >= 4 || value <= (size == 1 ? 0xffu : 0xffffu);
}

/* ---- bridges ---- */

/* Optional attributes: absent leaves *v; a wrong length fails. */
static int opt_u32(const struct nlattr *a, unsigned *v)
{
	uint32_t x;

	if (!a)
		return 0;
	if (nl_attr_u32(a, &x) < 0)
		return -1;
	*v = x;
	return 0;
}

static int opt_u16(const struct nlattr *a, unsigned *v)
{
	uint16_t x;

	if (!a)
		return 0;
	if (nl_attr_u16(a, &x) < 0)
		return -1;
	*v = x;
	return 0;
}

static int opt_u8(const struct nlattr *a, unsigned *v)
{
	uint8_t x;

	if (!a)
		return 0;
	if (nl_attr_u8(a, &x) < 0)
		return -1;
	*v = x;
	return 0;
}

/* A timer in clock_t (hundredths). */
static int opt_timer(const struct nlattr *a, unsigned *v)
{
	uint64_t x;

	if (!a)
		return 0;
	if (nl_attr_u64(a, &x) < 0)
		return -1;
	*v = x > UINT32_MAX ? UINT32_MAX : (unsigned)x;
	return 0;
}

static int opt_id(const struct nlattr *a, unsigned char id[8])
{
	if (!a)
		return 0;
	if (nl_attr_len(a) != 8)
		return -1;
	memcpy(id, nl_attr_data(a), 8);
	return 0;
}

int rtnl_bridge_decode(const struct nlmsghdr *nlh, struct rtnl_bridge *b, const char **why)
{
	const struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1], *br[IFLA_BR_MAX + 1];
	const char *kind;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 1;
	if (nl_msg_parse(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX) < 0)
		return *why = "bad link attributes", -1;
	if (!tb[IFLA_LINKINFO])
		return 1;
	if (nl_attr_parse(nl_attr_data(tb[IFLA_LINKINFO]), nl_attr_len(tb[IFLA_LINKINFO]),
			  li, IFLA_INFO_MAX) < 0)
		return *why = "bad IFLA_LINKINFO", -1;
	kind = nl_attr_str(li[IFLA_INFO_KIND]);
	if (!kind || strcmp(kind, "bridge") != 0)
		return 1;
	memset(br, 0, sizeof(br));
	if (li[IFLA_INFO_DATA] &&
	    nl_attr_parse(nl_attr_data(li[IFLA_INFO_DATA]), nl_attr_len(li[IFLA_INFO_DATA]),
			  br, IFLA_BR_MAX) < 0)
		return *why = "bad bridge attributes", -1;
	memset(b, 0, sizeof(*b));
	if (opt_u32(br[IFLA_BR_FORWARD_DELAY], &b->forward_delay) < 0 ||
	    opt_u32(br[IFLA_BR_HELLO_TIME], &b->hello_time) < 0 ||
	    opt_u32(br[IFLA_BR_MAX_AGE], &b->max_age) < 0 ||
	    opt_u32(br[IFLA_BR_AGEING_TIME], &b->ageing_time) < 0 ||
	    opt_u32(br[IFLA_BR_STP_STATE], &b->stp_state) < 0 ||
	    opt_u16(br[IFLA_BR_PRIORITY], &b->priority) < 0 ||
	    opt_id(br[IFLA_BR_ROOT_ID], b->root_id) < 0 ||
	    opt_id(br[IFLA_BR_BRIDGE_ID], b->bridge_id) < 0 ||
	    opt_u16(br[IFLA_BR_ROOT_PORT], &b->root_port) < 0 ||
	    opt_u32(br[IFLA_BR_ROOT_PATH_COST], &b->root_path_cost) < 0 ||
	    opt_u8(br[IFLA_BR_TOPOLOGY_CHANGE], &b->topology_change) < 0 ||
	    opt_u8(br[IFLA_BR_TOPOLOGY_CHANGE_DETECTED], &b->topology_change_detected) < 0 ||
	    opt_timer(br[IFLA_BR_HELLO_TIMER], &b->hello_timer) < 0 ||
	    opt_timer(br[IFLA_BR_TCN_TIMER], &b->tcn_timer) < 0 ||
	    opt_timer(br[IFLA_BR_TOPOLOGY_CHANGE_TIMER], &b->topology_change_timer) < 0 ||
	    opt_timer(br[IFLA_BR_GC_TIMER], &b->gc_timer) < 0)
		return *why = "bad bridge attribute", -1;
	b->bridge_id_prio = (unsigned)b->bridge_id[0] << 8 | b->bridge_id[1];
	return 0;
}

struct bridge_get {
	struct rtnl_bridge *b;
	const char *why;
	int notbr;
};

static int bridge_get_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct bridge_get *g = arg;
	int r = rtnl_bridge_decode(nlh, g->b, &g->why);

	if (r > 0)
		g->notbr = 1;
	return r;
}

int rtnl_bridge_get(struct nl_sock *s, int ifindex, struct rtnl_bridge *b, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct bridge_get g = { b, NULL, 0 };
	struct ifinfomsg *ifi;
	struct nl_msg m;
	char what[64], d[RTNL_DESC];

	if (ifindex <= 0)
		return bb_err_set(e, ENODEV, "no such interface (index %d)", ifindex);
	snprintf(what, sizeof(what), "cannot get bridge %s", rtnl_desc(s, ifindex, d));
	nl_msg_init(&m, &req, sizeof(req), RTM_GETLINK, 0, sizeof(*ifi));
	ifi = nl_msg_hdr(&m);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (nl_talk_get(s, &m, what, bridge_get_cb, &g, e) < 0) {
		if (g.why)
			return rtnl_malformed(e, what, g.why);
		return -1;
	}
	if (g.notbr)
		return bb_err_set(e, EINVAL, "%s: not a bridge", what);
	return 0;
}

int rtnl_bridge_set(struct nl_sock *s, int ifindex, int attr, uint32_t value, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct ifinfomsg *ifi;
	struct nlattr *info, *data;
	struct nl_msg m;
	char what[96], d[RTNL_DESC];
	const struct attr_type *t;

	if (attr <= 0 || (size_t)attr >= ARRAY_SIZE(br_attrs) || !br_attrs[attr].size)
		return bb_err_set(e, EINVAL, "cannot set bridge attribute %d: not one ctbox knows",
				  attr);
	t = &br_attrs[attr];
	snprintf(what, sizeof(what), "cannot set %s of %s to %u", t->name,
		 rtnl_desc(s, ifindex, d), (unsigned)value);
	if (ifindex <= 0)
		return bb_err_set(e, ENODEV, "%s: no such interface", what);
	if (!value_fits(t->size, value))
		return bb_err_set(e, ERANGE, "%s: out of range", what);
	nl_msg_init(&m, &req, sizeof(req), RTM_NEWLINK, 0, sizeof(*ifi));
	ifi = nl_msg_hdr(&m);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	info = nl_nest_start(&m, IFLA_LINKINFO);
	nl_put_str(&m, IFLA_INFO_KIND, "bridge");
	data = nl_nest_start(&m, IFLA_INFO_DATA);
	put_typed(&m, attr, t->size, value);
	nl_nest_end(&m, data);
	nl_nest_end(&m, info);
	return nl_talk(s, &m, what, e);
}

/* ---- ports ---- */

int rtnl_brport_decode(const struct nlmsghdr *nlh, struct rtnl_brport *p, const char **why)
{
	const struct nlattr *tb[IFLA_MAX + 1], *pt[IFLA_BRPORT_MAX + 1];
	struct ifinfomsg ifi;
	const char *name;
	uint32_t master;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 1;
	if (nl_msg_parse(nlh, sizeof(ifi), tb, IFLA_MAX) < 0)
		return *why = "bad link attributes", -1;
	memcpy(&ifi, (const char *)nlh + NLMSG_HDRLEN, sizeof(ifi));
	if (ifi.ifi_family != AF_BRIDGE || !tb[IFLA_PROTINFO] || !tb[IFLA_MASTER])
		return 1;
	if (!(tb[IFLA_PROTINFO]->nla_type & NLA_F_NESTED))
		return 1;
	memset(p, 0, sizeof(*p));
	p->ifindex = ifi.ifi_index;
	if (ifi.ifi_index <= 0)
		return *why = "bridge port without an index", -1;
	name = nl_attr_str(tb[IFLA_IFNAME]);
	if (!name || !*name || strlen(name) >= sizeof(p->name))
		return *why = "bridge port without a name", -1;
	strcpy(p->name, name);
	if (nl_attr_u32(tb[IFLA_MASTER], &master) < 0 || master > INT32_MAX)
		return *why = "bad IFLA_MASTER", -1;
	p->master = master;
	if (nl_attr_parse(nl_attr_data(tb[IFLA_PROTINFO]), nl_attr_len(tb[IFLA_PROTINFO]),
			  pt, IFLA_BRPORT_MAX) < 0)
		return *why = "bad IFLA_PROTINFO", -1;
	if (opt_u8(pt[IFLA_BRPORT_STATE], &p->state) < 0 ||
	    opt_u16(pt[IFLA_BRPORT_PRIORITY], &p->priority) < 0 ||
	    opt_u32(pt[IFLA_BRPORT_COST], &p->cost) < 0 ||
	    opt_u8(pt[IFLA_BRPORT_MODE], &p->hairpin) < 0 ||
	    opt_u16(pt[IFLA_BRPORT_NO], &p->port_no) < 0 ||
	    opt_u16(pt[IFLA_BRPORT_ID], &p->port_id) < 0 ||
	    opt_id(pt[IFLA_BRPORT_ROOT_ID], p->designated_root) < 0 ||
	    opt_id(pt[IFLA_BRPORT_BRIDGE_ID], p->designated_bridge) < 0 ||
	    opt_u16(pt[IFLA_BRPORT_DESIGNATED_PORT], &p->designated_port) < 0 ||
	    opt_u16(pt[IFLA_BRPORT_DESIGNATED_COST], &p->designated_cost) < 0 ||
	    opt_u8(pt[IFLA_BRPORT_TOPOLOGY_CHANGE_ACK], &p->topology_change_ack) < 0 ||
	    opt_u8(pt[IFLA_BRPORT_CONFIG_PENDING], &p->config_pending) < 0 ||
	    opt_timer(pt[IFLA_BRPORT_MESSAGE_AGE_TIMER], &p->message_age_timer) < 0 ||
	    opt_timer(pt[IFLA_BRPORT_FORWARD_DELAY_TIMER], &p->forward_delay_timer) < 0 ||
	    opt_timer(pt[IFLA_BRPORT_HOLD_TIMER], &p->hold_timer) < 0)
		return *why = "bad bridge port attribute", -1;
	return 0;
}

struct brport_list {
	int br;
	int (*cb)(const struct rtnl_brport *p, void *arg);
	void *arg;
	const char *why;
};

static int brport_list_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct brport_list *bl = arg;
	struct rtnl_brport p;
	int r = rtnl_brport_decode(nlh, &p, &bl->why);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (bl->br && p.master != bl->br)
		return 0;
	return bl->cb(&p, bl->arg);
}

int rtnl_brport_list(struct nl_sock *s, int br,
		     int (*cb)(const struct rtnl_brport *p, void *arg), void *arg,
		     struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct brport_list bl = { br, cb, arg, NULL };
	struct ifinfomsg *ifi;
	struct nl_msg m;
	char what[64], d[RTNL_DESC];

	if (br)
		snprintf(what, sizeof(what), "cannot list the ports of %s", rtnl_desc(s, br, d));
	else
		snprintf(what, sizeof(what), "cannot list bridge ports");
	nl_msg_init(&m, &req, sizeof(req), RTM_GETLINK, 0, sizeof(*ifi));
	ifi = nl_msg_hdr(&m);
	ifi->ifi_family = AF_BRIDGE;
	if (nl_dump(s, &m, what, brport_list_cb, &bl, e) < 0) {
		if (bl.why)
			return rtnl_malformed(e, what, bl.why);
		return -1;
	}
	return 0;
}

int rtnl_brport_set(struct nl_sock *s, int ifindex, int attr, uint32_t value,
		    struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct ifinfomsg *ifi;
	struct nlattr *pi;
	struct nl_msg m;
	char what[96], d[RTNL_DESC];
	const struct attr_type *t;

	if (attr <= 0 || (size_t)attr >= ARRAY_SIZE(brport_attrs) || !brport_attrs[attr].size)
		return bb_err_set(e, EINVAL, "cannot set bridge port attribute %d: not one ctbox knows",
				  attr);
	t = &brport_attrs[attr];
	snprintf(what, sizeof(what), "cannot set the %s of port %s to %u", t->name,
		 rtnl_desc(s, ifindex, d), (unsigned)value);
	if (ifindex <= 0)
		return bb_err_set(e, ENODEV, "%s: no such interface", what);
	if (!value_fits(t->size, value))
		return bb_err_set(e, ERANGE, "%s: out of range", what);
	nl_msg_init(&m, &req, sizeof(req), RTM_SETLINK, 0, sizeof(*ifi));
	ifi = nl_msg_hdr(&m);
	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_index = ifindex;
	pi = nl_nest_start(&m, IFLA_PROTINFO); /* NLA_F_NESTED: else the old u8 state */
	put_typed(&m, attr, t->size, value);
	nl_nest_end(&m, pi);
	return nl_talk(s, &m, what, e);
}

/* ---- forwarding database ---- */

int rtnl_fdb_decode(const struct nlmsghdr *nlh, struct rtnl_fdb *f, int *master,
		    const char **why)
{
	const struct nlattr *tb[NDA_MAX + 1];
	struct ndmsg nd;
	uint32_t v;

	*master = 0;
	if (nlh->nlmsg_type != RTM_NEWNEIGH)
		return 1;
	if (nl_msg_parse(nlh, sizeof(nd), tb, NDA_MAX) < 0)
		return *why = "bad neighbour attributes", -1;
	memcpy(&nd, (const char *)nlh + NLMSG_HDRLEN, sizeof(nd));
	if (nd.ndm_family != AF_BRIDGE)
		return 1;
	/* Without NDA_MASTER: a device's own address list, not the bridge's. */
	if (!tb[NDA_MASTER])
		return 1;
	if (nl_attr_u32(tb[NDA_MASTER], &v) < 0 || v > INT32_MAX)
		return *why = "bad NDA_MASTER", -1;
	if (!tb[NDA_LLADDR] || nl_attr_len(tb[NDA_LLADDR]) != 6)
		return 1; /* not Ethernet */
	memset(f, 0, sizeof(*f));
	*master = v;
	f->ifindex = nd.ndm_ifindex;
	memcpy(f->mac, nl_attr_data(tb[NDA_LLADDR]), 6);
	f->local = !!(nd.ndm_state & NUD_PERMANENT);
	if (tb[NDA_CACHEINFO]) {
		struct nda_cacheinfo ci;

		if (nl_attr_len(tb[NDA_CACHEINFO]) < sizeof(ci))
			return *why = "bad NDA_CACHEINFO", -1;
		memcpy(&ci, nl_attr_data(tb[NDA_CACHEINFO]), sizeof(ci));
		f->ageing = ci.ndm_updated;  /* brctl: since the entry was last refreshed */
	}
	return 0;
}

struct fdb_list {
	int br;
	int (*cb)(const struct rtnl_fdb *f, void *arg);
	void *arg;
	const char *why;
};

static int fdb_list_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct fdb_list *fl = arg;
	struct rtnl_fdb f;
	int master, r = rtnl_fdb_decode(nlh, &f, &master, &fl->why);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (fl->br && master != fl->br)
		return 0;
	return fl->cb(&f, fl->arg);
}

int rtnl_fdb_list(struct nl_sock *s, int br, int (*cb)(const struct rtnl_fdb *f, void *arg),
		  void *arg, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct fdb_list fl = { br, cb, arg, NULL };
	struct ndmsg *nd;
	struct nl_msg m;
	char what[80], d[RTNL_DESC];

	if (br)
		snprintf(what, sizeof(what), "cannot list the forwarding database of %s",
			 rtnl_desc(s, br, d));
	else
		snprintf(what, sizeof(what), "cannot list the bridges' forwarding databases");
	nl_msg_init(&m, &req, sizeof(req), RTM_GETNEIGH, 0, sizeof(*nd));
	nd = nl_msg_hdr(&m);
	nd->ndm_family = AF_BRIDGE;
	if (br > 0)
		nl_put_u32(&m, NDA_MASTER, br); /* a filter under strict checking */
	if (nl_dump(s, &m, what, fdb_list_cb, &fl, e) < 0) {
		if (fl.why)
			return rtnl_malformed(e, what, fl.why);
		return -1;
	}
	return 0;
}
