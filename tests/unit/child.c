/* Unit tests of libbb/child.c's child_needs_go_first: which plans let the
 * container's first process set up its file systems while the monitor
 * makes and joins its cgroups, and which must wait for the monitor first
 * (a user namespace's maps, sysctls, an OCI runtime's steps, hooks that
 * run meanwhile, mounts that depend on the process's cgroup). */
#include <sched.h>
#include <string.h>

#include "child.h"
#include "rootfs.h"
#include "tap.h"

/* A plain plan: new namespaces but the user one, proc and sys mounted. */
static void base(struct ct_run *r)
{
	memset(r, 0, sizeof(*r));
	r->clone_flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |
			 CLONE_NEWCGROUP;
	r->mount_auto = AUTO_PROC_MIXED | AUTO_SYS_RO;
}

static void with_mount(struct ct_run *r, const char *line)
{
	static const char *v[2];

	v[0] = line;
	r->mounts.v = v;
	r->mounts.n = 1;
}

int main(void)
{
	static const struct {
		const char *line;
		int first;
	} mounts[] = {
		{ "/srv/data srv none bind,create=dir 0 0", 0 },
		{ "tmpfs tmp tmpfs defaults 0 0", 0 },
		{ "cgroup sys/fs/cgroup/x cgroup rw,cpu 0 0", 1 },
		{ "none sys/fs/cgroup cgroup2 rw 0 0", 1 },
		{ "  none\tsys/fs/cgroup \t cgroup2  rw", 1 },
		{ "cgroup2 /mnt cgroup2x rw 0 0", 0 },
		{ "cgroup cgroup tmpfs rw 0 0", 0 },
		{ "/sys/fs/cgroup sys/fs/cgroup none bind 0 0", 0 },
		{ "onlytwo fields", 0 },
		{ "", 0 },
	};
	static const int hooks[] = { HOOK_PRE_MOUNT, HOOK_MOUNT, HOOK_AUTODEV };
	static const char *hook_v[1] = { "/bin/true" };
	static const char *sysctl_v[1] = { "net.ipv4.ip_forward=1" };
	struct ct_run r;
	size_t i;

	plan(10 + 10 + 4);
	base(&r);
	ok(!child_needs_go_first(&r), "a plain plan: file systems first");
	base(&r);
	r.clone_flags |= CLONE_NEWUSER;
	ok(child_needs_go_first(&r), "a user namespace: the maps first");
	base(&r);
	r.sysctls.v = sysctl_v, r.sysctls.n = 1;
	ok(child_needs_go_first(&r), "sysctls: go first");
	base(&r);
	r.ext = (const struct ct_run_ext *)&r;
	ok(child_needs_go_first(&r), "an OCI runtime's steps: go first");
	base(&r);
	r.mount_auto |= AUTO_CGROUP_MIXED;
	ok(child_needs_go_first(&r), "cgroup:mixed: go first");
	base(&r);
	r.mount_auto |= AUTO_CGROUP_RO;
	ok(child_needs_go_first(&r), "cgroup:ro: go first");
	base(&r);
	r.mount_auto |= AUTO_CGROUP_RW;
	ok(child_needs_go_first(&r), "cgroup:rw: go first");
	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++) {
		base(&r);
		r.hooks[hooks[i]].v = hook_v, r.hooks[hooks[i]].n = 1;
		ok(child_needs_go_first(&r), "hook type %d (runs while the file systems are set up): go first",
		   hooks[i]);
	}
	for (i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		base(&r);
		with_mount(&r, mounts[i].line);
		ok(child_needs_go_first(&r) == mounts[i].first, "mount entry '%s': %s", mounts[i].line,
		   mounts[i].first ? "go first" : "file systems first");
	}
	base(&r);
	r.hooks[HOOK_START].v = hook_v, r.hooks[HOOK_START].n = 1;
	ok(!child_needs_go_first(&r), "lxc.hook.start (after the go-ahead): file systems first");
	base(&r);
	r.hooks[HOOK_PRE_START].v = hook_v, r.hooks[HOOK_PRE_START].n = 1;
	ok(!child_needs_go_first(&r), "lxc.hook.pre-start (the monitor's, before the clone): file systems first");
	base(&r);
	r.clone_flags &= ~(unsigned long)CLONE_NEWNET;
	ok(!child_needs_go_first(&r), "the host's network: file systems first");
	base(&r);
	r.mount_auto = 0;
	ok(!child_needs_go_first(&r), "no automounts: file systems first");
	return done_testing();
}
