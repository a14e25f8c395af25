/* Stopping a container: through its monitor when one is alive, else
 * directly through a pidfd of its init (the monitor was killed), or by
 * PID with its start time checked before each signal on kernels without
 * pidfds (fallback.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "ct_cgroup.h"
#include "ct_net.h"
#include "fallback.h"
#include "notify.h"
#include "sysnr.h"

static int open_pidfd(pid_t pid)
{
	if (!bb_have(BB_PIDFD)) {
		errno = ENOSYS;
		return -1;
	}
	return syscall(SYS_pidfd_open, pid, 0);
}

/* Without a pidfd: the process that started at start is gone (or a
 * zombie: it has ended, its parent has not reaped it yet). */
static int proc_gone(pid_t pid, unsigned long long start)
{
	char path[64], buf[256], *p;
	ssize_t n;
	int fd;

	if (proc_start_time(pid) != start)
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	p = strrchr(buf, ')');
	return !p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X';
}

/* Wait up to timeout seconds (-1: forever) for the process behind pidfd
 * (or pid, without pidfds) to end. Returns 1 when it ended. */
static int wait_gone(int pidfd, pid_t pid, unsigned long long start, int timeout)
{
	long long left = timeout < 0 ? -1 : timeout * 1000LL;

	for (;;) {
		int slice = left < 0 || left > 50 ? 50 : (int)left;

		if (pidfd >= 0) {
			struct pollfd p = { .fd = pidfd, .events = POLLIN };

			if (poll(&p, 1, slice) > 0)
				return 1;
		} else {
			if (proc_gone(pid, start))
				return 1;
			usleep(slice * 1000);
		}
		if (left >= 0) {
			left -= slice;
			if (left <= 0)
				return 0;
		}
	}
}

/* By pidfd; by PID only while it is still the process started at start. */
static void send_sig(int pidfd, pid_t pid, unsigned long long start, int sig)
{
	if (pidfd >= 0 && syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) == 0)
		return;
	if (proc_start_time(pid) == start)
		kill(pid, sig);
}

static int stop_direct(const struct container *c, const struct ct_status *st, int timeout,
		       unsigned flags, struct bb_err *e)
{
	int pidfd = open_pidfd(st->init_pid);
	int sig = flags & CT_STOP_KILL ? SIGKILL : st->sig_halt > 0 ? st->sig_halt : SIGPWR;
	char nspath[64];
	int nsfd;

	if (pidfd < 0 && errno != ENOSYS) {
		if (errno == ESRCH)
			goto gone;
		return bb_err_set(e, errno, "can't reach the init of '%s'", c->name);
	}
	/* The PID could have been reused between reading the state and
	 * opening the pidfd: check the start time once more. */
	if (proc_start_time(st->init_pid) != st->init_start) {
		if (pidfd >= 0)
			close(pidfd);
		goto gone;
	}
	/* Without its monitor, physical devices must still go back to the
	 * host before the namespace dies (the kernel would hand them to
	 * the initial namespace, under their names inside). */
	snprintf(nspath, sizeof(nspath), "/proc/%d/ns/net", (int)st->init_pid);
	nsfd = open(nspath, O_RDONLY | O_CLOEXEC);
	send_sig(pidfd, st->init_pid, st->init_start, sig);
	if (!(flags & CT_STOP_NOWAIT) && sig != SIGKILL &&
	    !wait_gone(pidfd, st->init_pid, st->init_start, timeout)) {
		if (flags & CT_STOP_NOKILL) {
			if (pidfd >= 0)
				close(pidfd);
			return bb_err_set(e, ETIMEDOUT, "'%s' did not stop within %d seconds", c->name,
					  timeout);
		}
		send_sig(pidfd, st->init_pid, st->init_start, SIGKILL);
	}
	if (!(flags & CT_STOP_NOWAIT))
		wait_gone(pidfd, st->init_pid, st->init_start, -1);
	if (pidfd >= 0)
		close(pidfd);
	if (nsfd >= 0) {
		ct_net_recover(c, nsfd);
		close(nsfd);
	}
	if (flags & CT_STOP_NOWAIT)
		return 0;
gone:
	ct_clear_rundir(c);
	ct_notify_stopped(c, st->state);
	return 0;
}

static void thaw(const struct container *c)
{
	const struct cg_host *h;
	struct cg_group g;
	struct bb_err e;

	if (ct_cgroup_load(c, &h, &g, &e) == 0 && cg_freeze_state(h, &g, &e) != CG_THAWED)
		(void)cg_freeze(h, &g, 0, 5000, &e);
}

int ct_stop(const struct container *c, int timeout, unsigned flags, struct bb_err *e)
{
	return ct_stop_lock(c, -1, timeout, flags, e);
}

int ct_stop_lock(const struct container *c, int lock_fd, int timeout, unsigned flags,
		 struct bb_err *e)
{
	struct ct_status st;
	char req[64], reply[CMD_LINE_MAX];

	if (ct_get_status(c, &st, e) < 0)
		return -1;
	if (st.state == CT_STOPPED)
		return 1;
	/* Frozen processes take no signal (v1 not even SIGKILL): thaw. */
	if (st.state == CT_FROZEN || st.state == CT_FREEZING || st.state == CT_STOPPING)
		thaw(c);
	if (st.monitor_pid) {
		int wait_ms = (flags & CT_STOP_NOKILL) && timeout >= 0 ? timeout * 1000 : -1;
		/* A kill ends promptly: the monitor keeps the lock passed with
		 * it, answers, then cleans up. Otherwise it answers once it
		 * has cleaned up, its own group included. */
		int pass = (flags & CT_STOP_KILL) ? lock_fd : -1;

		snprintf(req, sizeof(req), "stop %d %u", timeout, flags);
		if (cmd_call_fd(c, req, pass, reply, sizeof(reply), wait_ms, e) == 0) {
			if (strcmp(reply, "stopped") == 0 || strcmp(reply, "stopping") == 0 ||
			    strcmp(reply, "rebooting") == 0)
				return 0;
			return bb_err_set(e, 0, "the monitor of '%s' answered '%s'", c->name, reply);
		}
		if (e->errnum == ETIMEDOUT)
			return bb_err_set(e, ETIMEDOUT, "'%s' did not stop within %d seconds", c->name,
					  timeout);
		/* The monitor went away meanwhile: look again. */
		if (ct_get_status(c, &st, e) < 0)
			return -1;
		if (st.state == CT_STOPPED)
			return 0;
	}
	if (flags & CT_STOP_REBOOT)
		return bb_err_set(e, 0, "'%s' has no monitor to restart it", c->name);
	return stop_direct(c, &st, timeout, flags, e);
}
