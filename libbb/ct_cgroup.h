/* A container's control groups (LXC 4+ names):
 *
 *   BASE/lxc.payload.NAME[/INNER]   the container (INNER: lxc.cgroup.dir.container.inner)
 *   BASE/lxc.monitor.NAME           its monitor
 *
 * BASE is the group of PID 1 for root (LXC escapes to the root cgroup),
 * the caller's own with lxc.cgroup.relative = 1 or for other users.
 * lxc.cgroup.dir = DIR makes the container's group BASE/DIR;
 * lxc.cgroup.dir.container / .monitor name both groups. The groups in use
 * are saved in the run-time directory (files cgroup and cgroup.monitor,
 * in /proc/PID/cgroup's format) so that freeze, info, stop and the next
 * start find them even when the monitor was killed.
 */
#ifndef CTBOX_CT_CGROUP_H
#define CTBOX_CT_CGROUP_H

#include "cgroup.h"
#include "container.h"
#include "run.h"

struct ct_cgroups {
	const struct cg_host *host;  /* NULL: this host has no cgroups */
	struct cg_group payload;     /* limits, freezing, killing */
	struct cg_group init;        /* where init goes (payload or payload/INNER) */
	struct cg_group monitor;
	struct cg_group pivot;       /* where the monitor goes back to before exiting */
	int monitor_in;              /* the monitor has moved into its group */
};

/* Work out the groups, remove a dead run's leftovers, create the
 * container's group with its limits and devices, save it. */
int ct_cgroup_prepare(const struct container *c, const struct ct_run *r, struct ct_cgroups *cg,
		      struct bb_err *e);
/* The monitor moves into its own group (after the container runs). */
int ct_cgroup_enter_monitor(const struct container *c, struct ct_cgroups *cg, struct bb_err *e);
/* Kill what is left in the container's group and remove it; forget the
 * saved groups (the monitor's own group: ct_cgroup_leave). */
void ct_cgroup_release(const struct container *c, struct ct_cgroups *cg);
/* The monitor leaves its own group and removes it (its last act). */
void ct_cgroup_leave(struct ct_cgroups *cg);
/* The container's saved group (0), or -1 with e (ENOENT: not running). */
int ct_cgroup_load(const struct container *c, const struct cg_host **host,
		   struct cg_group *payload, struct bb_err *e);
/* Remove the groups a dead run saved (the container is stopped). */
void ct_cgroup_remove_saved(const struct container *c);

/* Resource use of a running container, as lxc-info and lxc-ls show it. */
enum { CT_STAT_CPU, CT_STAT_BLKIO, CT_STAT_MEM, CT_STAT_KMEM, CT_STAT_MEMSW,
       CT_STAT_CPU_USER, CT_STAT_CPU_SYS, CT_STAT_BLKIO_READ, CT_STAT_BLKIO_WRITE,
       CT_STAT_BLKIO_OPS, CT_STAT_MAX };
struct ct_stats {
	unsigned long long v[CT_STAT_MAX]; /* ns of CPU, bytes (BLKIO_OPS: requests) */
	unsigned have;                     /* 1 << CT_STAT_*: read on this layout */
};
/* Fill s from the container's saved group (what the layout has). */
int ct_cgroup_stats(const struct container *c, struct ct_stats *s, struct bb_err *e);

#endif
