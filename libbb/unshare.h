/* unshare: run a command in new namespaces (lxc-unshare, lxc-usernsexec).
 * The child is cloned straight into them (so that in a new PID namespace
 * the command is PID 1) and waits while the parent writes its id maps and
 * moves interfaces in; then it mounts, sets its hostname and ids, and
 * executes the command. */
#ifndef CTBOX_UNSHARE_H
#define CTBOX_UNSHARE_H

#include <sys/types.h>

#include "conf.h"

struct unshare_opts {
	unsigned long flags;          /* CLONE_NEW*: the namespaces to make */
	char *const *argv;            /* the command, looked up in PATH */
	const char *hostname;         /* set in the new UTS namespace, or NULL */
	const char *const *ifnames;   /* moved into the new network namespace */
	size_t n_ifnames;
	int remount;                  /* new mount namespace: /proc, /dev/shm, /dev/mqueue */
	/* The new user namespace's maps: a list (written as userns_write_maps
	 * does), or, with map_self, the caller's own uid and gid as self_uid
	 * and self_gid inside. Neither: left unmapped. */
	const struct conf_idmap *maps;
	size_t n_maps;
	const char *maps_what;        /* names the list in messages */
	int map_self;
	uid_t self_uid;
	gid_t self_gid;
	/* The ids the command runs with (set_ids), its supplementary groups;
	 * groups_optional: go on when setgroups is not permitted. */
	int set_ids;
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	size_t n_groups;
	int groups_optional;
	int daemonize;                /* return once the command runs */
};

/* The names LXC's -s takes, '|'-separated, case-insensitive: MOUNT (mnt),
 * PID, UTSNAME (uts), IPC, USER, NETWORK (net), CGROUP, TIME; empty items
 * are passed over as LXC does. Returns the CLONE_NEW* mask, 0 with e. */
unsigned long unshare_parse_namespaces(const char *s, struct bb_err *e);

/* Run the command. Returns its exit status (128+N when killed by signal
 * N; 0 once it runs when daemonized), or -1 with e and *fail_status the
 * status to exit with: 127 the command was not found, 126 it could not be
 * executed, 1 anything else. While waiting, SIGINT and SIGQUIT are left to
 * the command (it has the same terminal) and SIGTERM and SIGHUP are passed
 * on to it. */
int unshare_run(const struct unshare_opts *o, int *fail_status, struct bb_err *e);

#endif
