/* Network interfaces handed to a running container (device.h): moved
 * between this network namespace and the container's over rtnetlink,
 * renamed on the way in one request. As with LXC, the interface goes in
 * down (moving brings it down anyway) and is brought down before it comes
 * back. One in use here (loopback, a bridge, a bridge's port) is refused,
 * as for lxc.net.N.type = phys.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "device.h"
#include "netns.h"
#include "rtnl.h"

static int sock(const struct dev_target *t, int inside, struct nl_sock *s, struct bb_err *e)
{
	return inside ? netns_nl_open(t->net, s, NETLINK_ROUTE, e) : nl_open(s, NETLINK_ROUTE, e);
}

int dev_net_exists(const struct dev_target *t, int inside, const char *name, struct bb_err *e)
{
	struct rtnl_link l;
	struct nl_sock s;
	const char *why;
	int r;

	if (rtnl_check_ifname(name, &why) < 0)
		return 0;
	if (sock(t, inside, &s, e) < 0)
		return -1;
	r = rtnl_link_get(&s, name, 0, &l, e);
	nl_close(&s);
	if (r < 0)
		return e->errnum == ENODEV ? 0 : -1;
	return 1;
}

static int check_names(const char *a, const char *b, struct bb_err *e)
{
	const char *why;

	if (rtnl_check_ifname(a, &why) < 0)
		return bb_err_set(e, EINVAL, "bad interface name '%.64s': %s", a, why);
	if (rtnl_check_ifname(b, &why) < 0)
		return bb_err_set(e, EINVAL, "bad interface name '%.64s': %s", b, why);
	return 0;
}

/* Move ifindex (named from on s's side) to the namespace nsfd as to. */
static int move(struct nl_sock *s, const struct rtnl_link *l, int nsfd, const char *to,
		struct bb_err *e)
{
	struct rtnl_set set = RTNL_SET_INIT;

	if (l->flags & IFF_UP) {
		set.up = 0;
		if (rtnl_link_set(s, l->ifindex, &set, e) < 0)
			return -1;
		set = (struct rtnl_set)RTNL_SET_INIT;
	}
	set.netns_fd = nsfd;
	set.name = to;
	return rtnl_link_set(s, l->ifindex, &set, e);
}

static int in_use(const struct rtnl_link *l, const char *where, struct bb_err *e)
{
	if (l->flags & IFF_LOOPBACK)
		return bb_err_set(e, EBUSY, "'%s' is the loopback interface%s", l->name, where);
	if (strcmp(l->kind, "bridge") == 0)
		return bb_err_set(e, EBUSY, "'%s' is a bridge%s", l->name, where);
	if (l->master)
		return bb_err_set(e, EBUSY, "'%s' is a bridge's port%s", l->name, where);
	return 0;
}

int dev_net_add(const struct dev_target *t, const char *host, const char *inside,
		struct bb_err *e)
{
	struct rtnl_link l;
	struct nl_sock s;
	int r;

	if (check_names(host, inside, e) < 0)
		return -1;
	if (t->net_shared)
		return bb_err_set(e, EINVAL, "the container shares this network namespace (no lxc.net.N)");
	if (nl_open(&s, NETLINK_ROUTE, e) < 0)
		return -1;
	r = rtnl_link_get(&s, host, 0, &l, e);
	if (r == 0)
		r = in_use(&l, " of the host", e);
	if (r == 0 && (r = dev_net_exists(t, 1, inside, e)) > 0)
		r = bb_err_set(e, 0, "an interface '%s' exists in the container already", inside);
	if (r == 0)
		r = move(&s, &l, t->net, inside, e);
	nl_close(&s);
	return r;
}

int dev_net_del(const struct dev_target *t, const char *inside, const char *host,
		struct bb_err *e)
{
	struct rtnl_link l;
	struct nl_sock s;
	int r, self;

	if (check_names(host, inside, e) < 0)
		return -1;
	if (t->net_shared)
		return bb_err_set(e, EINVAL, "the container shares this network namespace (no lxc.net.N)");
	r = dev_net_exists(t, 0, host, e);
	if (r != 0)
		return r < 0 ? -1 : bb_err_set(e, 0, "an interface '%s' exists on the host already", host);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return bb_err_set(e, errno, "can't open /proc/self/ns/net");
	r = sock(t, 1, &s, e);
	if (r == 0) {
		r = rtnl_link_get(&s, inside, 0, &l, e);
		if (r == 0)
			r = in_use(&l, " of the container", e);
		if (r == 0)
			r = move(&s, &l, self, host, e);
		nl_close(&s);
	}
	close(self);
	return r;
}
