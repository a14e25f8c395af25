/* probe: ask the running kernel what it can do, without changing anything
 * the caller can see. Every probe returns a result and a short reason and
 * never exits; probes that must change namespaces (unshare, creating a
 * network device) do it in a forked child, and network devices are only
 * ever created inside a fresh network namespace of that child (they vanish
 * with it). Creating a device may make the kernel load its module, as
 * `ip link add` would.
 */
#ifndef CTBOX_PROBE_H
#define CTBOX_PROBE_H

#include "kconfig.h"

enum probe_state {
	PROBE_YES,      /* available */
	PROBE_NO,       /* missing or refused */
	PROBE_UNKNOWN,  /* could not tell (no permission, no evidence) */
};

struct probe_result {
	enum probe_state state;
	int errnum;     /* errno behind a NO or UNKNOWN, 0 if none */
	char why[200];  /* short reason, may be "" */
};

/* "ENOSYS" for ENOSYS, "errno 200" for an unknown one. */
const char *probe_errno_name(int err);

/* Can this process unshare(flag) (one CLONE_NEW* flag)? Tried in a child;
 * a non-root caller that is refused (EPERM) retries inside a new user
 * namespace, and reports UNKNOWN when that fails too. */
void probe_ns(int flag, struct probe_result *r);

/* User namespaces: unshare(CLONE_NEWUSER) in a child, with
 * /proc/sys/user/max_user_namespaces and
 * /proc/sys/kernel/unprivileged_userns_clone (when present) in the reason. */
void probe_userns(struct probe_result *r);

/* A network device kind ("veth", "bridge", "macvlan", "vlan"): built in or
 * a module per kc (may be NULL) and /lib/modules/RELEASE, loaded per
 * /sys/module, and created for real inside a fresh network namespace of a
 * child when this process may (root, or via a user namespace). */
void probe_netdev(const char *kind, const struct kconfig *kc,
		  struct probe_result *r);

/* overlay in /proc/filesystems, or as a module. */
void probe_overlayfs(const struct kconfig *kc, struct probe_result *r);
/* pidfd_open(getpid()) and clone3(NULL, 0): ENOSYS means missing. */
void probe_pidfd_open(struct probe_result *r);
void probe_clone3(struct probe_result *r);
/* prctl(PR_GET_SECCOMP), /proc/self/status, CONFIG_SECCOMP_FILTER. */
void probe_seccomp(const struct kconfig *kc, struct probe_result *r);

/* Module file NAME.ko* listed in /lib/modules/RELEASE/FILE (modules.dep or
 * modules.builtin)? 1, 0, or -1 when that list cannot be read. */
int probe_module_listed(const char *list, const char *name);
/* /sys/module/NAME exists (loaded, or built in with parameters)? */
int probe_module_loaded(const char *name);

/* ---- cgroups ---- */

enum probe_cg_layout {
	PROBE_CG_NONE,    /* no cgroup hierarchy mounted */
	PROBE_CG_V1,      /* v1 controllers only */
	PROBE_CG_HYBRID,  /* v1 controllers and a cgroup2 mount */
	PROBE_CG_V2,      /* cgroup2 only (v1 mounts without controllers aside) */
};

#define PROBE_CG_MAX 32

struct probe_cg_mount {
	char *path;         /* mount point */
	char *controllers;  /* v1: "cpu,cpuacct" or "name=systemd";
			     * v2: cgroup.controllers ("" if none, NULL if unreadable) */
};

struct probe_cgroups {
	enum probe_cg_layout layout;
	int fs_v1, fs_v2;        /* cgroup, cgroup2 in /proc/filesystems */
	size_t n_v1, n_v2;       /* mounts kept (at most PROBE_CG_MAX each) */
	struct probe_cg_mount v1[PROBE_CG_MAX], v2[PROBE_CG_MAX];
	int v1_controllers;      /* v1 mounts with at least one real controller */
	int clone_children;      /* the first v1 mount has cgroup.clone_children */
};

/* From /proc/self/mountinfo (mountinfo may name another file, for tests;
 * NULL for the real one) and /proc/filesystems. Returns 0, or -1 with e. */
int probe_cgroups(struct probe_cgroups *cg, const char *mountinfo,
		  struct bb_err *e);
void probe_cgroups_free(struct probe_cgroups *cg);
const char *probe_cg_layout_name(enum probe_cg_layout l);
/* Is controller (e.g. "freezer") among the mounted v1 controllers? */
int probe_cg_has_v1(const struct probe_cgroups *cg, const char *controller);

#endif
