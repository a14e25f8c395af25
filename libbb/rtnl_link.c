/* rtnl: links: get, list, create, delete, change; interface names. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "rtnl_int.h"

int rtnl_check_ifname(const char *name, const char **why)
{
	const char *p;

	if (!name || !*name)
		return *why = "empty", -1;
	if (strlen(name) >= RTNL_IFNAMSIZ)
		return *why = "longer than 15 bytes", -1;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return *why = "'.' and '..' are not names", -1;
	for (p = name; *p; p++) {
		unsigned char c = *p;

		if (c == '/' || c == ':')
			return *why = "contains '/' or ':'", -1;
		if (c == '%')
			return *why = "contains '%' (a kernel name pattern)", -1;
		if (c <= ' ' || c == 0x7f)
			return *why = "contains a blank or a control character", -1;
	}
	return 0;
}

/* ifname checked for e: "cannot create veth vif1: invalid interface name". */
static int check_name(const char *what, const char *name, struct bb_err *e)
{
	const char *why;

	if (rtnl_check_ifname(name, &why) < 0)
		return bb_err_set(e, EINVAL, "%s: invalid interface name '%s': %s", what,
				  name ? name : "", why);
	return 0;
}

int rtnl_malformed(struct bb_err *e, const char *what, const char *why)
{
	return bb_err_set(e, EPROTO, "%s: malformed netlink reply (%s)", what, why);
}

int rtnl_link_decode(const struct nlmsghdr *nlh, struct rtnl_link *l, const char **why)
{
	const struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];
	struct ifinfomsg ifi;
	const char *s;
	uint32_t v;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 1;
	if (nl_msg_parse(nlh, sizeof(ifi), tb, IFLA_MAX) < 0)
		return *why = "bad link attributes", -1;
	memcpy(&ifi, (const char *)nlh + NLMSG_HDRLEN, sizeof(ifi));
	memset(l, 0, sizeof(*l));
	l->ifindex = ifi.ifi_index;
	l->flags = ifi.ifi_flags;
	l->link_netnsid = -1;
	if (ifi.ifi_index <= 0)
		return *why = "link without an index", -1;
	s = nl_attr_str(tb[IFLA_IFNAME]);
	if (!s || !*s || strlen(s) >= sizeof(l->name))
		return *why = "link without a name", -1;
	strcpy(l->name, s);
	if (tb[IFLA_MTU] && nl_attr_u32(tb[IFLA_MTU], &l->mtu) < 0)
		return *why = "bad IFLA_MTU", -1;
	if (tb[IFLA_NUM_TX_QUEUES] && nl_attr_u32(tb[IFLA_NUM_TX_QUEUES], &l->tx_queues) < 0)
		return *why = "bad IFLA_NUM_TX_QUEUES", -1;
	if (tb[IFLA_MASTER]) {
		if (nl_attr_u32(tb[IFLA_MASTER], &v) < 0 || v > INT32_MAX)
			return *why = "bad IFLA_MASTER", -1;
		l->master = v;
	}
	if (tb[IFLA_LINK]) {
		if (nl_attr_u32(tb[IFLA_LINK], &v) < 0 || v > INT32_MAX)
			return *why = "bad IFLA_LINK", -1;
		l->link = v;
	}
	if (tb[IFLA_LINK_NETNSID]) {
		if (nl_attr_u32(tb[IFLA_LINK_NETNSID], &v) < 0)
			return *why = "bad IFLA_LINK_NETNSID", -1;
		l->link_netnsid = (int32_t)v;
	}
	if (tb[IFLA_ADDRESS]) {
		size_t n = nl_attr_len(tb[IFLA_ADDRESS]);

		if (n > sizeof(l->addr))
			return *why = "bad IFLA_ADDRESS", -1;
		memcpy(l->addr, nl_attr_data(tb[IFLA_ADDRESS]), n);
		l->addrlen = n;
	}
	if (tb[IFLA_STATS64]) {
		struct rtnl_link_stats64 st;
		size_t n = nl_attr_len(tb[IFLA_STATS64]);

		/* Newer kernels may add counters at the end. */
		if (n < 4 * sizeof(uint64_t))
			return *why = "bad IFLA_STATS64", -1;
		memset(&st, 0, sizeof(st));
		memcpy(&st, nl_attr_data(tb[IFLA_STATS64]), n < sizeof(st) ? n : sizeof(st));
		l->rx_packets = st.rx_packets;
		l->tx_packets = st.tx_packets;
		l->rx_bytes = st.rx_bytes;
		l->tx_bytes = st.tx_bytes;
	}
	if (tb[IFLA_LINKINFO]) {
		if (nl_attr_parse(nl_attr_data(tb[IFLA_LINKINFO]), nl_attr_len(tb[IFLA_LINKINFO]),
				  li, IFLA_INFO_MAX) < 0)
			return *why = "bad IFLA_LINKINFO", -1;
		if (li[IFLA_INFO_KIND]) {
			s = nl_attr_str(li[IFLA_INFO_KIND]);
			if (!s || strlen(s) >= sizeof(l->kind))
				return *why = "bad IFLA_INFO_KIND", -1;
			strcpy(l->kind, s);
		}
	}
	return 0;
}

struct link_get {
	struct rtnl_link *l;
	const char *why;
};

static int link_get_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct link_get *g = arg;
	int r = rtnl_link_decode(nlh, g->l, &g->why);

	if (r > 0)
		g->why = "not a link";
	return r ? -1 : 0;
}

int rtnl_link_get(struct nl_sock *s, const char *name, int ifindex, struct rtnl_link *l,
		  struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct link_get g = { l, NULL };
	struct ifinfomsg *ifi;
	struct nl_msg m;
	char what[64];

	if (name)
		snprintf(what, sizeof(what), "cannot get interface %s", name);
	else
		snprintf(what, sizeof(what), "cannot get interface #%d", ifindex);
	if (name && check_name(what, name, e) < 0)
		return -1;
	if (!name && ifindex <= 0)
		return bb_err_set(e, ENODEV, "no such interface (index %d)", ifindex);
	nl_msg_init(&m, &req, sizeof(req), RTM_GETLINK, 0, sizeof(*ifi));
	ifi = nl_msg_hdr(&m);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = name ? 0 : ifindex;
	if (name)
		nl_put_str(&m, IFLA_IFNAME, name);
	if (nl_talk_get(s, &m, what, link_get_cb, &g, e) < 0) {
		if (g.why)
			return rtnl_malformed(e, what, g.why);
		if (e->errnum == ENODEV) {
			if (name)
				return bb_err_set(e, ENODEV, "no such interface %s", name);
			return bb_err_set(e, ENODEV, "no such interface (index %d)", ifindex);
		}
		return -1;
	}
	return 0;
}

int rtnl_ifindex(struct nl_sock *s, const char *name, struct bb_err *e)
{
	struct rtnl_link l;

	if (!name)
		return bb_err_set(e, EINVAL, "no interface name");
	if (rtnl_link_get(s, name, 0, &l, e) < 0)
		return -1;
	return l.ifindex;
}

const char *rtnl_desc(struct nl_sock *s, int ifindex, char *buf)
{
	struct rtnl_link l;
	struct bb_err e;

	if (ifindex > 0 && rtnl_link_get(s, NULL, ifindex, &l, &e) == 0)
		snprintf(buf, RTNL_DESC, "%s", l.name);
	else
		snprintf(buf, RTNL_DESC, "#%d", ifindex);
	return buf;
}

struct link_list {
	int (*cb)(const struct rtnl_link *l, void *arg);
	void *arg;
	const char *why;
	int stopped_by_cb;
};

static int link_list_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct link_list *ll = arg;
	struct rtnl_link l;
	int r = rtnl_link_decode(nlh, &l, &ll->why);

	if (r < 0)
		return -1;
	if (r > 0)
		return 0;
	r = ll->cb(&l, ll->arg);
	if (r < 0)
		ll->stopped_by_cb = 1;
	return r;
}

int rtnl_link_list(struct nl_sock *s, int (*cb)(const struct rtnl_link *l, void *arg),
		   void *arg, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct link_list ll = { cb, arg, NULL, 0 };
	struct ifinfomsg *ifi;
	struct nl_msg m;

	nl_msg_init(&m, &req, sizeof(req), RTM_GETLINK, 0, sizeof(*ifi));
	ifi = nl_msg_hdr(&m);
	ifi->ifi_family = AF_UNSPEC;
	if (nl_dump(s, &m, "cannot list interfaces", link_list_cb, &ll, e) < 0) {
		if (ll.why && !ll.stopped_by_cb)
			return rtnl_malformed(e, "cannot list interfaces", ll.why);
		return -1;
	}
	return 0;
}

static const char *const kind_names[] = {
	[RTNL_VETH] = "veth", [RTNL_BRIDGE] = "bridge", [RTNL_MACVLAN] = "macvlan",
	[RTNL_VLAN] = "vlan", [RTNL_DUMMY] = "dummy", [RTNL_IPVLAN] = "ipvlan",
};

static void put_queues(struct nl_msg *m, unsigned queues)
{
	if (queues) {
		nl_put_u32(m, IFLA_NUM_TX_QUEUES, queues);
		nl_put_u32(m, IFLA_NUM_RX_QUEUES, queues);
	}
}

/* The kind's IFLA_INFO_DATA. */
static int put_kind_data(struct nl_msg *m, const struct rtnl_new *n, const char *what,
			 struct bb_err *e)
{
	struct nlattr *data, *peer;
	struct ifinfomsg pifi;

	switch (n->kind) {
	case RTNL_VETH:
		if (n->peer && check_name(what, n->peer, e) < 0)
			return -1;
		data = nl_nest_start(m, IFLA_INFO_DATA);
		/* VETH_INFO_PEER: a struct ifinfomsg, then the peer's attributes. */
		peer = nl_nest_start(m, VETH_INFO_PEER);
		memset(&pifi, 0, sizeof(pifi));
		pifi.ifi_family = AF_UNSPEC;
		if (m->nlh && !m->overflow && m->cap - m->nlh->nlmsg_len >= sizeof(pifi)) {
			memcpy((char *)m->nlh + m->nlh->nlmsg_len, &pifi, sizeof(pifi));
			m->nlh->nlmsg_len += NLMSG_ALIGN(sizeof(pifi));
		} else {
			m->overflow = 1;
		}
		if (n->peer)
			nl_put_str(m, IFLA_IFNAME, n->peer);
		if (n->peer_mtu)
			nl_put_u32(m, IFLA_MTU, n->peer_mtu);
		if (n->peer_hwaddr)
			nl_put(m, IFLA_ADDRESS, n->peer_hwaddr, 6);
		if (n->peer_netns_fd >= 0)
			nl_put_u32(m, IFLA_NET_NS_FD, n->peer_netns_fd);
		put_queues(m, n->queues);
		nl_nest_end(m, peer);
		nl_nest_end(m, data);
		break;
	case RTNL_MACVLAN:
		if (n->macvlan_mode) {
			data = nl_nest_start(m, IFLA_INFO_DATA);
			nl_put_u32(m, IFLA_MACVLAN_MODE, n->macvlan_mode);
			nl_nest_end(m, data);
		}
		break;
	case RTNL_VLAN:
		if (n->vlan_id < 0 || n->vlan_id > 4094)
			return bb_err_set(e, ERANGE, "%s: vlan id %d not in 0..4094", what, n->vlan_id);
		data = nl_nest_start(m, IFLA_INFO_DATA);
		nl_put_u16(m, IFLA_VLAN_ID, n->vlan_id);
		nl_nest_end(m, data);
		break;
	case RTNL_IPVLAN:
		data = nl_nest_start(m, IFLA_INFO_DATA);
		nl_put_u16(m, IFLA_IPVLAN_MODE, n->ipvlan_mode);
		nl_nest_end(m, data);
		break;
	case RTNL_BRIDGE:
	case RTNL_DUMMY:
		break;
	}
	return 0;
}

int rtnl_link_add(struct nl_sock *s, const struct rtnl_new *n, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct ifinfomsg *ifi;
	struct nlattr *info;
	struct nl_msg m;
	const char *kind;
	char what[64];

	if ((unsigned)n->kind >= ARRAY_SIZE(kind_names))
		return bb_err_set(e, EINVAL, "cannot create %s: unknown kind %d",
				  n->name ? n->name : "an interface", (int)n->kind);
	kind = kind_names[n->kind];
	snprintf(what, sizeof(what), "cannot create %s %s", kind, n->name ? n->name : "");
	if (check_name(what, n->name, e) < 0)
		return -1;
	if ((n->kind == RTNL_MACVLAN || n->kind == RTNL_VLAN || n->kind == RTNL_IPVLAN) &&
	    n->link <= 0)
		return bb_err_set(e, EINVAL, "%s: no parent device", what);
	nl_msg_init(&m, &req, sizeof(req), RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(*ifi));
	ifi = nl_msg_hdr(&m);
	ifi->ifi_family = AF_UNSPEC;
	if (n->up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	nl_put_str(&m, IFLA_IFNAME, n->name);
	if (n->mtu)
		nl_put_u32(&m, IFLA_MTU, n->mtu);
	if (n->hwaddr)
		nl_put(&m, IFLA_ADDRESS, n->hwaddr, 6);
	if (n->netns_fd >= 0)
		nl_put_u32(&m, IFLA_NET_NS_FD, n->netns_fd);
	if (n->master > 0)
		nl_put_u32(&m, IFLA_MASTER, n->master);
	put_queues(&m, n->queues);
	if (n->kind == RTNL_MACVLAN || n->kind == RTNL_VLAN || n->kind == RTNL_IPVLAN)
		nl_put_u32(&m, IFLA_LINK, n->link);
	info = nl_nest_start(&m, IFLA_LINKINFO);
	nl_put_str(&m, IFLA_INFO_KIND, kind);
	if (put_kind_data(&m, n, what, e) < 0)
		return -1;
	nl_nest_end(&m, info);
	return nl_talk(s, &m, what, e);
}

int rtnl_link_del(struct nl_sock *s, int ifindex, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct ifinfomsg *ifi;
	struct nl_msg m;
	char what[64], d[RTNL_DESC];

	if (ifindex <= 0)
		return bb_err_set(e, ENODEV, "cannot delete interface #%d: no such interface", ifindex);
	snprintf(what, sizeof(what), "cannot delete interface %s", rtnl_desc(s, ifindex, d));
	nl_msg_init(&m, &req, sizeof(req), RTM_DELLINK, 0, sizeof(*ifi));
	ifi = nl_msg_hdr(&m);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nl_talk(s, &m, what, e);
}

/* What a change does, for its message. */
static void set_what(struct nl_sock *s, const char *name, const struct rtnl_set *set,
		     char *what, size_t size)
{
	char d[RTNL_DESC];
	int n = (set->up >= 0) + !!set->name + !!set->mtu + !!set->hwaddr + !!set->master +
		(set->netns_fd >= 0 || set->netns_pid > 0);

	if (n != 1)
		snprintf(what, size, "cannot change %s", name);
	else if (set->up >= 0)
		snprintf(what, size, "cannot bring %s %s", name, set->up ? "up" : "down");
	else if (set->name)
		snprintf(what, size, "cannot rename %s to %s", name, set->name);
	else if (set->mtu)
		snprintf(what, size, "cannot set the mtu of %s to %u", name, set->mtu);
	else if (set->hwaddr)
		snprintf(what, size, "cannot set the address of %s", name);
	else if (set->master > 0)
		snprintf(what, size, "cannot add %s to %s", name, rtnl_desc(s, set->master, d));
	else if (set->master < 0)
		snprintf(what, size, "cannot release %s from its bridge", name);
	else
		snprintf(what, size, "cannot move %s to another network namespace", name);
}

static int link_set_one(struct nl_sock *s, int ifindex, const struct rtnl_set *set,
			const char *what, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct ifinfomsg *ifi;
	struct nl_msg m;

	nl_msg_init(&m, &req, sizeof(req), RTM_NEWLINK, 0, sizeof(*ifi));
	ifi = nl_msg_hdr(&m);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (set->up >= 0) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = set->up ? IFF_UP : 0;
	}
	if (set->name)
		nl_put_str(&m, IFLA_IFNAME, set->name);
	if (set->mtu)
		nl_put_u32(&m, IFLA_MTU, set->mtu);
	if (set->hwaddr)
		nl_put(&m, IFLA_ADDRESS, set->hwaddr, 6);
	if (set->master)
		nl_put_u32(&m, IFLA_MASTER, set->master > 0 ? set->master : 0);
	if (set->netns_fd >= 0)
		nl_put_u32(&m, IFLA_NET_NS_FD, set->netns_fd);
	else if (set->netns_pid > 0)
		nl_put_u32(&m, IFLA_NET_NS_PID, set->netns_pid);
	return nl_talk(s, &m, what, e);
}

int rtnl_link_set(struct nl_sock *s, int ifindex, const struct rtnl_set *set, struct bb_err *e)
{
	struct rtnl_set rest = *set;
	struct rtnl_link l;
	char what[96];

	if (ifindex <= 0)
		return bb_err_set(e, ENODEV, "no such interface (index %d)", ifindex);
	if (rtnl_link_get(s, NULL, ifindex, &l, e) < 0)
		return -1;
	set_what(s, l.name, set, what, sizeof(what));
	if (set->name && check_name(what, set->name, e) < 0)
		return -1;
	/* The kernel renames before it changes the flags: down first. */
	if (set->name && set->up == 0 && (l.flags & IFF_UP)) {
		struct rtnl_set down = RTNL_SET_INIT;

		down.up = 0;
		if (link_set_one(s, ifindex, &down, what, e) < 0)
			return -1;
		rest.up = -1;
	}
	return link_set_one(s, ifindex, &rest, what, e);
}
