/* The container's first process (child.c), as the monitor hands it over. */
#ifndef CTBOX_CHILD_H
#define CTBOX_CHILD_H

#include "cgroup.h"
#include "run.h"

struct child_args {
	const struct container *c;
	const struct ct_run *run;
	const char *root;          /* where the rootfs is mounted */
	const char *overlay_work;  /* overlay's workdir, when the rootfs is one */
	int rootfs_tree;           /* >= 0: the rootfs as a detached mount tree
				    * to attach at root (rootfs_open_tree) */
	int console_slave;
	const char *console_path;
	char **tty_paths;
	int ntty;
	int errfd;                 /* failures go here (close-on-exec); CHILD_READY
				    * first when start-host hooks must run */
	int gofd;                  /* the monitor's go-ahead */
	int netns_fd;              /* >= 0: the network namespace to enter (made
				    * ahead, not by the clone) */
	int net_wait;              /* the NICs come meanwhile: wait for the
				    * monitor's 'n' before exec */
	int early;                 /* the file systems first, then the go-ahead:
				    * the monitor makes and joins the cgroups
				    * meanwhile (child_needs_go_first says when
				    * it may not) */
	int pivot_fallback;        /* set when pivot_root was not possible */
	struct cg_join *join;      /* its groups, joined first (cg_join_self) */
};

/* Whether the child must have the go-ahead before it sets up its file
 * systems: in a new user namespace (its maps), with sysctls, with hooks
 * that run meanwhile (they may look at the cgroups or the network), or
 * with a mount that depends on the child's cgroup (cgroup automounts,
 * cgroup file systems in lxc.mount.entry). */
int child_needs_go_first(const struct ct_run *r);

/* Never returns: executes init, or reports to errfd and exits. */
void child_main(struct child_args *a) NORETURN;

/* Run the hooks of one type (lxc.hook.*) with LXC's environment
 * (LXC_NAME, LXC_CONFIG_FILE, LXC_ROOTFS_PATH, LXC_ROOTFS_MOUNT,
 * LXC_HOOK_TYPE ...) and arguments (NAME lxc TYPE); a failing hook fails. */
int ct_run_hooks(const struct container *c, const struct ct_run *r, int type,
		 const char *rootfs_mount, struct bb_err *e);

/* The same with more arguments after TYPE (lxc.hook.stop: one
 * NS:PATH per namespace of the container). */
int ct_run_hooks_args(const struct container *c, const struct ct_run *r, int type,
		      const char *rootfs_mount, const char *const *extra, size_t nextra,
		      struct bb_err *e);

/* The byte the child sends before executing init when the monitor has
 * lxc.hook.start-host to run. */
#define CHILD_READY "\001"

#endif
