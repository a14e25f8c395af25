/* Which plans let the container's first process set up its file systems
 * before the monitor's go-ahead (child.h). */
#include <sched.h>
#include <string.h>

#include "child.h"
#include "rootfs.h"

/* The third field of an fstab line: its file system type. */
static int fstab_is_cgroup(const char *line)
{
	const char *t = line;
	size_t n = 0;
	int f;

	for (f = 0; f < 3; f++) {
		t += n;
		t += strspn(t, " \t");
		n = strcspn(t, " \t");
	}
	return (n == 6 && !strncmp(t, "cgroup", 6)) || (n == 7 && !strncmp(t, "cgroup2", 7));
}

int child_needs_go_first(const struct ct_run *r)
{
	static const int meanwhile[] = { HOOK_PRE_MOUNT, HOOK_MOUNT, HOOK_AUTODEV };
	size_t i;

	if (RUN_USERNS(r->clone_flags) || RUN_SYSCTLS(r) || RUN_EXT(r) ||
	    (r->mount_auto & (AUTO_CGROUP_RO | AUTO_CGROUP_RW | AUTO_CGROUP_MIXED)))
		return 1;
	for (i = 0; i < ARRAY_SIZE(meanwhile); i++)
		if (RUN_HOOKS(r, meanwhile[i]))
			return 1;
	for (i = 0; i < r->mounts.n; i++)
		if (fstab_is_cgroup(r->mounts.v[i]))
			return 1;
	return 0;
}
