/* A veth pair between this network namespace and another one. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netns.h"
#include "rtnl.h"

void netns_veth_host_name(const char *name, char out[RTNL_IFNAMSIZ])
{
	uint32_t h = 2166136261u; /* FNV-1a: short, and stable for a name */
	const char *p;

	if (strlen(name) + 4 < RTNL_IFNAMSIZ) {
		snprintf(out, RTNL_IFNAMSIZ, "veth%s", name);
		if (rtnl_check_ifname(out, NULL) == 0)
			return;
	}
	for (p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	snprintf(out, RTNL_IFNAMSIZ, "veth%08x", (unsigned)h);
}

/* Inside: lo and the peer up, the address on the peer. */
static int inside(struct nl_sock *in, const struct netns_veth *v, struct bb_err *e)
{
	struct rtnl_set up = RTNL_SET_INIT;
	int lo, idx;

	up.up = 1;
	lo = rtnl_ifindex(in, "lo", e);
	if (lo < 0 || rtnl_link_set(in, lo, &up, e) < 0)
		return -1;
	idx = rtnl_ifindex(in, v->peer, e);
	if (idx < 0)
		return -1;
	if (v->family) {
		struct in_addr bc = { 0 };

		if (v->family == AF_INET)
			bc = rtnl_bcast4(v->addr.v4, v->prefix);
		if (rtnl_addr_add(in, idx, v->family, &v->addr, v->prefix,
				  v->family == AF_INET ? &bc : NULL, e) < 0)
			return -1;
	}
	return rtnl_link_set(in, idx, &up, e);
}

/* Here: the host end into the bridge, and up. */
static int outside(struct nl_sock *out, const struct netns_veth *v, int br, struct bb_err *e)
{
	struct rtnl_set set = RTNL_SET_INIT;
	int idx = rtnl_ifindex(out, v->host, e);

	if (idx < 0)
		return -1;
	set.master = br;
	set.up = 1;
	return rtnl_link_set(out, idx, &set, e);
}

int netns_veth_add(struct nl_sock *out, int nsfd, const struct netns_veth *v, struct bb_err *e)
{
	struct rtnl_new n = { 0 };
	struct rtnl_link bl;
	struct nl_sock in;
	int br = 0, ret;

	/* Whatever can fail before anything is made, first. */
	if (v->bridge) {
		if (rtnl_link_get(out, v->bridge, 0, &bl, e) < 0)
			return -1;
		if (strcmp(bl.kind, "bridge") != 0)
			return bb_err_set(e, 0, "%s is not a bridge", v->bridge);
		br = bl.ifindex;
	}
	if (netns_nl_open(nsfd, &in, NETLINK_ROUTE, e) < 0)
		return -1;
	n.kind = RTNL_VETH;
	n.name = v->host;
	n.netns_fd = -1;
	n.peer = v->peer;
	n.peer_netns_fd = nsfd; /* made there: no name clash with ours */
	ret = rtnl_link_add(out, &n, e);
	if (ret == 0 && (inside(&in, v, e) < 0 || outside(out, v, br, e) < 0)) {
		struct bb_err e2;
		int idx = rtnl_ifindex(out, v->host, &e2);

		/* Deleting one end deletes the pair. If even that fails, the
		 * first error still says what went wrong. */
		if (idx >= 0)
			(void)rtnl_link_del(out, idx, &e2);
		ret = -1;
	}
	nl_close(&in);
	return ret;
}
