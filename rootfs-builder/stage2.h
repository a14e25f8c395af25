/* The second stage: the packages' maintainer scripts run inside the new
 * root, the way debootstrap's second stage does: every preinst
 * ("install"), then every postinst ("configure"), each package after the
 * packages it depends on (Pre-Depends, Depends) and, outside the
 * Essential packages' closure, after that whole closure; then dpkg
 * processes the triggers they activated (`dpkg --triggers-only -a`) when
 * the root has dpkg.
 *
 * Scripts of packages that do not depend on each other run at the same
 * time (up to jobs at once), unless they touch the same shared state:
 * stage2_jobs.c reads each script for the tools that keep such state
 * (debconf's database, dpkg's diversions and alternatives, the user
 * database, /etc/shells, ld.so.cache, ...) and runs the scripts sharing
 * one of them one at a time, in the configure order: what they leave
 * (a new user's uid, debconf's answers) is the same as with one job, and
 * the same from one build to the next. A script that is not a shell
 * script runs alone, in its place among every class's scripts. The
 * statuses move as dpkg moves them (half-configured, then installed) and
 * dpkg.log says so, so a script sees its dependencies configured, as
 * under `dpkg --configure -a`.
 *
 * They run in a child in new mount and PID namespaces, chrooted into the
 * target, with /proc and a small /dev (null zero full random urandom tty)
 * mounted there: the mounts vanish with the namespace, and so does any
 * daemon a script starts (services are also refused by a policy-rc.d).
 * A seccomp filter (sc_nosync_program) makes their fsync, sync ... no-ops,
 * as eatmydata does for mmdebstrap; the root is synced once at the end.
 * Each script's output goes to the log in one piece, after a line naming
 * it. */
#ifndef CTBOX_STAGE2_H
#define CTBOX_STAGE2_H

#include <stdint.h>

#include "dpkgdb.h"
#include "pkgidx.h"

struct rb_stage2 {
	const char *target;
	int rootfd;                      /* the target, opened */
	const struct pkg *const *order;  /* configure order */
	const uint32_t *need;            /* resolve_result's need, need_first */
	const size_t *need_first;
	size_t n_base;                   /* resolve_result's n_base */
	size_t n;
	unsigned jobs;                   /* scripts at once; 0: one per CPU */
	struct dpkgdb *db;               /* the states are written through it */
	const char *log;                 /* the scripts' output goes here */
	int quiet;
	volatile int *stop;
};

/* Returns 0, or -1 with e naming the package whose script failed. */
int rb_stage2(struct rb_stage2 *s, struct bb_err *e);

#endif
