/* usernsexec: run a command as root in a new user namespace with the id
 * maps given (lxc-usernsexec). */
//config:config USERNSEXEC
//config:	bool "usernsexec: run a command in a new user namespace (lxc-usernsexec)"
//config:	default y
//config:	help
//config:	  Run a command as root in new user and mount namespaces with
//config:	  the maps given (-m), or the caller's subordinate ranges; through
//config:	  newuidmap/newgidmap for an unprivileged caller.
//applet:usernsexec lxc-usernsexec
//usage:[-m MAP]... [-s] [--] [COMMAND [ARG]...]
//usage:
//usage:Run COMMAND (default: /bin/sh) as root (uid and gid 0) in a new user namespace,
//usage:and a new mount namespace, with the id maps given.
//usage:
//usage:  -m MAP   u|g|b:NSID:HOSTID:RANGE: map RANGE uids (u), gids (g) or both (b)
//usage:           from HOSTID on the host to NSID inside (repeatable)
//usage:  -s       also map the caller's own uid and gid, each to the first id
//usage:           inside that no map covers
//usage:
//usage:Without -m: the caller's first ranges in /etc/subuid and /etc/subgid, from 0.
//usage:Root inside must be mapped. As root the maps are written directly; otherwise
//usage:newuidmap and newgidmap (the uidmap package) check them against /etc/subuid and
//usage:/etc/subgid. The new mount namespace is a slave of the caller's.
//usage:Exit status: COMMAND's (128+N when killed by signal N); 1 when it could not be
//usage:started, 126 or 127 when it could not be executed or was not found.
#include <pwd.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "unshare.h"
#include "userns.h"

/* Without -m: the first range of each kind of the caller. */
static size_t default_maps(struct conf_idmap *m)
{
	static const struct { char kind; const char *file; } subid[] = {
		{ 'u', "/etc/subuid" }, { 'g', "/etc/subgid" },
	};
	struct passwd *pw = getpwuid(getuid());
	size_t k;

	if (!pw)
		bb_error_msg_and_die("uid %lu is not in the user database", (unsigned long)getuid());
	for (k = 0; k < ARRAY_SIZE(subid); k++) {
		unsigned long id = subid[k].kind == 'u' ? (unsigned long)getuid() : (unsigned long)getgid();
		struct bb_err e;

		m[k].kind = subid[k].kind;
		m[k].nsid = 0;
		if (userns_subid(subid[k].file, pw->pw_name, id, &m[k].hostid, &m[k].range, &e) < 0)
			bb_err_die(&e);
	}
	return ARRAY_SIZE(subid);
}

int usernsexec_main(int argc, char **argv)
{
	static char *default_cmd[] = { (char *)"/bin/sh", NULL };
	struct bb_strlist maps = { 0 };
	struct unshare_opts o = { 0 };
	int self = 0, i, status, fail;
	const struct bb_opt opts[] = {
		{ "m", BB_OPT_LIST, &maps, 0, 0, NULL, 0 },
		{ "s", BB_OPT_FLAG, &self, 0, 0, NULL, 0 },
		BB_OPT_ENDMARK
	};
	struct conf_idmap *m;
	struct bb_err e;
	size_t n = 0, k;

	i = bb_getopt(argc, argv, opts, BB_GETOPT_STOP_AT_NONOPT);
	m = xzalloc((2 * maps.n + 4) * sizeof(*m));
	for (k = 0; k < maps.n; k++) {
		int got = userns_parse_map(maps.v[k], m + n, &e);

		if (got < 0)
			bb_err_die(&e);
		n += (size_t)got;
	}
	if (!n)
		n = default_maps(m);
	if (self) {
		unsigned long nsuid = userns_first_free(m, n, 'u'), nsgid = userns_first_free(m, n, 'g');

		m[n++] = (struct conf_idmap){ 'u', nsuid, (unsigned long)getuid(), 1 };
		m[n++] = (struct conf_idmap){ 'g', nsgid, (unsigned long)getgid(), 1 };
	}
	if (userns_check_maps(m, n, &e) < 0)
		bb_err_die(&e);
	if (!userns_maps_id(m, n, 'u', 0))
		bb_error_msg_and_die("uid 0 inside is not mapped, and the command runs as root there (add -m u:0:HOSTID:RANGE)");
	if (!userns_maps_id(m, n, 'g', 0))
		bb_error_msg_and_die("gid 0 inside is not mapped, and the command runs as root there (add -m g:0:HOSTID:RANGE)");
	o.flags = CLONE_NEWUSER | CLONE_NEWNS;
	o.argv = i < argc ? argv + i : default_cmd;
	o.maps = m;
	o.n_maps = n;
	o.maps_what = "the map";
	o.set_ids = 1;
	o.groups_optional = 1;
	status = unshare_run(&o, &fail, &e);
	if (status < 0) {
		bb_err_print(&e);
		return fail;
	}
	return status;
}
