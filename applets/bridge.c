/* bridge: brctl's commands over rtnetlink, with brctl's output and
 * messages (bridge-utils 1.7), plus what lxc-net does to a bridge
 * (create it, give it addresses, bring it up). No ioctl, no sysfs, no
 * `ip`: everything goes through libbb/rtnl.h in the caller's network
 * namespace. */
//config:config BRIDGE
//config:	bool "bridge: manage Ethernet bridges (brctl)"
//config:	default y
//config:	help
//config:	  brctl's commands (addbr, addif, show, showstp, stp, setfd ...)
//config:	  with brctl's output, over netlink; and `bridge up BR CIDR...`,
//config:	  which sets up a bridge such as LXC's lxcbr0.
//applet:bridge brctl
//usage:COMMAND [ARG]...
//usage:
//usage:brctl's commands (BR a bridge, IF/PORT an interface, TIME in seconds):
//usage:  addbr BR                    add a bridge
//usage:  delbr BR                    delete a bridge (it must be down)
//usage:  addif BR IF...              make interfaces ports of BR
//usage:  delif BR IF...              release ports of BR
//usage:  show [BR]...                list bridges and their ports
//usage:  showmacs BR                 the forwarding database
//usage:  showstp BR                  spanning tree state of BR and its ports
//usage:  stp BR on|off               spanning tree on or off (also yes/no, 1/0)
//usage:  setageing BR TIME           MAC ageing time
//usage:  setfd BR TIME               forward delay
//usage:  sethello BR TIME            hello time
//usage:  setmaxage BR TIME           max message age
//usage:  setbridgeprio BR PRIO       bridge priority (0-65535)
//usage:  setpathcost BR PORT COST    port path cost
//usage:  setportprio BR PORT PRIO    port priority (0-63)
//usage:  hairpin BR PORT on|off      hairpin mode of a port
//usage:And for containers' networks (as LXC's lxc-net):
//usage:  up BR [CIDR]...             create BR if missing, add the addresses
//usage:                              (e.g. 10.0.3.1/24), bring it up
//usage:  addr BR CIDR...             add addresses to BR
//usage:  down BR                     bring BR down
//usage:
//usage:Adding an address BR already has is not an error.
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_link.h>

#include "brshow.h"
#include "rtnl.h"

static struct nl_sock nl;

/* ---- looking things up ---- */

static void check_ifname(const char *name)
{
	const char *why;

	if (rtnl_check_ifname(name, &why) < 0)
		bb_error_msg_and_die("bad interface name '%s': %s", name, why);
}

/* An errno in brctl's words: glibc's, where musl's differ (scripts
 * match "Operation not supported", not musl's "Not supported"). */
static const char *errtext(int errnum)
{
	static const struct { int errnum; const char *text; } glibc[] = {
		{ EOPNOTSUPP, "Operation not supported" },
		{ ERANGE, "Numerical result out of range" },
		{ EBUSY, "Device or resource busy" },
		{ ELOOP, "Too many levels of symbolic links" },
		{ EADDRNOTAVAIL, "Cannot assign requested address" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(glibc); i++)
		if (glibc[i].errnum == errnum)
			return glibc[i].text;
	return strerror(errnum);
}

static const char *errstr(const struct bb_err *e)
{
	return e->errnum ? errtext(e->errnum) : e->msg;
}

/* 1 and l filled when the link exists, 0 when it does not. */
static int find(const char *name, struct rtnl_link *l)
{
	struct bb_err e;

	check_ifname(name);
	if (rtnl_link_get(&nl, name, 0, l, &e) == 0)
		return 1;
	if (e.errnum == ENODEV)
		return 0;
	bb_err_die(&e);
}

static int is_bridge(const struct rtnl_link *l)
{
	return strcmp(l->kind, "bridge") == 0;
}

/* A bridge that must exist (brctl's wording when it does not). */
static void need_bridge(const char *name, struct rtnl_link *l)
{
	if (!find(name, l))
		bb_error_msg_and_die("bridge %s does not exist!", name);
	if (!is_bridge(l))
		bb_error_msg_and_die("device %s is not a bridge!", name);
}

static void need_port(const char *name, struct rtnl_link *l)
{
	if (!find(name, l))
		bb_error_msg_and_die("interface %s does not exist!", name);
}

/* BR a bridge and PORT one of its ports. */
static void need_port_of(const char *br, struct rtnl_link *bl, const char *port,
			 struct rtnl_link *pl)
{
	need_bridge(br, bl);
	need_port(port, pl);
	if (pl->master != bl->ifindex)
		bb_error_msg_and_die("device %s is not a port of %s", port, br);
}

/* Every link, ordered by name as brctl's scan of /sys/class/net is. */
struct links {
	struct rtnl_link *v;
	size_t n, cap;
};

static int add_link(const struct rtnl_link *l, void *arg)
{
	struct links *ls = arg;

	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? 2 * ls->cap : 32;
		ls->v = xrealloc(ls->v, ls->cap * sizeof(*ls->v));
	}
	ls->v[ls->n++] = *l;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct rtnl_link *)a)->name, ((const struct rtnl_link *)b)->name);
}

static void all_links(struct links *ls)
{
	struct bb_err e;

	if (rtnl_link_list(&nl, add_link, ls, &e) < 0)
		bb_err_die(&e);
	qsort(ls->v, ls->n, sizeof(*ls->v), by_name);
}

static void get_bridge(const struct rtnl_link *l, struct rtnl_bridge *b)
{
	struct bb_err e;

	if (rtnl_bridge_get(&nl, l->ifindex, b, &e) < 0)
		bb_err_die(&e);
}

/* The ports of bridge br, ordered by name. */
struct ports {
	struct rtnl_brport *v;
	size_t n, cap;
};

static int add_port(const struct rtnl_brport *p, void *arg)
{
	struct ports *ps = arg;

	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 16;
		ps->v = xrealloc(ps->v, ps->cap * sizeof(*ps->v));
	}
	ps->v[ps->n++] = *p;
	return 0;
}

static int port_by_name(const void *a, const void *b)
{
	return strcmp(((const struct rtnl_brport *)a)->name,
		      ((const struct rtnl_brport *)b)->name);
}

static void bridge_ports(int br, struct ports *ps)
{
	struct bb_err e;

	if (rtnl_brport_list(&nl, br, add_port, ps, &e) < 0)
		bb_err_die(&e);
	qsort(ps->v, ps->n, sizeof(*ps->v), port_by_name);
}

/* ---- values ---- */

/* Seconds as brctl reads them ("2", "0.5", "1e1") into centiseconds,
 * truncated the way brctl's timeval conversion truncates them. */
static int parse_secs(const char *s, uint32_t *cs)
{
	double d;
	unsigned long long sec, usec;

	if (bb_parse_decimal(s, 1, &d) < 0 || d > UINT32_MAX / 100)
		return -1;
	sec = (unsigned long long)d;
	usec = (unsigned long long)(1000000 * (d - sec));
	*cs = (uint32_t)((sec * 1000000 + usec) / 10000);
	return 0;
}

/* A number as C writes it (42, 0x2a, 052), at most max. */
static int parse_num(const char *s, unsigned long max, uint32_t *v)
{
	char *end;
	unsigned long long n;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (*end || errno || n > max)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/* on/off as brctl takes it: -1 when it is neither. */
static int parse_onoff(const char *s)
{
	static const struct { const char *word; int on; } words[] = {
		{ "on", 1 }, { "yes", 1 }, { "1", 1 }, { "off", 0 }, { "no", 0 }, { "0", 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (strcmp(s, words[i].word) == 0)
			return words[i].on;
	return -1;
}

/* ---- bridges and ports ---- */

static int do_addbr(char **argv)
{
	struct rtnl_new n = { .kind = RTNL_BRIDGE, .name = argv[1], .netns_fd = -1,
			      .peer_netns_fd = -1 };
	struct bb_err e;

	check_ifname(argv[1]);
	if (rtnl_link_add(&nl, &n, &e) == 0)
		return 0;
	if (e.errnum == EEXIST)
		bb_error_msg_and_die("device %s already exists; can't create bridge with the same name",
				     argv[1]);
	bb_error_msg_and_die("add bridge failed: %s", errstr(&e));
}

static int do_delbr(char **argv)
{
	struct rtnl_link l;
	struct bb_err e;

	if (!find(argv[1], &l))
		bb_error_msg_and_die("bridge %s doesn't exist; can't delete it", argv[1]);
	/* Netlink would delete any kind of link, and a bridge that is up:
	 * brctl's ioctl refused both. */
	if (!is_bridge(&l))
		bb_error_msg_and_die("can't delete bridge %s: %s", argv[1], errtext(EPERM));
	if (l.flags & IFF_UP)
		bb_error_msg_and_die("bridge %s is still up; can't delete it", argv[1]);
	if (rtnl_link_del(&nl, l.ifindex, &e) < 0)
		bb_error_msg_and_die("can't delete bridge %s: %s", argv[1], errstr(&e));
	return 0;
}

/* brctl stops at the first interface that fails; so do we. */
static int do_addif(char **argv)
{
	struct rtnl_link bl, pl;
	struct bb_err e;
	char **p;

	for (p = argv + 2; *p; p++) {
		struct rtnl_set set = RTNL_SET_INIT;

		need_port(*p, &pl);
		if (!find(argv[1], &bl))
			bb_error_msg_and_die("bridge %s does not exist!", argv[1]);
		if (!is_bridge(&bl))
			bb_error_msg_and_die("can't add %s to bridge %s: %s", *p, argv[1],
					     errtext(EOPNOTSUPP));
		/* The kernel takes a port of this very bridge again without a
		 * word, and a bridge as a port of another one: brctl said no. */
		if (pl.master)
			bb_error_msg_and_die("device %s is already a member of a bridge; "
					     "can't add it to bridge %s.", *p, argv[1]);
		if (is_bridge(&pl))
			bb_error_msg_and_die("device %s is a bridge device itself; "
					     "can't add a bridge device to a bridge device.", *p);
		set.master = bl.ifindex;
		if (rtnl_link_set(&nl, pl.ifindex, &set, &e) < 0)
			bb_error_msg_and_die("can't add %s to bridge %s: %s", *p, argv[1], errstr(&e));
	}
	return 0;
}

static int do_delif(char **argv)
{
	struct rtnl_link bl, pl;
	struct bb_err e;
	char **p;

	for (p = argv + 2; *p; p++) {
		struct rtnl_set set = RTNL_SET_INIT;

		need_port(*p, &pl);
		if (!find(argv[1], &bl))
			bb_error_msg_and_die("bridge %s does not exist!", argv[1]);
		if (!is_bridge(&bl))
			bb_error_msg_and_die("can't delete %s from %s: %s", *p, argv[1],
					     errtext(EOPNOTSUPP));
		if (pl.master != bl.ifindex)
			bb_error_msg_and_die("device %s is not a port of %s", *p, argv[1]);
		set.master = -1;
		if (rtnl_link_set(&nl, pl.ifindex, &set, &e) < 0)
			bb_error_msg_and_die("can't delete %s from %s: %s", *p, argv[1], errstr(&e));
	}
	return 0;
}

/* ---- show, showstp, showmacs ---- */

/* One bridge's line and its ports (the links whose master it is: ls is
 * sorted by name, so they come in brctl's order). */
static void show_one(const struct links *ls, const struct rtnl_link *br, int *header)
{
	const char **names = xmalloc((ls->n + 1) * sizeof(*names));
	struct rtnl_bridge b;
	size_t i, n = 0;

	get_bridge(br, &b);
	for (i = 0; i < ls->n; i++)
		if (ls->v[i].master == br->ifindex)
			names[n++] = ls->v[i].name;
	/* brctl prints its header with the first bridge: none, no header. */
	if (!*header)
		brshow_header(stdout);
	*header = 1;
	brshow_bridge(stdout, br->name, &b, names, n);
	free(names);
}

static int do_show(char **argv)
{
	struct links ls = { 0 };
	int header = 0, bad = 0;
	size_t i;

	all_links(&ls);
	if (!argv[1]) {
		for (i = 0; i < ls.n; i++)
			if (is_bridge(&ls.v[i]))
				show_one(&ls, &ls.v[i], &header);
	}
	for (argv++; *argv; argv++) {
		const struct rtnl_link *l = NULL;

		check_ifname(*argv);
		for (i = 0; i < ls.n && !l; i++)
			if (strcmp(ls.v[i].name, *argv) == 0)
				l = &ls.v[i];
		/* brctl goes on with the next name, and fails at the end. */
		fflush(stdout);
		if (!l) {
			bb_error_msg("bridge %s does not exist!", *argv);
			bad = 1;
		} else if (!is_bridge(l)) {
			bb_error_msg("device %s is not a bridge!", *argv);
			bad = 1;
		} else {
			show_one(&ls, l, &header);
		}
	}
	free(ls.v);
	return bad;
}

static int do_showstp(char **argv)
{
	struct rtnl_link l;
	struct rtnl_bridge b;
	struct ports ps = { 0 };

	need_bridge(argv[1], &l);
	get_bridge(&l, &b);
	bridge_ports(l.ifindex, &ps);
	brshow_stp(stdout, l.name, &b, ps.v, ps.n);
	free(ps.v);
	return 0;
}

struct macs {
	const struct ports *ports;
	struct mac { unsigned char mac[6]; unsigned port_no, ageing; int local; } *v;
	size_t n, cap;
};

static int add_mac(const struct rtnl_fdb *f, void *arg)
{
	struct macs *ms = arg;
	const struct rtnl_brport *p = NULL;
	size_t i;

	/* brctl lists the entries of ports only: not the bridge's own
	 * address, which the dump reports on the bridge itself. */
	for (i = 0; i < ms->ports->n && !p; i++)
		if (ms->ports->v[i].ifindex == f->ifindex)
			p = &ms->ports->v[i];
	if (!p)
		return 0;
	if (ms->n == ms->cap) {
		ms->cap = ms->cap ? 2 * ms->cap : 32;
		ms->v = xrealloc(ms->v, ms->cap * sizeof(*ms->v));
	}
	memcpy(ms->v[ms->n].mac, f->mac, 6);
	ms->v[ms->n].port_no = p->port_no;
	ms->v[ms->n].local = f->local;
	/* A port's own address never ages: brctl shows 0.00 for it. */
	ms->v[ms->n].ageing = f->local ? 0 : f->ageing;
	ms->n++;
	return 0;
}

static int by_mac(const void *a, const void *b)
{
	return memcmp(((const struct mac *)a)->mac, ((const struct mac *)b)->mac, 6);
}

static int do_showmacs(char **argv)
{
	struct rtnl_link l;
	struct ports ps = { 0 };
	struct macs ms = { &ps, NULL, 0, 0 };
	struct bb_err e;
	size_t i;

	if (!find(argv[1], &l))
		bb_error_msg_and_die("read of forward table failed: %s", errtext(ENODEV));
	if (!is_bridge(&l))
		bb_error_msg_and_die("read of forward table failed: %s", errtext(EOPNOTSUPP));
	bridge_ports(l.ifindex, &ps);
	if (rtnl_fdb_list(&nl, l.ifindex, add_mac, &ms, &e) < 0)
		bb_error_msg_and_die("read of forward table failed: %s", errstr(&e));
	qsort(ms.v, ms.n, sizeof(*ms.v), by_mac);
	brshow_macs_header(stdout);
	for (i = 0; i < ms.n; i++)
		brshow_mac(stdout, ms.v[i].port_no, ms.v[i].mac, ms.v[i].local, ms.v[i].ageing);
	free(ms.v);
	free(ps.v);
	return 0;
}

/* ---- settings ---- */

/* Set one IFLA_BR_* of bridge br; `what` words brctl's failure message
 * ("set ageing time failed: No such device"). */
static int bridge_set(const char *br, int attr, uint32_t v, const char *what)
{
	struct rtnl_link l;
	struct bb_err e;

	if (!find(br, &l))
		bb_error_msg_and_die("%s failed: %s", what, errtext(ENODEV));
	if (!is_bridge(&l))
		bb_error_msg_and_die("%s failed: %s", what, errtext(EOPNOTSUPP));
	if (rtnl_bridge_set(&nl, l.ifindex, attr, v, &e) < 0)
		bb_error_msg_and_die("%s failed: %s", what, errstr(&e));
	return 0;
}

static int do_stp(char **argv)
{
	int on = parse_onoff(argv[2]);

	if (on < 0)
		bb_error_msg_and_die("expect on/off for argument");
	return bridge_set(argv[1], IFLA_BR_STP_STATE, (uint32_t)on, "set stp status");
}

/* The four times: which attribute, and brctl's words for them. */
static const struct timeset {
	const char *cmd;
	int attr;
	const char *bad, *what;
} timesets[] = {
	{ "setageing", IFLA_BR_AGEING_TIME, "bad ageing time value", "set ageing time" },
	{ "setfd", IFLA_BR_FORWARD_DELAY, "bad forward delay value", "set forward delay" },
	{ "sethello", IFLA_BR_HELLO_TIME, "bad hello timer value", "set hello timer" },
	{ "setmaxage", IFLA_BR_MAX_AGE, "bad max age value", "set max age" },
};

static int do_settime(char **argv)
{
	const struct timeset *t = timesets;
	uint32_t cs;

	while (strcmp(t->cmd, argv[0]) != 0)
		t++;
	if (parse_secs(argv[2], &cs) < 0)
		bb_error_msg_and_die("%s", t->bad);
	return bridge_set(argv[1], t->attr, cs, t->what);
}

static int do_setbridgeprio(char **argv)
{
	uint32_t prio;

	if (parse_num(argv[2], UINT16_MAX, &prio) < 0)
		bb_error_msg_and_die("bad priority");
	return bridge_set(argv[1], IFLA_BR_PRIORITY, prio, "set bridge priority");
}

/* Set one IFLA_BRPORT_* of PORT, a port of BR. */
static void port_set(char **argv, int attr, uint32_t v, const char *what)
{
	struct rtnl_link bl, pl;
	struct bb_err e;

	need_port_of(argv[1], &bl, argv[2], &pl);
	if (rtnl_brport_set(&nl, pl.ifindex, attr, v, &e) < 0) {
		if (what)
			bb_error_msg_and_die("%s failed: %s", what, errstr(&e));
		bb_error_msg_and_die("can't set %s to hairpin on bridge %s: %s", argv[2], argv[1],
				     errstr(&e));
	}
}

static int do_setpathcost(char **argv)
{
	uint32_t cost;

	if (parse_num(argv[3], UINT32_MAX, &cost) < 0)
		bb_error_msg_and_die("bad path cost value");
	port_set(argv, IFLA_BRPORT_COST, cost, "set path cost");
	return 0;
}

static int do_setportprio(char **argv)
{
	uint32_t prio;

	if (parse_num(argv[3], UINT16_MAX, &prio) < 0)
		bb_error_msg_and_die("bad path priority value");
	port_set(argv, IFLA_BRPORT_PRIORITY, prio, "set port priority");
	return 0;
}

static int do_hairpin(char **argv)
{
	int on = parse_onoff(argv[3]);

	if (on < 0)
		bb_error_msg_and_die("expect on/off for argument");
	port_set(argv, IFLA_BRPORT_MODE, (uint32_t)on, NULL);
	return 0;
}

/* ---- lxc-net's part: addresses, up, down ---- */

struct cidr {
	const char *text;
	int family;
	unsigned prefix;
	union { struct in_addr v4; struct in6_addr v6; } a;
	int added;      /* by this run (not there before) */
};

/* Every CIDR checked before anything changes. */
static struct cidr *parse_cidrs(char **args)
{
	size_t n = 0, i;
	struct cidr *c;

	while (args[n])
		n++;
	c = xzalloc((n + 1) * sizeof(*c));
	for (i = 0; i < n; i++) {
		const char *why;

		c[i].text = args[i];
		if (rtnl_parse_cidr(args[i], 0, &c[i].family, &c[i].a, &c[i].prefix, &why) < 0)
			bb_error_msg_and_die("bad address '%s': %s", args[i], why);
	}
	return c;
}

/* Take back the addresses add_addrs added (those that were there before
 * stay). */
static void undo_addrs(const struct rtnl_link *l, const struct cidr *c)
{
	struct bb_err e;

	for (; c->text; c++)
		if (c->added)
			(void)rtnl_addr_del(&nl, l->ifindex, c->family, &c->a, c->prefix, &e);
}

/* Add the addresses; one already there is fine. On a failure the ones
 * added go again: -1 with e, *which the address that failed. */
static int add_addrs(const struct rtnl_link *l, struct cidr *c, const char **which,
		     struct bb_err *e)
{
	struct cidr *i;

	for (i = c; i->text; i++) {
		struct in_addr bc = { 0 };

		if (i->family == AF_INET)
			bc = rtnl_bcast4(i->a.v4, i->prefix);
		if (rtnl_addr_add(&nl, l->ifindex, i->family, &i->a, i->prefix,
				  i->family == AF_INET ? &bc : NULL, e) == 0) {
			i->added = 1;
		} else if (e->errnum != EEXIST) {
			*which = i->text;
			undo_addrs(l, c);
			return -1;
		}
	}
	return 0;
}

static int do_up(char **argv)
{
	struct cidr *c = parse_cidrs(argv + 2);
	struct rtnl_set set = RTNL_SET_INIT;
	struct rtnl_link l;
	const char *which = NULL;
	struct bb_err e;
	int made = 0;

	if (find(argv[1], &l)) {
		if (!is_bridge(&l))
			bb_error_msg_and_die("device %s is not a bridge!", argv[1]);
	} else {
		struct rtnl_new n = { .kind = RTNL_BRIDGE, .name = argv[1], .netns_fd = -1,
				      .peer_netns_fd = -1 };

		if (rtnl_link_add(&nl, &n, &e) < 0)
			bb_error_msg_and_die("add bridge failed: %s", errstr(&e));
		made = 1;
		if (!find(argv[1], &l))
			bb_error_msg_and_die("bridge %s vanished", argv[1]);
	}
	set.up = 1;
	if (add_addrs(&l, c, &which, &e) < 0 || rtnl_link_set(&nl, l.ifindex, &set, &e) < 0) {
		struct bb_err e2;

		/* Nothing half-made: a bridge we created goes again, and so
		 * do the addresses we gave one that was there. */
		if (made)
			(void)rtnl_link_del(&nl, l.ifindex, &e2);
		else if (!which)
			undo_addrs(&l, c);
		if (which)
			bb_error_msg_and_die("can't add address %s to %s: %s", which, argv[1],
					     errstr(&e));
		bb_error_msg_and_die("can't bring %s up: %s", argv[1], errstr(&e));
	}
	free(c);
	return 0;
}

static int do_addr(char **argv)
{
	struct cidr *c = parse_cidrs(argv + 2);
	struct rtnl_link l;
	const char *which = NULL;
	struct bb_err e;

	need_bridge(argv[1], &l);
	if (add_addrs(&l, c, &which, &e) < 0)
		bb_error_msg_and_die("can't add address %s to %s: %s", which, argv[1], errstr(&e));
	free(c);
	return 0;
}

static int do_down(char **argv)
{
	struct rtnl_set set = RTNL_SET_INIT;
	struct rtnl_link l;
	struct bb_err e;

	need_bridge(argv[1], &l);
	set.up = 0;
	if (rtnl_link_set(&nl, l.ifindex, &set, &e) < 0)
		bb_error_msg_and_die("can't bring %s down: %s", argv[1], errstr(&e));
	return 0;
}

/* ---- dispatch ---- */

/* min/max: how many arguments after the command (max -1: any). */
static const struct cmd {
	const char *name;
	int min, max;
	int (*fn)(char **argv);
	const char *args;
} cmds[] = {
	{ "addbr", 1, 1, do_addbr, "<bridge>" },
	{ "delbr", 1, 1, do_delbr, "<bridge>" },
	{ "addif", 2, -1, do_addif, "<bridge> <device>..." },
	{ "delif", 2, -1, do_delif, "<bridge> <device>..." },
	{ "hairpin", 3, 3, do_hairpin, "<bridge> <port> {on|off}" },
	{ "setageing", 2, 2, do_settime, "<bridge> <time>" },
	{ "setbridgeprio", 2, 2, do_setbridgeprio, "<bridge> <prio>" },
	{ "setfd", 2, 2, do_settime, "<bridge> <time>" },
	{ "sethello", 2, 2, do_settime, "<bridge> <time>" },
	{ "setmaxage", 2, 2, do_settime, "<bridge> <time>" },
	{ "setpathcost", 3, 3, do_setpathcost, "<bridge> <port> <cost>" },
	{ "setportprio", 3, 3, do_setportprio, "<bridge> <port> <prio>" },
	{ "show", 0, -1, do_show, "[<bridge>...]" },
	{ "showmacs", 1, 1, do_showmacs, "<bridge>" },
	{ "showstp", 1, 1, do_showstp, "<bridge>" },
	{ "stp", 2, 2, do_stp, "<bridge> {on|off}" },
	{ "up", 1, -1, do_up, "<bridge> [<cidr>...]" },
	{ "addr", 2, -1, do_addr, "<bridge> <cidr>..." },
	{ "down", 1, 1, do_down, "<bridge>" },
};

int bridge_main(int argc, char **argv)
{
	const struct bb_opt opts[] = { BB_OPT_ENDMARK };
	const struct cmd *c = NULL;
	struct bb_err e;
	size_t k;
	int i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT), n, rc;

	if (i >= argc)
		bb_show_usage();
	for (k = 0; k < ARRAY_SIZE(cmds) && !c; k++)
		if (strcmp(argv[i], cmds[k].name) == 0)
			c = &cmds[k];
	if (!c) {
		bb_error_msg("never heard of command [%s]", argv[i]);
		bb_show_usage();
	}
	n = argc - i - 1;
	/* brctl ignores extra arguments; we refuse them, since `delbr a b`
	 * leaving b in place would go unnoticed. */
	if (n < c->min || (c->max >= 0 && n > c->max)) {
		bb_error_msg("incorrect number of arguments for command");
		fprintf(stderr, "Usage: %s %s %s\n", applet_invoked, c->name, c->args);
		return 1;
	}
	if (nl_open(&nl, NETLINK_ROUTE, &e) < 0)
		bb_err_die(&e);
	rc = c->fn(argv + i);
	nl_close(&nl);
	if (fflush(stdout) != 0)
		bb_perror_msg_and_die("write error");
	return rc;
}
