/* Running a container: the resolved plan (struct ct_run, made from the
 * configuration and the command line by run_plan.c), the monitor that
 * stays the parent of the container's init, and the child that sets the
 * container up and executes init. */
#ifndef CTBOX_RUN_H
#define CTBOX_RUN_H

#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "autoconf.h"
#include "container.h"
#include "ct_net.h"

struct conf_idmap;
struct conf_net;
struct cg_setting;
struct sc_prog;
struct ct_run_ext;

struct ct_rlimit {
	int resource;
	struct rlimit lim;
};

struct ct_run {
	/* file system */
	const char *rootfs;            /* lxc.rootfs.path as written (dir:, overlay:) */
	const char *rootfs_options;    /* lxc.rootfs.options */
	unsigned mount_auto;     /* AUTO_* bits */
	int autodev;
	struct bb_strlist mounts; /* fstab lines: lxc.mount.fstab's, then lxc.mount.entry */
	int tty_max;
	int pty_max;             /* devpts max= (0: no limit) */
	unsigned dev_size;       /* lxc.autodev.tmpfs.size */
	int console_none;        /* lxc.console.path = none */
	/* namespaces */
	int share_host_net;      /* lxc.net.0.type = none: the host's network */
	const struct conf_net *net; /* lxc.net.N, made by the monitor (ct_net.c) */
	size_t n_net;
	unsigned long clone_flags; /* CLONE_NEW* to unshare */
	const struct conf_idmap *idmap; /* lxc.idmap (user namespace when any) */
	size_t n_idmap;
	/* process */
	const char *hostname;
	struct bb_strlist argv;  /* init and its arguments */
	const char *cwd;
	uid_t uid;
	gid_t gid;
	const gid_t *groups;     /* lxc.init.groups */
	size_t n_groups;
	int personality;         /* -1: the host's */
	struct bb_strlist procs; /* lxc.proc.*: "FILE=VALUE" for /proc/self/FILE */
	struct bb_strlist env;   /* KEY=VALUE for the container's init */
	uint64_t cap_drop;       /* bounding set bits to drop */
	int no_new_privs;
	struct sc_prog *seccomp;  /* the compiled filter (seccomp.h); NULL or empty: none */
	struct bb_strlist seccomp_warn; /* what its policy skipped (owned) */
	struct ct_rlimit *rlimits;
	size_t nrlimits;
	struct bb_strlist sysctls; /* key=value */
	/* cgroups */
	struct cg_setting *cg;   /* lxc.cgroup.* then lxc.cgroup2.* */
	size_t ncg;
	const char *cg_dir, *cg_dir_container, *cg_dir_monitor, *cg_inner;
	int cg_relative;
	/* lifecycle */
	int sig_halt, sig_reboot, sig_stop;
	const char *log_file;
	int log_level;
	const char *console_log;       /* lxc.console.logfile */
	struct bb_strlist hooks[8]; /* HOOK_*, in this order */
	struct bb_strlist owned; /* strings the plan made itself */
	/* start's own options */
	int foreground;
	int fg_ready;            /* foreground: a pipe's write end (> 2) the monitor
				  * closes once the container runs, and sets to 0;
				  * 0: none */
	int exec_init_fd;        /* execute: a sealed copy of ctbox run as the container's
				  * init (its init applet) around argv; -1 otherwise */
	int passthrough;         /* execute without a terminal: init keeps the caller's stdio */
	int root_slave;          /* the new mount namespace's mounts: slaves of the
				  * host's (an OCI rootfsPropagation), not private */
	const char *pidfile;
	const struct ct_run_ext *ext; /* an OCI runtime's part (oci_run*.c), or NULL */
	struct ct_net_maker net_maker; /* the network namespace made ahead (start) */
};

/* What an OCI runtime adds to a start (libbb/oci_run*.c); called through
 * pointers so that builds without it link none of it. RUN_EXT(r): r's,
 * NULL in a build without the oci applet (its paths then compile out). */
#define RUN_EXT(r) (ENABLE_OCI ? (r)->ext : NULL)
/* Whether clone flags make a user namespace: never in a build without
 * FEATURE_USERNS (run_plan.c refuses such a plan), whose user namespace
 * code then compiles out. */
#define RUN_USERNS(flags) (ENABLE_FEATURE_USERNS && ((flags) & CLONE_NEWUSER))
/* How many commands r runs as hook h: none in a build without
 * FEATURE_HOOKS (run_plan.c refuses lxc.hook.* there). */
#define RUN_HOOKS(r, h) (ENABLE_FEATURE_HOOKS ? (r)->hooks[h].n : 0)
/* How many resource limits, sysctls and lxc.proc.* files r sets: none in
 * a build without FEATURE_PRLIMIT or FEATURE_SYSCTL (the configuration
 * refuses those keys as it is read: conf_keys.c). */
#define RUN_RLIMITS(r) (ENABLE_FEATURE_PRLIMIT ? (r)->nrlimits : 0)
#define RUN_SYSCTLS(r) (ENABLE_FEATURE_SYSCTL ? (r)->sysctls.n : 0)
#define RUN_PROCS(r) (ENABLE_FEATURE_SYSCTL ? (r)->procs.n : 0)
struct ct_run_ext {
	int wait_start;          /* init stops before its exec until the monitor
				  * gets a "start" request (OCI create/start) */
	/* Monitor: the console's pty master, once made (the monitor closes
	 * its own copy afterwards: it is the receiver's). */
	int (*console)(const struct ct_run_ext *x, int master, struct bb_err *e);
	/* Child: after pivot_root, before the process setup (caps, user);
	 * r is the child's own copy of the plan. */
	int (*after_fs)(const struct ct_run_ext *x, struct ct_run *r, struct bb_err *e);
	/* Child: right before init's exec (after the user switch). */
	int (*before_exec)(const struct ct_run_ext *x, struct bb_err *e);
};

enum { HOOK_PRE_START, HOOK_PRE_MOUNT, HOOK_MOUNT, HOOK_START, HOOK_POST_STOP, HOOK_AUTODEV,
       HOOK_START_HOST, HOOK_STOP };

void ct_run_free(struct ct_run *r);

/* Start the container described by r. The caller holds c's lock as
 * lock_fd; ct_start consumes it: it is closed once the container runs or
 * has failed.
 * Daemon mode: forks the monitor and returns 0 once the container is
 * RUNNING, or -1 with the reason it failed. Foreground mode: the calling
 * process is the monitor, its terminal the console; returns the
 * container's init exit status (0..255) or -1 with e. */
int ct_start(const struct container *c, struct ct_run *r, int lock_fd, struct bb_err *e);

#endif
