/* unshare: run a command in new namespaces, as lxc-unshare does (LXC's
 * options, not util-linux's). */
//config:config UNSHARE
//config:	bool "unshare: run a command in new namespaces (lxc-unshare)"
//config:	default y
//config:	help
//config:	  Run a command in a new set of namespaces with lxc-unshare's
//config:	  options: -s NAMESPACES, a user (-u), a hostname (-H), interfaces
//config:	  moved in (-i), /proc remounted (-M), daemonized (-d). Note that
//config:	  the bare name follows lxc-unshare, not util-linux's unshare.
//applet:unshare lxc-unshare
//usage:-s NAMESPACES [-u USER] [-H HOSTNAME] [-i IFNAME]... [-d] [-M] [--] COMMAND [ARG]...
//usage:
//usage:Run COMMAND in new namespaces, as lxc-unshare does: these are LXC's options,
//usage:not those of util-linux's or BusyBox's unshare.
//usage:
//usage:  -s, --namespaces NS  '|'-separated, any case: MOUNT (or mnt), PID, UTSNAME (uts),
//usage:                       IPC, USER, NETWORK (net), CGROUP, TIME. With PID the
//usage:                       command is PID 1 of the new PID namespace
//usage:  -u, --user USER      run as USER (a name or a uid); with USER, the caller's uid
//usage:                       and gid are mapped to USER's uid and primary gid
//usage:  -H, --hostname NAME  set the hostname (needs UTSNAME)
//usage:  -i, --ifname IFNAME  move interface IFNAME into the new network namespace
//usage:                       (needs NETWORK; repeatable)
//usage:  -d, --daemon         do not wait for COMMAND: exit 0 once it runs
//usage:  -M, --remount        mount a new /proc, and /dev/shm and /dev/mqueue where they
//usage:                       exist (needs MOUNT)
//usage:  -P, -l, -o, -q       LXC's common options, accepted
//usage:
//usage:A new mount namespace is made a slave of the caller's: mounts made in it never
//usage:reach the host.
//usage:Exit status: COMMAND's (128+N when killed by signal N); 1 when it could not be
//usage:started, 126 or 127 when it could not be executed or was not found.
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rtnl.h"
#include "unshare.h"

/* The kernel's limit on a hostname (__NEW_UTS_LEN; musl's HOST_NAME_MAX is larger). */
#define UTS_NAME_MAX 64

/* -u: a name, or a uid; either must be in the user database (as LXC). */
static struct passwd *lookup_user(const char *s)
{
	struct passwd *pw = NULL;
	char *end;

	if (*s >= '0' && *s <= '9') {
		unsigned long id = strtoul(s, &end, 10);

		if (!*end && id < 0xffffffffUL)
			pw = getpwuid((uid_t)id);
		if (!*end && !pw)
			bb_error_msg_and_die("no user with uid %s", s);
	}
	if (!pw)
		pw = getpwnam(s);
	if (!pw)
		bb_error_msg_and_die("no such user '%s'", s);
	return pw;
}

/* The supplementary groups of a user, for a switch made as root. */
static gid_t *user_groups(const char *name, gid_t gid, size_t *n)
{
	int ng = 32;
	gid_t *g = NULL;

	for (;;) {
		int want = ng;

		g = xrealloc(g, (size_t)want * sizeof(*g));
		if (getgrouplist(name, gid, g, &ng) >= 0)
			break;
		if (ng <= want)
			ng = want * 2;
		if (ng > 65536)
			bb_error_msg_and_die("user '%s' has too many groups", name);
	}
	*n = (size_t)ng;
	return g;
}

int unshare_main(int argc, char **argv)
{
	struct lxc_args a = { 0 };
	struct bb_strlist ifs = { 0 };
	const char *ns = NULL, *user = NULL;
	struct unshare_opts o = { 0 };
	const struct bb_opt opts[] = {
		BB_OPTS_LXC(&a),
		{ "s|namespaces", BB_OPT_STR, &ns, 0, 0, NULL, 0 },
		{ "u|user", BB_OPT_STR, &user, 0, 0, NULL, 0 },
		{ "H|hostname", BB_OPT_STR, &o.hostname, 0, 0, NULL, 0 },
		{ "i|ifname", BB_OPT_LIST, &ifs, 0, 0, NULL, 0 },
		{ "d|daemon", BB_OPT_FLAG, &o.daemonize, 0, 0, NULL, 0 },
		{ "M|remount", BB_OPT_FLAG, &o.remount, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct bb_err e;
	int i, status, fail;
	size_t k;

	i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	lxc_args_finish(&a, 0);
	if (i >= argc)
		bb_error_msg_and_die("a command to execute in the new namespaces is required");
	if (!ns)
		bb_error_msg_and_die("the namespaces to make are required (-s NAMESPACES)");
	o.flags = unshare_parse_namespaces(ns, &e);
	if (!o.flags)
		bb_err_die(&e);
	if (ifs.n && !(o.flags & CLONE_NEWNET))
		bb_error_msg_and_die("-i needs -s NETWORK");
	if (o.hostname && !(o.flags & CLONE_NEWUTS))
		bb_error_msg_and_die("-H needs -s UTSNAME");
	if (o.remount && !(o.flags & CLONE_NEWNS))
		bb_error_msg_and_die("-M needs -s MOUNT");
	if (o.hostname && strlen(o.hostname) > UTS_NAME_MAX)
		bb_error_msg_and_die("hostname '%s' is longer than %d bytes", o.hostname, UTS_NAME_MAX);
	for (k = 0; k < ifs.n; k++) {
		const char *why;

		if (rtnl_check_ifname(ifs.v[k], &why) < 0)
			bb_error_msg_and_die("bad interface name '%s': %s", ifs.v[k], why);
	}
	o.ifnames = ifs.v;
	o.n_ifnames = ifs.n;
	if (user) {
		struct passwd *pw = lookup_user(user);

		o.set_ids = 1;
		o.uid = pw->pw_uid;
		o.gid = pw->pw_gid;
		if (o.flags & CLONE_NEWUSER) {
			/* The caller's own ids become the user's inside. */
			o.map_self = 1;
			o.self_uid = pw->pw_uid;
			o.self_gid = pw->pw_gid;
			o.groups_optional = 1;
		} else if (geteuid() == 0) {
			o.groups = user_groups(pw->pw_name, pw->pw_gid, &o.n_groups);
		} else {
			o.groups_optional = 1;
		}
	}
	o.argv = argv + i;
	status = unshare_run(&o, &fail, &e);
	if (status < 0) {
		bb_err_print(&e);
		return fail;
	}
	return status;
}
