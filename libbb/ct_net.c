/* A container's network interfaces (see ct_net.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "autoconf.h"
#include "conf.h"
#include "ct_net.h"
#include "device.h"
#include "lease.h"
#include "log.h"
#include "netns.h"
#include "rtnl.h"
#include "run.h"
#include "usernet.h"

/* What one interface's setup works with. */
struct nic_ctx {
	const struct container *c;
	const struct conf_net *cn;
	struct ct_nic *rec;
	struct nl_sock *host, *in;
	int nsfd;
	int br;                     /* the bridge's ifindex (veth with a link), else 0 */
};

void ct_net_init(struct ct_net *n)
{
	memset(n, 0, sizeof(*n));
	n->nsfd = -1;
}

/* "lxc.net.N[.KEY]: " before what the lower layer said. */
static int nic_fail_key(struct bb_err *e, const struct conf_net *cn, const char *key)
{
	char msg[sizeof(e->msg)];

	snprintf(msg, sizeof(msg), "%s", e->msg);
	return bb_err_set(e, e->errnum, "lxc.net.%u%s%s: %s", cn->index, key ? "." : "",
			  key ? key : "", msg);
}

static int nic_fail(struct bb_err *e, const struct conf_net *cn)
{
	return nic_fail_key(e, cn, NULL);
}

static void random_bytes(unsigned char *b, size_t n)
{
	if (getrandom(b, n, GRND_NONBLOCK) != (ssize_t)n) {
		size_t i;

		srandom(getpid() ^ (unsigned)time(NULL));
		for (i = 0; i < n; i++)
			b[i] = random();
	}
}

/* LXC's default host-side name: veth and six random letters or digits. */
static void random_veth(char out[16])
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[6];
	int i;

	random_bytes(r, sizeof(r));
	memcpy(out, "veth", 4);
	for (i = 0; i < 6; i++)
		out[4 + i] = set[r[i] % (sizeof(set) - 1)];
	out[10] = '\0';
}

/* lxc.net.N.hwaddr: the x placeholders at random; a unicast address. */
static void make_hwaddr(const struct conf_net *cn, unsigned char mac[6])
{
	unsigned char r[6];
	int i;

	random_bytes(r, sizeof(r));
	for (i = 0; i < 6; i++)
		mac[i] = (cn->hwaddr[i] & cn->hwaddr_fixed[i]) | (r[i] & ~cn->hwaddr_fixed[i]);
	if (!(cn->hwaddr_fixed[0] & 0x0f))
		mac[0] &= ~1;  /* a random first nibble: never multicast */
}

/* lxc.net.N.script.up / script.down: NAME net up|down TYPE HOSTDEV, with
 * LXC's LXC_NET_* variables. */
static int run_script(const struct container *c, const struct conf_net *cn, const struct ct_nic *rec,
		      const char *script, const char *what, struct bb_err *e)
{
	const char *type = conf_net_type_name(cn->type);
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return bb_err_set(e, errno, "lxc.net.%u.script.%s", cn->index, what);
	if (pid == 0) {
		setenv("LXC_NAME", c->name, 1);
		setenv("LXC_CONFIG_FILE", c->config_path, 1);
		setenv("LXC_HOOK_TYPE", what, 1);
		setenv("LXC_HOOK_SECTION", "net", 1);
		setenv("LXC_NET_TYPE", type, 1);
		if (cn->link)
			setenv("LXC_NET_PARENT", cn->link, 1);
		if (cn->type == CONF_NET_VETH)
			setenv("LXC_NET_PEER", rec->host, 1);
		execl("/bin/sh", "sh", "-c", "exec $0 \"$@\"", script, c->name, "net", what, type,
		      cn->type == CONF_NET_VETH ? rec->host : cn->link ? cn->link : rec->inside,
		      (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return bb_err_set(e, errno, "lxc.net.%u.script.%s", cn->index, what);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return bb_err_set(e, 0, "lxc.net.%u.script.%s '%s' failed (%s %d)", cn->index, what,
				  script, WIFEXITED(status) ? "exit status" : "signal",
				  WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return 0;
}

/* The host-side device a NIC hangs on: a bridge for veth, a parent for
 * macvlan/ipvlan/vlan, the device itself for phys. */
static int host_link(struct nic_ctx *x, const char *want_kind, struct rtnl_link *l, struct bb_err *e)
{
	if (!x->cn->link)
		return bb_err_set(e, 0, "lxc.net.%u.link is required for type %s", x->cn->index,
				  conf_net_type_name(x->cn->type));
	if (rtnl_link_get(x->host, x->cn->link, 0, l, e) < 0) {
		if (e->errnum == ENODEV)
			return bb_err_set(e, ENODEV, "lxc.net.%u.link: no interface named '%s'",
					  x->cn->index, x->cn->link);
		return nic_fail(e, x->cn);
	}
	if (want_kind && strcmp(l->kind, want_kind) != 0)
		return bb_err_set(e, 0, "lxc.net.%u.link: '%s' is not a %s", x->cn->index, x->cn->link,
				  want_kind);
	return 0;
}

/* An unprivileged container's veth (a bridge's port: run_plan.c lets no
 * other through): the user-nic service makes the pair, as
 * /etc/lxc/lxc-usernet allows (usernet.h). The kernel removes it with the
 * namespace; a stop also tells the service (ct_net_teardown). */
static int user_veth(struct nic_ctx *x, const unsigned char *mac, struct bb_err *e)
{
	struct usernet_answer a;
	struct rtnl_link l;

	if (host_link(x, "bridge", &l, e) < 0)
		return -1;
	x->br = l.ifindex;
	if (usernet_create(NULL, x->nsfd, x->cn->link, x->rec->inside, x->cn->mtu, mac, &a, e) < 0)
		return nic_fail(e, x->cn);
	snprintf(x->rec->host, sizeof(x->rec->host), "%s", a.host);
	return 0;
}

static int make_veth(struct nic_ctx *x, const unsigned char *mac, struct bb_err *e)
{
	const struct conf_net *cn = x->cn;
	struct rtnl_link l;
	struct rtnl_new nn;

	if (geteuid() != 0)
		return user_veth(x, mac, e);
	if (cn->link) {
		if (host_link(x, "bridge", &l, e) < 0)
			return -1;
		x->br = l.ifindex;
	}
	if (cn->veth_pair)
		snprintf(x->rec->host, sizeof(x->rec->host), "%s", cn->veth_pair);
	else
		random_veth(x->rec->host);
	memset(&nn, 0, sizeof(nn));
	nn.kind = RTNL_VETH;
	nn.name = x->rec->host;
	nn.mtu = cn->mtu;
	nn.netns_fd = -1;
	nn.peer = x->rec->inside;
	nn.peer_netns_fd = x->nsfd;
	nn.peer_hwaddr = mac;
	nn.peer_mtu = cn->mtu;
	nn.up = 1; /* and a port of its bridge: one request, one RTNL round */
	nn.master = x->br;
	/* One queue each way, as the kernel would leave it, but asked for:
	 * cutting its default (one per CPU) down to one after creating the
	 * pair costs an expedited RCU grace period per end. */
	nn.queues = 1;
	if (rtnl_link_add(x->host, &nn, e) < 0) {
		/* Which end's name is taken: the host's, or the one inside? */
		if (e->errnum == EEXIST) {
			struct bb_err ignored;
			int host_taken = rtnl_ifindex(x->host, x->rec->host, &ignored) > 0;

			return bb_err_set(e, EEXIST, "lxc.net.%u: an interface named '%s' exists already %s",
					  cn->index, host_taken ? x->rec->host : x->rec->inside,
					  host_taken ? "on the host" : "in the container");
		}
		return nic_fail(e, cn);
	}
	x->rec->made_host = 1;
	return 0;
}

static const int macvlan_modes[] = {
	[CONF_MACVLAN_PRIVATE] = MACVLAN_MODE_PRIVATE, [CONF_MACVLAN_VEPA] = MACVLAN_MODE_VEPA,
	[CONF_MACVLAN_BRIDGE] = MACVLAN_MODE_BRIDGE,   [CONF_MACVLAN_PASSTHRU] = MACVLAN_MODE_PASSTHRU,
};
static const int ipvlan_modes[] = {
	[CONF_IPVLAN_L3] = IPVLAN_MODE_L3, [CONF_IPVLAN_L3S] = IPVLAN_MODE_L3S,
	[CONF_IPVLAN_L2] = IPVLAN_MODE_L2,
};

/* macvlan, ipvlan, vlan: made on the parent, straight into the
 * container's namespace under its name there. */
static int make_child(struct nic_ctx *x, const unsigned char *mac, struct bb_err *e)
{
	const struct conf_net *cn = x->cn;
	struct rtnl_link l;
	struct rtnl_new nn;

	if (host_link(x, NULL, &l, e) < 0)
		return -1;
	snprintf(x->rec->host, sizeof(x->rec->host), "%s", cn->link);
	memset(&nn, 0, sizeof(nn));
	nn.name = x->rec->inside;
	nn.link = l.ifindex;
	nn.mtu = cn->mtu;
	nn.hwaddr = mac;
	nn.netns_fd = x->nsfd;
	nn.peer_netns_fd = -1;
	if (cn->type == CONF_NET_MACVLAN) {
		nn.kind = RTNL_MACVLAN;
		nn.macvlan_mode = macvlan_modes[cn->macvlan_mode];
	} else if (cn->type == CONF_NET_IPVLAN) {
		nn.kind = RTNL_IPVLAN;
		nn.ipvlan_mode = ipvlan_modes[cn->ipvlan_mode];
		nn.hwaddr = NULL;   /* ipvlan shares its parent's address */
	} else {
		if (cn->vlan_id < 0)
			return bb_err_set(e, 0, "lxc.net.%u.vlan.id is required for type vlan", cn->index);
		nn.kind = RTNL_VLAN;
		nn.vlan_id = cn->vlan_id;
	}
	if (rtnl_link_add(x->host, &nn, e) < 0)
		return nic_fail(e, cn);
	return 0;
}

/* phys: the host's device moves in, renamed on the way. One in use on
 * the host (a bridge, a bridge's port, lo) is refused. */
static int move_phys(struct nic_ctx *x, struct bb_err *e)
{
	const struct conf_net *cn = x->cn;
	struct rtnl_set set = RTNL_SET_INIT;
	struct rtnl_link l;

	if (host_link(x, NULL, &l, e) < 0)
		return -1;
	if (strcmp(l.kind, "bridge") == 0 || l.master || (l.flags & IFF_LOOPBACK))
		return bb_err_set(e, EBUSY, "lxc.net.%u.link: '%s' is in use on the host (%s)", cn->index,
				  cn->link, l.master ? "a bridge's port" : l.flags & IFF_LOOPBACK ?
				  "loopback" : "a bridge");
	snprintf(x->rec->host, sizeof(x->rec->host), "%s", cn->link);
	snprintf(x->rec->orig, sizeof(x->rec->orig), "%s", cn->link);
	set.netns_fd = x->nsfd;
	set.name = x->rec->inside;
	if (rtnl_link_set(x->host, l.ifindex, &set, e) < 0)
		return nic_fail(e, cn);
	return 0;
}

/* The bridge's first IPv4 address (for gateway auto and address auto). */
struct first4 { struct in_addr a; unsigned prefix; int found; struct in_addr all[16]; size_t n; };

static int first4_cb(const struct rtnl_addr *a, void *arg)
{
	struct first4 *f = arg;

	if (a->family != AF_INET)
		return 0;
	if (!f->found) {
		f->a = a->addr.v4;
		f->prefix = a->prefix;
		f->found = 1;
	}
	if (f->n < ARRAY_SIZE(f->all))
		f->all[f->n++] = a->addr.v4;
	return 0;
}

static int bridge_addr(struct nic_ctx *x, struct first4 *f, const char *why, struct bb_err *e)
{
	memset(f, 0, sizeof(*f));
	if (!x->br)
		return bb_err_set(e, 0, "lxc.net.%u: %s needs a bridge (lxc.net.%u.link)", x->cn->index,
				  why, x->cn->index);
	if (rtnl_addr_list(x->host, AF_INET, x->br, first4_cb, f, e) < 0)
		return nic_fail(e, x->cn);
	if (!f->found)
		return bb_err_set(e, 0, "lxc.net.%u: %s: bridge '%s' has no IPv4 address", x->cn->index,
				  why, x->cn->link);
	return 0;
}

/* The lease owner: the container's run dir names it uniquely; its
 * static addresses on bridges are claimed under RUNDIR/static, apart
 * from its auto lease (which lease_take would otherwise hand back). */
static const char *lease_owner(const struct container *c)
{
	return c->rundir;
}

static char *static_owner(const struct container *c)
{
	return path_join(c->rundir, "static");
}

static char *lease_dir(void)
{
	return path_join(ct_rundir_base(), "leases");
}

static int add_v4(struct nic_ctx *x, int idx, struct in_addr a, unsigned prefix,
		  const struct in_addr *bcast, struct bb_err *e)
{
	struct in_addr bc = bcast ? *bcast : rtnl_bcast4(a, prefix);

	if (rtnl_addr_add(x->in, idx, AF_INET, &a, prefix, &bc, e) < 0)
		return nic_fail_key(e, x->cn, "ipv4.address");
	return 0;
}

/* Inside: MAC (phys), MTU, addresses, up, gateways. */
static int configure_inside(struct nic_ctx *x, const unsigned char *mac, struct bb_err *e)
{
	const struct conf_net *cn = x->cn;
	struct rtnl_set set = RTNL_SET_INIT;
	int idx = rtnl_ifindex(x->in, x->rec->inside, e);
	size_t i;

	if (idx < 0)
		return nic_fail(e, cn);
	if (cn->type == CONF_NET_PHYS && (cn->mtu || mac)) {
		set.mtu = cn->mtu;
		set.hwaddr = mac;
		if (rtnl_link_set(x->in, idx, &set, e) < 0)
			return nic_fail(e, cn);
		set = (struct rtnl_set)RTNL_SET_INIT;
	}
	for (i = 0; i < cn->n_ipv4; i++) {
		/* On a bridge, an address another container has is refused. */
		if (x->br) {
			char *dir = lease_dir(), *owner = static_owner(x->c);
			int r = dir && owner ? lease_claim(dir, cn->link, cn->ipv4[i].addr, owner, e)
					     : bb_err_set(e, ENOMEM, "lease");

			free(dir);
			free(owner);
			if (r < 0)
				return nic_fail_key(e, cn, "ipv4.address");
		}
		if (add_v4(x, idx, cn->ipv4[i].addr, cn->ipv4[i].prefix,
			   cn->ipv4[i].has_bcast ? &cn->ipv4[i].bcast : NULL, e) < 0)
			return -1;
	}
	if (cn->ipv4_auto) {
		struct in_addr got, reserved[16 + 8];
		struct first4 f;
		size_t n = 0;
		char *dir = lease_dir();
		int r;

		if (bridge_addr(x, &f, "ipv4.address = auto", e) < 0) {
			free(dir);
			return -1;
		}
		for (i = 0; i < f.n; i++)
			reserved[n++] = f.all[i];
		for (i = 0; i < cn->n_ipv4 && n < ARRAY_SIZE(reserved); i++)
			reserved[n++] = cn->ipv4[i].addr;
		r = dir ? lease_take(dir, cn->link, f.a, f.prefix, reserved, n, lease_owner(x->c), &got, e)
			: bb_err_set(e, ENOMEM, "lease");
		free(dir);
		if (r < 0)
			return nic_fail(e, cn);
		if (add_v4(x, idx, got, f.prefix, NULL, e) < 0)
			return -1;
	}
	for (i = 0; i < cn->n_ipv6; i++)
		if (rtnl_addr_add(x->in, idx, AF_INET6, &cn->ipv6[i].addr, cn->ipv6[i].prefix, NULL, e) < 0)
			return nic_fail_key(e, cn, "ipv6.address");
	if (cn->up) {
		set.up = 1;
		if (rtnl_link_set(x->in, idx, &set, e) < 0)
			return nic_fail(e, cn);
	}
	if (cn->ipv4_gw_kind != CONF_GW_NONE) {
		struct first4 f;
		const struct in_addr *gw = &cn->ipv4_gw;

		if (cn->ipv4_gw_kind == CONF_GW_AUTO) {
			if (bridge_addr(x, &f, "ipv4.gateway = auto", e) < 0)
				return -1;
			gw = &f.a;
		}
		if (rtnl_route_add(x->in, AF_INET, NULL, 0, cn->ipv4_gw_kind == CONF_GW_DEV ? NULL : gw,
				   idx, e) < 0)
			return nic_fail_key(e, cn, "ipv4.gateway");
	}
	if (cn->ipv6_gw_kind == CONF_GW_ADDR || cn->ipv6_gw_kind == CONF_GW_DEV) {
		if (rtnl_route_add(x->in, AF_INET6, NULL, 0,
				   cn->ipv6_gw_kind == CONF_GW_DEV ? NULL : &cn->ipv6_gw, idx, e) < 0)
			return nic_fail_key(e, cn, "ipv6.gateway");
	} else if (cn->ipv6_gw_kind == CONF_GW_AUTO) {
		return bb_err_set(e, 0, "lxc.net.%u.ipv6.gateway = auto: not supported by ctbox (give the address)",
				  cn->index);
	}
	return 0;
}

/* veth.mode = router: the host routes the container's addresses to the
 * host end, and answers ARP for it there. */
static int route_on_host(struct nic_ctx *x, struct bb_err *e)
{
	const struct conf_net *cn = x->cn;
	int idx = rtnl_ifindex(x->host, x->rec->host, e);
	char path[96];
	size_t i;
	int fd;

	if (idx < 0)
		return nic_fail(e, cn);
	for (i = 0; i < cn->n_ipv4; i++)
		if (rtnl_route_add(x->host, AF_INET, &cn->ipv4[i].addr, 32, NULL, idx, e) < 0)
			return nic_fail(e, cn);
	for (i = 0; i < cn->n_ipv6; i++)
		if (rtnl_route_add(x->host, AF_INET6, &cn->ipv6[i].addr, 128, NULL, idx, e) < 0)
			return nic_fail(e, cn);
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/proxy_arp", x->rec->host);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "1", 1) != 1) {
		bb_err_set(e, errno, "lxc.net.%u: can't enable proxy ARP on '%s'", cn->index, x->rec->host);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* The record's name inside and type; the MAC, when the plan has one. */
static const unsigned char *nic_begin(struct nic_ctx *x, unsigned pos, unsigned char mac[6])
{
	const struct conf_net *cn = x->cn;

	if (cn->name)
		snprintf(x->rec->inside, sizeof(x->rec->inside), "%s", cn->name);
	else
		snprintf(x->rec->inside, sizeof(x->rec->inside), "eth%u", pos);
	x->rec->type = cn->type;
	if (!cn->has_hwaddr)
		return NULL;
	make_hwaddr(cn, mac);
	return mac;
}

/* One NIC; made already (ct_net_prepare): its addresses and the rest. */
static int nic_setup(struct nic_ctx *x, unsigned pos, int made, struct bb_err *e)
{
	const struct conf_net *cn = x->cn;
	unsigned char mac[6];
	const unsigned char *macp = NULL;
	int r;

	if (made) {
		x->br = x->rec->br;
		goto made;
	}
	macp = nic_begin(x, pos, mac);
	switch (cn->type) {
	case CONF_NET_VETH:
		r = make_veth(x, macp, e);
		break;
	case CONF_NET_MACVLAN:
	case CONF_NET_IPVLAN:
	case CONF_NET_VLAN:
		r = make_child(x, macp, e);
		break;
	case CONF_NET_PHYS:
		r = move_phys(x, e);
		break;
	default:
		return bb_err_set(e, 0, "lxc.net.%u.type = %s: not an interface", cn->index,
				  conf_net_type_name(cn->type));
	}
	if (r < 0)
		return -1;
made:
	if (configure_inside(x, cn->type == CONF_NET_PHYS ? macp : NULL, e) < 0)
		return -1;
	if (cn->type == CONF_NET_VETH && cn->veth_mode == CONF_VETH_ROUTER && route_on_host(x, e) < 0)
		return -1;
	if (cn->script_up && run_script(x->c, cn, x->rec, cn->script_up, "up", e) < 0)
		return -1;
	return 0;
}

static int save(const struct container *c, const struct ct_net *n, struct bb_err *e)
{
	char *path = path_join(c->rundir, "net"), *buf = malloc(CT_NET_MAX * 64 + 1);
	size_t len = 0;
	int i, r = 0;

	if (!path || !buf) {
		r = bb_err_set(e, ENOMEM, "can't save the interfaces in '%s'", c->rundir);
		goto out;
	}
	for (i = 0; i < n->n; i++)
		len += sprintf(buf + len, "%s %s %s %s\n", conf_net_type_name(n->nic[i].type),
			       n->nic[i].host[0] ? n->nic[i].host : "-", n->nic[i].inside,
			       n->nic[i].orig[0] ? n->nic[i].orig : "-");
	if (bb_write_replace(path, buf, len) < 0)
		r = bb_err_set(e, errno, "can't save the interfaces in '%s'", path);
out:
	free(buf);
	free(path);
	return r;
}

int ct_net_has_nics(const struct ct_run *r)
{
	size_t i;

	for (i = 0; ENABLE_FEATURE_NET && i < r->n_net; i++)
		if (r->net[i].type != CONF_NET_EMPTY)
			return 1;
	return 0;
}

int ct_net_prepare(const struct container *c, const struct ct_run *r, int nsfd,
		   struct ct_net *n, struct bb_err *e)
{
	struct nl_sock host;
	unsigned char mac[6];
	size_t i;
	int ret = 0;

	n->nsfd = nsfd;
	if (geteuid() != 0)
		return 0;
	if (nl_open(&host, NETLINK_ROUTE, e) < 0)
		return -1;
	for (i = 0; i < r->n_net && n->n < CT_NET_MAX; i++) {
		struct nic_ctx x = { .c = c, .cn = &r->net[i], .host = &host, .nsfd = nsfd };

		if (r->net[i].type == CONF_NET_EMPTY)
			continue;
		/* In the plan's order: the first other NIC ends it. */
		if (r->net[i].type != CONF_NET_VETH)
			break;
		x.rec = &n->nic[n->n++];
		x.rec->conf_pos = i;
		if (make_veth(&x, nic_begin(&x, (unsigned)(n->n - 1), mac), e) < 0) {
			ret = -1;
			break;
		}
		x.rec->br = x.br;
		n->early = n->n;
	}
	nl_close(&host);
	return ret;
}

int ct_net_setup(const struct container *c, const struct ct_run *r, int nsfd,
		 struct ct_net *n, struct bb_err *e)
{
	struct nl_sock host, in;
	size_t i;
	int k = 0, ret = -1;

	n->nsfd = nsfd;
	if (nl_open(&host, NETLINK_ROUTE, e) < 0)
		return -1;
	/* Without privileges on the host: through the container's own user
	 * namespace, which the caller owns. */
	if ((geteuid() == 0 ? netns_nl_open(nsfd, &in, NETLINK_ROUTE, e)
			    : usernet_nl_open(nsfd, &in, NETLINK_ROUTE, e)) < 0) {
		nl_close(&host);
		return -1;
	}
	for (i = 0; i < r->n_net; i++) {
		struct nic_ctx x = { .c = c, .cn = &r->net[i], .host = &host, .in = &in, .nsfd = nsfd };

		if (r->net[i].type == CONF_NET_EMPTY)
			continue;
		if (k < n->early) {
			x.rec = &n->nic[k++];
		} else if (n->n >= CT_NET_MAX) {
			bb_err_set(e, 0, "more than %d interfaces", CT_NET_MAX);
			goto out;
		} else {
			x.rec = &n->nic[n->n++];
			x.rec->conf_pos = i;
			k++;
		}
		if (nic_setup(&x, (unsigned)(k - 1), k <= n->early, e) < 0)
			goto out;
	}
	ret = save(c, n, e);
out:
	nl_close(&in);
	nl_close(&host);
	return ret;
}

/* Give a physical device back: from the namespace nsfd (its name there
 * is inside) to ours, under its own name. */
static void return_phys(int nsfd, const struct ct_nic *nic)
{
	struct rtnl_set set = RTNL_SET_INIT;
	struct nl_sock in;
	struct bb_err e;
	int idx, self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (self < 0 || netns_nl_open(nsfd, &in, NETLINK_ROUTE, &e) < 0) {
		if (self >= 0)
			close(self);
		ct_log(LOG_WARN, "stop", "can't give '%s' back to the host", nic->orig);
		return;
	}
	idx = rtnl_ifindex(&in, nic->inside, &e);
	set.up = 0;
	if (idx < 0 || rtnl_link_set(&in, idx, &set, &e) < 0) {
		ct_log(LOG_WARN, "stop", "can't give '%s' back to the host: %s", nic->orig, e.msg);
	} else {
		set = (struct rtnl_set)RTNL_SET_INIT;
		set.netns_fd = self;
		set.name = nic->orig;
		if (rtnl_link_set(&in, idx, &set, &e) < 0)
			ct_log(LOG_WARN, "stop", "can't give '%s' back to the host: %s", nic->orig, e.msg);
	}
	nl_close(&in);
	close(self);
}

/* Interfaces come into a container only with FEATURE_NET or `device add`. */
#define RETURNS_DEVICES (ENABLE_FEATURE_NET || ENABLE_DEVICE)

/* Interfaces `device add` handed over (RUNDIR/devices, device.h): back to
 * the host under their own names before the namespace goes, as phys ones
 * (a physical NIC would come back under its inside name, a veth end would
 * die), and out of the record (a reboot's new namespace has none). */
int ct_net_has_devices(const struct container *c)
{
	struct dev_rec rec = { 0 };
	struct bb_err e;
	size_t i;
	int any = 0;

	if (!RETURNS_DEVICES || dev_rec_load(c, &rec, &e) < 0)
		return 0;
	for (i = 0; i < rec.n && !any; i++)
		any = rec.v[i].kind == 'n';
	dev_rec_free(&rec);
	return any;
}

static void return_devices(const struct container *c, int nsfd)
{
	struct dev_rec rec = { 0 };
	struct bb_err e;
	size_t i = 0;
	int changed = 0;

	if (nsfd < 0 || dev_rec_load(c, &rec, &e) < 0)
		return;
	while (i < rec.n) {
		struct ct_nic nic = { 0 };

		if (rec.v[i].kind != 'n') {
			i++;
			continue;
		}
		snprintf(nic.inside, sizeof(nic.inside), "%s", rec.v[i].inside);
		snprintf(nic.orig, sizeof(nic.orig), "%s", rec.v[i].host);
		return_phys(nsfd, &nic);
		dev_rec_remove(&rec, i);
		changed = 1;
	}
	if (changed && dev_rec_save(c, &rec, &e) < 0)
		ct_log(LOG_WARN, "stop", "%s", e.msg);
	dev_rec_free(&rec);
}

void ct_net_teardown(const struct container *c, const struct ct_run *r, struct ct_net *n,
		     int failed)
{
	struct nl_sock host;
	struct bb_err e;
	int i, have_host = ENABLE_FEATURE_NET && failed && nl_open(&host, NETLINK_ROUTE, &e) == 0;

	/* Without FEATURE_NET there are none (ct_net_has_nics). */
	for (i = 0; ENABLE_FEATURE_NET && i < n->n; i++) {
		struct ct_nic *nic = &n->nic[i];
		const struct conf_net *cn = nic->conf_pos < r->n_net ? &r->net[nic->conf_pos] : NULL;

		if (cn && cn->script_down && !failed &&
		    run_script(c, cn, nic, cn->script_down, "down", &e) < 0)
			ct_log(LOG_WARN, "stop", "%s", e.msg);
		if (nic->type == CONF_NET_PHYS && nic->orig[0] && n->nsfd >= 0)
			return_phys(n->nsfd, nic);
		/* The service's veth, and its record, go now. */
		if (nic->type == CONF_NET_VETH && geteuid() != 0 && nic->host[0] && cn && cn->link &&
		    usernet_delete(NULL, cn->link, nic->host, &e) < 0)
			ct_log(LOG_WARN, "stop", "%s", e.msg);
		/* A failed start leaves nothing, not even for a moment. */
		if (have_host && nic->made_host) {
			int idx = rtnl_ifindex(&host, nic->host, &e);

			if (idx > 0)
				(void)rtnl_link_del(&host, idx, &e);
		}
	}
	if (have_host)
		nl_close(&host);
	if (RETURNS_DEVICES)
		return_devices(c, n->nsfd);
	if (n->nsfd >= 0)
		close(n->nsfd);
	n->nsfd = -1;
	n->n = 0;
}

void ct_net_recover(const struct container *c, int nsfd)
{
	struct ct_nic nic[CT_NET_MAX];
	int i, n = ENABLE_FEATURE_NET ? ct_net_load(c, nic, CT_NET_MAX) : 0;

	for (i = 0; i < n; i++)
		if (nic[i].type == CONF_NET_PHYS && nic[i].orig[0] && nsfd >= 0)
			return_phys(nsfd, &nic[i]);
	if (RETURNS_DEVICES)
		return_devices(c, nsfd);
}

void ct_net_forget(const struct container *c)
{
	char *dir = lease_dir(), *path = path_join(c->rundir, "net"), *st = static_owner(c);
	struct bb_err e;

	if (ENABLE_FEATURE_NET && dir && access(dir, F_OK) == 0 &&
	    (lease_release_all(dir, lease_owner(c), &e) < 0 ||
	     (st && lease_release_all(dir, st, &e) < 0)))
		ct_log(LOG_WARN, "stop", "%s", e.msg);
	free(st);
	if (path)
		unlink(path);
	free(dir);
	free(path);
}
