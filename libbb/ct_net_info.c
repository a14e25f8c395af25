/* What a running container's network looks like, for info and ls: the
 * interfaces its monitor saved, and the addresses inside. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "ct_net.h"
#include "netns.h"
#include "rtnl.h"

int ct_net_load(const struct container *c, struct ct_nic *nic, int max)
{
	char *path = path_join(c->rundir, "net"), line[128];
	FILE *f = path ? fopen(path, "re") : NULL;
	int n = 0;

	free(path);
	if (!f)
		return 0;
	while (n < max && fgets(line, sizeof(line), f)) {
		char type[16], host[16], inside[16], orig[16];
		int t;

		if (bb_sscanf(line, "%15s %15s %15s %15s", type, host, inside, orig) != 4)
			continue;
		for (t = 1; t < CONF_NET_TYPE_MAX && strcmp(conf_net_type_name(t), type) != 0; t++)
			;
		if (t >= CONF_NET_TYPE_MAX)
			continue;
		memset(&nic[n], 0, sizeof(nic[n]));
		nic[n].type = t;
		snprintf(nic[n].host, sizeof(nic[n].host), "%s", strcmp(host, "-") ? host : "");
		snprintf(nic[n].inside, sizeof(nic[n].inside), "%s", inside);
		snprintf(nic[n].orig, sizeof(nic[n].orig), "%s", strcmp(orig, "-") ? orig : "");
		n++;
	}
	fclose(f);
	return n;
}

struct addrs_ctx { void (*cb)(const char *, void *); void *arg; };

static int addr_cb(const struct rtnl_addr *a, void *arg)
{
	struct addrs_ctx *x = arg;
	char s[INET6_ADDRSTRLEN];

	if (a->scope >= 254 /* host (lo) */ || (a->family == AF_INET6 && a->scope == 253 /* link */))
		return 0;
	inet_ntop(a->family, &a->addr, s, sizeof(s));
	x->cb(s, x->arg);
	return 0;
}

int ct_net_addrs(pid_t pid, int family, void (*cb)(const char *addr, void *arg), void *arg,
		 struct bb_err *e)
{
	struct addrs_ctx x = { cb, arg };
	struct nl_sock in;
	char path[64];
	int nsfd, r;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		return bb_err_set(e, errno, "can't open '%s'", path);
	r = netns_nl_open(nsfd, &in, NETLINK_ROUTE, e);
	close(nsfd);
	/* Another user's container is in a user namespace that user cannot
	 * enter from here; it has no interface but lo (ctbox makes NICs for
	 * root only): no address to show. */
	if (r < 0 && e->errnum == EPERM && geteuid() != 0)
		return 0;
	if (r < 0)
		return -1;
	r = rtnl_addr_list(&in, family, 0, addr_cb, &x, e);
	nl_close(&in);
	return r;
}

struct joined { char *s; const char *sep; };

static void join_cb(const char *addr, void *arg)
{
	struct joined *j = arg;
	char *n;

	if (asprintf(&n, "%s%s%s", j->s ? j->s : "", j->s ? j->sep : "", addr) < 0)
		return;
	free(j->s);
	j->s = n;
}

int ct_net_shared(pid_t pid)
{
	char path[64];
	struct stat a, b;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	return stat(path, &a) == 0 && stat("/proc/self/ns/net", &b) == 0 && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

struct both { struct joined j[2]; };

static void both_cb(const char *addr, void *arg)
{
	struct both *b = arg;

	join_cb(addr, &b->j[strchr(addr, ':') != NULL]);
}

void ct_net_addr_texts(pid_t pid, const char *sep, char **v4, char **v6)
{
	struct both b = { { { NULL, sep }, { NULL, sep } } };
	struct bb_err e;

	/* The kernel lists IPv4 before IPv6 in one dump. */
	if (ct_net_addrs(pid, AF_UNSPEC, both_cb, &b, &e) < 0) {
		free(b.j[0].s);
		free(b.j[1].s);
		b.j[0].s = b.j[1].s = NULL;
	}
	*v4 = b.j[0].s;
	*v6 = b.j[1].s;
}
