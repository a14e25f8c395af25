/* Running a command in new namespaces: lxc-unshare's and lxc-usernsexec's
 * engine (unshare.h). The parent clones the child into the namespaces,
 * does the host's part (id maps, interfaces) while the child waits on a
 * pipe, and releases it; the child reports a failure before exec on a
 * close-on-exec pipe, so that end of file there means the command runs. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fallback.h"
#include "rtnl.h"
#include "sysnr.h"
#include "unshare.h"
#include "userns.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct {
	const char *name;
	unsigned long flag;
} ns_names[] = {
	{ "MOUNT", CLONE_NEWNS },     { "mnt", CLONE_NEWNS },       { "PID", CLONE_NEWPID },
	{ "UTSNAME", CLONE_NEWUTS },  { "uts", CLONE_NEWUTS },      { "IPC", CLONE_NEWIPC },
	{ "USER", CLONE_NEWUSER },    { "NETWORK", CLONE_NEWNET },  { "net", CLONE_NEWNET },
	{ "CGROUP", CLONE_NEWCGROUP }, { "TIME", CLONE_NEWTIME },
};

unsigned long unshare_parse_namespaces(const char *s, struct bb_err *e)
{
	unsigned long flags = 0;
	const char *p = s, *end;

	for (; *p; p = *end ? end + 1 : end) {
		size_t len, i;

		end = strchrnul(p, '|');
		len = (size_t)(end - p);
		if (!len)
			continue;
		for (i = 0; i < ARRAY_SIZE(ns_names); i++)
			if (strlen(ns_names[i].name) == len && strncasecmp(p, ns_names[i].name, len) == 0)
				break;
		if (i == ARRAY_SIZE(ns_names)) {
			bb_err_set(e, 0, "unknown namespace '%.*s' (MOUNT, PID, UTSNAME, IPC, USER, NETWORK, CGROUP, TIME)",
				   len > 64 ? 64 : (int)len, p);
			return 0;
		}
		flags |= ns_names[i].flag;
	}
	if (!flags)
		bb_err_set(e, 0, "no namespace given");
	return flags;
}

/* What the child says when it fails before exec. */
struct child_report {
	int status;
	struct bb_err e;
};

static NORETURN void child_fail(int fd, int status, struct bb_err *e)
{
	struct child_report r;

	memset(&r, 0, sizeof(r));
	r.status = status;
	r.e = *e;
	(void)full_write(fd, &r, sizeof(r));
	_exit(status);
}

/* -M: LXC's default file systems. /proc must work; /dev/shm and
 * /dev/mqueue are mounted where their directories exist (made on the
 * host's /dev they would outlive the namespace). */
static int remount_defaults(struct bb_err *e)
{
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return bb_err_set(e, errno, "can't mount /proc");
	if (access("/dev/shm", F_OK) == 0)
		(void)mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
	if (access("/dev/mqueue", F_OK) == 0)
		(void)mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	return 0;
}

static NORETURN void child_main(const struct unshare_opts *o, int gofd, int errfd)
{
	struct bb_err e = { 0, "" };
	char go;

	if (full_read(gofd, &go, 1) != 1 || go != 'g')
		_exit(1); /* the parent failed, and says why */
	close(gofd);
	/* Nothing mounted here may reach the host's mount namespace. */
	if ((o->flags & CLONE_NEWNS) && mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) {
		bb_err_set(&e, errno, "can't make the new mount namespace a slave of the host's");
		child_fail(errfd, 1, &e);
	}
	if (o->remount && remount_defaults(&e) < 0)
		child_fail(errfd, 1, &e);
	if (o->hostname && sethostname(o->hostname, strlen(o->hostname)) < 0) {
		bb_err_set(&e, errno, "can't set the hostname to '%s'", o->hostname);
		child_fail(errfd, 1, &e);
	}
	if (o->set_ids) {
		if (setgroups(o->n_groups, o->groups) < 0 && !(o->groups_optional && errno == EPERM)) {
			bb_err_set(&e, errno, "can't set the supplementary groups");
			child_fail(errfd, 1, &e);
		}
		if (setresgid(o->gid, o->gid, o->gid) < 0) {
			bb_err_set(&e, errno, "can't switch to gid %lu", (unsigned long)o->gid);
			child_fail(errfd, 1, &e);
		}
		if (setresuid(o->uid, o->uid, o->uid) < 0) {
			bb_err_set(&e, errno, "can't switch to uid %lu", (unsigned long)o->uid);
			child_fail(errfd, 1, &e);
		}
	}
	execvp(o->argv[0], o->argv);
	bb_err_set(&e, errno, "can't execute '%s'", o->argv[0]);
	child_fail(errfd, e.errnum == ENOENT ? 127 : 126, &e);
}

/* fork(), into new namespaces. A new time namespace takes clone3: for
 * clone() its flag is one of the exit signal's bits. Without clone3
 * (before Linux 5.3, or refused by a seccomp policy) this process
 * unshares it first: its children are born in it. */
static pid_t clone_child(unsigned long flags, struct bb_err *e)
{
	long pid;

	if ((flags & CLONE_NEWTIME) && !bb_have(BB_CLONE3)) {
		if (unshare(CLONE_NEWTIME) < 0)
			return bb_err_set(e, errno, "can't create the new time namespace");
		flags &= ~(unsigned long)CLONE_NEWTIME;
	}
	if (flags & CLONE_NEWTIME) {
		struct {
			uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
		} a = { .flags = flags, .exit_signal = SIGCHLD };

		pid = syscall(SYS_clone3, &a, sizeof(a));
		if (pid < 0 && errno == ENOSYS)
			return bb_err_set(e, errno, "a new time namespace needs clone3, which this kernel lacks");
	} else {
		pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
	}
	if (pid < 0)
		return bb_err_set(e, errno, "can't create the new namespaces");
	return (pid_t)pid;
}

/* The host's part while the child waits: maps, then interfaces. */
static int host_side(const struct unshare_opts *o, pid_t pid, struct nl_sock *nl,
		     const int *ifindex, struct bb_err *e)
{
	size_t i;

	if (o->flags & CLONE_NEWUSER) {
		if (o->n_maps && userns_write_maps(pid, o->maps, o->n_maps, o->maps_what, e) < 0)
			return -1;
		if (o->map_self && userns_map_self(pid, o->self_uid, o->self_gid, e) < 0)
			return -1;
	}
	for (i = 0; i < o->n_ifnames; i++) {
		struct rtnl_set set = RTNL_SET_INIT;

		set.netns_pid = pid;
		if (rtnl_link_set(nl, ifindex[i], &set, e) < 0) {
			int err = e->errnum;

			return bb_err_set(e, err, "can't move interface %s into the new network namespace",
					  o->ifnames[i]);
		}
	}
	return 0;
}

static volatile sig_atomic_t relay_pid;

static void relay(int sig)
{
	int saved = errno;

	if (relay_pid > 0)
		kill((pid_t)relay_pid, sig);
	errno = saved;
}

static int wait_command(pid_t pid, struct bb_err *e)
{
	struct sigaction sa;
	int status;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	relay_pid = pid;
	sa.sa_handler = relay;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return bb_err_set(e, errno, "can't wait for the command");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int unshare_run(const struct unshare_opts *o, int *fail_status, struct bb_err *e)
{
	struct nl_sock nl = { .fd = -1 };
	int gop[2] = { -1, -1 }, errp[2] = { -1, -1 }, *ifindex = NULL, ret = -1;
	struct child_report r;
	ssize_t n;
	size_t i;
	pid_t pid;

	*fail_status = 1;
	e->errnum = 0;
	e->msg[0] = '\0';
	/* Every interface must be there before anything is made. */
	if (o->n_ifnames) {
		if (!(ifindex = calloc(o->n_ifnames, sizeof(*ifindex))))
			return bb_err_set(e, ENOMEM, "interfaces");
		if (nl_open(&nl, NETLINK_ROUTE, e) < 0)
			goto out;
		for (i = 0; i < o->n_ifnames; i++)
			if ((ifindex[i] = rtnl_ifindex(&nl, o->ifnames[i], e)) < 0)
				goto out;
	}
	if (pipe2(gop, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		bb_err_set(e, errno, "pipe");
		goto out;
	}
	pid = clone_child(o->flags, e);
	if (pid < 0)
		goto out;
	if (pid == 0) {
		close(gop[1]);
		close(errp[0]);
		child_main(o, gop[0], errp[1]);
	}
	close(gop[0]);
	close(errp[1]);
	gop[0] = errp[1] = -1;
	if (host_side(o, pid, &nl, ifindex, e) < 0 || full_write(gop[1], "g", 1) != 1) {
		if (!e->msg[0])
			bb_err_set(e, errno, "can't release the command");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto out;
	}
	close(gop[1]);
	gop[1] = -1;
	n = full_read(errp[0], &r, sizeof(r));
	if (n == (ssize_t)sizeof(r)) {
		/* It failed before exec, and has exited. */
		waitpid(pid, NULL, 0);
		*e = r.e;
		*fail_status = r.status;
		goto out;
	}
	if (n != 0) {
		bb_err_set(e, n < 0 ? errno : 0, "the command's process failed before it could run");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto out;
	}
	/* End of file: the command runs (or was killed, as its status will say). */
	ret = o->daemonize ? 0 : wait_command(pid, e);
out:
	if (nl.fd >= 0)
		nl_close(&nl);
	free(ifindex);
	for (i = 0; i < 2; i++) {
		if (gop[i] >= 0)
			close(gop[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	return ret;
}
