/* Freezing and killing a group: the v1 freezer controller where a v1
 * hierarchy has it, else the v2 core files cgroup.freeze, cgroup.events
 * and cgroup.kill. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The hierarchy that freezes g; *v2 tells which kind. */
static int freezer_of(const struct cg_host *h, const struct cg_group *g, int *v2)
{
	int i = cg_hier_of(h, "freezer");

	if (i >= 0 && !h->h[i].v2 && g->path[i][0]) {
		*v2 = 0;
		return i;
	}
	for (i = 0; i < h->n; i++)
		if (h->h[i].v2 && g->path[i][0]) {
			*v2 = 1;
			return i;
		}
	return -1;
}

static int put(const char *path, const char *value, struct bb_err *e)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(value);

	if (fd < 0)
		return bb_err_set(e, errno, "can't open '%s'", path);
	if (write(fd, value, len) != (ssize_t)len) {
		bb_err_set(e, errno, "can't write '%s' to '%s'", value, path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* The value of "KEY N" in a flat keyed file (cgroup.events), or -1. */
static int keyed(int fd, const char *key)
{
	char buf[512], *p;
	ssize_t n;
	size_t l = strlen(key);

	if (lseek(fd, 0, SEEK_SET) < 0 || (n = read(fd, buf, sizeof(buf) - 1)) < 0)
		return -1;
	buf[n] = '\0';
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, l) == 0 && p[l] == ' ')
			return atoi(p + l + 1);
	return -1;
}

/* Wait until cgroup.events says KEY is want: the kernel wakes poll()
 * (POLLPRI) on every change of that file. */
static int wait_events(const char *dir, const char *key, int want, int timeout_ms,
		       struct bb_err *e)
{
	char *p = path_join(dir, "cgroup.events");
	long long end = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	int fd = p ? open(p, O_RDONLY | O_CLOEXEC) : -1, r = -1;

	if (fd < 0) {
		bb_err_set(e, errno, "can't open '%s'", p ? p : "cgroup.events");
		free(p);
		return -1;
	}
	for (;;) {
		struct pollfd pf = { .fd = fd, .events = POLLPRI };
		long long left = end < 0 ? -1 : end - now_ms();

		if (keyed(fd, key) == want) {
			r = 0;
			break;
		}
		if (timeout_ms == 0) {
			r = 1;
			break;
		}
		if (end >= 0 && left <= 0) {
			bb_err_set(e, ETIMEDOUT, "'%s' did not reach '%s %d'", p, key, want);
			break;
		}
		if (poll(&pf, 1, left < 0 || left > 1000 ? 1000 : (int)left) < 0 && errno != EINTR) {
			bb_err_set(e, errno, "poll '%s'", p);
			break;
		}
	}
	close(fd);
	free(p);
	return r;
}

static char *read_trim(const char *path)
{
	char *t = read_file(path, 4096, NULL);

	if (t)
		t[strcspn(t, "\n")] = '\0';
	return t;
}

/* v1: the freezer has no notification; look again, backing off from
 * 0.1 to 10 ms. */
static int v1_wait(const char *state_file, const char *want, int timeout_ms, struct bb_err *e)
{
	long long end = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	long delay_us = 100;

	for (;;) {
		char *t = read_trim(state_file);
		int done = t && strcmp(t, want) == 0;
		struct timespec ts;

		free(t);
		if (done)
			return 0;
		if (timeout_ms == 0)
			return 1;
		if (end >= 0 && now_ms() >= end)
			return bb_err_set(e, ETIMEDOUT, "'%s' did not become %s", state_file, want);
		/* v1 needs the request repeated to finish freezing tasks that
		 * were busy the first time. */
		if (strcmp(want, "FROZEN") == 0)
			(void)put(state_file, want, e);
		ts.tv_sec = 0;
		ts.tv_nsec = delay_us * 1000;
		nanosleep(&ts, NULL);
		if (delay_us < 10000)
			delay_us *= 2;
	}
}

int cg_freeze(const struct cg_host *h, const struct cg_group *g, int freeze, int timeout_ms,
	      struct bb_err *e)
{
	int v2, i = freezer_of(h, g, &v2), r;
	char *p;

	if (i < 0)
		return bb_err_set(e, ENOTSUP, "this host has no cgroup freezer");
	if (v2) {
		char *dir = cg_path(h, g, i, NULL);

		p = cg_path(h, g, i, "cgroup.freeze");
		r = !p || !dir ? bb_err_set(e, ENOMEM, "cgroup") : put(p, freeze ? "1" : "0", e);
		if (!r)
			r = wait_events(dir, "frozen", freeze, timeout_ms, e);
		if (r < 0 && freeze && p)
			(void)put(p, "0", NULL);
		free(dir);
		free(p);
		return r;
	}
	p = cg_path(h, g, i, "freezer.state");
	if (!p)
		return bb_err_set(e, ENOMEM, "cgroup");
	r = put(p, freeze ? "FROZEN" : "THAWED", e);
	if (!r)
		r = v1_wait(p, freeze ? "FROZEN" : "THAWED", timeout_ms, e);
	if (r < 0 && freeze) {
		struct bb_err ignored;

		(void)put(p, "THAWED", &ignored);
	}
	free(p);
	return r;
}

int cg_freeze_state(const struct cg_host *h, const struct cg_group *g, struct bb_err *e)
{
	int v2, i = freezer_of(h, g, &v2), r = -1;
	char *p, *t;

	if (i < 0)
		return bb_err_set(e, ENOTSUP, "this host has no cgroup freezer");
	p = cg_path(h, g, i, v2 ? "cgroup.freeze" : "freezer.state");
	t = p ? read_trim(p) : NULL;
	if (!t) {
		bb_err_set(e, errno, "can't read '%s'", p ? p : "freezer");
	} else if (!v2) {
		r = strcmp(t, "FROZEN") == 0 ? CG_FROZEN : strcmp(t, "FREEZING") == 0 ? CG_FREEZING
										: CG_THAWED;
	} else if (strcmp(t, "1") != 0) {
		r = CG_THAWED;
	} else {
		char *ev = cg_path(h, g, i, "cgroup.events");
		int fd = ev ? open(ev, O_RDONLY | O_CLOEXEC) : -1;

		r = fd >= 0 && keyed(fd, "frozen") == 1 ? CG_FROZEN : CG_FREEZING;
		if (fd >= 0)
			close(fd);
		free(ev);
	}
	free(t);
	free(p);
	return r;
}

/* SIGKILL every process listed in dir/cgroup.procs and below; returns
 * how many were signalled. */
static int kill_tree(const char *dir)
{
	char *p = path_join(dir, "cgroup.procs"), *t = p ? read_file(p, 1 << 22, NULL) : NULL, *s;
	DIR *d;
	struct dirent *de;
	int n = 0;

	for (s = t; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : NULL) {
		pid_t pid = (pid_t)atoi(s);

		if (pid > 1 && kill(pid, SIGKILL) == 0)
			n++;
	}
	free(t);
	free(p);
	d = opendir(dir);
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		p = path_join(dir, de->d_name);
		if (p)
			n += kill_tree(p);
		free(p);
	}
	if (d)
		closedir(d);
	return n;
}

int cg_kill(const struct cg_host *h, const struct cg_group *g, int wait, struct bb_err *e)
{
	long long end = now_ms() + 10000;
	int i, v2, fz;

	for (i = 0; i < h->n; i++) {
		char *kill_file, *dir;
		int r;

		if (!h->h[i].v2 || !g->path[i][0])
			continue;
		kill_file = cg_path(h, g, i, "cgroup.kill");
		dir = cg_path(h, g, i, NULL);
		r = kill_file && dir && access(kill_file, F_OK) == 0 ? put(kill_file, "1", e) : 1;
		if (r == 0 && wait)
			r = wait_events(dir, "populated", 0, 10000, e);
		free(kill_file);
		free(dir);
		if (r <= 0)
			return r;
	}
	/* v1 (or v2 before cgroup.kill): freeze so that nobody forks while
	 * the list is read, kill, thaw so the kills land. */
	fz = freezer_of(h, g, &v2);
	for (i = 0; i < h->n; i++)
		if (g->path[i][0] && !h->h[i].v2)
			break;
	if (i == h->n)
		i = fz;
	if (i < 0)
		return 0;
	while (cg_populated(h, g)) {
		char *dir = cg_path(h, g, i, NULL);
		struct timespec ts = { 0, 5000000 };
		struct bb_err ignored;

		if (!dir)
			return bb_err_set(e, ENOMEM, "cgroup");
		if (fz >= 0)
			(void)cg_freeze(h, g, 1, 1000, &ignored);
		kill_tree(dir);
		if (fz >= 0)
			(void)cg_freeze(h, g, 0, 1000, &ignored);
		free(dir);
		if (!wait)
			break;
		if (now_ms() > end)
			return bb_err_set(e, EBUSY, "processes of the cgroup survived SIGKILL");
		nanosleep(&ts, NULL);
	}
	return 0;
}
