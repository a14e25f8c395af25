/* The second stage: the packages' maintainer scripts run inside the new
 * root, in dependency order, the way debootstrap's second stage does:
 * every preinst ("install"), then `dpkg --configure -a` when the root has
 * dpkg, else every postinst ("configure") in order.
 *
 * They run in a child in new mount and PID namespaces, chrooted into the
 * target, with /proc and a small /dev (null zero full random urandom tty)
 * mounted there: the mounts vanish with the namespace, and so does any
 * daemon a script starts (services are also refused by a policy-rc.d).
 * A seccomp filter (sc_nosync_program) makes their fsync, sync ... no-ops,
 * as eatmydata does for mmdebstrap; the root is synced once at the end. */
#ifndef CTBOX_STAGE2_H
#define CTBOX_STAGE2_H

#include "pkgidx.h"

struct rb_stage2 {
	const char *target;
	const struct pkg *const *order;  /* configure order */
	size_t n;
	const char *log;                 /* the scripts' output goes here */
	int quiet;
	volatile int *stop;
	int used_dpkg;                   /* out: dpkg configured the packages */
};

/* Returns 0, or -1 with e naming the package whose script failed. */
int rb_stage2(struct rb_stage2 *s, struct bb_err *e);

#endif
