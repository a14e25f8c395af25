/* The monitor: a small process of this binary that stays the parent of a
 * container's init. It reaps init, holds the console, keeps the state file,
 * answers the command socket, and on exit removes what the start made. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "conf.h"
#include "console_hub.h"
#include "ct_cgroup.h"
#include "ct_net.h"
#include "cmd.h"
#include "fallback.h"
#include "log.h"
#include "notify.h"
#include "rootfs.h"
#include "shift.h"
#include "userns.h"

/* Console clients (the console applet's, console.c): a build without that
 * applet keeps neither them nor the console's scrollback (console_hub). */
#define CONSOLE_CLIENTS ENABLE_CONSOLE

#define MAX_WAITERS 16

struct monitor {
	const struct container *c;
	struct ct_run *r;
	struct ct_status st;
	int lock_fd, ready_fd, mon_fd, lsock, sigfd;
	int console_master, console_slave, console_log_fd;
	char console_path[64];
	int tty_master[16], tty_slave[16];
	char *tty_paths[16];
	int ntty;
	char *root, *overlay_work;
	int own_mountpoint;        /* root is rundir/rootfs, ours to remove */
	int root_tree;             /* an idmapped container's rootfs tree, cloned by us */
	int ns_fds[8];             /* the container's namespaces, for lxc.hook.stop */
	struct ct_net net;         /* the interfaces made in its network namespace */
	int trim;                  /* drop the binary's pages when idle (a daemon) */
	int normal;                /* of the normal policy: sched_mode may change it */
	int stop_lock;             /* the container's lock, handed over by a waiting
				    * stop: answer first, clean up under it */
	long long trimmed_ms;      /* when last done */
	int waiters[MAX_WAITERS], nwaiters;
	long long kill_at_ms;      /* SIGKILL init at this time (0: not armed) */
	int held_sig;              /* a halt or reboot signal init may have
				      missed: sent again (signal_init) */
	long long held_at_ms;      /* when it was sent last */
	int reboot;                /* restart init when it exits */
	int stopping;
	int exit_status;
	struct termios saved_tty;
	int tty_saved;
	struct ct_cgroups cg;
	struct console_hub hub;    /* console scrollback and console clients */
	int held_go, held_err;     /* an OCI create's init, waiting for "start" */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void set_state(struct monitor *m, enum ct_state s)
{
	struct bb_err e;

	m->st.state = s;
	if (ct_write_status(m->c, &m->st, &e) < 0)
		ct_log(LOG_ERROR, "monitor", "%s", e.msg);
	ct_log(LOG_INFO, "monitor", "state %s", ct_state_name(s));
}

static int open_pty(int *master, int *slave, char *path, size_t len, struct bb_err *e)
{
	*master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0 || grantpt(*master) < 0 || unlockpt(*master) < 0 ||
	    ptsname_r(*master, path, len) != 0)
		return bb_err_set(e, errno, "can't allocate a pty");
	*slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*slave < 0)
		return bb_err_set(e, errno, "can't open '%s'", path);
	return 0;
}

/* The ptys: the console, and lxc.tty.max ttys. */
static int make_ptys(struct monitor *m, struct bb_err *e)
{
	int i;

	if (open_pty(&m->console_master, &m->console_slave, m->console_path,
		     sizeof(m->console_path), e) < 0)
		return -1;
	m->ntty = m->r->tty_max > 16 ? 16 : m->r->tty_max;
	for (i = 0; i < m->ntty; i++) {
		char path[64];

		if (open_pty(&m->tty_master[i], &m->tty_slave[i], path, sizeof(path), e) < 0)
			return -1;
		m->tty_paths[i] = strdup(path);
	}
	if (RUN_EXT(m->r) && m->r->ext->console) {
		/* An OCI --console-socket: the master is the receiver's. */
		if (m->r->ext->console(m->r->ext, m->console_master, e) < 0)
			return -1;
		close(m->console_master);
		m->console_master = -1;
		return 0;
	}
	if (!m->r->foreground || !isatty(STDIN_FILENO)) {
		struct termios t;

		/* Nobody types on it: no echo of what is written to it. */
		if (tcgetattr(m->console_master, &t) == 0) {
			t.c_lflag &= ~(ECHO | ECHONL);
			tcsetattr(m->console_master, TCSANOW, &t);
		}
	}
	return 0;
}

static void report_ready(struct monitor *m, const char *msg)
{
	if (m->ready_fd < 0)
		return;
	(void)full_write(m->ready_fd, msg, strlen(msg));
	close(m->ready_fd);
	m->ready_fd = -1;
	m->r->fg_ready = 0;
}

/* lxc.idmap: written by the monitor into the child's maps, directly as
 * root, through newuidmap/newgidmap otherwise (userns.c). */
static int write_idmaps(pid_t pid, const struct ct_run *r, struct bb_err *e)
{
	return userns_write_maps(pid, r->idmap, r->n_idmap, "lxc.idmap", e);
}

/* lxc.hook.stop runs once init is gone, in the host's namespaces, and
 * gets the container's ones as NS:/proc/MONITOR/fd/N arguments (as LXC
 * passes them): the monitor keeps them open from init's start on. */
static const struct { const char *name; unsigned long flag; } stop_ns[] = {
	{ "mnt", CLONE_NEWNS },   { "pid", CLONE_NEWPID },        { "uts", CLONE_NEWUTS },
	{ "ipc", CLONE_NEWIPC },  { "net", CLONE_NEWNET },        { "user", CLONE_NEWUSER },
	{ "cgroup", CLONE_NEWCGROUP },
};

static void keep_namespaces(struct monitor *m)
{
	size_t i;

	if (!RUN_HOOKS(m->r, HOOK_STOP))
		return;
	for (i = 0; i < ARRAY_SIZE(stop_ns); i++) {
		char path[64];

		if (!(m->r->clone_flags & stop_ns[i].flag))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)m->st.init_pid, stop_ns[i].name);
		m->ns_fds[i] = open(path, O_RDONLY | O_CLOEXEC);
	}
}

static void run_stop_hooks(struct monitor *m)
{
	char args[ARRAY_SIZE(stop_ns)][48];
	const char *argv[ARRAY_SIZE(stop_ns)];
	size_t i, n = 0;
	struct bb_err e;

	if (!RUN_HOOKS(m->r, HOOK_STOP))
		return;
	for (i = 0; i < ARRAY_SIZE(stop_ns); i++)
		if (m->ns_fds[i] >= 0) {
			snprintf(args[n], sizeof(args[n]), "%s:/proc/%d/fd/%d", stop_ns[i].name,
				 (int)getpid(), m->ns_fds[i]);
			argv[n] = args[n];
			n++;
		}
	if (ct_run_hooks_args(m->c, m->r, HOOK_STOP, m->root, argv, n, &e) < 0)
		ct_log(LOG_ERROR, "stop", "%s", e.msg);
	for (i = 0; i < ARRAY_SIZE(stop_ns); i++)
		if (m->ns_fds[i] >= 0) {
			close(m->ns_fds[i]);
			m->ns_fds[i] = -1;
		}
}

/* The interfaces, made while the child waits in its new namespace. */
/* Init's network namespace, held while init still waits for the
 * go-ahead: once it has changed its credentials (a user namespace's
 * root), /proc may refuse it to an unprivileged monitor. Kept also with
 * no interface of its own: what `device add` hands over comes back from
 * it at the stop (ct_net_teardown). */
static int open_netns(struct monitor *m, pid_t pid, struct bb_err *e)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	m->net.nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (m->net.nsfd < 0)
		return bb_err_set(e, errno, "can't open the container's network namespace");
	return 0;
}

static int setup_net(struct monitor *m, struct bb_err *e)
{
	return ct_net_has_nics(m->r) ? ct_net_setup(m->c, m->r, m->net.nsfd, &m->net, e) : 0;
}

/* What this kernel lacks (fallback.h), said once in the log. Without
 * cgroup namespaces (before Linux 4.6) the container starts without one. */
static void note_fallbacks(struct ct_run *r)
{
	char what[160];

	bb_fallback_describe(what, sizeof(what));
	if (what[0])
		ct_log(LOG_NOTICE, "start", "kernel features missing, fallbacks used: %s", what);
	if ((r->clone_flags & CLONE_NEWCGROUP) && !bb_have(BB_CGROUPNS)) {
		r->clone_flags &= ~(unsigned long)CLONE_NEWCGROUP;
		ct_log(LOG_WARN, "start", "no cgroup namespaces %s: started without one (lxc.mount.auto binds its own groups)",
		       bb_forced(BB_CGROUPNS) ? "(forced by " BB_FORCE_ENV ")" : "in this kernel (before Linux 4.6)");
	}
}

/* Whether the NICs can be made while init sets up its file systems:
 * yes, unless that setup may look at the network (sysctls, hooks, an OCI
 * runtime's steps). Init then waits for them before it execs. */
static int net_meanwhile(const struct ct_run *r)
{
	size_t i;

	if (!(r->clone_flags & CLONE_NEWNET) || RUN_SYSCTLS(r) || RUN_EXT(r))
		return 0;
	for (i = 0; i < sizeof(r->hooks) / sizeof(r->hooks[0]); i++)
		if (i != HOOK_PRE_START && i != HOOK_STOP && i != HOOK_POST_STOP && RUN_HOOKS(r, i))
			return 0;
	return 1;
}

/* The monitor's scheduling on start's path (raw calls: musl's
 * sched_setscheduler is a stub), for a monitor of the normal policy only
 * (m->normal: not one started under chrt), its nice value kept:
 * - SCHED_SHORT, a short time slice until start has its answer: the
 *   EEVDF scheduler (Linux 6.12+; older kernels ignore it) then runs it
 *   before the longer slices beside it (start, the process making the
 *   network namespace), and when init's exec wakes it on init's CPU it
 *   does not wait out init's slice while the other CPU is idle. Not for
 *   what it forks: the default slice around pre-start hooks and init's
 *   clone.
 * - SCHED_IDLE while it wakes start with its answer: start then takes
 *   its CPU at once (a CPU running only such tasks counts as free for a
 *   wake-up) instead of waiting behind init's exec on the other. Only
 *   that long: an idle task starves on a busy machine.
 * - SCHED_OTHER with the default slice otherwise. */
enum { SCHED_DEFAULT, SCHED_SHORT, SCHED_IDLE_ };

static void sched_mode(const struct monitor *m, int mode)
{
	struct {
		uint32_t size, policy;
		uint64_t flags;
		int32_t nice;
		uint32_t prio;
		uint64_t runtime, deadline, period;
	} a = { .size = sizeof(a), .policy = mode == SCHED_IDLE_ ? SCHED_IDLE : SCHED_OTHER,
		.runtime = mode == SCHED_SHORT ? 100000 : 0 };

	if (!m->normal)
		return;
	errno = 0;
	a.nice = getpriority(PRIO_PROCESS, 0);
	if (errno == 0)
		(void)syscall(SYS_sched_setattr, 0, &a, 0);
}

/* A start that fails before init has executed: init goes. When it had
 * failed on its own (its message on errfd), that is the error said. */
static int abandon_init(pid_t pid, int gofd, int errfd, struct bb_err *e)
{
	char msg[600];
	ssize_t n;

	close(gofd);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	n = full_read(errfd, msg, sizeof(msg) - 1);
	close(errfd);
	if (n > 0) {
		msg[n] = '\0';
		bb_err_set(e, 0, "%s", msg);
	}
	return -1;
}

/* Clone the container's init and wait for it to exec (or fail). */
static int spawn_init(struct monitor *m, struct bb_err *e)
{
	unsigned long flags = m->r->clone_flags;
	int ahead = m->r->net_maker.sock >= 0;
	int late_net = !ahead && net_meanwhile(m->r);
	int errp[2], gop[2], born_in = 0, rest;
	struct cg_join join;
	struct bb_err ignored;
	char msg[600];
	ssize_t n;
	pid_t pid;

	if (ahead) {
		if (ct_net_maker_collect(&m->r->net_maker, &m->net, e) < 0)
			return -1;
		flags &= ~(unsigned long)CLONE_NEWNET;
	}
	if (pipe2(errp, O_CLOEXEC) < 0 || pipe2(gop, O_CLOEXEC) < 0)
		return bb_err_set(e, errno, "pipe");
	/* Init joins its groups without the kernel's global migration lock
	 * (cgroup_join.c); in a new user namespace the monitor moves it. */
	cg_join_init(&join);
	if (m->cg.host && !RUN_USERNS(flags) &&
	    cg_join_open(m->cg.host, &m->cg.init, &join, &ignored) < 0)
		cg_join_init(&join); /* then the monitor moves it */
	/* The cgroup namespace is the child's to make, once it is in its
	 * group: that group is then its root. */
	sched_mode(m, SCHED_DEFAULT);
	pid = cg_clone_into(flags & ~(unsigned long)CLONE_NEWCGROUP, &join, &born_in);
	if (pid < 0) {
		bb_err_set(e, errno, "can't create the container's namespaces");
		cg_join_close(&join);
		close(errp[0]), close(errp[1]), close(gop[0]), close(gop[1]);
		return -1;
	}
	if (pid == 0) {
		struct child_args a = {
			.c = m->c, .run = m->r, .root = m->root, .overlay_work = m->overlay_work,
			.rootfs_tree = m->root_tree,
			.console_slave = m->console_slave, .console_path = m->console_path,
			.tty_paths = m->tty_paths, .ntty = m->ntty,
			.errfd = errp[1], .gofd = gop[0], .net_wait = late_net,
			.netns_fd = ahead ? m->net.nsfd : -1,
			.early = !child_needs_go_first(m->r), .join = &join,
		};

		close(errp[0]);
		close(gop[1]);
		child_main(&a);
	}
	close(errp[1]);
	close(gop[0]);
	sched_mode(m, SCHED_SHORT);
	/* Host-side setup of the new namespaces (while an early child
	 * mounts), then the go-ahead. */
	rest = m->cg.host ? cg_join_rest(m->cg.host, &m->cg.init, &join, born_in, pid, e) : 0;
	cg_join_close(&join);
	if (rest < 0 ||
	    (RUN_USERNS(flags) && (write_idmaps(pid, m->r, e) < 0 ||
				   (m->root_tree >= 0 &&
				    shift_idmap_tree(m->root_tree, m->r->rootfs_options, pid, e) < 0))) ||
	    ((flags & CLONE_NEWNET) && (open_netns(m, pid, e) < 0 ||
					(!late_net && setup_net(m, e) < 0))))
		return abandon_init(pid, gop[1], errp[0], e);
	if (full_write(gop[1], "g", 1) < 0) {
		bb_err_set(e, errno, "can't release the container's init");
		return abandon_init(pid, gop[1], errp[0], e);
	}
	if (late_net) {
		if (setup_net(m, e) < 0)
			return abandon_init(pid, gop[1], errp[0], e);
		/* An init that failed meanwhile has closed its end: its
		 * message follows on errp. */
		(void)full_write(gop[1], "n", 1);
	}
	if (RUN_HOOKS(m->r, HOOK_START_HOST) || (RUN_EXT(m->r) && m->r->ext->wait_start)) {
		/* The child says it is set up; the hooks run; init goes. */
		n = full_read(errp[0], msg, 1);
		if (n < 0)
			n = 0;
		if (n == 1 && msg[0] == CHILD_READY[0]) {
			struct bb_err he;
			int ok = !RUN_HOOKS(m->r, HOOK_START_HOST) ||
				 ct_run_hooks(m->c, m->r, HOOK_START_HOST, m->root, &he) == 0;

			if (ok && RUN_EXT(m->r) && m->r->ext->wait_start) {
				/* OCI create: init waits until a "start" request. */
				m->held_go = gop[1];
				m->held_err = errp[0];
				m->st.init_pid = pid;
				m->st.init_start = proc_start_time(pid);
				ct_log(LOG_INFO, "start", "init '%s' created as pid %d, waiting for start",
				       m->r->argv.v[0], (int)pid);
				keep_namespaces(m);
				return 0;
			}

			(void)full_write(gop[1], ok ? "g" : "x", 1);
			if (!ok) {
				close(gop[1]);
				close(errp[0]);
				waitpid(pid, NULL, 0);
				*e = he;
				return -1;
			}
			n = 0;
		}
	} else {
		n = 0;
	}
	close(gop[1]);
	{
		ssize_t more = full_read(errp[0], msg + n, sizeof(msg) - 1 - n);

		n += more > 0 ? more : 0;
	}
	close(errp[0]);
	if (n > 0) {
		msg[n] = '\0';
		waitpid(pid, NULL, 0);
		return bb_err_set(e, 0, "%s", msg);
	}
	m->st.init_pid = pid;
	m->st.init_start = proc_start_time(pid);
	ct_log(LOG_INFO, "start", "init '%s' started as pid %d", m->r->argv.v[0], (int)pid);
	keep_namespaces(m);
	return 0;
}

static void kill_init(struct monitor *m, int sig)
{
	struct bb_err e;

	if (m->st.init_pid > 0)
		kill(m->st.init_pid, sig);
	/* Every process of the container, also those outside its PID
	 * namespace (attach -s); init is reaped by serve(). */
	if (sig == SIGKILL && m->cg.host && cg_kill(m->cg.host, &m->cg.payload, 0, &e) < 0)
		ct_log(LOG_WARN, "stop", "%s", e.msg);
}

/* sig's bit in the mask of /proc/PID/status line KEY ("SigCgt:"); -1
 * when there is no such line. */
static int sig_bit(const char *status, const char *key, int sig)
{
	const char *l = strstr(status, key);
	char *end;
	unsigned long long mask;

	if (!l)
		return -1;
	l += strlen(key);
	mask = strtoull(l, &end, 16);
	return end == l ? -1 : (int)(mask >> (sig - 1) & 1);
}

/* Would a signal from outside reach pid, the init of its namespace: does
 * it catch sig, or block it (a blocked one is queued, whatever its
 * handler)? 1 when that can't be told. */
static int takes(pid_t pid, int sig)
{
	char path[32], *t;
	int r = 1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	t = read_file(path, 1 << 16, NULL);
	if (t && sig_bit(t, "\nSigCgt:", sig) == 0 && sig_bit(t, "\nSigBlk:", sig) == 0)
		r = 0;
	free(t);
	return r;
}

/* A namespace's init gets a signal from outside only once it handles or
 * blocks it (pid_namespaces(7)): a halt sent while init is still
 * starting (busybox init just exec'd, a shell before its trap) is lost,
 * and the stop would wait for its timeout. The signal goes at once; while
 * init shows neither a handler nor a block for it, it goes again when it
 * shows one, and each second (what /proc shows is not all: busybox init
 * waits for its signals in sigtimedwait, which its status does not show;
 * a busybox init already halting has reset its handlers and drops it). */
static void signal_init(struct monitor *m, int sig)
{
	m->held_sig = 0;
	kill_init(m, sig);
	if (sig != SIGKILL && m->st.init_pid > 0 && !takes(m->st.init_pid, sig)) {
		m->held_sig = sig;
		m->held_at_ms = now_ms();
	}
}

/* The loop's check of a held signal (above). */
static void resend_held(struct monitor *m)
{
	if (!m->held_sig || m->st.init_pid <= 0)
		return;
	if (takes(m->st.init_pid, m->held_sig)) {
		kill_init(m, m->held_sig);
		m->held_sig = 0;
	} else if (now_ms() - m->held_at_ms >= 1000) {
		kill_init(m, m->held_sig);
		m->held_at_ms = now_ms();
	}
}

/* Every process of the container has its SIGKILL: what is left is the
 * kernel's work (the processes exit, their namespaces are torn down) and
 * ours, done under the lock the stop handed us. That stop can go now,
 * unless something it may look at comes only after init is reaped: a
 * physical device or an interface `device add` put in given back, stop
 * or post-stop hooks, script.down, a pid file. */
static int can_answer_stopped(const struct monitor *m)
{
	size_t k;
	int i;

	if (m->stop_lock < 0 || !m->nwaiters || RUN_HOOKS(m->r, HOOK_STOP) ||
	    RUN_HOOKS(m->r, HOOK_POST_STOP) || m->r->pidfile)
		return 0;
	for (i = 0; i < m->net.n; i++)
		if (m->net.nic[i].type == CONF_NET_PHYS)
			return 0;
	for (k = 0; k < m->r->n_net; k++)
		if (m->r->net[k].script_down)
			return 0;
	return !ct_net_has_devices(m->c);
}

/* STOPPED, and the waiting stops told so. */
static void answer_stopped(struct monitor *m)
{
	int i;

	/* Monitor applets get LXC's order: init's end, STOPPING, STOPPED. */
	if (m->st.init_pid)
		ct_notify_exit(m->c, SIGKILL);
	if (m->st.state != CT_STOPPING)
		ct_notify_state(m->c, CT_STOPPING);
	set_state(m, CT_STOPPED);
	for (i = 0; i < m->nwaiters; i++) {
		(void)full_write(m->waiters[i], "stopped\n", 8);
		close(m->waiters[i]);
	}
	m->nwaiters = 0;
}

/* OCI start: the waiting init goes; the reply says whether its exec
 * worked ("ok", or "error WHY"). */
static void release_init(struct monitor *m, int fd)
{
	char msg[600], reply[CMD_LINE_MAX];
	ssize_t n;

	if (m->held_go < 0) {
		(void)full_write(fd, "error not waiting for a start\n", 30);
		close(fd);
		return;
	}
	(void)full_write(m->held_go, "g", 1);
	close(m->held_go);
	m->held_go = -1;
	n = full_read(m->held_err, msg, sizeof(msg) - 1);
	close(m->held_err);
	m->held_err = -1;
	if (n > 0) {
		msg[n] = '\0';
		msg[strcspn(msg, "\n")] = '\0';
		snprintf(reply, sizeof(reply), "error %.240s\n", msg);
	} else {
		snprintf(reply, sizeof(reply), "ok\n");
	}
	(void)full_write(fd, reply, strlen(reply));
	close(fd);
}

static void handle_request(struct monitor *m, int fd)
{
	char line[CMD_LINE_MAX], reply[CMD_LINE_MAX];
	int timeout = -1, tty, passed = -1;
	unsigned flags = 0;

	if (cmd_read_request(fd, line, sizeof(line), 1000, &passed) < 0) {
		if (passed >= 0)
			close(passed);
		close(fd);
		return;
	}
	/* Only a waiting stop hands its lock over. */
	if (passed >= 0 && (m->stop_lock >= 0 || strncmp(line, "stop ", 5) != 0)) {
		close(passed);
		passed = -1;
	}
	if (CONSOLE_CLIENTS && bb_sscanf(line, "console %d", &tty) == 1) {
		/* The connection becomes a console client: its bytes go to
		 * the tty, the tty's output comes back (see console.c). */
		if (tty < 0 || tty > m->ntty || m->hub.n >= HUB_CLIENTS) {
			(void)full_write(fd, "error no such tty, or too many clients\n", 39);
			close(fd);
			return;
		}
		(void)full_write(fd, "ok\n", 3);
		hub_add(&m->hub, fd, tty);
		return;
	}
	/* OCI start (oci_run.c): init waits for it. */
	if (ENABLE_OCI && strcmp(line, "start") == 0) {
		if (passed >= 0)
			close(passed);
		release_init(m, fd);
		return;
	}
	if (strcmp(line, "state") == 0) {
		snprintf(reply, sizeof(reply), "%s %d\n", ct_state_name(m->st.state),
			 (int)m->st.init_pid);
		(void)full_write(fd, reply, strlen(reply));
		close(fd);
		return;
	}
	if (bb_sscanf(line, "stop %d %u", &timeout, &flags) == 2) {
		if (flags & CT_STOP_REBOOT) {
			if (passed >= 0)
				close(passed);
			/* Answered at once: the container goes on. */
			(void)full_write(fd, "rebooting\n", 10);
			close(fd);
			m->reboot = 1;
			ct_log(LOG_NOTICE, "monitor", "reboot requested");
			signal_init(m, m->r->sig_reboot);
			return;
		}
		if (m->nwaiters < MAX_WAITERS && !(flags & CT_STOP_NOWAIT)) {
			m->waiters[m->nwaiters++] = fd;
			/* Kept only by a kill, which ends promptly: a stop that
			 * may give up waiting must not leave its lock here. */
			if (flags & CT_STOP_KILL) {
				m->stop_lock = passed;
				passed = -1;
			}
		} else {
			(void)full_write(fd, "stopping\n", 9), close(fd);
		}
		if (passed >= 0)
			close(passed);
		m->stopping = 1;
		/* Straight to STOPPED when the stop can be answered at once. */
		if ((flags & CT_STOP_KILL) && can_answer_stopped(m)) {
			kill_init(m, SIGKILL);
			answer_stopped(m);
			return;
		}
		set_state(m, CT_STOPPING);
		if ((flags & CT_STOP_KILL) || (timeout == 0 && !(flags & CT_STOP_NOKILL))) {
			kill_init(m, SIGKILL);
		} else {
			signal_init(m, m->r->sig_halt);
			if (timeout > 0 && !(flags & CT_STOP_NOKILL))
				m->kill_at_ms = now_ms() + timeout * 1000LL;
		}
		return;
	}
	if (passed >= 0)
		close(passed);
	(void)full_write(fd, "error unknown request\n", 22);
	close(fd);
}

/* The console's output: to the terminal (foreground) or the console log,
 * and to the scrollback and console clients. 0 on EOF/error. */
static int console_pump(struct monitor *m)
{
	char buf[4096];
	ssize_t n = read(m->console_master, buf, sizeof(buf));
	int to = m->r->foreground ? STDOUT_FILENO : m->console_log_fd;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n <= 0)
		return 0;
	if (to >= 0)
		(void)full_write(to, buf, n);
	if (CONSOLE_CLIENTS)
		hub_output(&m->hub, 0, buf, n);
	return 1;
}

/* Console clients: their input to their tty; the ttys' output to them. */
static void serve_clients(struct monitor *m, const struct pollfd *cp, int ncl,
			  const struct pollfd *tp)
{
	char buf[4096];
	ssize_t n;
	int i;

	for (i = 0; i < m->ntty; i++)
		if (tp[i].fd >= 0 && (tp[i].revents & POLLIN) &&
		    (n = read(m->tty_master[i], buf, sizeof(buf))) > 0)
			hub_output(&m->hub, i + 1, buf, n);
	/* Backwards: a removal moves the last client into the gap. */
	for (i = ncl - 1; i >= 0; i--) {
		int tty = m->hub.c[i].tty;

		if (!(cp[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(m->hub.c[i].fd, buf, sizeof(buf));
		if (n > 0)
			(void)full_write(tty ? m->tty_master[tty - 1] : m->console_master, buf, n);
		else if (n == 0 || (errno != EINTR && errno != EAGAIN))
			hub_remove(&m->hub, i);
	}
}

/* Copy what is readable on `from` to `to` (-1: discard). 0 on EOF/error. */
static int pump(int from, int to)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n <= 0)
		return 0;
	if (to >= 0)
		(void)full_write(to, buf, n);
	return 1;
}

static void set_winsize(struct monitor *m)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(m->console_master, TIOCSWINSZ, &ws);
}

/* Wait for init, serving requests and the console. Returns when init
 * exited and no restart is wanted. */
static int serve(struct monitor *m)
{
	int stdin_open = m->r->foreground && !m->r->passthrough;

	for (;;) {
		struct pollfd p[4 + HUB_CLIENTS + 16];
		int np = 0, timeout = -1, status, ncl = CONSOLE_CLIENTS ? m->hub.n : 0, i, trim;
		pid_t pid;

		p[np++] = (struct pollfd){ .fd = m->sigfd, .events = POLLIN };
		p[np++] = (struct pollfd){ .fd = m->lsock, .events = POLLIN };
		p[np++] = (struct pollfd){ .fd = m->console_master, .events = POLLIN };
		p[np++] = (struct pollfd){ .fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN };
		for (i = 0; i < ncl; i++)
			p[np++] = (struct pollfd){ .fd = m->hub.c[i].fd, .events = POLLIN };
		for (i = 0; i < m->ntty; i++)
			p[np++] = (struct pollfd){ .fd = CONSOLE_CLIENTS && hub_clients_of(&m->hub, i + 1) ?
						   m->tty_master[i] : -1, .events = POLLIN };
		if (m->kill_at_ms) {
			long long left = m->kill_at_ms - now_ms();

			timeout = left < 0 ? 0 : left > 60000 ? 60000 : (int)left;
		}
		if (m->held_sig && (timeout < 0 || timeout > 50))
			timeout = 50;
		/* Idle, a daemon's monitor keeps almost nothing of the binary
		 * resident. Pages come back on every wake-up: dropped again at
		 * most once a second, a second after the last drop at the
		 * latest (a timeout), so that the set does not grow. */
		trim = 0;
		if (m->trim) {
			long long since = now_ms() - m->trimmed_ms;

			if (since >= 1000) {
				trim = 1;
				m->trimmed_ms = now_ms();
			} else if (timeout < 0 || timeout > 1000 - since) {
				timeout = (int)(1000 - since);
			}
		}
		if (bb_idle_poll(p, np, timeout, trim) < 0 && errno != EINTR)
			return -1;
		if (m->kill_at_ms && now_ms() >= m->kill_at_ms) {
			ct_log(LOG_NOTICE, "stop", "init did not stop in time: SIGKILL");
			m->held_sig = 0;
			kill_init(m, SIGKILL);
			m->kill_at_ms = 0;
		}
		resend_held(m);
		if (p[2].revents & POLLIN)
			console_pump(m);
		if (p[3].revents & (POLLIN | POLLHUP))
			stdin_open = pump(STDIN_FILENO, m->console_master);
		if (CONSOLE_CLIENTS)
			serve_clients(m, p + 4, ncl, p + 4 + ncl);
		if (p[1].revents & POLLIN) {
			int fd;

			while ((fd = cmd_accept(m->lsock)) >= 0)
				handle_request(m, fd);
		}
		if (p[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(m->sigfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGWINCH)
					set_winsize(m);
				else if (si.ssi_signo != SIGCHLD && !m->stopping) {
					/* SIGTERM, SIGINT, SIGHUP to the monitor: stop cleanly. */
					m->stopping = 1;
					set_state(m, CT_STOPPING);
					signal_init(m, m->r->sig_halt);
					m->kill_at_ms = now_ms() + 10000;
				}
			}
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			struct pollfd cp = { .fd = m->console_master, .events = POLLIN };

			if (pid != m->st.init_pid)
				continue;
			m->held_sig = 0; /* for this init only */
			/* What init wrote last is still in the console. */
			while (poll(&cp, 1, 0) > 0 && (cp.revents & POLLIN) && console_pump(m))
				;
			if (WIFEXITED(status)) {
				m->exit_status = WEXITSTATUS(status);
				ct_log(m->exit_status ? LOG_WARN : LOG_INFO, "monitor",
				       "init exited with status %d", m->exit_status);
			} else {
				m->exit_status = 128 + WTERMSIG(status);
				ct_log(LOG_INFO, "monitor", "init was killed by signal %d",
				       WTERMSIG(status));
			}
			if (m->st.state != CT_STOPPED) /* else told by answer_stopped */
				ct_notify_exit(m->c, status);
			m->st.init_pid = 0;
			m->st.init_start = 0;
			m->kill_at_ms = 0;
			/* SIGHUP is how the kernel ends a pid namespace's init on reboot(2). */
			if (!m->stopping && (m->reboot ||
			    (WIFSIGNALED(status) && WTERMSIG(status) == SIGHUP)))
				return 1;
			return 0;
		}
	}
}

static void restore_tty(struct monitor *m)
{
	if (m->tty_saved)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &m->saved_tty);
	m->tty_saved = 0;
}

static void cleanup(struct monitor *m)
{
	struct bb_err e;
	int i;

	restore_tty(m);
	if (m->lsock >= 0)
		close(m->lsock);
	if (m->held_go >= 0)
		close(m->held_go);
	if (m->held_err >= 0)
		close(m->held_err);
	m->held_go = m->held_err = -1;
	/* A start that failed: its interfaces go at once, also those made
	 * ahead and not taken yet. */
	if (ct_net_maker_collect(&m->r->net_maker, &m->net, &e) < 0)
		ct_log(LOG_WARN, "start", "%s", e.msg);
	ct_net_maker_end(&m->r->net_maker);
	if (m->net.nsfd >= 0)
		ct_net_teardown(m->c, m->r, &m->net, 1);
	if (ct_run_hooks(m->c, m->r, HOOK_POST_STOP, m->root, &e) < 0)
		ct_log(LOG_ERROR, "stop", "%s", e.msg);
	if (m->own_mountpoint) {
		/* The rootfs was mounted in the container's mount namespace
		 * only; its mount point is ours to remove. */
		rmdir(m->root);
	}
	if (m->root_tree >= 0)
		close(m->root_tree);
	if (m->r->pidfile)
		unlink(m->r->pidfile);
	if (m->stop_lock >= 0 && m->nwaiters) {
		/* The stop that waits gave us the container's lock: it gets its
		 * answer now (everything of the container is gone but groups
		 * and files), and no start comes in before we are done. */
		answer_stopped(m);
	}
	ct_cgroup_release(m->c, &m->cg);
	hub_free(&m->hub);
	ct_clear_rundir(m->c);
	if (m->st.state != CT_STOPPED)
		ct_notify_stopped(m->c, m->st.state);
	/* Its own group: it moves out and removes it, before a waiting stop
	 * hears "stopped". Not left to that stop once this process is gone:
	 * an exited process stays in its group until its parent, the host's
	 * init, reaps it, and some inits (a sandbox's, a minimal one) reap
	 * only every second or two. */
	ct_cgroup_leave(&m->cg);
	for (i = 0; i < m->nwaiters; i++) {
		(void)full_write(m->waiters[i], "stopped\n", 8);
		close(m->waiters[i]);
	}
	m->nwaiters = 0;
	ct_log(LOG_INFO, "monitor", "container stopped");
	if (m->stop_lock >= 0)
		close(m->stop_lock);
	m->stop_lock = -1;
}

/* Where the child mounts the rootfs: the directory itself (bound onto
 * itself), or rundir/rootfs for an overlay, and for a container with a
 * user namespace. Its mapped root may not be able to walk the path to a
 * rootfs under a private directory (a 0700 lxcpath, a home): the monitor
 * clones the rootfs's mount tree now, as the host's root, and the child
 * attaches it at rundir/rootfs, which every user can reach. Kernels
 * without open_tree (before 5.2) and other users bind the path in the
 * child as before. */
static int prepare_root(struct monitor *m, struct bb_err *e)
{
	const char *spec = m->r->rootfs;
	int overlay = strncmp(spec, "overlay:", 8) == 0 || strncmp(spec, "overlayfs:", 10) == 0;
	char *path = rootfs_spec_path(spec);

	if (!path)
		return bb_err_set(e, ENOMEM, "rootfs");
	if (!overlay && !RUN_USERNS(m->r->clone_flags)) {
		m->root = path;
		return 0;
	}
	if (overlay) {
		/* LXC keeps overlay's workdir beside the upper dir: olwork. */
		char *slash = strrchr(path, '/');

		if (slash)
			*slash = '\0';
		m->overlay_work = path_join(*path ? path : "/", "olwork");
	} else {
		struct stat st;

		if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
			bb_err_set(e, errno ? errno : ENOTDIR, "rootfs '%s' is missing", path);
			free(path);
			return -1;
		}
		m->root_tree = rootfs_open_tree(spec, e);
		if (m->root_tree < 0) {
			/* Before Linux 5.2, or another user (no right to
			 * clone mounts here): the child binds the path. */
			if (e->errnum != ENOSYS && e->errnum != EPERM) {
				free(path);
				return -1;
			}
			m->root = path;
			return 0;
		}
	}
	free(path);
	m->root = path_join(m->c->rundir, "rootfs");
	if (!m->root || (overlay && !m->overlay_work))
		return bb_err_set(e, ENOMEM, "rootfs");
	if (mkdir(m->root, 0755) < 0 && errno != EEXIST)
		return bb_err_set(e, errno, "can't create '%s'", m->root);
	m->own_mountpoint = 1;
	return 0;
}

static int write_pidfile(const char *path, struct bb_err *e)
{
	char buf[32];
	int fd, n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || full_write(fd, buf, n) < 0) {
		if (fd >= 0)
			close(fd);
		return bb_err_set(e, errno, "can't write pid file '%s'", path);
	}
	close(fd);
	return 0;
}

/* The monitor's life. Returns init's exit status, or -1 with e when the
 * container could not be started. */
static int monitor_run(struct monitor *m, struct bb_err *e)
{
	sigset_t mask;
	char *path;
	int restart;

	prctl(PR_SET_NAME, "ctbox-monitor", 0, 0, 0);
	m->normal = syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER;
	sched_mode(m, SCHED_SHORT);
	m->st.monitor_pid = getpid();
	m->st.sig_halt = m->r->sig_halt;
	m->st.state = CT_STARTING;
	path = path_join(m->c->rundir, "monitor");
	m->mon_fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
	free(path);
	if (m->mon_fd < 0 || flock(m->mon_fd, LOCK_EX) < 0)
		return bb_err_set(e, errno, "can't take the monitor lock");
	set_state(m, CT_STARTING);
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGWINCH);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	/* A client that went away must not take the monitor with it. */
	signal(SIGPIPE, SIG_IGN);
	m->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (m->sigfd < 0)
		return bb_err_set(e, errno, "signalfd");
	m->lsock = cmd_listen(m->c, e);
	if (m->lsock < 0 || prepare_root(m, e) < 0 || make_ptys(m, e) < 0)
		return -1;
	if (m->r->console_log) {
		m->console_log_fd = open(m->r->console_log,
					 O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0600);
		if (m->console_log_fd < 0)
			return bb_err_set(e, errno, "can't open console log '%s'", m->r->console_log);
	}
	note_fallbacks(m->r);
	if (RUN_HOOKS(m->r, HOOK_PRE_START)) {
		sched_mode(m, SCHED_DEFAULT);
		if (ct_run_hooks(m->c, m->r, HOOK_PRE_START, m->root, e) < 0)
			return -1;
		sched_mode(m, SCHED_SHORT);
	}
	if (ct_cgroup_prepare(m->c, m->r, &m->cg, e) < 0)
		return -1;
	if (m->r->foreground && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &m->saved_tty) == 0) {
		struct termios raw = m->saved_tty;

		cfmakeraw(&raw);
		m->tty_saved = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
		set_winsize(m);
	}
	do {
		if (spawn_init(m, e) < 0)
			return -1;
		set_state(m, CT_RUNNING);
		if (m->r->pidfile && write_pidfile(m->r->pidfile, e) < 0) {
			kill_init(m, SIGKILL);
			waitpid(m->st.init_pid, NULL, 0);
			return -1;
		}
		sched_mode(m, m->r->foreground ? SCHED_DEFAULT : SCHED_IDLE_);
		report_ready(m, "");
		sched_mode(m, SCHED_DEFAULT);
		ct_unlock(m->lock_fd);
		m->lock_fd = -1;
		/* A foreground monitor's own child. */
		ct_net_maker_end(&m->r->net_maker);
		/* Off start's critical path: the monitor's own group (a
		 * foreground monitor is the caller's process: it stays put). */
		if (!m->r->foreground && !m->cg.monitor_in && m->cg.host &&
		    ct_cgroup_enter_monitor(m->c, &m->cg, e) < 0)
			ct_log(LOG_WARN, "monitor", "%s", e->msg);
		/* From here on it mostly waits: a small resident set. */
		if (!m->r->foreground) {
			bb_trim_resident();
			m->trim = 1;
		}
		restart = serve(m);
		if (restart < 0)
			return bb_err_set(e, errno, "monitor");
		run_stop_hooks(m);
		ct_net_teardown(m->c, m->r, &m->net, 0);
		if (restart) {
			ct_log(LOG_NOTICE, "monitor", "rebooting");
			m->reboot = 0;
			set_state(m, CT_STARTING);
			/* The rootfs tree went with the last init's mount
			 * namespace: a fresh clone for the next. */
			if (m->root_tree >= 0) {
				close(m->root_tree);
				m->root_tree = rootfs_open_tree(m->r->rootfs, e);
				if (m->root_tree < 0)
					return -1;
			}
		}
	} while (restart);
	return m->exit_status;
}

static void monitor_free(struct monitor *m)
{
	int i;

	for (i = 0; i < m->ntty; i++)
		free(m->tty_paths[i]);
	free(m->root);
	free(m->overlay_work);
}

int ct_start(const struct container *c, struct ct_run *r, int lock_fd, struct bb_err *e)
{
	struct monitor m = {
		.c = c, .r = r, .lock_fd = lock_fd, .ready_fd = -1, .mon_fd = -1, .lsock = -1,
		.sigfd = -1, .console_master = -1, .console_slave = -1, .console_log_fd = -1,
		.root_tree = -1, .ns_fds = { -1, -1, -1, -1, -1, -1, -1, -1 }, .stop_lock = -1,
		.held_go = -1, .held_err = -1,
	};
	int readyp[2], status;
	pid_t pid;

	ct_net_init(&m.net);
	if (ct_make_rundir(c, e) < 0) {
		ct_unlock(lock_fd);
		return -1;
	}
	ct_clear_rundir(c);
	/* Under the lock, the run dir clear: the NICs may come. */
	ct_net_maker_go(&r->net_maker);
	if (r->foreground) {
		if (r->fg_ready > 2)
			m.ready_fd = r->fg_ready;
		status = monitor_run(&m, e);
		if (status < 0)
			ct_log(LOG_ERROR, "start", "%s", e->msg);
		cleanup(&m);
		monitor_free(&m);
		ct_unlock(m.lock_fd);
		return status;
	}
	if (pipe2(readyp, O_CLOEXEC) < 0) {
		ct_unlock(lock_fd);
		return bb_err_set(e, errno, "pipe");
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		ct_unlock(lock_fd);
		return bb_err_set(e, errno, "can't fork the monitor");
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		close(readyp[0]);
		m.ready_fd = readyp[1];
		r->net_maker.pid = -1; /* start's child, start reaps it */
		setsid();
		/* passthrough (an OCI container without a terminal): init
		 * keeps the caller's stdio. */
		if (null >= 0 && !r->passthrough)
			dup2(null, 0), dup2(null, 1), dup2(null, 2);
		if (null >= 0)
			close(null);
		status = monitor_run(&m, e);
		if (status < 0) {
			char msg[sizeof(e->msg) + 80];

			snprintf(msg, sizeof(msg), "%s%s%s", e->msg, e->errnum ? ": " : "",
				 e->errnum ? strerror(e->errnum) : "");
			ct_log(LOG_ERROR, "start", "%s", msg);
			if (m.st.state != CT_RUNNING)
				set_state(&m, CT_ABORTING);
			report_ready(&m, msg);
		}
		cleanup(&m);
		_exit(status < 0 ? 1 : 0);
	}
	close(readyp[1]);
	/* The monitor holds its own copy of the lock until the container runs. */
	ct_unlock(lock_fd);
	{
		/* Init joins its groups without the global migration lock
		 * (cgroup_join.c), except in a new user namespace, where the
		 * monitor moves it: that move waits less (a grace period
		 * after a quiet spell, on kernels without favordynmods) when
		 * this runs meanwhile; forked only now, it takes no CPU from
		 * the monitor and the namespace maker before they run. */
		const struct cg_host *h = RUN_USERNS(r->clone_flags) ? cg_host(NULL) : NULL;
		pid_t warm = h ? cg_prewarm(h) : -1;
		char msg[600];
		ssize_t n = full_read(readyp[0], msg, sizeof(msg) - 1);

		close(readyp[0]);
		cg_prewarm_done(warm);
		if (n > 0) {
			msg[n] = '\0';
			waitpid(pid, NULL, 0);
			return bb_err_set(e, 0, "%s", msg);
		}
		if (n < 0)
			return bb_err_set(e, errno, "waiting for the monitor");
	}
	/* Reap the monitor's zombie later: it was ours; the kernel reparents
	 * it when we exit, which start does right away. */
	return 0;
}
