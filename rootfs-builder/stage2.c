/* Maintainer scripts inside the new root (stage2.h). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seccomp.h"
#include "stage2_int.h"

static const struct {
	const char *name;
	unsigned maj, min;
} devs[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

/* In the child: report why it failed on fd and exit. */
static void NORETURN child_fail(int fd, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void child_fail(int fd, const char *fmt, ...)
{
	char buf[S2_WHY_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		(void)!write(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	_exit(1);
}

/* Mounts the scripts need, inside the child's own mount namespace. */
static void child_mounts(const char *t, int rfd)
{
	char p[4096];
	size_t i;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		child_fail(rfd, "can't make mounts private: %s", strerror(errno));
	snprintf(p, sizeof(p), "%s/proc", t);
	mkdir(p, 0555);
	if (mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		child_fail(rfd, "can't mount /proc in the new root: %s", strerror(errno));
	snprintf(p, sizeof(p), "%s/dev", t);
	mkdir(p, 0755);
	if (mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=1m") < 0)
		child_fail(rfd, "can't mount /dev in the new root: %s", strerror(errno));
	for (i = 0; i < ARRAY_SIZE(devs); i++) {
		snprintf(p, sizeof(p), "%s/dev/%s", t, devs[i].name);
		if (mknod(p, S_IFCHR | 0666, makedev(devs[i].maj, devs[i].min)) < 0)
			child_fail(rfd, "can't make /dev/%s: %s", devs[i].name, strerror(errno));
	}
	snprintf(p, sizeof(p), "%s/dev/pts", t);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/dev/shm", t);
	mkdir(p, 01777);
}

/* Run argv chrooted into the target (the current directory), output to
 * the log; its exit status or -1. Only the scripts are chrooted, never
 * PID 1 of the namespace: so `ischroot` in them answers yes (/proc/1/root
 * is not their root), as under debootstrap, and they do not try to
 * restart init. */
static int run(char *const argv[], int logfd)
{
	pid_t pid = s2_spawn(argv, NULL, logfd);
	int st;

	if (pid < 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Packages whose preinst the others need first, as debootstrap installs
 * them first: base-passwd's makes /etc/passwd and /etc/group (without
 * them debconf, adduser and friends cannot look up root). */
static const char *const first[] = { "base-passwd", "base-files" };

static int is_first(const struct pkg *p)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(first); i++)
		if (!strcmp(p->name, first[i]))
			return 1;
	return 0;
}

/* Every preinst ("install"): the `first` ones, then the others. */
static int preinsts(struct s2_pass *c)
{
	unsigned char *want = xzalloc(c->s->n + 1);
	int r = 0, pass;
	size_t i;

	c->want = want;
	for (pass = 0; pass < 2 && r == 0; pass++) {
		for (i = 0; i < c->s->n; i++)
			want[i] = is_first(c->s->order[i]) == !pass;
		r = s2_run_pass(c);
	}
	c->want = NULL;
	free(want);
	return r;
}

/* The sync family as no-ops for every script and dpkg (rb_stage2 syncs
 * the root once at the end instead): dpkg's fsync of each status and info
 * update, the sync(1) calls of scripts (of the whole machine's dirty
 * data). Without seccomp filters they run as they are: slower, not
 * different. */
static void nosync(int logfd)
{
	const struct sc_arch *a = sc_arch_native(NULL);
	struct sc_prog prog = { 0 };
	struct bb_err e;

	if (!a || !sc_kernel_has_filters()) {
		dprintf(logfd, "ctbox: no seccomp filters here: the scripts' syncs are real\n");
		return;
	}
	if (sc_nosync_program(a, &prog, &e) < 0 || sc_install(&prog, &e) < 0)
		dprintf(logfd, "ctbox: the scripts' syncs are real: %s\n", e.msg);
	sc_prog_free(&prog);
}

/* PID 1 of the new namespace: everything else it started dies with it. */
static void NORETURN stage2_child(struct rb_stage2 *s, int logfd, int rfd)
{
	char *dpkg[] = { "/usr/bin/dpkg", "--triggers-only", "-a", NULL };
	struct s2_pass c = { .s = s, .script = "preinst", .arg1 = "install", .logfd = logfd };
	int st;

	child_mounts(s->target, rfd);
	if (chdir(s->target) < 0)
		child_fail(rfd, "can't enter %s: %s", s->target, strerror(errno));
	nosync(logfd);
	if (preinsts(&c) < 0)
		child_fail(rfd, "%s", c.why);
	c.script = "postinst";
	c.arg1 = "configure";
	c.configure = 1;
	if (s2_run_pass(&c) < 0)
		child_fail(rfd, "%s", c.why);
	if (access("usr/bin/dpkg", X_OK) == 0) {
		st = s2_activate_triggers(&c);
		if (st < 0)
			child_fail(rfd, "%s", c.why);
		if (st > 0) {
			dprintf(logfd, "ctbox: dpkg --triggers-only -a\n");
			st = run(dpkg, logfd);
			if (st)
				child_fail(rfd, "dpkg --triggers-only -a failed (exit status %d)", st);
		}
	}
	_exit(0);
}

/* The package dpkg names in "dpkg: error processing package X (...)". */
static void dpkg_culprit(const char *log, char *out, size_t n)
{
	size_t len;
	char *text = read_file(log, 64 << 20, &len), *p, *q;

	out[0] = 0;
	if (!text)
		return;
	p = strstr(text, "error processing package ");
	if (p) {
		p += strlen("error processing package ");
		q = strpbrk(p, " \n");
		snprintf(out, n, "%.*s", (int)(q ? q - p : (long)strlen(p)), p);
	}
	free(text);
}

/* What the scripts did not sync, once: the root is as durable on return
 * as when each of their syncs ran. */
static int sync_target(const char *t, struct bb_err *e)
{
	int fd = open(t, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		return bb_err_set(e, errno, "can't open '%s'", t);
	r = syncfs(fd);
	if (r < 0)
		bb_err_set(e, errno, "can't sync '%s'", t);
	close(fd);
	return r;
}

/* The unpacked files written back while the scripts run, on the CPU
 * they leave idle: the sync after them then has only their own changes
 * to write. A process, not a thread: the scripts' namespace is cloned
 * raw, and a thread of ours could hold a libc lock at that moment. */
static pid_t sync_ahead(const char *t)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct bb_err ignored;

		_exit(sync_target(t, &ignored) < 0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int rb_stage2(struct rb_stage2 *s, struct bb_err *e)
{
	int logfd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int pfd[2], st;
	char why[S2_WHY_MAX] = "";
	pid_t pid, ahead = -1;
	ssize_t n;

	if (logfd < 0)
		return bb_err_set(e, errno, "can't create '%s'", s->log);
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		close(logfd);
		return bb_err_set(e, errno, "pipe");
	}
	/* fork() into new PID and mount namespaces (as the monitor does). */
	pid = (pid_t)syscall(SYS_clone, CLONE_NEWPID | CLONE_NEWNS | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid < 0) {
		bb_err_set(e, errno, "can't start the maintainer scripts' namespace");
		goto fail;
	}
	if (pid == 0) {
		close(pfd[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		stage2_child(s, logfd, pfd[1]);
	}
	close(pfd[1]);
	pfd[1] = -1;
	ahead = sync_ahead(s->target);
	n = read(pfd[0], why, sizeof(why) - 1);
	why[n > 0 ? n : 0] = 0;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			bb_err_set(e, errno, "waiting for the maintainer scripts");
			goto fail;
		}
	close(pfd[0]);
	close(logfd);
	reap(ahead);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return sync_target(s->target, e);
	if (!why[0])
		snprintf(why, sizeof(why), "maintainer scripts %s %d", WIFEXITED(st) ?
			 "exited with status" : "killed by signal",
			 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	if (strstr(why, "dpkg --triggers-only")) {
		char pkg[128];

		dpkg_culprit(s->log, pkg, sizeof(pkg));
		if (pkg[0])
			return bb_err_set(e, 0, "%s: configuring failed: %s (see %s)", pkg, why, s->log);
	}
	return bb_err_set(e, 0, "%s (see %s)", why, s->log);
fail:
	reap(ahead);
	close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	close(logfd);
	return -1;
}
