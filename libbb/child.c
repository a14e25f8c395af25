/* The container's first process, between clone() and exec of init: it
 * runs in the new namespaces, builds the file system view, then becomes
 * init. Failures are written to errfd (the monitor reads them) and the
 * child exits; nothing here returns to the monitor's code. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <sys/personality.h>
#include <net/if.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "child.h"
#include "fallback.h"
#include "log.h"
#include "rootfs.h"
#include "seccomp.h"

static int set_sysctl(const char *kv, struct bb_err *e)
{
	const char *eq = strchr(kv, '=');
	char path[512];
	size_t i, n;
	int fd;

	if (!eq)
		return bb_err_set(e, 0, "sysctl '%s' wants KEY=VALUE", kv);
	n = snprintf(path, sizeof(path), "/proc/sys/%.*s", (int)(eq - kv), kv);
	if (n >= sizeof(path))
		return bb_err_set(e, ENAMETOOLONG, "sysctl '%s'", kv);
	for (i = strlen("/proc/sys/"); i < n; i++)
		if (path[i] == '.')
			path[i] = '/';
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || full_write(fd, eq + 1, strlen(eq + 1)) < 0) {
		bb_err_set(e, errno, "can't set sysctl '%s'", kv);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* lxc.proc.FILE = VALUE: written to /proc/self/FILE of init. */
static int set_proc(const char *kv, struct bb_err *e)
{
	const char *eq = strchr(kv, '=');
	char path[256];
	int fd;

	if (!eq || memchr(kv, '/', eq - kv))
		return bb_err_set(e, 0, "lxc.proc entry '%s' is invalid", kv);
	snprintf(path, sizeof(path), "/proc/self/%.*s", (int)(eq - kv), kv);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || full_write(fd, eq + 1, strlen(eq + 1)) < 0) {
		bb_err_set(e, errno, "can't set lxc.proc.%.*s", (int)(eq - kv), kv);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* lxc.cap.drop / lxc.cap.keep: out of the bounding set, so that nothing
 * init executes can get them back. */
static int drop_caps(uint64_t drop, struct bb_err *e)
{
	int cap;

	if (bb_drop_bound(drop, &cap) < 0)
		return bb_err_set(e, errno, "can't drop capability %d", cap);
	return 0;
}

static int setup_console(int slave, struct bb_err *e)
{
	if (setsid() < 0)
		return bb_err_set(e, errno, "setsid");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return bb_err_set(e, errno, "can't make the console the controlling terminal");
	if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
		return bb_err_set(e, errno, "console");
	if (slave > 2)
		close(slave);
	return 0;
}

static int setup_fs(struct child_args *a, struct bb_err *e)
{
	const struct ct_run *r = a->run;
	size_t i;

	/* Sysctls go through the host's /proc, still mounted here: the
	 * namespaced ones land in the container's namespaces, and a
	 * read-only /proc/sys inside (proc:mixed) is no obstacle. */
	for (i = 0; i < RUN_SYSCTLS(r); i++)
		if (set_sysctl(r->sysctls.v[i], e) < 0)
			return -1;
	if (rootfs_mount(r->rootfs, a->root, a->overlay_work, r->rootfs_options, a->rootfs_tree,
			 r->root_slave, e) < 0)
		return -1;
	if (ct_run_hooks(a->c, r, HOOK_PRE_MOUNT, a->root, e) < 0)
		return -1;
	if (rootfs_mount_auto(a->root, r->mount_auto, e) < 0)
		return -1;
	/* /dev's source as LXC names it, or as the OCI config's /dev mount
	 * does (runtime-tools compares it). */
	if (r->autodev &&
	    rootfs_autodev(a->root, RUN_EXT(r) ? "tmpfs" : "none", r->dev_size, r->pty_max,
			   r->console_none ? NULL : a->console_path,
			   (const char *const *)a->tty_paths, a->ntty, e) < 0)
		return -1;
	for (i = 0; i < r->mounts.n; i++)
		if (rootfs_mount_entry(a->root, r->mounts.v[i], e) < 0)
			return -1;
	if (ct_run_hooks(a->c, r, HOOK_MOUNT, a->root, e) < 0)
		return -1;
	/* LXC: after the mount hooks, before pivot_root, with autodev. */
	if (r->autodev && ct_run_hooks(a->c, r, HOOK_AUTODEV, a->root, e) < 0)
		return -1;
	if (rootfs_enter(a->root, &a->pivot_fallback, e) < 0)
		return -1;
	if (a->pivot_fallback)
		ct_log(LOG_WARN, "start", "pivot_root is not possible here (initramfs root?): used MS_MOVE + chroot%s",
		       bb_forced(BB_PIVOT_ROOT) ? " (forced by " BB_FORCE_ENV ")" : "");
	return 0;
}

/* The loopback interface of a new network namespace starts down. */
static int lo_up(struct bb_err *e)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 ||
	    (ifr.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)) {
		bb_err_set(e, errno, "can't bring lo up");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int setup_process(const struct child_args *a, struct bb_err *e)
{
	const struct ct_run *r = a->run;
	size_t i;

	if ((r->clone_flags & CLONE_NEWNET) && lo_up(e) < 0)
		return -1;
	if ((r->clone_flags & CLONE_NEWUTS) && r->hostname &&
	    sethostname(r->hostname, strlen(r->hostname)) < 0)
		return bb_err_set(e, errno, "can't set the host name '%s'", r->hostname);
	for (i = 0; i < RUN_PROCS(r); i++)
		if (set_proc(r->procs.v[i], e) < 0)
			return -1;
	if (r->personality >= 0 && personality(r->personality) < 0)
		return bb_err_set(e, errno, "can't set the personality (lxc.arch)");
	for (i = 0; i < RUN_RLIMITS(r); i++)
		if (setrlimit(r->rlimits[i].resource, &r->rlimits[i].lim) < 0)
			return bb_err_set(e, errno, "can't set resource limit %d", r->rlimits[i].resource);
	/* seccomp (seccomp_load.c): as LXC, before lxc.hook.start and while
	 * still root with CAP_SYS_ADMIN, which installing it needs. */
	for (i = 0; i < r->seccomp_warn.n; i++)
		ct_log(LOG_WARN, "start", "%s", r->seccomp_warn.v[i]);
	if (r->seccomp && r->seccomp->len && sc_install(r->seccomp, e) < 0)
		return -1;
	if (ct_run_hooks(a->c, r, HOOK_START, "/", e) < 0)
		return -1;
	if (drop_caps(r->cap_drop, e) < 0)
		return -1;
	if (r->n_groups ? setgroups(r->n_groups, r->groups) < 0 :
	    r->gid && setgroups(0, NULL) < 0)
		return bb_err_set(e, errno, "can't set the supplementary groups (lxc.init.groups)");
	if (r->gid && setgid(r->gid) < 0)
		return bb_err_set(e, errno, "can't switch to gid %d", (int)r->gid);
	if (r->uid && setuid(r->uid) < 0)
		return bb_err_set(e, errno, "can't switch to uid %d", (int)r->uid);
	if (r->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return bb_err_set(e, errno, "can't set no_new_privs");
	if (chdir(r->cwd && *r->cwd ? r->cwd : "/") < 0)
		return bb_err_set(e, errno, "can't change to the directory '%s'", r->cwd);
	clearenv();
	for (i = 0; i < r->env.n; i++)
		if (putenv((char *)r->env.v[i]) != 0)
			return bb_err_set(e, errno, "environment");
	return 0;
}

/* Close every descriptor above stderr but keep1 and keep2. */
static void close_others(int keep1, int keep2)
{
	unsigned k[2] = { keep1 < keep2 ? keep1 : keep2, keep1 < keep2 ? keep2 : keep1 };
	unsigned from = 3, i;
	int fd;

#ifdef SYS_close_range
	for (i = 0; i < 3; i++) {
		unsigned to = i < 2 ? k[i] - 1 : ~0U;

		if (from <= to && syscall(SYS_close_range, from, to, 0) < 0)
			break;
		if (i < 2)
			from = k[i] + 1;
	}
	if (i == 3)
		return;
#else
	(void)i, (void)from;
#endif
	for (fd = 3; fd < 4096; fd++)  /* before Linux 5.9 */
		if (fd != keep1 && fd != keep2)
			close(fd);
}

/* The terminal (or, passed through, a session of its own) and the file
 * systems, up to pivot_root. */
static int setup_tty_fs(struct child_args *a, struct bb_err *e)
{
	if ((a->run->passthrough ? (setsid() < 0 ? bb_err_set(e, errno, "setsid") : 0)
				 : setup_console(a->console_slave, e)) < 0)
		return -1;
	return setup_fs(a, e);
}

/* A network namespace made ahead (not by the clone): entered. */
static int enter_netns(const struct child_args *a, struct bb_err *e)
{
	if (a->netns_fd >= 0 && setns(a->netns_fd, CLONE_NEWNET) < 0)
		return bb_err_set(e, errno, "can't enter the container's network namespace");
	return 0;
}

void child_main(struct child_args *a)
{
	const struct ct_run_ext *x = RUN_EXT(a->run);
	struct bb_err e = { 0, "" };
	sigset_t none;
	char go;

	/* The monitor's blocked signals must not stay blocked in init. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (a->join && cg_join_self(a->join, &e) < 0)
		goto fail;
	/* Early: the file systems while the monitor makes and joins the
	 * cgroups. Else the monitor's host-side part first. */
	if (a->early && (enter_netns(a, &e) < 0 || setup_tty_fs(a, &e) < 0))
		goto fail;
	if (full_read(a->gofd, &go, 1) != 1)
		_exit(1);
	if (!a->early && enter_netns(a, &e) < 0)
		goto fail;
	/* In a new user namespace the monitor has written the maps: become
	 * its root. */
	if (RUN_USERNS(a->run->clone_flags) &&
	    (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)) {
		bb_err_set(&e, errno, "can't become root in the user namespace (does lxc.idmap map 0?)");
		goto fail;
	}
	if ((a->run->clone_flags & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0) {
		bb_err_set(&e, errno, "can't create the cgroup namespace");
		goto fail;
	}
	if ((!a->early && setup_tty_fs(a, &e) < 0) ||
	    (x && x->after_fs && x->after_fs(x, (struct ct_run *)a->run, &e) < 0) ||
	    setup_process(a, &e) < 0)
		goto fail;
	/* An OCI create waits below, maybe long: it must not keep what the
	 * monitor inherited (the container's lock, start's ready pipe). */
	if (x && x->wait_start)
		close_others(a->errfd, a->gofd);
	/* lxc.hook.start-host: the monitor runs it in the host's namespaces
	 * now that the container is set up, and says when init may go. An
	 * OCI create waits here, in the same way, for the start. */
	if ((RUN_HOOKS(a->run, HOOK_START_HOST) || (x && x->wait_start)) &&
	    (full_write(a->errfd, CHILD_READY, 1) != 1 || full_read(a->gofd, &go, 1) != 1 ||
	     go != 'g'))
		_exit(1);
	if (a->net_wait && (full_read(a->gofd, &go, 1) != 1 || go != 'n'))
		_exit(1);
	close(a->gofd);
	if (x && x->before_exec && x->before_exec(x, &e) < 0)
		goto fail;
	if (ENABLE_EXECUTE && a->run->exec_init_fd >= 0) {
		/* execute: ctbox's init applet, from the sealed copy, around
		 * the command. */
		const char **argv = calloc(a->run->argv.n + 3, sizeof(*argv));
		extern char **environ;

		if (!argv) {
			bb_err_set(&e, ENOMEM, "init");
			goto fail;
		}
		argv[0] = "init";
		argv[1] = "--";
		memcpy(argv + 2, a->run->argv.v, a->run->argv.n * sizeof(*argv));
		fexecve(a->run->exec_init_fd, (char *const *)argv, environ);
		bb_err_set(&e, errno, "can't execute ctbox's init");
		goto fail;
	}
	execvp(a->run->argv.v[0], (char *const *)a->run->argv.v);
	bb_err_set(&e, errno, "can't execute '%s'", a->run->argv.v[0]);
fail:
	{
		char msg[sizeof(e.msg) + 128];
		int n = snprintf(msg, sizeof(msg), "%s%s%s", e.msg, e.errnum ? ": " : "",
				 e.errnum ? strerror(e.errnum) : "");

		(void)full_write(a->errfd, msg, n < (int)sizeof(msg) ? n : (int)sizeof(msg) - 1);
	}
	_exit(1);
}
