/* Live tests of libbb/rtnl_*.c and libbb/netlink.c against the kernel, in
 * network namespaces of their own (root only: skipped otherwise). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>

#include "rtnl.h"
#include "tap.h"

static int has(const char *s, const char *sub)
{
	return s && strstr(s, sub) != NULL;
}

/* r < 0 with errnum and a message containing sub. */
static void is_err(int r, const struct bb_err *e, int errnum, const char *sub, const char *name)
{
	int good = r < 0 && e->errnum == errnum && has(e->msg, sub);

	ok(good, "%s", name);
	if (!good)
		diag("returned %d, errno %d (%s), message '%s'; want errno %d (%s) and '%s'", r,
		     e->errnum, strerror(e->errnum), e->msg, errnum, strerror(errnum), sub);
	else
		diag("%s: %s", e->msg, strerror(e->errnum));
}

static void check(int r, const struct bb_err *e, const char *name)
{
	ok(r == 0, "%s", name);
	if (r != 0)
		diag("error: %s: %s", e->msg, strerror(e->errnum));
}

/* Under qemu-user (make check-cross sets CTBOX_QEMU_USER), rtnetlink
 * messages qemu does not translate fail with EOPNOTSUPP: skip the N tests
 * that need WHAT, naming the limit. */
static int qemu_lacks(int r, const struct bb_err *e, int n, const char *what)
{
	char why[160];

	if (r >= 0 || e->errnum != EOPNOTSUPP || !getenv("CTBOX_QEMU_USER"))
		return 0;
	snprintf(why, sizeof(why), "%s: qemu-user does not translate %s messages",
		 getenv("CTBOX_QEMU_USER"), what);
	while (n-- > 0)
		skip(why);
	return 1;
}

static int new_netns(void)
{
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), fd;

	if (self < 0 || unshare(CLONE_NEWNET) < 0)
		return -1;
	fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (setns(self, CLONE_NEWNET) < 0) {
		perror("setns back");
		exit(1);
	}
	close(self);
	return fd;
}

/* A socket in the namespace of nsfd. */
static int open_in(struct nl_sock *s, int nsfd, struct bb_err *e)
{
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), r;

	if (self < 0 || setns(nsfd, CLONE_NEWNET) < 0)
		return -1;
	r = nl_open(s, NETLINK_ROUTE, e);
	if (setns(self, CLONE_NEWNET) < 0)
		exit(1);
	close(self);
	return r;
}

struct count {
	int n;
	int found;
	const char *name;
	int ifindex;
	struct rtnl_link l;
};

static int count_links(const struct rtnl_link *l, void *arg)
{
	struct count *c = arg;

	c->n++;
	if (c->name && !strcmp(l->name, c->name)) {
		c->found = 1;
		c->l = *l;
	}
	return 0;
}

static int stop_links(const struct rtnl_link *l, void *arg)
{
	struct count *c = arg;

	return ++c->n == 2;
}

static int fail_links(const struct rtnl_link *l, void *arg)
{
	return -1;
}

struct addrs {
	int v4, v6, n;
	struct in_addr a4;
	struct in6_addr a6;
	unsigned p4, p6;
};

static int find_addrs(const struct rtnl_addr *a, void *arg)
{
	struct addrs *x = arg;

	x->n++;
	if (a->family == AF_INET && a->addr.v4.s_addr == x->a4.s_addr && a->prefix == x->p4)
		x->v4 = 1;
	if (a->family == AF_INET6 && !memcmp(&a->addr.v6, &x->a6, 16) && a->prefix == x->p6)
		x->v6 = 1;
	return 0;
}

struct ports {
	int n;
	int ifindex;
	struct rtnl_brport p;
};

static int find_port(const struct rtnl_brport *p, void *arg)
{
	struct ports *x = arg;

	x->n++;
	if (p->ifindex == x->ifindex)
		x->p = *p;
	return 0;
}

struct fdbs {
	int n, local_found;
	const unsigned char *mac;
	int port;
};

static int find_fdb(const struct rtnl_fdb *f, void *arg)
{
	struct fdbs *x = arg;

	x->n++;
	if (!memcmp(f->mac, x->mac, 6) && f->ifindex == x->port && f->local)
		x->local_found = 1;
	return 0;
}

int main(void)
{
	static const unsigned char mac1[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const unsigned char mac2[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x66 };
	struct nl_sock s, sb;
	struct bb_err e;
	struct rtnl_link l;
	int nsb, nsc, d0, br, v0, id, r, have_dummy = 1;
	uint32_t seq;

	if (geteuid() != 0)
		plan_skip_all("not root");
	if (unshare(CLONE_NEWNET) < 0)
		plan_skip_all("cannot make a network namespace");
	nsb = new_netns();
	nsc = new_netns();
	if (nsb < 0 || nsc < 0)
		plan_skip_all("cannot make more network namespaces");
	if (nl_open(&s, NETLINK_ROUTE, &e) < 0) {
		printf("1..0 # SKIP %s: %s\n", e.msg, strerror(e.errnum));
		return 0;
	}
	ok(fcntl(s.fd, F_GETFD) & FD_CLOEXEC, "the socket is close-on-exec");
	ok(s.portid != 0, "the socket has a port id");

	/* ---- names and lookups ---- */
	is_int(rtnl_ifindex(&s, "lo", &e), 1, "lo is ifindex 1");
	{
		struct rtnl_set set = RTNL_SET_INIT;

		set.up = 1;
		check(rtnl_link_set(&s, 1, &set, &e), &e, "lo up");
	}
	r = rtnl_ifindex(&s, "nothere0", &e);
	is_err(r, &e, ENODEV, "no such interface nothere0", "an absent name: ENODEV");
	r = rtnl_link_get(&s, NULL, 9999, &l, &e);
	is_err(r, &e, ENODEV, "9999", "an absent ifindex: ENODEV");
	r = rtnl_link_del(&s, 9999, &e);
	is_err(r, &e, ENODEV, "cannot delete interface #9999", "deleting an absent ifindex: ENODEV");
	{
		struct rtnl_set set = RTNL_SET_INIT;

		set.up = 1;
		r = rtnl_link_set(&s, 9999, &set, &e);
		is_err(r, &e, ENODEV, "9999", "changing an absent ifindex: ENODEV");
	}
	{
		static const char *const bad[] = { "", "a/b", "a:b", "a b", ".", "..",
						   "sixteen-bytes-xx", "x%d" };
		size_t i;

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			struct rtnl_new n = { .kind = RTNL_DUMMY, .name = bad[i], .netns_fd = -1,
					      .peer_netns_fd = -1 };

			seq = s.seq;
			r = rtnl_link_add(&s, &n, &e);
			ok(r < 0 && e.errnum == EINVAL && has(e.msg, "invalid interface name") &&
			   s.seq == seq, "the name '%s' is refused before sending", bad[i]);
		}
	}

	/* ---- a dummy: create, duplicate, change ---- */
	{
		/* d0: a dummy where the kernel has them, else a veth (with its
		 * peer d0p up, for a carrier). */
		struct rtnl_new n = { .kind = RTNL_DUMMY, .name = "d0", .netns_fd = -1,
				      .peer_netns_fd = -1, .mtu = 1400 };

		r = rtnl_link_add(&s, &n, &e);
		if (r < 0 && e.errnum == EOPNOTSUPP) {
			diag("no dummy interfaces here (%s): veths instead", e.msg);
			have_dummy = 0;
			n.kind = RTNL_VETH;
			n.peer = "d0p";
			r = rtnl_link_add(&s, &n, &e);
		}
		check(r, &e, "create d0");
		r = rtnl_link_add(&s, &n, &e);
		is_err(r, &e, EEXIST, have_dummy ? "cannot create dummy d0" : "cannot create veth d0",
		       "creating d0 again: EEXIST");
		if (!have_dummy) {
			struct rtnl_set set = RTNL_SET_INIT;

			set.up = 1;
			check(rtnl_link_set(&s, rtnl_ifindex(&s, "d0p", &e), &set, &e), &e, "d0p up");
		}
	}
	d0 = rtnl_ifindex(&s, "d0", &e);
	ok(d0 > 1, "d0 has an ifindex");
	check(rtnl_link_get(&s, "d0", 0, &l, &e), &e, "get d0 by name");
	is_str(l.kind, have_dummy ? "dummy" : "veth", "d0 is a %s", have_dummy ? "dummy" : "veth");
	is_int(l.mtu, 1400, "d0 has the mtu asked for");
	ok(!(l.flags & IFF_UP), "d0 is down");
	is_int(l.master, 0, "d0 has no master");
	{
		struct rtnl_set set = RTNL_SET_INIT;

		set.up = 1;
		set.mtu = 1300;
		set.hwaddr = mac1;
		check(rtnl_link_set(&s, d0, &set, &e), &e, "d0: up, mtu, address");
		check(rtnl_link_get(&s, NULL, d0, &l, &e), &e, "get d0 by index");
		ok(l.flags & IFF_UP, "d0 is up");
		is_int(l.mtu, 1300, "d0's new mtu");
		ok(l.addrlen == 6 && !memcmp(l.addr, mac1, 6), "d0's new address");
	}
	{
		struct rtnl_set set = RTNL_SET_INIT;

		set.up = 0;
		set.name = "d0new";
		check(rtnl_link_set(&s, d0, &set, &e), &e, "d0: down and renamed at once");
		check(rtnl_link_get(&s, NULL, d0, &l, &e), &e, "get the renamed d0");
		is_str(l.name, "d0new", "d0 is now d0new");
		ok(!(l.flags & IFF_UP), "d0new is down");
		set.name = "d0";
		set.up = 1;
		check(rtnl_link_set(&s, d0, &set, &e), &e, "renamed back and up");
		set = (struct rtnl_set)RTNL_SET_INIT;
		set.name = "a/b";
		seq = s.seq;
		r = rtnl_link_set(&s, d0, &set, &e);
		ok(r < 0 && e.errnum == EINVAL && has(e.msg, "cannot rename d0 to a/b"),
		   "renaming to a bad name is refused");
		set.name = "lo";
		set.up = 0;
		r = rtnl_link_set(&s, d0, &set, &e);
		is_err(r, &e, EEXIST, "cannot change d0", "renaming to an existing name: EEXIST");
		set.up = 1;
		set.name = NULL;
		check(rtnl_link_set(&s, d0, &set, &e), &e, "d0 up again");
	}

	/* ---- many links: a dump over several datagrams ---- */
	{
		struct count c = { .name = "d0" };
		char name[16];
		int i, made = 0;

		char peer[16];

		/* 120 links, as dummies or as 60 veth pairs */
		for (i = 0; i < 120; i++) {
			struct rtnl_new n = { .kind = RTNL_DUMMY, .name = name, .netns_fd = -1,
					      .peer_netns_fd = -1 };

			snprintf(name, sizeof(name), "many%d", i);
			if (!have_dummy) {
				n.kind = RTNL_VETH;
				snprintf(peer, sizeof(peer), "many%d", ++i);
				n.peer = peer;
			}
			if (rtnl_link_add(&s, &n, &e) == 0)
				made += have_dummy ? 1 : 2;
		}
		is_int(made, 120, "120 links made");
		check(rtnl_link_list(&s, count_links, &c, &e), &e, "list the links");
		is_int(c.n, have_dummy ? 122 : 123, "every link is listed (lo, d0 and 120)");
		ok(c.found && c.l.ifindex == d0 && c.l.mtu == 1300, "d0 is in the list");
		c.n = 0;
		check(rtnl_link_list(&s, stop_links, &c, &e), &e, "a list stopped early");
		is_int(c.n, 2, "the callback was called until it stopped");
		r = rtnl_link_list(&s, fail_links, NULL, &e);
		ok(r < 0, "a callback's failure fails the list");
		is_int(rtnl_ifindex(&s, "lo", &e), 1, "the socket works after an early stop");
		for (i = 0; i < 120; i++) {
			snprintf(name, sizeof(name), "many%d", i);
			r = rtnl_ifindex(&s, name, &e);
			if (r > 0)
				made -= (rtnl_link_del(&s, r, &e) == 0) * (have_dummy ? 1 : 2);
		}
		is_int(made, 0, "the 120 links deleted");
	}

	/* ---- addresses and a route ---- */
	{
		struct addrs x = { .p4 = 24, .p6 = 64 };
		struct in_addr b, gw;
		int fam;
		unsigned p;
		const char *why;

		ok(rtnl_parse_cidr("10.0.3.2/24", 1, &fam, &x.a4, &p, &why) == 0, "parse v4");
		ok(rtnl_parse_cidr("fd00::2/64", 1, &fam, &x.a6, &p, &why) == 0, "parse v6");
		b = rtnl_bcast4(x.a4, 24);
		check(rtnl_addr_add(&s, d0, AF_INET, &x.a4, 24, &b, &e), &e, "add 10.0.3.2/24 to d0");
		r = rtnl_addr_add(&s, d0, AF_INET, &x.a4, 24, &b, &e);
		is_err(r, &e, EEXIST, "cannot add address 10.0.3.2/24 to d0", "the same again: EEXIST");
		check(rtnl_addr_add(&s, d0, AF_INET6, &x.a6, 64, NULL, &e), &e, "add fd00::2/64 to d0");
		check(rtnl_addr_list(&s, AF_UNSPEC, d0, find_addrs, &x, &e), &e, "list d0's addresses");
		ok(x.v4 && x.v6, "both are listed");
		x.v4 = x.v6 = x.n = 0;
		check(rtnl_addr_list(&s, AF_INET, 0, find_addrs, &x, &e), &e, "list IPv4 addresses");
		ok(x.v4 && !x.v6, "the IPv4 one only");
		is_int(x.n, 2, "d0's and lo's");
		inet_pton(AF_INET, "10.0.3.1", &gw);
		check(rtnl_route_add(&s, AF_INET, NULL, 0, &gw, 0, &e), &e, "default route via 10.0.3.1");
		r = rtnl_route_add(&s, AF_INET, NULL, 0, &gw, 0, &e);
		is_err(r, &e, EEXIST, "cannot add route default via 10.0.3.1", "the same again: EEXIST");
		{
			struct in_addr net;

			inet_pton(AF_INET, "10.9.0.0", &net);
			check(rtnl_route_add(&s, AF_INET, &net, 16, NULL, d0, &e), &e,
			      "route 10.9.0.0/16 dev d0");
		}
		inet_pton(AF_INET, "192.168.77.1", &gw);
		r = rtnl_route_add(&s, AF_INET, NULL, 0, &gw, d0, &e);
		ok(r < 0 && has(e.msg, "cannot add route default via 192.168.77.1 dev d0"),
		   "an unreachable gateway: refused");
		diag("%s: %s", e.msg, strerror(e.errnum));
		check(rtnl_addr_del(&s, d0, AF_INET, &x.a4, 24, &e), &e, "delete 10.0.3.2/24");
		x.v4 = x.v6 = 0;
		check(rtnl_addr_list(&s, AF_UNSPEC, d0, find_addrs, &x, &e), &e, "list again");
		ok(!x.v4 && x.v6, "the IPv4 address is gone");
		r = rtnl_addr_del(&s, d0, AF_INET, &x.a4, 24, &e);
		ok(r < 0 && has(e.msg, "cannot delete address 10.0.3.2/24 from d0"),
		   "deleting it again fails");
		diag("%s: %s", e.msg, strerror(e.errnum));
	}

	/* ---- veth with its peer in another namespace; nsids ---- */
	{
		struct rtnl_new n = { .kind = RTNL_VETH, .name = "v0", .netns_fd = -1,
				      .peer = "v1", .peer_netns_fd = nsb, .peer_hwaddr = mac2,
				      .peer_mtu = 1450 };

		check(rtnl_link_add(&s, &n, &e), &e, "veth v0 with its peer v1 in another namespace");
		v0 = rtnl_ifindex(&s, "v0", &e);
		ok(v0 > 0, "v0 is here");
		check(rtnl_link_get(&s, NULL, v0, &l, &e), &e, "get v0");
		is_str(l.kind, "veth", "v0 is a veth");
		ok(l.link > 0 && l.link_netnsid >= 0, "v0 has a peer in namespace id %d", l.link_netnsid);
		r = rtnl_ifindex(&s, "v1", &e);
		ok(r < 0 && e.errnum == ENODEV, "v1 is not here");
		if (open_in(&sb, nsb, &e) == 0) {
			check(rtnl_link_get(&sb, "v1", 0, &l, &e), &e, "v1 is in the other namespace");
			ok(l.mtu == 1450 && !memcmp(l.addr, mac2, 6), "v1 has its mtu and address");
			nl_close(&sb);
		} else {
			ok(0, "a socket in the other namespace");
			ok(0, "v1's mtu");
		}
		r = rtnl_nsid_get(&s, nsb, &id, &e);
		if (qemu_lacks(r, &e, 9, "RTM_GETNSID/RTM_NEWNSID"))
			goto nsids_done;
		check(r, &e, "the nsid of that namespace");
		ok(id >= 0, "it has one (%d)", id);
		check(rtnl_nsid_get(&s, nsc, &id, &e), &e, "the nsid of a third namespace");
		is_int(id, -1, "it has none");
		check(rtnl_nsid_set(&s, nsc, 7, &e), &e, "set it to 7");
		check(rtnl_nsid_get(&s, nsc, &id, &e), &e, "get it again");
		is_int(id, 7, "it is 7");
		r = rtnl_nsid_set(&s, nsc, 8, &e);
		is_err(r, &e, EEXIST, "cannot set the id of network namespace", "setting it twice: EEXIST");
		r = rtnl_nsid_get(&s, 0, &id, &e);
		ok(r < 0, "the nsid of fd 0 (not a namespace): refused");
		diag("%s: %s", e.msg, strerror(e.errnum));
nsids_done:;
	}

	/* ---- a bridge ---- */
	{
		struct rtnl_new n = { .kind = RTNL_BRIDGE, .name = "br0", .netns_fd = -1,
				      .peer_netns_fd = -1, .up = 1 };
		struct rtnl_set set = RTNL_SET_INIT;
		struct rtnl_bridge b;

		check(rtnl_link_add(&s, &n, &e), &e, "create bridge br0 (up)");
		br = rtnl_ifindex(&s, "br0", &e);
		check(rtnl_link_get(&s, NULL, br, &l, &e), &e, "get br0");
		ok(!strcmp(l.kind, "bridge") && (l.flags & IFF_UP), "br0 is a bridge and up");
		set.master = d0;
		r = rtnl_link_set(&s, v0, &set, &e);
		ok(r < 0 && has(e.msg, "cannot add v0 to d0"), "enslaving to a non-bridge fails");
		diag("%s: %s", e.msg, strerror(e.errnum));
		set.master = br;
		set.up = 1;
		check(rtnl_link_set(&s, v0, &set, &e), &e, "enslave v0 to br0");
		set.up = -1;
		check(rtnl_link_set(&s, d0, &set, &e), &e, "enslave d0 to br0");
		check(rtnl_link_get(&s, NULL, v0, &l, &e), &e, "get v0");
		is_int(l.master, br, "v0's master is br0");
		r = rtnl_link_set(&s, 1, &set, &e);
		is_err(r, &e, EINVAL, "cannot add lo to br0", "enslaving lo fails");
		{
			struct rtnl_new vm = { .kind = RTNL_VETH, .name = "vm0", .netns_fd = -1,
					       .peer = "vm1", .peer_netns_fd = -1, .up = 1,
					       .master = d0 };
			int idx;

			r = rtnl_link_add(&s, &vm, &e);
			ok(r < 0, "a veth made a port of a non-bridge: refused");
			diag("%s: %s", e.msg, strerror(e.errnum));
			ok(rtnl_ifindex(&s, "vm0", &e) < 0, "and no vm0 is left");
			vm.master = br;
			check(rtnl_link_add(&s, &vm, &e), &e, "a veth made up and a port of br0 at once");
			idx = rtnl_ifindex(&s, "vm0", &e);
			check(rtnl_link_get(&s, NULL, idx, &l, &e), &e, "get vm0");
			is_int(l.master, br, "vm0's master is br0");
			ok(l.flags & IFF_UP, "vm0 is up");
			ok(l.tx_queues > 0, "vm0's tx queues are told (%u)", l.tx_queues);
			check(rtnl_link_del(&s, idx, &e), &e, "delete vm0");
			vm.queues = 1;
			check(rtnl_link_add(&s, &vm, &e), &e, "a veth pair with one queue each way");
			idx = rtnl_ifindex(&s, "vm0", &e);
			check(rtnl_link_get(&s, NULL, idx, &l, &e), &e, "get vm0");
			is_int(l.tx_queues, 1, "vm0 has one tx queue");
			idx = rtnl_ifindex(&s, "vm1", &e);
			check(rtnl_link_get(&s, NULL, idx, &l, &e), &e, "get vm1");
			is_int(l.tx_queues, 1, "so has its peer vm1");
			check(rtnl_link_del(&s, idx, &e), &e, "delete the pair");
		}

		check(rtnl_bridge_get(&s, br, &b, &e), &e, "get br0's bridge attributes");
		is_int(b.stp_state, 0, "stp off");
		diag("forward delay %u hello %u max age %u ageing %u priority %u", b.forward_delay,
		     b.hello_time, b.max_age, b.ageing_time, b.priority);
		is_int(b.priority, 32768, "default priority");
		is_int(b.ageing_time, 30000, "default ageing 300 s");
		check(rtnl_bridge_set(&s, br, IFLA_BR_STP_STATE, 1, &e), &e, "stp on");
		check(rtnl_bridge_set(&s, br, IFLA_BR_AGEING_TIME, 12000, &e), &e, "ageing 120 s");
		check(rtnl_bridge_set(&s, br, IFLA_BR_FORWARD_DELAY, 500, &e), &e, "forward delay 5 s");
		check(rtnl_bridge_set(&s, br, IFLA_BR_PRIORITY, 4096, &e), &e, "priority 4096");
		check(rtnl_bridge_get(&s, br, &b, &e), &e, "get them back");
		is_int(b.stp_state, 1, "stp on");
		is_int(b.ageing_time, 12000, "ageing");
		is_int(b.forward_delay, 500, "forward delay");
		is_int(b.priority, 4096, "priority");
		is_int(b.bridge_id_prio, 4096, "priority in the bridge id");
		r = rtnl_bridge_set(&s, br, IFLA_BR_FORWARD_DELAY, 1, &e);
		ok(r < 0 && has(e.msg, "cannot set forward_delay of br0 to 1"),
		   "a forward delay out of the kernel's range");
		diag("%s: %s", e.msg, strerror(e.errnum));
		r = rtnl_bridge_set(&s, br, IFLA_BR_PRIORITY, 70000, &e);
		is_err(r, &e, ERANGE, "cannot set priority of br0", "priority beyond 16 bits");
		r = rtnl_bridge_set(&s, br, IFLA_BR_ROOT_ID, 1, &e);
		is_err(r, &e, EINVAL, "not one ctbox knows", "a read-only attribute");
		r = rtnl_bridge_get(&s, d0, &b, &e);
		is_err(r, &e, EINVAL, "not a bridge", "d0 is not a bridge");
		check(rtnl_bridge_set(&s, br, IFLA_BR_STP_STATE, 0, &e), &e, "stp off");
	}

	/* ---- bridge ports ---- */
	{
		struct ports x = { .ifindex = v0 };

		check(rtnl_brport_list(&s, br, find_port, &x, &e), &e, "list br0's ports");
		is_int(x.n, 2, "two ports");
		is_str(x.p.name, "v0", "v0 is one");
		is_int(x.p.master, br, "of br0");
		ok(x.p.port_no > 0, "with a port number (%u)", x.p.port_no);
		check(rtnl_brport_set(&s, v0, IFLA_BRPORT_COST, 42, &e), &e, "v0's cost 42");
		check(rtnl_brport_set(&s, v0, IFLA_BRPORT_PRIORITY, 5, &e), &e, "v0's priority 5");
		check(rtnl_brport_set(&s, v0, IFLA_BRPORT_MODE, 1, &e), &e, "v0 hairpin on");
		memset(&x.p, 0, sizeof(x.p));
		x.n = 0;
		check(rtnl_brport_list(&s, 0, find_port, &x, &e), &e, "list every bridge's ports");
		is_int(x.n, 2, "still two");
		is_int(x.p.cost, 42, "cost");
		is_int(x.p.priority, 5, "priority");
		is_int(x.p.hairpin, 1, "hairpin");
		r = rtnl_brport_set(&s, v0, IFLA_BRPORT_PRIORITY, 100, &e);
		ok(r < 0 && has(e.msg, "cannot set the priority of port v0 to 100"),
		   "a port priority beyond the kernel's 63");
		diag("%s: %s", e.msg, strerror(e.errnum));
		r = rtnl_brport_set(&s, 1, IFLA_BRPORT_COST, 1, &e);
		ok(r < 0 && has(e.msg, "of port lo"), "lo is not a port");
		diag("%s: %s", e.msg, strerror(e.errnum));
	}

	/* ---- the forwarding database ---- */
	{
		struct fdbs x = { .mac = mac1, .port = d0 };

		r = rtnl_fdb_list(&s, br, find_fdb, &x, &e);
		if (qemu_lacks(r, &e, 5, "RTM_GETNEIGH"))
			goto fdb_done;
		check(r, &e, "list br0's fdb");
		ok(x.n > 0, "it has entries (%d)", x.n);
		ok(x.local_found, "d0's own address, local");
		x.n = 0;
		x.local_found = 0;
		check(rtnl_fdb_list(&s, 0, find_fdb, &x, &e), &e, "list every fdb");
		ok(x.local_found, "d0's own address again");
fdb_done:;
	}

	/* ---- release, move, delete ---- */
	{
		struct rtnl_set set = RTNL_SET_INIT;

		set.master = -1;
		check(rtnl_link_set(&s, d0, &set, &e), &e, "release d0 from br0");
		check(rtnl_link_get(&s, NULL, d0, &l, &e), &e, "get d0");
		is_int(l.master, 0, "d0 has no master");
		set = (struct rtnl_set)RTNL_SET_INIT;
		set.netns_fd = nsc;
		check(rtnl_link_set(&s, d0, &set, &e), &e, "move d0 to another namespace");
		r = rtnl_ifindex(&s, "d0", &e);
		ok(r < 0 && e.errnum == ENODEV, "d0 is gone from here");
		set = (struct rtnl_set)RTNL_SET_INIT;
		set.netns_pid = getpid();
		check(rtnl_link_set(&s, v0, &set, &e), &e, "move v0 to our own namespace (no-op)");
		check(rtnl_link_del(&s, v0, &e), &e, "delete v0");
		check(rtnl_link_del(&s, br, &e), &e, "delete br0");
		r = rtnl_link_del(&s, br, &e);
		is_err(r, &e, ENODEV, "cannot delete interface", "deleting it again: ENODEV");
	}

	/* ---- other kinds ---- */
	{
		struct rtnl_new n = { .kind = RTNL_VETH, .name = "par0", .netns_fd = -1,
				      .peer_netns_fd = -1, .up = 1 };
		int par;

		check(rtnl_link_add(&s, &n, &e), &e, "a parent veth");
		par = rtnl_ifindex(&s, "par0", &e);
		n = (struct rtnl_new){ .kind = RTNL_VLAN, .name = "par0.5", .netns_fd = -1,
				       .peer_netns_fd = -1, .link = par, .vlan_id = 5 };
		r = rtnl_link_add(&s, &n, &e);
		if (r < 0 && e.errnum == EOPNOTSUPP)
			skip("no vlans in this kernel");
		else
			check(r, &e, "vlan 5 on it");
		n.vlan_id = 5000;
		n.name = "par0.x";
		seq = s.seq;
		r = rtnl_link_add(&s, &n, &e);
		is_err(r, &e, ERANGE, "cannot create vlan par0.x", "vlan id 5000 refused");
		is_int(s.seq, seq, "before sending");
		n = (struct rtnl_new){ .kind = RTNL_MACVLAN, .name = "mv0", .netns_fd = nsc,
				       .peer_netns_fd = -1, .link = par, .macvlan_mode = MACVLAN_MODE_BRIDGE };
		r = rtnl_link_add(&s, &n, &e);
		if (r < 0 && e.errnum == EOPNOTSUPP)
			skip("no macvlan in this kernel");
		else
			check(r, &e, "a macvlan created in another namespace");
		n = (struct rtnl_new){ .kind = RTNL_IPVLAN, .name = "iv0", .netns_fd = -1,
				       .peer_netns_fd = -1, .link = par, .ipvlan_mode = IPVLAN_MODE_L2 };
		r = rtnl_link_add(&s, &n, &e);
		if (r < 0 && e.errnum == EOPNOTSUPP)
			skip("no ipvlan in this kernel");
		else
			check(r, &e, "an ipvlan");
		n = (struct rtnl_new){ .kind = RTNL_VETH, .name = "va", .netns_fd = -1,
				       .peer_netns_fd = -1 };
		check(rtnl_link_add(&s, &n, &e), &e, "a veth whose peer's name the kernel picks");
		n = (struct rtnl_new){ .kind = RTNL_VETH, .name = "vb", .peer = "lo",
				       .netns_fd = -1, .peer_netns_fd = -1 };
		r = rtnl_link_add(&s, &n, &e);
		is_err(r, &e, EEXIST, "cannot create veth vb", "a veth whose peer's name is taken");
	}

	nl_close(&s);
	return done_testing();
}
