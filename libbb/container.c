/* Containers on disk and at run time: paths, lock, state file, listing. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "ct_cgroup.h"
#include "ct_net.h"
#include "notify.h"

static const char *const state_names[CT_STATE_MAX] = {
	[CT_STOPPED] = "STOPPED",   [CT_STARTING] = "STARTING",
	[CT_RUNNING] = "RUNNING",   [CT_STOPPING] = "STOPPING",
	[CT_ABORTING] = "ABORTING", [CT_FREEZING] = "FREEZING",
	[CT_FROZEN] = "FROZEN",     [CT_THAWED] = "THAWED",
};

const char *ct_state_name(enum ct_state s)
{
	return (unsigned)s < CT_STATE_MAX ? state_names[s] : "UNKNOWN";
}

int ct_state_parse(const char *s)
{
	int i;

	for (i = 0; i < CT_STATE_MAX; i++)
		if (strcasecmp(s, state_names[i]) == 0)
			return i;
	return -1;
}

/* Root: /run/ctbox. Another user, as LXC: $XDG_RUNTIME_DIR/ctbox, else
 * ~/.cache/ctbox/run. */
const char *ct_rundir_base(void)
{
	static char user[512];
	const char *env = getenv("CTBOX_RUNDIR"), *base;

	if (env && env[0] == '/')
		return env;
	if (geteuid() == 0)
		return CTBOX_DEFAULT_RUNDIR;
	if (!user[0]) {
		base = getenv("XDG_RUNTIME_DIR");
		if (base && base[0] == '/')
			snprintf(user, sizeof(user), "%s/ctbox", base);
		else if ((base = getenv("HOME")) && base[0] == '/')
			snprintf(user, sizeof(user), "%s/.cache/ctbox/run", base);
		else
			snprintf(user, sizeof(user), "/run/user/%u/ctbox", (unsigned)geteuid());
	}
	return user;
}

/* FNV-1a: a short, stable directory name for an lxcpath of any length. */
static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

int ct_init(struct container *c, const char *lxcpath, const char *name, struct bb_err *e)
{
	const char *why;

	memset(c, 0, sizeof(*c));
	if (bb_check_name(name, &why) < 0)
		return bb_err_set(e, 0, "invalid container name '%s': %s", name, why);
	c->name = strdup(name);
	c->lxcpath = strdup(lxcpath);
	c->dir = path_join(lxcpath, name);
	if (c->dir)
		c->config_path = path_join(c->dir, "config");
	if (asprintf(&c->rundir, "%s/%016llx/%s", ct_rundir_base(),
		     (unsigned long long)fnv1a(lxcpath), name) < 0)
		c->rundir = NULL;
	if (!c->name || !c->lxcpath || !c->dir || !c->config_path || !c->rundir) {
		ct_free(c);
		return bb_err_set(e, ENOMEM, "container paths");
	}
	return 0;
}

void ct_free(struct container *c)
{
	free(c->name);
	free(c->lxcpath);
	free(c->dir);
	free(c->config_path);
	free(c->rundir);
	memset(c, 0, sizeof(*c));
}

int ct_defined(const struct container *c)
{
	return access(c->config_path, F_OK) == 0;
}

static int mkdir_p(char *path, mode_t mode)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, mode) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int ct_make_rundir(const struct container *c, struct bb_err *e)
{
	char *p = strdup(c->rundir), *lp;
	int r;

	if (!p)
		return bb_err_set(e, ENOMEM, "run directory");
	r = mkdir_p(p, 0755);
	free(p);
	if (r < 0)
		return bb_err_set(e, errno, "can't create '%s'", c->rundir);
	/* Note which lxcpath the hashed directory stands for. */
	lp = path_join(c->rundir, "../lxcpath");
	if (lp && access(lp, F_OK) < 0) {
		int fd = open(lp, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		if (fd >= 0) {
			(void)full_write(fd, c->lxcpath, strlen(c->lxcpath));
			(void)full_write(fd, "\n", 1);
			close(fd);
		}
	}
	free(lp);
	return 0;
}

int ct_lock(const struct container *c, unsigned flags, struct bb_err *e)
{
	char *path;
	int fd;

	if (ct_make_rundir(c, e) < 0)
		return -1;
	path = path_join(c->rundir, "lock");
	if (!path)
		return bb_err_set(e, ENOMEM, "lock");
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		bb_err_set(e, errno, "can't open lock '%s'", path);
		free(path);
		return -1;
	}
	free(path);
	while (flock(fd, LOCK_EX | ((flags & CT_LOCK_NB) ? LOCK_NB : 0)) < 0) {
		if (errno == EINTR)
			continue;
		bb_err_set(e, errno, "container '%s' is busy (locked by another command)", c->name);
		close(fd);
		return -1;
	}
	return fd;
}

void ct_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

unsigned long long proc_start_time(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	ssize_t n;
	int fd, field;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* The command name may hold spaces and ')': skip to the last ')'. */
	p = strrchr(buf, ')');
	if (!p)
		return 0;
	/* After ')' come fields 3 (state) ... 22 (starttime). */
	for (field = 2; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoull(p + 1, NULL, 10);
	return start;
}

/* Is the monitor alive? It holds an exclusive flock on RUNDIR/monitor. */
static int monitor_alive(const struct container *c)
{
	char *path = path_join(c->rundir, "monitor");
	int fd, alive = 0;

	if (!path)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK)
		alive = 1;
	close(fd);
	return alive;
}

int ct_get_status(const struct container *c, struct ct_status *st, struct bb_err *e)
{
	char *path = path_join(c->rundir, "state"), *text, word[16];
	int ipid = 0, mpid = 0, sig = 0, s;
	unsigned long long start = 0;

	memset(st, 0, sizeof(*st));
	st->state = CT_STOPPED;
	if (!path)
		return bb_err_set(e, ENOMEM, "state");
	text = read_file(path, 256, NULL);
	free(path);
	if (!text)
		return errno == ENOENT ? 0 : bb_err_set(e, errno, "can't read the state of '%s'", c->name);
	if (bb_sscanf(text, "%15s %d %llu %d %d", word, &ipid, &start, &mpid, &sig) != 5 ||
	    (s = ct_state_parse(word)) < 0) {
		free(text);
		return bb_err_set(e, 0, "corrupt state file in '%s'", c->rundir);
	}
	free(text);
	if (monitor_alive(c)) {
		st->state = s;
		/* STOPPED: a stop -k was answered; the killed init may not be
		 * reaped yet, but it is no longer the container's. */
		st->init_pid = s == CT_STOPPED ? 0 : ipid;
		st->init_start = start;
		st->monitor_pid = mpid;
		st->sig_halt = sig;
		return 0;
	}
	/* No monitor (killed): the container lives as long as its init. */
	if (ipid > 0 && start && proc_start_time(ipid) == start &&
	    (s == CT_RUNNING || s == CT_FROZEN || s == CT_FREEZING || s == CT_THAWED ||
	     s == CT_STOPPING)) {
		st->state = s;
		st->init_pid = ipid;
		st->init_start = start;
		st->sig_halt = sig;
	}
	return 0;
}

int ct_write_status(const struct container *c, const struct ct_status *st, struct bb_err *e)
{
	char *path = path_join(c->rundir, "state"), line[128];
	int n, r = -1;

	if (!path)
		return bb_err_set(e, ENOMEM, "state");
	n = snprintf(line, sizeof(line), "%s %d %llu %d %d\n", ct_state_name(st->state),
		     (int)st->init_pid, st->init_start, (int)st->monitor_pid, st->sig_halt);
	if (bb_write_replace(path, line, n) < 0) {
		bb_err_set(e, errno, "can't write '%s'", path);
	} else {
		r = 0;
		ct_notify_state(c, st->state);
	}
	free(path);
	return r;
}

static void remove_files(const struct container *c, const char *const *files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *p = path_join(c->rundir, files[i]);

		if (p)
			unlink(p);
		free(p);
	}
}

void ct_clear_rundir(const struct container *c)
{
	static const char *const files[] = { "state", "state.tmp", "sock", "monitor" };

	char *mnt = path_join(c->rundir, "rootfs");

	ct_cgroup_remove_saved(c);
	ct_net_forget(c);
	remove_files(c, files, ARRAY_SIZE(files));
	/* The mount point of an overlay or idmapped rootfs, empty out of
	 * the container's mount namespace; left by a killed monitor. */
	if (mnt)
		rmdir(mnt);
	free(mnt);
}

void ct_remove_rundir(const struct container *c)
{
	static const char *const files[] = { "lock" };

	ct_clear_rundir(c);
	remove_files(c, files, ARRAY_SIZE(files));
	rmdir(c->rundir);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ct_list(const char *lxcpath, char ***names, size_t *n, struct bb_err *e)
{
	DIR *d = opendir(lxcpath);
	struct dirent *de;
	size_t cap = 0;
	char **v = NULL;

	*names = NULL;
	*n = 0;
	if (!d)
		return errno == ENOENT ? 0 : bb_err_set(e, errno, "can't read '%s'", lxcpath);
	while ((de = readdir(d)) != NULL) {
		char *cfg;
		int defined;

		if (bb_check_name(de->d_name, NULL) < 0)
			continue;
		cfg = malloc(strlen(lxcpath) + strlen(de->d_name) + 9);
		if (!cfg)
			goto nomem;
		sprintf(cfg, "%s/%s/config", lxcpath, de->d_name);
		defined = access(cfg, F_OK) == 0;
		free(cfg);
		if (!defined)
			continue;
		if (*n == cap) {
			char **nv;

			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto nomem;
			v = nv;
		}
		if (!(v[*n] = strdup(de->d_name)))
			goto nomem;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_names);
	*names = v;
	return 0;
nomem:
	closedir(d);
	ct_list_free(v, *n);
	*n = 0;
	return bb_err_set(e, ENOMEM, "listing '%s'", lxcpath);
}

void ct_list_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
