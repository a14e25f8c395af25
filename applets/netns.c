/* netns: named network namespaces, as `ip netns` keeps them, and a veth
 * pair into one for containers. */
//config:config NETNS
//config:	bool "netns: named network namespaces (ip netns) and veth pairs"
//config:	default y
//config:	help
//config:	  Add, delete, list, enter and identify named network namespaces
//config:	  in /run/netns, shared with iproute2's `ip netns`; and make a
//config:	  veth pair with one end inside a namespace, the other on a bridge.
//applet:netns
//usage:[list | SUBCOMMAND ...]
//usage:
//usage:Named network namespaces in /run/netns, the same ones `ip netns` sees.
//usage:Subcommands (abbreviations work as with ip: l, d, e ...):
//usage:  list | ls                  the names, with " (id: N)" where this namespace has an id for it
//usage:  add NAME                   create a new namespace NAME
//usage:  attach NAME PID            name the namespace of process PID
//usage:  set NAME NSID              give NAME the id NSID here (a number, or auto)
//usage:  delete | del NAME          remove the name (the namespace ends with its last user)
//usage:  identify [PID]             the name of PID's namespace (default: this process's)
//usage:  pids NAME                  the processes in NAME
//usage:  exec NAME CMD [ARG]...     run CMD in NAME, with a fresh /sys and
//usage:                             /etc/netns/NAME/FILE bound over /etc/FILE
//usage:  monitor                    print "add NAME" / "delete NAME" as names come and go
//usage:  list-id                    every id this namespace has given, with its name
//usage:  veth NAME [OPTIONS]        a veth pair between here and NAME:
//usage:      --peer IFNAME          its name inside NAME (default: eth0), brought up with lo
//usage:      --addr CIDR            an address for it (10.0.3.2/24, fd00::2/64)
//usage:      --host-name IFNAME     the end here (default: veth + NAME, or a hash when too long)
//usage:      --bridge BR            make the end here a port of bridge BR
//usage:
//usage:Exit status as ip's: 0 done, 1 failed, 2 refused by the kernel, 255 bad usage;
//usage:exec exits with CMD's status.
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "netns.h"
#include "rtnl.h"

/* ip's exit status for bad usage (its exit(-1)). */
#define EXIT_USAGE 255
/* ip's exit status when the kernel refuses a request. */
#define EXIT_KERNEL 2

static NORETURN PRINTF_LIKE(1, 2) void usage_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bb_verror_msg(fmt, ap, NULL);
	va_end(ap);
	exit(EXIT_USAGE);
}

/* The check ip makes of every subcommand's first argument. */
static void check_ref_name(const char *name)
{
	const char *why;

	if (netns_check_name(name, &why) < 0)
		usage_die("Invalid netns name \"%s\": %s", name, why);
}

/* A name about to be created: ctbox's own rule as well. */
static void check_new_name(const char *name)
{
	const char *why;

	check_ref_name(name);
	if (bb_check_name(name, &why) < 0)
		usage_die("Invalid netns name \"%s\": %s", name, why);
}

static int fail(const struct bb_err *e)
{
	bb_err_print(e);
	return 1;
}

/* ---- list, list-id ---- */

struct lister {
	struct nl_sock nl;
	int have_nl;
};

/* The id this namespace has for NAME, -1 if none (or unknown). */
static int nsid_of(struct lister *l, const char *name)
{
	struct bb_err e;
	int fd, id = -1;

	if (!l->have_nl)
		return -1;
	fd = netns_open(name, &e);
	if (fd < 0)
		return -1;
	if (rtnl_nsid_get(&l->nl, fd, &id, &e) < 0) {
		/* A kernel without RTM_GETNSID: stop asking, as ip does. */
		if (e.errnum == EOPNOTSUPP || e.errnum == EINVAL)
			l->have_nl = 0;
		id = -1;
	}
	close(fd);
	return id;
}

static void lister_open(struct lister *l)
{
	struct bb_err e;

	l->have_nl = nl_open(&l->nl, NETLINK_ROUTE, &e) == 0;
}

static void lister_close(struct lister *l)
{
	if (l->have_nl)
		nl_close(&l->nl);
}

static int list_one(const char *name, void *arg)
{
	int id = nsid_of(arg, name);

	if (id >= 0)
		printf("%s (id: %d)\n", name, id);
	else
		printf("%s\n", name);
	return 0;
}

static int do_list(int argc, char **argv)
{
	struct lister l;
	struct bb_err e;
	int ret;

	lister_open(&l);
	ret = netns_foreach(list_one, &l, &e);
	lister_close(&l);
	return ret < 0 ? fail(&e) : 0;
}

/* list-id: nsid -> name, from the names' ids. */
struct idmap {
	struct lister l;
	struct { int id; char *name; } *v;
	size_t n;
};

static int map_one(const char *name, void *arg)
{
	struct idmap *m = arg;
	int id = nsid_of(&m->l, name);

	if (id >= 0) {
		m->v = xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
		m->v[m->n].id = id;
		m->v[m->n++].name = xstrdup(name);
	}
	return 0;
}

static int print_nsid(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[NETNSA_MAX + 1];
	struct idmap *m = arg;
	uint32_t v;
	size_t k;

	if (nlh->nlmsg_type != RTM_NEWNSID)
		return 0;
	if (nl_msg_parse(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX) < 0 ||
	    nl_attr_u32(tb[NETNSA_NSID], &v) < 0)
		return 0;
	if ((int32_t)v < 0) {
		printf("nsid unassigned \n");
		return 0;
	}
	printf("nsid %d ", (int)(int32_t)v);
	for (k = 0; k < m->n; k++)
		if (m->v[k].id == (int)(int32_t)v) {
			printf("(iproute2 netns name: %s)", m->v[k].name);
			break;
		}
	printf("\n");
	return 0;
}

static int do_list_id(int argc, char **argv)
{
	struct idmap m = { .v = NULL, .n = 0 };
	char buf[256];
	struct nl_msg msg;
	struct bb_err e;
	int ret;
	size_t k;

	if (argc > 0)
		usage_die("list-id takes no arguments");
	lister_open(&m.l);
	if (!m.l.have_nl) {
		bb_error_msg("Cannot open rtnetlink");
		return 1;
	}
	if (netns_foreach(map_one, &m, &e) < 0) {
		lister_close(&m.l);
		return fail(&e);
	}
	nl_msg_init(&msg, buf, sizeof(buf), RTM_GETNSID, 0, sizeof(struct rtgenmsg));
	((struct rtgenmsg *)nl_msg_hdr(&msg))->rtgen_family = AF_UNSPEC;
	ret = nl_dump(&m.l.nl, &msg, "Cannot dump network namespace ids", print_nsid, &m, &e);
	lister_close(&m.l);
	for (k = 0; k < m.n; k++)
		free(m.v[k].name);
	free(m.v);
	return ret < 0 ? fail(&e) : 0;
}

/* ---- add, attach, delete, set ---- */

static int do_add(int argc, char **argv)
{
	struct bb_err e;

	if (argc < 1) {
		bb_error_msg("No netns name specified");
		return 1;
	}
	check_new_name(argv[0]);
	return netns_create(argv[0], 0, &e) < 0 ? fail(&e) : 0;
}

static int do_attach(int argc, char **argv)
{
	struct bb_err e;
	char *end;
	long pid;

	if (argc < 2) {
		bb_error_msg("No netns name and PID specified");
		return 1;
	}
	errno = 0;
	pid = strtol(argv[1], &end, 0);
	if (errno || end == argv[1] || *end || pid <= 0 || pid > INT32_MAX) {
		bb_error_msg("Invalid PID: %s", argv[1]);
		return 1;
	}
	check_new_name(argv[0]);
	return netns_create(argv[0], (pid_t)pid, &e) < 0 ? fail(&e) : 0;
}

static int do_delete(int argc, char **argv)
{
	struct bb_err e;

	if (argc < 1) {
		bb_error_msg("No netns name specified");
		return 1;
	}
	return netns_delete(argv[0], &e) < 0 ? fail(&e) : 0;
}

static int do_set(int argc, char **argv)
{
	struct nl_sock nl;
	struct bb_err e;
	char *end;
	long id;
	int fd, ret;

	if (argc < 1) {
		bb_error_msg("No netns name specified");
		return 1;
	}
	if (argc < 2) {
		bb_error_msg("No nsid specified");
		return 1;
	}
	if (strcmp(argv[1], "auto") == 0) {
		id = -1; /* the kernel picks */
	} else {
		errno = 0;
		id = strtol(argv[1], &end, 0);
		if (errno || end == argv[1] || *end || id > INT32_MAX || id < INT32_MIN)
			usage_die("argument \"%s\" is wrong: Invalid \"netnsid\" value", argv[1]);
		if (id < 0)
			usage_die("argument \"%s\" is wrong: \"netnsid\" value should be >= 0", argv[1]);
	}
	fd = netns_open(argv[0], &e);
	if (fd < 0)
		return fail(&e);
	if (nl_open(&nl, NETLINK_ROUTE, &e) < 0) {
		close(fd);
		return fail(&e);
	}
	ret = rtnl_nsid_set(&nl, fd, (int)id, &e);
	nl_close(&nl);
	close(fd);
	if (ret < 0) {
		bb_err_print(&e);
		return EXIT_KERNEL;
	}
	return 0;
}

/* ---- identify, pids ---- */

static int is_pid(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static int do_identify(int argc, char **argv)
{
	char path[64], name[NAME_MAX + 1];
	const char *pid = "self";
	struct bb_err e;

	if (argc > 1) {
		bb_error_msg("extra arguments specified");
		return 1;
	}
	if (argc == 1) {
		pid = argv[0];
		if (!is_pid(pid) || strlen(pid) > 20) {
			bb_error_msg("Specified string '%s' is not a pid", pid);
			return 1;
		}
	}
	snprintf(path, sizeof(path), "/proc/%s/ns/net", pid);
	if (netns_identify(path, name, sizeof(name), &e) < 0)
		return fail(&e);
	printf("%s\n", name);
	return 0;
}

static int do_pids(int argc, char **argv)
{
	char path[PATH_MAX];
	struct stat ns, st;
	struct dirent *d;
	struct bb_err e;
	DIR *dp;

	if (argc < 1) {
		bb_error_msg("No netns name specified");
		return 1;
	}
	if (argc > 1) {
		bb_error_msg("extra arguments specified");
		return 1;
	}
	if (netns_path(path, sizeof(path), argv[0], &e) < 0)
		return fail(&e);
	if (stat(path, &ns) < 0) {
		bb_perror_msg("Cannot open network namespace");
		return 1;
	}
	dp = opendir("/proc");
	if (!dp) {
		bb_perror_msg("Open of /proc failed");
		return 1;
	}
	while ((d = readdir(dp)) != NULL) {
		if (!isdigit((unsigned char)d->d_name[0]) || !is_pid(d->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/net", d->d_name);
		/* A process gone meanwhile is simply not listed. */
		if (stat(path, &st) == 0 && st.st_dev == ns.st_dev && st.st_ino == ns.st_ino)
			printf("%s\n", d->d_name);
	}
	closedir(dp);
	return 0;
}

/* ---- exec, monitor ---- */

static void warn_err(const struct bb_err *e)
{
	bb_err_print(e);
}

static int do_exec(int argc, char **argv)
{
	struct bb_err e;
	int fd;

	if (argc < 1) {
		bb_error_msg("No netns name specified");
		return 1;
	}
	if (argc < 2) {
		bb_error_msg("No command specified");
		return 1;
	}
	fd = netns_open(argv[0], &e);
	if (fd < 0 || netns_switch(fd, argv[0], warn_err, &e) < 0) {
		bb_err_print(&e);
		return EXIT_USAGE; /* what ip returns when it cannot switch */
	}
	close(fd);
	fflush(stdout);
	/* No fork: the command's status is ours, signals included. */
	execvp(argv[1], argv + 1);
	bb_perror_msg("exec of \"%s\" failed", argv[1]);
	return 1;
}

static int do_monitor(int argc, char **argv)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int fd = inotify_init1(IN_CLOEXEC);
	ssize_t len;

	if (fd < 0) {
		bb_perror_msg("inotify_init failed");
		return 1;
	}
	if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST) {
		bb_perror_msg("mkdir %s failed", NETNS_RUN_DIR);
		return 1;
	}
	if (inotify_add_watch(fd, NETNS_RUN_DIR, IN_CREATE | IN_DELETE) < 0) {
		bb_perror_msg("inotify_add_watch failed");
		return 1;
	}
	while ((len = read(fd, buf, sizeof(buf))) > 0 || (len < 0 && errno == EINTR)) {
		char *p = buf;

		while (len > 0 && p < buf + len) {
			const struct inotify_event *ev = (const void *)p;

			if (ev->len && (ev->mask & IN_CREATE))
				printf("add %s\n", ev->name);
			if (ev->len && (ev->mask & IN_DELETE))
				printf("delete %s\n", ev->name);
			p += sizeof(*ev) + ev->len;
		}
		fflush(stdout);
	}
	bb_perror_msg("read failed");
	return 1;
}

/* ---- veth ---- */

static int do_veth(int argc, char **argv)
{
	struct netns_veth v = { .peer = "eth0" };
	const char *cidr = NULL, *ns, *why;
	const struct bb_opt opts[] = {
		{ "|peer", BB_OPT_STR, &v.peer, 0, 0, NULL, 0 },
		{ "|bridge", BB_OPT_STR, &v.bridge, 0, 0, NULL, 0 },
		{ "|addr", BB_OPT_STR, &cidr, 0, 0, NULL, 0 },
		{ "|host-name", BB_OPT_STR, &v.host, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	char host[RTNL_IFNAMSIZ];
	struct nl_sock out;
	struct bb_err e;
	int i, nsfd, ret;

	/* argv[-1] is "veth": bb_getopt skips it like a program name. */
	i = bb_getopt(argc + 1, argv - 1, opts, 0) - 1;
	if (argc - i != 1)
		usage_die("veth wants exactly one NAME (see ctbox netns --help)");
	ns = argv[i];
	check_ref_name(ns);
	if (!v.host) {
		netns_veth_host_name(ns, host);
		v.host = host;
	}
	if (rtnl_check_ifname(v.peer, &why) < 0)
		usage_die("bad interface name \"%s\": %s", v.peer, why);
	if (rtnl_check_ifname(v.host, &why) < 0)
		usage_die("bad interface name \"%s\": %s", v.host, why);
	if (v.bridge && rtnl_check_ifname(v.bridge, &why) < 0)
		usage_die("bad bridge name \"%s\": %s", v.bridge, why);
	if (cidr && rtnl_parse_cidr(cidr, 0, &v.family, &v.addr, &v.prefix, &why) < 0)
		usage_die("bad address \"%s\": %s", cidr, why);

	nsfd = netns_open(ns, &e);
	if (nsfd < 0)
		return fail(&e);
	if (nl_open(&out, NETLINK_ROUTE, &e) < 0)
		return fail(&e);
	ret = netns_veth_add(&out, nsfd, &v, &e);
	nl_close(&out);
	close(nsfd);
	return ret < 0 ? fail(&e) : 0;
}

/* ---- dispatch ---- */

static int do_help(int argc, char **argv)
{
	bb_show_usage_to(stderr);
	return EXIT_USAGE;
}

/* In ip's order: an abbreviation takes the first command it begins
 * ("l" list, "s" show, "d" delete, "ls" lst). */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} cmds[] = {
	{ "list", do_list },
	{ "show", do_list },
	{ "lst", do_list },
	{ "list-id", do_list_id },
	{ "help", do_help },
	{ "add", do_add },
	{ "set", do_set },
	{ "delete", do_delete },
	{ "identify", do_identify },
	{ "pids", do_pids },
	{ "exec", do_exec },
	{ "monitor", do_monitor },
	{ "attach", do_attach },
	{ "veth", do_veth },
};

int netns_main(int argc, char **argv)
{
	size_t k, len;

	if (argc < 2)
		return do_list(0, NULL);
	if (strcmp(argv[1], "-h") == 0) {
		bb_show_usage_to(stdout);
		return 0;
	}
	len = strlen(argv[1]);
	for (k = 0; len && k < ARRAY_SIZE(cmds); k++) {
		if (strncmp(argv[1], cmds[k].name, len) != 0)
			continue;
		/* ip checks every subcommand's first argument (veth's may be
		 * an option: it checks its NAME itself). */
		if (argc > 2 && cmds[k].run != do_veth)
			check_ref_name(argv[2]);
		return cmds[k].run(argc - 2, argv + 2);
	}
	usage_die("Command \"%s\" is unknown, try \"ctbox netns help\".", argv[1]);
}
