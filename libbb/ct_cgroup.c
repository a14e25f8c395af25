/* A container's control groups: names, creation with limits, the
 * monitor's own group, removal (see ct_cgroup.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct_cgroup.h"
#include "log.h"

static char *saved_file(const struct container *c, const char *name)
{
	return path_join(c->rundir, name);
}

static int sub(const struct cg_group *base, const char *fmt, const char *a, const char *b,
	       struct cg_group *out, struct bb_err *e)
{
	char path[CG_PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), fmt, a, b) >= sizeof(path))
		return bb_err_set(e, ENAMETOOLONG, "cgroup path");
	return cg_group_child(base, path, out, e);
}

/* systemd keeps PID 1 in /init.scope: containers go beside it, not in
 * it (on v2 a group holding a process cannot delegate controllers). */
static void prune_init_scope(struct cg_group *g)
{
	static const char scope[] = "/init.scope";
	int i;

	for (i = 0; i < CG_HIER_MAX; i++) {
		char *p = g->path[i];
		size_t l = strlen(p), sl = sizeof(scope) - 1;

		if (l >= sl && strcmp(p + l - sl, scope) == 0) {
			p[l - sl] = '\0';
			if (!p[0])
				strcpy(p, "/");
		}
	}
}

static int names(const struct container *c, const struct ct_run *r, struct ct_cgroups *cg,
		 int attempt, struct bb_err *e)
{
	struct cg_group base;
	char name[CTBOX_NAME_MAX + 16];
	int i;

	/* Taken (a container of the same name in another lxcpath, or
	 * LXC's): NAME-1, NAME-2 ... as LXC does. */
	if (attempt)
		snprintf(name, sizeof(name), "%s-%d", c->name, attempt);
	else
		snprintf(name, sizeof(name), "%s", c->name);

	if (cg_group_of(cg->host, r->cg_relative || geteuid() != 0 ? 0 : 1, &base, e) < 0)
		return -1;
	prune_init_scope(&base);
	if (r->cg_dir_container) {
		if (sub(&base, "%s%s", r->cg_dir_container, "", &cg->payload, e) < 0 ||
		    sub(&base, "%s%s", r->cg_dir_monitor, "", &cg->monitor, e) < 0)
			return -1;
	} else {
		if ((r->cg_dir ? sub(&base, "%s%s", r->cg_dir, "", &cg->payload, e)
			       : sub(&base, "lxc.payload.%s%s", name, "", &cg->payload, e)) < 0 ||
		    sub(&base, "lxc.monitor.%s%s", name, "", &cg->monitor, e) < 0)
			return -1;
	}
	/* The monitor stays out of a v1 cpuset hierarchy: a new v1 cpuset
	 * takes no process before cpuset.cpus and cpuset.mems are written,
	 * and each write walks every sibling cpuset and rebuilds the
	 * scheduler domains (0.2 ms per group with 1000 containers running,
	 * growing with each). The monitor has no cpuset limit to keep. */
	i = cg_hier_of(cg->host, "cpuset");
	if (i >= 0 && !cg->host->h[i].v2)
		cg->monitor.path[i][0] = '\0';
	if (r->cg_inner ? cg_group_child(&cg->payload, r->cg_inner, &cg->init, e) < 0
			: (cg->init = cg->payload, 0))
		return -1;
	if (cg_group_of(cg->host, 0, &cg->pivot, e) < 0)
		return -1;
	return 0;
}

/* Another user can only make groups where its own group is writable (a
 * hierarchy delegated to it, as systemd does for user@UID.service): the
 * others are left out. 0 when at least one is left. */
static int keep_writable(struct ct_cgroups *cg)
{
	struct cg_group base;
	struct bb_err e;
	int i, kept = 0;

	if (cg_group_of(cg->host, 0, &base, &e) < 0)
		return -1;
	for (i = 0; i < cg->host->n; i++) {
		char *dir = base.path[i][0] ? cg_path(cg->host, &base, i, NULL) : NULL;
		int ok = dir && access(dir, W_OK) == 0;

		free(dir);
		if (ok) {
			kept++;
			continue;
		}
		cg->payload.path[i][0] = cg->monitor.path[i][0] = '\0';
		cg->init.path[i][0] = cg->pivot.path[i][0] = '\0';
	}
	return kept ? 0 : -1;
}

int ct_cgroup_prepare(const struct container *c, const struct ct_run *r, struct ct_cgroups *cg,
		      struct bb_err *e)
{
	char *file;
	int attempt, fixed;

	memset(cg, 0, sizeof(*cg));
	cg->host = cg_host(e);
	if (!cg->host)
		return -1;
	if (cg->host->layout == CG_LAYOUT_NONE) {
		cg->host = NULL;
		if (r->ncg)
			return bb_err_set(e, 0, "lxc.cgroup.%s: this host has no cgroup hierarchy mounted",
					  r->cg[0].key);
		ct_log(LOG_WARN, "start", "no cgroup hierarchy: the container runs without limits");
		return 0;
	}
	for (attempt = 0;; attempt++) {
		if (names(c, r, cg, attempt, e) < 0)
			return -1;
		/* Another user's container (FEATURE_USERNS: root's only without). */
		if (ENABLE_FEATURE_USERNS && geteuid() != 0 && keep_writable(cg) < 0) {
			cg->host = NULL;
			if (r->ncg)
				return bb_err_set(e, EACCES, "lxc.cgroup.%s: no cgroup hierarchy is delegated to this user",
						  r->cg[0].key);
			ct_log(LOG_WARN, "start", "no cgroup is delegated to this user: the container runs without limits");
			return 0;
		}
		fixed = r->cg_dir || r->cg_dir_container;
		/* This container's own groups of an earlier run went with its
		 * run dir (ct_start): one there now is another's, maybe a
		 * container of the same name in another lxcpath starting
		 * this moment (still empty). As LXC, the next name (NAME-1
		 * ...); fixed names (lxc.cgroup.dir*) are not varied: empty,
		 * it goes, busy, it is not ours. */
		if (cg_exists(cg->host, &cg->payload)) {
			if (!fixed)
				goto taken;
			if (cg_populated(cg->host, &cg->payload))
				return bb_err_set(e, EBUSY, "the cgroup of '%s' is in use by other processes",
						  c->name);
			if (cg_remove(cg->host, &cg->payload, 0, e) < 0)
				return -1;
		}
		/* Made by this start only: another start that made the same
		 * name meanwhile must not share it (a stop would kill both). */
		if (cg_claim(cg->host, &cg->payload, e) == 0)
			break;
		if (e->errnum != EEXIST)
			return -1;
		if (fixed)
			return bb_err_set(e, EBUSY, "the cgroup of '%s' is in use by another start", c->name);
taken:
		if (attempt >= 99)
			return bb_err_set(e, EBUSY, "the cgroups of '%s' and its 99 variants are in use", c->name);
	}
	if (cg_create(cg->host, &cg->init, e) < 0) {
		struct bb_err ignored;

		cg_remove(cg->host, &cg->payload, 1, &ignored);
		return -1;
	}
	file = saved_file(c, "cgroup");
	if (!file || cg_apply(cg->host, &cg->payload, r->cg, r->ncg, e) < 0 ||
	    cg_apply_devices(cg->host, &cg->payload, r->cg, r->ncg, e) < 0 ||
	    cg_group_save(cg->host, &cg->payload, file, e) < 0) {
		struct bb_err ignored;

		if (!file)
			bb_err_set(e, ENOMEM, "cgroup");
		cg_remove(cg->host, &cg->payload, 1, &ignored);
		free(file);
		return -1;
	}
	free(file);
	return 0;
}

int ct_cgroup_enter_monitor(const struct container *c, struct ct_cgroups *cg, struct bb_err *e)
{
	char *file;

	if (!cg->host)
		return 0;
	if (cg_create(cg->host, &cg->monitor, e) < 0)
		return -1;
	file = saved_file(c, "cgroup.monitor");
	if (!file || cg_group_save(cg->host, &cg->monitor, file, e) < 0 ||
	    cg_attach(cg->host, &cg->monitor, 0, e) < 0) {
		struct bb_err ignored;

		if (!file)
			bb_err_set(e, ENOMEM, "cgroup");
		cg_remove(cg->host, &cg->monitor, 0, &ignored);
		free(file);
		return -1;
	}
	free(file);
	cg->monitor_in = 1;
	return 0;
}

static void unlink_saved(const struct container *c, const char *name)
{
	char *file = saved_file(c, name);

	if (file)
		unlink(file);
	free(file);
}

void ct_cgroup_release(const struct container *c, struct ct_cgroups *cg)
{
	struct bb_err e;

	if (!cg->host)
		return;
	if (cg_remove(cg->host, &cg->payload, 1, &e) < 0)
		ct_log(LOG_ERROR, "stop", "%s", e.msg);
	unlink_saved(c, "cgroup");
	unlink_saved(c, "cgroup.monitor");
}

void ct_cgroup_leave(struct ct_cgroups *cg)
{
	struct bb_err e;

	if (!cg->host)
		return;
	if (cg->monitor_in) {
		/* Moving a process waits for an RCU grace period after a quiet
		 * spell: a stop -k has its answer by then. */
		if (cg_attach(cg->host, &cg->pivot, 0, &e) < 0 ||
		    cg_remove(cg->host, &cg->monitor, 0, &e) < 0)
			ct_log(LOG_ERROR, "stop", "%s", e.msg);
		cg->monitor_in = 0;
	}
	cg->host = NULL;
}

int ct_cgroup_load(const struct container *c, const struct cg_host **host,
		   struct cg_group *payload, struct bb_err *e)
{
	char *file = saved_file(c, "cgroup");
	int r;

	*host = cg_host(e);
	if (!*host || !file) {
		free(file);
		return *host ? bb_err_set(e, ENOMEM, "cgroup") : -1;
	}
	r = cg_group_load(*host, file, payload, e);
	free(file);
	return r;
}

void ct_cgroup_remove_saved(const struct container *c)
{
	static const struct { const char *file; int kill; } saved[] = {
		{ "cgroup", 1 }, { "cgroup.monitor", 0 },
	};
	const struct cg_host *h;
	struct cg_group g;
	struct bb_err e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(saved); i++) {
		char *file = saved_file(c, saved[i].file);

		if (file && access(file, F_OK) == 0 && (h = cg_host(&e)) &&
		    cg_group_load(h, file, &g, &e) == 0 && cg_remove(h, &g, saved[i].kill, &e) == 0)
			unlink(file);
		free(file);
	}
}

/* ---- resource use ---- */

/* "KEY N" lines: N of the last line whose first word is key (io.stat,
 * blkio's Total, memory.stat). With sum 1, every "KEY=N" word is added;
 * with sum 2, the N of every "DEVICE KEY N" line (blkio's Read, Write). */
static int stat_word(const char *text, const char *key, int sum, unsigned long long *out)
{
	const char *p;
	size_t l = strlen(key);
	int found = 0;

	*out = 0;
	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (sum == 2) {
			const char *q = strchr(p, ' '), *end = strchr(p, '\n');

			if (q && (!end || q < end) && strncmp(q + 1, key, l) == 0 && q[l + 1] == ' ') {
				*out += strtoull(q + l + 2, NULL, 10);
				found = 1;
			}
		} else if (sum) {
			const char *q, *end = strchr(p, '\n');

			for (q = p; (q = strstr(q, key)) && (!end || q < end); q += l)
				if ((q == p || q[-1] == ' ') && q[l] == '=') {
					*out += strtoull(q + l + 1, NULL, 10);
					found = 1;
				}
		} else if (strncmp(p, key, l) == 0 && p[l] == ' ') {
			*out = strtoull(p + l + 1, NULL, 10);
			found = 1;
		}
	}
	return found;
}

static const struct stat_src {
	int stat;
	const char *file;      /* tried in order: v1's, then v2's */
	const char *key;       /* NULL: the whole file is the number */
	int sum;               /* 1: add up KEY=N words; 2: DEVICE KEY N lines */
	unsigned scale;        /* multiply by */
} stat_srcs[] = {
	{ CT_STAT_CPU, "cpuacct.usage", NULL, 0, 1 },
	{ CT_STAT_CPU, "cpu.stat", "usage_usec", 0, 1000 },
	{ CT_STAT_BLKIO, "blkio.throttle.io_service_bytes", "Total", 0, 1 },
	{ CT_STAT_BLKIO, "io.stat", "rbytes", 1, 1 },
	{ CT_STAT_BLKIO, "io.stat", "wbytes", 1, 1 },
	{ CT_STAT_MEM, "memory.usage_in_bytes", NULL, 0, 1 },
	{ CT_STAT_MEM, "memory.current", NULL, 0, 1 },
	{ CT_STAT_KMEM, "memory.kmem.usage_in_bytes", NULL, 0, 1 },
	{ CT_STAT_KMEM, "memory.stat", "kernel", 0, 1 },
	{ CT_STAT_MEMSW, "memory.memsw.usage_in_bytes", NULL, 0, 1 },
	{ CT_STAT_MEMSW, "memory.swap.current", NULL, 0, 1 },
	/* cpuacct.stat counts USER_HZ (100 on Linux) ticks */
	{ CT_STAT_CPU_USER, "cpuacct.stat", "user", 0, 10000000 },
	{ CT_STAT_CPU_USER, "cpu.stat", "user_usec", 0, 1000 },
	{ CT_STAT_CPU_SYS, "cpuacct.stat", "system", 0, 10000000 },
	{ CT_STAT_CPU_SYS, "cpu.stat", "system_usec", 0, 1000 },
	{ CT_STAT_BLKIO_READ, "blkio.throttle.io_service_bytes", "Read", 2, 1 },
	{ CT_STAT_BLKIO_READ, "io.stat", "rbytes", 1, 1 },
	{ CT_STAT_BLKIO_WRITE, "blkio.throttle.io_service_bytes", "Write", 2, 1 },
	{ CT_STAT_BLKIO_WRITE, "io.stat", "wbytes", 1, 1 },
	{ CT_STAT_BLKIO_OPS, "blkio.throttle.io_serviced", "Total", 0, 1 },
	{ CT_STAT_BLKIO_OPS, "io.stat", "rios", 1, 1 },
	{ CT_STAT_BLKIO_OPS, "io.stat", "wios", 1, 1 },
};

int ct_cgroup_stats(const struct container *c, struct ct_stats *s, struct bb_err *e)
{
	const struct cg_host *h;
	struct cg_group g;
	size_t i;

	memset(s, 0, sizeof(*s));
	if (ct_cgroup_load(c, &h, &g, e) < 0)
		return -1;
	for (i = 0; i < ARRAY_SIZE(stat_srcs); i++) {
		const struct stat_src *x = &stat_srcs[i];
		unsigned long long n;
		struct bb_err ignored;
		char *t;

		/* v1 and v2 sources of one figure: the first that exists. */
		if ((s->have & (1u << x->stat)) && (i == 0 || stat_srcs[i - 1].stat != x->stat ||
						    strcmp(stat_srcs[i - 1].file, x->file) != 0))
			continue;
		t = cg_get(h, &g, x->file, &ignored);
		if (!t)
			continue;
		if (!x->key) {
			n = strtoull(t, NULL, 10);
		} else if (!stat_word(t, x->key, x->sum, &n)) {
			free(t);
			continue;
		}
		/* v2's swap is apart from memory; v1's memsw counts both. */
		if (x->stat == CT_STAT_MEMSW && strcmp(x->file, "memory.swap.current") == 0)
			n += s->v[CT_STAT_MEM];
		s->v[x->stat] += n * x->scale;
		s->have |= 1u << x->stat;
		free(t);
	}
	return 0;
}
