/* Entering a running container: join its namespaces through the
 * /proc/PID/ns files of its init (pinned by a pidfd, or checked by its
 * start time on kernels without pidfds), fork the command inside its PID
 * namespace, apply the container's capability bounding set, no_new_privs
 * and environment, and relay signals and (with a terminal) a pty from the
 * container's devpts. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <grp.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "attach.h"
#include "ct_cgroup.h"
#include "conf.h"
#include "container.h"
#include "seccomp.h"
#include "fallback.h"
#include "sysnr.h"

#define REEXEC_ENV "CTBOX_SEALED"

static const struct nsdesc {
	const char *lxc, *proc;
	unsigned long flag;
} nstab[] = {
	/* The user namespace first: it gives the rights to join the others. */
	{ "USER", "user", CLONE_NEWUSER },   { "MOUNT", "mnt", CLONE_NEWNS },
	{ "PID", "pid", CLONE_NEWPID },      { "UTSNAME", "uts", CLONE_NEWUTS },
	{ "IPC", "ipc", CLONE_NEWIPC },      { "NETWORK", "net", CLONE_NEWNET },
	{ "CGROUP", "cgroup", CLONE_NEWCGROUP },
};

unsigned long attach_parse_namespaces(const char *s, struct bb_err *e)
{
	char buf[256], *tok, *save = NULL;
	unsigned long flags = 0;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		for (i = 0; i < ARRAY_SIZE(nstab); i++)
			if (strcasecmp(tok, nstab[i].lxc) == 0)
				break;
		if (i == ARRAY_SIZE(nstab)) {
			bb_err_set(e, 0, "unknown namespace '%s' (MOUNT, PID, UTSNAME, IPC, USER, NETWORK, CGROUP)", tok);
			return 0;
		}
		flags |= nstab[i].flag;
	}
	if (!flags)
		bb_err_set(e, 0, "no namespace given");
	return flags;
}

int reexec_sealed(char **argv)
{
	extern char **environ;
	int fd;

	if (getenv(REEXEC_ENV))
		return 0;
	fd = bb_sealed_self(NULL);
	if (fd < 0)
		return -1;
	setenv(REEXEC_ENV, "1", 1);
	fexecve(fd, argv, environ);
	close(fd);
	return -1;
}

/* Is pid still the init that started at start? With a pidfd opened before
 * its namespaces were, it has not exited (so its PID was not reused);
 * without, its start time is checked once more. */
static int same_init(int pidfd, pid_t pid, unsigned long long start)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };

	if (pidfd >= 0)
		return poll(&p, 1, 0) == 0;
	return proc_start_time(pid) == start;
}

/* Join the namespaces in `want` (CLONE_NEW* flags) that differ from
 * ours. With cgns not NULL, its cgroup namespace is not joined but
 * opened into *cgns (-1: none to join), for the attached process to join
 * after it was born in its groups from outside it (cg_clone_into). */
static int join(pid_t pid, unsigned long long start, unsigned long want, int *cgns,
		struct bb_err *e)
{
	int fds[ARRAY_SIZE(nstab)];
	int pidfd = bb_have(BB_PIDFD) ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
	size_t i;
	int r = 0;

	if (!same_init(-1, pid, start)) {
		if (pidfd >= 0)
			close(pidfd);
		return bb_err_set(e, ESRCH, "the container's init (PID %d) is gone", (int)pid);
	}
	for (i = 0; i < ARRAY_SIZE(nstab); i++) {
		char theirs[64], ours[64];
		struct stat a, b;

		fds[i] = -1;
		if (!(want & nstab[i].flag))
			continue;
		if (nstab[i].flag == CLONE_NEWCGROUP && !bb_have(BB_CGROUPNS))
			continue; /* started without one (before Linux 4.6) */
		snprintf(theirs, sizeof(theirs), "/proc/%d/ns/%s", (int)pid, nstab[i].proc);
		snprintf(ours, sizeof(ours), "/proc/self/ns/%s", nstab[i].proc);
		if (stat(theirs, &a) < 0)
			continue; /* not on this kernel */
		if (stat(ours, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			continue; /* shared with us already */
		fds[i] = open(theirs, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			r = bb_err_set(e, errno, "can't open %s", theirs);
			goto out;
		}
	}
	if (!same_init(pidfd, pid, start)) {
		r = bb_err_set(e, ESRCH, "the container's init (PID %d) went away while attaching", (int)pid);
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(nstab); i++) {
		if (fds[i] >= 0 && cgns && nstab[i].flag == CLONE_NEWCGROUP) {
			*cgns = fds[i];
			fds[i] = -1;
			continue;
		}
		if (fds[i] >= 0 && setns(fds[i], nstab[i].flag) < 0) {
			r = bb_err_set(e, errno, "can't join the %s namespace", nstab[i].proc);
			goto out;
		}
	}
out:
	for (i = 0; i < ARRAY_SIZE(nstab); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (pidfd >= 0)
		close(pidfd);
	return r;
}

static void build_env(const struct attach_opts *o, const struct lxc_conf *conf)
{
	extern char **environ;
	size_t i;

	unsetenv(REEXEC_ENV);
	if (o->exact_env) {
		clearenv();
		for (i = 0; o->set_vars && i < o->set_vars->n; i++)
			putenv((char *)o->set_vars->v[i]);
		return;
	}
	if (o->clear_env) {
		char **keep = calloc(o->keep_vars ? o->keep_vars->n + 1 : 1, sizeof(*keep));

		for (i = 0; keep && o->keep_vars && i < o->keep_vars->n; i++) {
			const char *v = getenv(o->keep_vars->v[i]);

			keep[i] = v ? xasprintf("%s=%s", o->keep_vars->v[i], v) : NULL;
		}
		clearenv();
		for (i = 0; keep && o->keep_vars && i < o->keep_vars->n; i++)
			if (keep[i])
				putenv(keep[i]);
		free(keep);
		setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
		setenv("TERM", getenv("TERM") ? getenv("TERM") : "linux", 1);
	} else if (!getenv("PATH")) {
		setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
	}
	setenv("container", "lxc", 1);
	for (i = 0; conf && i < conf->environment.n; i++)
		if (strchr(conf->environment.v[i], '='))
			putenv(conf->environment.v[i]);
	for (i = 0; o->set_vars && i < o->set_vars->n; i++)
		putenv((char *)o->set_vars->v[i]);
	(void)environ;
}

/* The child, inside the PID namespace: becomes the command. */
static void run_child(const struct attach_opts *o, const struct lxc_conf *conf, int slave,
		      const struct sc_prog *sc)
{
	const char *shell_argv[2] = { NULL, NULL };
	char *const *argv = o->cmd;
	struct passwd *pw;
	struct bb_err e;
	uid_t uid = o->uid >= 0 ? (uid_t)o->uid : conf ? conf->init_uid : 0;
	gid_t gid = o->gid >= 0 ? (gid_t)o->gid : conf ? conf->init_gid : 0;
	int cap;

	if (slave >= 0) {
		setsid();
		ioctl(slave, TIOCSCTTY, 0);
		dup2(slave, 0), dup2(slave, 1), dup2(slave, 2);
		if (slave > 2)
			close(slave);
	}
	if (o->remount_sys_proc && !(o->namespaces & CLONE_NEWNS) && unshare(CLONE_NEWNS) == 0) {
		mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL);
		umount2("/proc", MNT_DETACH);
		mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
		umount2("/sys", MNT_DETACH);
		mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL);
	}
	if (!o->elevated && conf) {
		uint64_t drop = conf->cap_keep_set ? ~conf->cap_keep : conf->cap_drop;

		if (bb_drop_bound(drop, &cap) < 0)
			bb_perror_msg_and_die("can't drop capability %d", cap);
		if (conf->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			bb_perror_msg_and_die("can't set no_new_privs");
	}
	build_env(o, conf);
	pw = getpwuid(uid);
	/* The container's seccomp filter, also with -e (as LXC), while still
	 * privileged enough to install it. */
	if (sc->len && sc_install(sc, &e) < 0)
		bb_err_die(&e);
	/* Always, also for 0: after joining a user namespace the host's
	 * root is unmapped there (nobody, without capabilities) until it
	 * becomes the namespace's own root. setgroups is denied in some
	 * user namespaces (/proc/PID/setgroups): then the groups stay. */
	if (setgroups(0, NULL) < 0 && errno != EPERM)
		bb_perror_msg_and_die("can't drop the supplementary groups");
	if (setresgid(gid, gid, gid) < 0)
		bb_perror_msg_and_die("can't switch to gid %ld", (long)gid);
	if (setresuid(uid, uid, uid) < 0)
		bb_perror_msg_and_die("can't switch to uid %ld", (long)uid);
	if (o->exact_env && !getenv("HOME"))
		setenv("HOME", pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : "/", 1);
	if (o->cwd) {
		if (chdir(o->cwd) < 0)
			bb_perror_msg_and_die("can't change to the directory '%s'", o->cwd);
	} else if (pw && pw->pw_dir && *pw->pw_dir) {
		setenv("HOME", pw->pw_dir, 1);
		if (chdir(pw->pw_dir) < 0 && chdir("/") < 0)
			bb_perror_msg_and_die("chdir /");
	}
	if (!argv || !argv[0]) {
		/* No command: the user's login shell in the container. */
		shell_argv[0] = pw && pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh";
		argv = (char *const *)shell_argv;
	}
	execvp(argv[0], argv);
	bb_perror_msg("can't execute '%s'", argv[0]);
	_exit(127);
}

/* The signals relayed to the command, and SIGCHLD, SIGWINCH: blocked
 * before the fork so that none is lost, read from a signalfd. */
static void relay_mask(sigset_t *mask)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
				    SIGCHLD, SIGWINCH };
	size_t i;

	sigemptyset(mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaddset(mask, sigs[i]);
}

static int relay(pid_t child, int master, int logfd, const sigset_t *mask)
{
	struct termios saved, raw;
	int tty_saved = 0, in_open = master >= 0, status = 0;
	int sfd = signalfd(-1, mask, SFD_CLOEXEC);

	if (sfd < 0) {
		/* No signalfd: no relaying, only the exit status. */
		while (waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
		return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}

	if (master >= 0 && isatty(0) && tcgetattr(0, &saved) == 0) {
		struct winsize ws;

		raw = saved;
		cfmakeraw(&raw);
		tty_saved = tcsetattr(0, TCSANOW, &raw) == 0;
		if (ioctl(0, TIOCGWINSZ, &ws) == 0)
			ioctl(master, TIOCSWINSZ, &ws);
	}
	for (;;) {
		struct pollfd p[3] = {
			{ .fd = sfd, .events = POLLIN },
			{ .fd = master, .events = POLLIN },
			{ .fd = in_open ? 0 : -1, .events = POLLIN },
		};
		char buf[4096];
		ssize_t n;

		if (poll(p, 3, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents & (POLLIN | POLLHUP)) {
			n = read(master, buf, sizeof(buf));
			if (n > 0) {
				(void)full_write(1, buf, n);
				if (logfd >= 0)
					(void)full_write(logfd, buf, n);
			}
		}
		if (p[2].revents & (POLLIN | POLLHUP)) {
			n = read(0, buf, sizeof(buf));
			if (n > 0)
				(void)full_write(master, buf, n);
			else
				in_open = 0;
		}
		if (p[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo == SIGWINCH) {
				struct winsize ws;

				if (master >= 0 && ioctl(0, TIOCGWINSZ, &ws) == 0)
					ioctl(master, TIOCSWINSZ, &ws);
			} else if (si.ssi_signo != SIGCHLD) {
				kill(child, si.ssi_signo);
			} else if (waitpid(child, &status, WNOHANG) == child) {
				/* Whatever the command wrote last is still in the pty. */
				while (master >= 0 && (n = read(master, buf, sizeof(buf))) > 0) {
					(void)full_write(1, buf, n);
					if (logfd >= 0)
						(void)full_write(logfd, buf, n);
				}
				break;
			}
		}
	}
	if (tty_saved)
		tcsetattr(0, TCSAFLUSH, &saved);
	close(sfd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* cgroup.procs of the container's group in every hierarchy (none when
 * the host has no cgroups or the container runs without); with j, also
 * what the attached process needs to join them itself (cg_join_open),
 * and then no cgroup.procs where it has the tasks file. */
static int open_cgroups(const struct container *c, int *fds, struct cg_join *j,
			struct bb_err *e)
{
	const struct cg_host *h;
	struct cg_group g;
	int i;

	if (ct_cgroup_load(c, &h, &g, e) < 0)
		return e->errnum == ENOENT ? 0 : -1;
	if (j && cg_join_open(h, &g, j, e) < 0)
		return -1;
	for (i = 0; i < h->n; i++) {
		char *p;

		if (!g.path[i][0] || (j && j->tasks[i] >= 0))
			continue;
		p = cg_path(h, &g, i, "cgroup.procs");
		fds[i] = p ? open(p, O_WRONLY | O_CLOEXEC) : -1;
		if (fds[i] < 0) {
			bb_err_set(e, errno, "can't open '%s'", p ? p : "cgroup.procs");
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

/* The attached process into the groups it did not join itself
 * (cg_join_left). */
static int place(const int *fds, const struct cg_join *j, int born_in, pid_t pid,
		 struct bb_err *e)
{
	char num[24];
	int i, n = snprintf(num, sizeof(num), "%d", (int)pid);

	for (i = 0; i < CG_HIER_MAX; i++)
		if (fds[i] >= 0 && cg_join_left(j, born_in, i) && write(fds[i], num, n) != n)
			return bb_err_set(e, errno, "can't move the attached process into the container's cgroup");
	return 0;
}

/* Does the process have a user namespace other than ours? */
static int own_userns(pid_t pid)
{
	char theirs[64];
	struct stat a, b;

	snprintf(theirs, sizeof(theirs), "/proc/%d/ns/user", (int)pid);
	return stat(theirs, &a) == 0 && stat("/proc/self/ns/user", &b) == 0 &&
	       (a.st_ino != b.st_ino || a.st_dev != b.st_dev);
}

int ct_attach(const struct attach_opts *o, struct bb_err *e)
{
	struct lxc_conf *conf = NULL;
	struct sc_prog sc = { 0 };
	struct container c;
	struct ct_status st;
	int master = -1, slave = -1, logfd = -1, r = -1, gop[2] = { -1, -1 }, cgfds[CG_HIER_MAX];
	int cgns = -1, born_in = 0, lockfree, placed;
	struct cg_join cj;
	sigset_t mask, oldmask;
	size_t i;
	pid_t child, warm = -1;

	const struct cg_host *h = o->elevated ? NULL : cg_host(NULL);

	cg_join_init(&cj);
	for (i = 0; i < ARRAY_SIZE(cgfds); i++)
		cgfds[i] = -1;
	if (ct_init(&c, o->lxcpath, o->name, e) < 0)
		return -1;
	if (!ct_defined(&c)) {
		bb_err_set(e, 0, "container '%s' does not exist", c.name);
		goto out;
	}
	if (ct_get_status(&c, &st, e) < 0)
		goto out;
	if (st.state != CT_RUNNING) {
		bb_err_set(e, 0, "container '%s' is %s", c.name,
			   st.state == CT_FROZEN || st.state == CT_FREEZING ? "frozen" : "not running");
		goto out;
	}
	/* As root, into a container without a user namespace of its own,
	 * the attached process joins the container's groups without the
	 * kernel's global migration lock (cgroup_join.c). Otherwise attach
	 * moves it by PID, which waits less (a grace period after a quiet
	 * spell) when this runs meanwhile. */
	lockfree = h && geteuid() == 0 && !own_userns(st.init_pid);
	if (h && !lockfree)
		warm = cg_prewarm(h);
	conf = conf_new();
	if (!conf || conf_load_file(conf, c.config_path, e) < 0 ||
	    sc_conf_program(conf, &sc, NULL, NULL, e) < 0)
		goto out;
	if (o->log_file && (logfd = open(o->log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) < 0) {
		bb_err_set(e, errno, "can't open '%s'", o->log_file);
		goto out;
	}
	/* The container's groups are opened on the host's side, before the
	 * mount namespace changes; the child is placed from here. */
	if (!o->elevated && open_cgroups(&c, cgfds, lockfree ? &cj : NULL, e) < 0)
		goto out;
	/* Not dumpable: the child waits inside the container's PID namespace,
	 * still the host's root, until placed; nobody in there may ptrace it
	 * (an unprivileged container's root could otherwise take it over).
	 * The command's exec makes it dumpable again, as the container's. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		bb_err_set(e, errno, "can't make attach undumpable");
		goto out;
	}
	if (join(st.init_pid, st.init_start, o->namespaces ? o->namespaces : ~0UL,
		 cj.dir >= 0 ? &cgns : NULL, e) < 0)
		goto out;
	if (isatty(0) || o->console_sock > 0) {
		/* A pty of the container's own devpts (we are in its mount
		 * namespace when it was joined). */
		char path[64];

		master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
		    ptsname_r(master, path, sizeof(path)) != 0 ||
		    (slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
			bb_err_set(e, errno, "can't allocate a pty in the container");
			goto out;
		}
		/* The caller's window size, before the command can ask. */
		{
			struct winsize ws;

			if (ioctl(0, TIOCGWINSZ, &ws) == 0)
				ioctl(master, TIOCSWINSZ, &ws);
		}
	}
	if (pipe2(gop, O_CLOEXEC) < 0) {
		bb_err_set(e, errno, "pipe");
		goto out;
	}
	relay_mask(&mask);
	sigprocmask(SIG_BLOCK, &mask, &oldmask);
	fflush(NULL);
	/* Born in the container's v2 group from outside its cgroup
	 * namespace (joined by the child then). */
	child = cj.dir >= 0 ? cg_clone_into(0, &cj, &born_in) : fork();
	if (child < 0) {
		bb_err_set(e, errno, "fork");
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		goto out;
	}
	if (child == 0) {
		struct bb_err ce;
		char go;

		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		if (master >= 0)
			close(master);
		close(gop[1]);
		if (cg_join_self(&cj, &ce) < 0) {
			die_status = 127;
			bb_err_die(&ce);
		}
		if (read(gop[0], &go, 1) != 1)
			_exit(127); /* not placed in the container's groups */
		close(gop[0]);
		if (cgns >= 0 && setns(cgns, CLONE_NEWCGROUP) < 0) {
			die_status = 127;
			bb_perror_msg_and_die("can't join the cgroup namespace");
		}
		if (cgns >= 0)
			close(cgns);
		run_child(o, conf, slave, &sc);
	}
	close(gop[0]);
	gop[0] = -1;
	placed = place(cgfds, &cj, born_in, child, e);
	cg_join_close(&cj);
	if (cgns >= 0)
		close(cgns);
	cgns = -1;
	if (placed < 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		goto out;
	}
	(void)full_write(gop[1], "g", 1);
	close(gop[1]);
	gop[1] = -1;
	if (slave >= 0)
		close(slave);
	slave = -1;
	if (o->console_sock > 0 && master >= 0) {
		/* Sent, not relayed: from here on only the exit status. */
		if (o->send_console(o->console_sock, master, e) < 0) {
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
			sigprocmask(SIG_SETMASK, &oldmask, NULL);
			goto out;
		}
		close(master);
		master = -1;
	}
	r = relay(child, master, logfd, &mask);
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
out:
	for (i = 0; i < ARRAY_SIZE(cgfds); i++)
		if (cgfds[i] >= 0)
			close(cgfds[i]);
	cg_join_close(&cj);
	if (cgns >= 0)
		close(cgns);
	for (i = 0; i < 2; i++)
		if (gop[i] >= 0)
			close(gop[i]);
	if (master >= 0)
		close(master);
	if (slave >= 0)
		close(slave);
	if (logfd >= 0)
		close(logfd);
	conf_free(conf);
	sc_prog_free(&sc);
	ct_free(&c);
	cg_prewarm_done(warm);
	return r;
}
