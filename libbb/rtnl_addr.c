/* rtnl: addresses and routes; CIDR and MAC parsing. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "rtnl_int.h"

int rtnl_parse_cidr(const char *s, int need_prefix, int *family, void *addr,
		    unsigned *prefix, const char **why)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *slash;
	size_t n;
	unsigned max, p = 0;

	if (!s || !*s)
		return *why = "empty address", -1;
	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof(host))
		return *why = "not an IPv4 or IPv6 address", -1;
	memcpy(host, s, n);
	host[n] = '\0';
	if (inet_pton(AF_INET, host, addr) == 1) {
		*family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, host, addr) == 1) {
		*family = AF_INET6;
		max = 128;
	} else {
		return *why = "not an IPv4 or IPv6 address", -1;
	}
	if (!slash) {
		if (need_prefix)
			return *why = "no prefix length (ADDRESS/LENGTH)", -1;
		*prefix = max;
		return 0;
	}
	if (!slash[1])
		return *why = "empty prefix length", -1;
	for (slash++; *slash; slash++) {
		if (*slash < '0' || *slash > '9')
			return *why = "prefix length not a number", -1;
		p = p * 10 + (*slash - '0');
		if (p > max)
			return *why = max == 32 ? "prefix length above 32" : "prefix length above 128", -1;
	}
	*prefix = p;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int rtnl_parse_mac(const char *s, unsigned char mac[6], const char **why)
{
	unsigned char m[6];
	int i;

	if (!s)
		return *why = "empty address", -1;
	for (i = 0; i < 6; i++) {
		int h = hexval(s[0]), l;

		if (h < 0)
			return *why = "not a MAC address (aa:bb:cc:dd:ee:ff)", -1;
		l = hexval(s[1]);
		if (l >= 0) {
			m[i] = h << 4 | l;
			s += 2;
		} else {
			m[i] = h;
			s++;
		}
		if (*s != (i == 5 ? '\0' : ':'))
			return *why = "not a MAC address (aa:bb:cc:dd:ee:ff)", -1;
		if (i < 5)
			s++;
	}
	if (m[0] & 1)
		return *why = "a multicast address", -1;
	if (!(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]))
		return *why = "the all-zero address", -1;
	memcpy(mac, m, 6);
	return 0;
}

struct in_addr rtnl_bcast4(struct in_addr a, unsigned prefix)
{
	struct in_addr b = { 0 };

	if (prefix <= 30)
		b.s_addr = a.s_addr | htonl(prefix ? 0xffffffffu >> prefix : 0xffffffffu);
	return b;
}

static int addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : -1;
}

/* "10.0.3.1/24" */
static const char *fmt_addr(int family, const void *addr, unsigned prefix, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(family, addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	snprintf(buf, size, "%s/%u", a, prefix);
	return buf;
}

static int addr_req(struct nl_sock *s, int add, int ifindex, int family, const void *addr,
		    unsigned prefix, const struct in_addr *bcast, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct ifaddrmsg *ifa;
	struct nl_msg m;
	char what[128], d[RTNL_DESC], a[INET6_ADDRSTRLEN + 8];
	int alen = addr_len(family);

	if (alen < 0)
		return bb_err_set(e, EAFNOSUPPORT, "cannot %s address: family %d is not IPv4 or IPv6",
				  add ? "add an" : "delete an", family);
	fmt_addr(family, addr, prefix, a, sizeof(a));
	if (add)
		snprintf(what, sizeof(what), "cannot add address %s to %s", a,
			 rtnl_desc(s, ifindex, d));
	else
		snprintf(what, sizeof(what), "cannot delete address %s from %s", a,
			 rtnl_desc(s, ifindex, d));
	if (prefix > (unsigned)alen * 8)
		return bb_err_set(e, EINVAL, "%s: prefix length above %d", what, alen * 8);
	if (ifindex <= 0)
		return bb_err_set(e, ENODEV, "%s: no such interface", what);
	nl_msg_init(&m, &req, sizeof(req), add ? RTM_NEWADDR : RTM_DELADDR,
		    add ? NLM_F_CREATE | NLM_F_EXCL : 0, sizeof(*ifa));
	ifa = nl_msg_hdr(&m);
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = prefix;
	ifa->ifa_index = ifindex;
	nl_put(&m, IFA_LOCAL, addr, alen);
	nl_put(&m, IFA_ADDRESS, addr, alen);
	if (add && bcast && family == AF_INET && bcast->s_addr)
		nl_put(&m, IFA_BROADCAST, bcast, 4);
	return nl_talk(s, &m, what, e);
}

int rtnl_addr_add(struct nl_sock *s, int ifindex, int family, const void *addr,
		  unsigned prefix, const struct in_addr *bcast, struct bb_err *e)
{
	return addr_req(s, 1, ifindex, family, addr, prefix, bcast, e);
}

int rtnl_addr_del(struct nl_sock *s, int ifindex, int family, const void *addr,
		  unsigned prefix, struct bb_err *e)
{
	return addr_req(s, 0, ifindex, family, addr, prefix, NULL, e);
}

int rtnl_addr_decode(const struct nlmsghdr *nlh, struct rtnl_addr *a, const char **why)
{
	const struct nlattr *tb[IFA_MAX + 1], *at;
	struct ifaddrmsg ifa;
	const char *label;
	int alen;

	if (nlh->nlmsg_type != RTM_NEWADDR)
		return 1;
	if (nl_msg_parse(nlh, sizeof(ifa), tb, IFA_MAX) < 0)
		return *why = "bad address attributes", -1;
	memcpy(&ifa, (const char *)nlh + NLMSG_HDRLEN, sizeof(ifa));
	alen = addr_len(ifa.ifa_family);
	if (alen < 0)
		return 1;
	memset(a, 0, sizeof(*a));
	a->family = ifa.ifa_family;
	a->ifindex = ifa.ifa_index;
	a->prefix = ifa.ifa_prefixlen;
	a->scope = ifa.ifa_scope;
	if (ifa.ifa_prefixlen > alen * 8)
		return *why = "bad address prefix length", -1;
	/* IFA_LOCAL is the address, IFA_ADDRESS the peer's on a
	 * point-to-point link; IPv6 gives IFA_ADDRESS only. */
	at = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!at || nl_attr_len(at) != (size_t)alen)
		return *why = "address without IFA_LOCAL or IFA_ADDRESS", -1;
	memcpy(&a->addr, nl_attr_data(at), alen);
	if (tb[IFA_LABEL]) {
		label = nl_attr_str(tb[IFA_LABEL]);
		if (!label || strlen(label) >= sizeof(a->label))
			return *why = "bad IFA_LABEL", -1;
		strcpy(a->label, label);
	}
	return 0;
}

struct addr_list {
	int ifindex;
	int family;
	int (*cb)(const struct rtnl_addr *a, void *arg);
	void *arg;
	const char *why;
};

static int addr_list_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct addr_list *al = arg;
	struct rtnl_addr a;
	int r = rtnl_addr_decode(nlh, &a, &al->why);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if ((al->ifindex && a.ifindex != al->ifindex) ||
	    (al->family != AF_UNSPEC && a.family != al->family))
		return 0;
	return al->cb(&a, al->arg);
}

int rtnl_addr_list(struct nl_sock *s, int family, int ifindex,
		   int (*cb)(const struct rtnl_addr *a, void *arg), void *arg, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct addr_list al = { ifindex, family, cb, arg, NULL };
	struct ifaddrmsg *ifa;
	struct nl_msg m;
	char what[64], d[RTNL_DESC];

	if (ifindex)
		snprintf(what, sizeof(what), "cannot list the addresses of %s",
			 rtnl_desc(s, ifindex, d));
	else
		snprintf(what, sizeof(what), "cannot list addresses");
	if (family != AF_UNSPEC && addr_len(family) < 0)
		return bb_err_set(e, EAFNOSUPPORT, "%s: family %d is not IPv4 or IPv6", what, family);
	nl_msg_init(&m, &req, sizeof(req), RTM_GETADDR, 0, sizeof(*ifa));
	ifa = nl_msg_hdr(&m);
	ifa->ifa_family = family;
	ifa->ifa_index = ifindex > 0 ? ifindex : 0; /* a filter under strict checking */
	if (nl_dump(s, &m, what, addr_list_cb, &al, e) < 0) {
		if (al.why)
			return rtnl_malformed(e, what, al.why);
		return -1;
	}
	return 0;
}

int rtnl_route_add(struct nl_sock *s, int family, const void *dst, unsigned prefix,
		   const void *gw, int ifindex, struct bb_err *e)
{
	RTNL_REQ_BUF(req);
	struct rtmsg *rt;
	struct nl_msg m;
	char what[200], d[RTNL_DESC], dbuf[INET6_ADDRSTRLEN + 8], g[INET6_ADDRSTRLEN];
	int alen = addr_len(family);

	if (alen < 0)
		return bb_err_set(e, EAFNOSUPPORT, "cannot add a route: family %d is not IPv4 or IPv6",
				  family);
	if (!dst)
		prefix = 0;
	if (!gw || !inet_ntop(family, gw, g, sizeof(g)))
		g[0] = '\0';
	snprintf(what, sizeof(what), "cannot add route %s%s%s%s%s",
		 dst ? fmt_addr(family, dst, prefix, dbuf, sizeof(dbuf)) : "default",
		 gw ? " via " : "", g, ifindex > 0 ? " dev " : "",
		 ifindex > 0 ? rtnl_desc(s, ifindex, d) : "");
	if (prefix > (unsigned)alen * 8)
		return bb_err_set(e, EINVAL, "%s: prefix length above %d", what, alen * 8);
	if (!gw && ifindex <= 0)
		return bb_err_set(e, EINVAL, "%s: neither a gateway nor a device", what);
	nl_msg_init(&m, &req, sizeof(req), RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, sizeof(*rt));
	rt = nl_msg_hdr(&m);
	rt->rtm_family = family;
	rt->rtm_dst_len = prefix;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_BOOT;
	rt->rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rt->rtm_type = RTN_UNICAST;
	if (dst)
		nl_put(&m, RTA_DST, dst, alen);
	if (gw)
		nl_put(&m, RTA_GATEWAY, gw, alen);
	if (ifindex > 0)
		nl_put_u32(&m, RTA_OIF, ifindex);
	return nl_talk(s, &m, what, e);
}
