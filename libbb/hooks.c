/* lxc.hook.*: commands run at fixed points of a container's life, with
 * LXC's arguments and environment. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "rootfs.h"

static const char *const hook_names[] = {
	[HOOK_PRE_START] = "pre-start", [HOOK_PRE_MOUNT] = "pre-mount",
	[HOOK_MOUNT] = "mount",         [HOOK_START] = "start",
	[HOOK_POST_STOP] = "post-stop", [HOOK_AUTODEV] = "autodev",
	[HOOK_START_HOST] = "start-host", [HOOK_STOP] = "stop",
};

int ct_run_hooks(const struct container *c, const struct ct_run *r, int type,
		 const char *rootfs_mount, struct bb_err *e)
{
	return ct_run_hooks_args(c, r, type, rootfs_mount, NULL, 0, e);
}

int ct_run_hooks_args(const struct container *c, const struct ct_run *r, int type,
		      const char *rootfs_mount, const char *const *extra, size_t nextra,
		      struct bb_err *e)
{
	const struct bb_strlist *l = &r->hooks[type];
	size_t i;

	if (!ENABLE_FEATURE_HOOKS)
		return 0; /* none planned: run_plan.c */

	for (i = 0; i < l->n; i++) {
		const char *cmd = l->v[i];
		int status;
		pid_t pid = fork();

		if (pid < 0)
			return bb_err_set(e, errno, "can't run the %s hook", hook_names[type]);
		if (pid == 0) {
			char *rootfs = rootfs_spec_path(r->rootfs);

			setenv("LXC_NAME", c->name, 1);
			setenv("LXC_CONFIG_FILE", c->config_path, 1);
			setenv("LXC_ROOTFS_PATH", rootfs ? rootfs : r->rootfs, 1);
			setenv("LXC_ROOTFS_MOUNT", rootfs_mount, 1);
			setenv("LXC_HOOK_TYPE", hook_names[type], 1);
			setenv("LXC_HOOK_SECTION", "lxc", 1);
			setenv("LXC_HOOK_VERSION", "0", 1);
			setenv("LXC_SRC_NAME", c->name, 1);
			/* LXC runs a hook as a command line with NAME lxc TYPE
			 * (and, for some types, more). */
			const char *argv[16] = { "sh", "-c", "exec $0 \"$@\"", cmd, c->name, "lxc",
						 hook_names[type] };
			size_t k;

			for (k = 0; k < nextra && k < ARRAY_SIZE(argv) - 8; k++)
				argv[7 + k] = extra[k];
			execv("/bin/sh", (char *const *)argv);
			_exit(127);
		}
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				return bb_err_set(e, errno, "waiting for the %s hook", hook_names[type]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return bb_err_set(e, 0, "%s hook '%s' failed (%s %d)", hook_names[type], cmd,
					  WIFEXITED(status) ? "exit status" : "signal",
					  WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	}
	return 0;
}
