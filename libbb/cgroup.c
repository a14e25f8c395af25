/* Control groups: the host's layout, groups as paths per hierarchy, and
 * the plain file operations on them (see cgroup.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"

const char *cg_layout_name(enum cg_layout l)
{
	static const char *const names[] = {
		[CG_LAYOUT_NONE] = "none", [CG_LAYOUT_V1] = "v1",
		[CG_LAYOUT_HYBRID] = "hybrid", [CG_LAYOUT_V2] = "v2",
	};

	return l < ARRAY_SIZE(names) ? names[l] : "?";
}

/* Mount options of a v1 hierarchy that are not controllers. */
static int is_mount_flag(const char *o)
{
	static const char *const flags[] = {
		"rw", "ro", "xattr", "noprefix", "clone_children", "cpuset_v2_mode",
		"all", "none", "favordynmods", "nosuid", "nodev", "noexec", "relatime",
		"sync", "dirsync", "mand", "lazytime",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(flags); i++)
		if (strcmp(o, flags[i]) == 0)
			return 1;
	return strchr(o, '=') && strncmp(o, "name=", 5) != 0;
}

/* "rw,cpu,cpuacct" -> "cpu,cpuacct". */
static void v1_ctrls(const char *opts, char *out, size_t len)
{
	char buf[256], *tok, *save = NULL;
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", opts);
	out[0] = '\0';
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!is_mount_flag(tok) && n + strlen(tok) + 2 < len)
			n += snprintf(out + n, len - n, "%s%s", n ? "," : "", tok);
}

/* Is ctrl one of the words of list (separated by ',' or ' ')? */
static int has_word(const char *list, const char *ctrl)
{
	size_t l = strlen(ctrl);
	const char *p = list;

	if (!l)
		return 0;

	while ((p = strstr(p, ctrl)) != NULL) {
		if ((p == list || p[-1] == ',' || p[-1] == ' ') &&
		    (p[l] == '\0' || p[l] == ',' || p[l] == ' ' || p[l] == '\n'))
			return 1;
		p += l;
	}
	return 0;
}

/* Same controllers, whatever their order? */
static int same_ctrls(const char *a, const char *b)
{
	char buf[128], *tok, *save = NULL;
	size_t na = 0, nb = 0;

	snprintf(buf, sizeof(buf), "%s", a);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save), na++)
		if (!has_word(b, tok))
			return 0;
	snprintf(buf, sizeof(buf), "%s", b);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		nb++;
	return na == nb;
}

/* Undo mountinfo's octal escapes (\040 for a space) in place. */
static void unescape(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

static void add_hier(struct cg_host *h, int v2, const char *ctrls, const char *mnt,
		     const char *root)
{
	struct cg_hier *x;
	int i;

	for (i = 0; i < h->n; i++)
		if (h->h[i].v2 == v2 && (v2 || same_ctrls(h->h[i].ctrls, ctrls)))
			return; /* the same hierarchy mounted twice: the first wins */
	if (h->n >= CG_HIER_MAX || strlen(mnt) >= CG_PATH_MAX || strlen(root) >= CG_PATH_MAX)
		return;
	x = &h->h[h->n++];
	memset(x, 0, sizeof(*x));
	x->id = v2 ? 0 : -1;
	x->v2 = v2;
	snprintf(x->ctrls, sizeof(x->ctrls), "%s", ctrls);
	snprintf(x->mnt, sizeof(x->mnt), "%s", mnt);
	snprintf(x->root, sizeof(x->root), "%s", root);
	if (v2) {
		char *p = path_join(mnt, "cgroup.controllers"), *t = p ? read_file(p, 1024, NULL) : NULL;

		if (t) {
			t[strcspn(t, "\n")] = '\0';
			snprintf(x->ctrls, sizeof(x->ctrls), "%s", t);
		}
		free(t);
		free(p);
	}
}

int cg_host_parse(struct cg_host *h, const char *mountinfo, struct bb_err *e)
{
	char *text = strdup(mountinfo), *line, *save = NULL;
	int v1 = 0, v2 = 0, i;

	memset(h, 0, sizeof(*h));
	if (!text)
		return bb_err_set(e, ENOMEM, "mountinfo");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[12], *dash, *tok, *s2 = NULL, *fstype, *opts;
		int n = 0;

		dash = strstr(line, " - ");
		if (!dash)
			continue;
		*dash = '\0';
		for (tok = strtok_r(line, " ", &s2); tok && n < 12; tok = strtok_r(NULL, " ", &s2))
			f[n++] = tok;
		fstype = strtok_r(dash + 3, " ", &s2);
		(void)strtok_r(NULL, " ", &s2); /* source */
		opts = strtok_r(NULL, " ", &s2);
		if (n < 5 || !fstype || !opts)
			continue;
		unescape(f[3]);
		unescape(f[4]);
		if (strcmp(fstype, "cgroup2") == 0) {
			add_hier(h, 1, "", f[4], f[3]);
		} else if (strcmp(fstype, "cgroup") == 0) {
			char ctrls[128];

			v1_ctrls(opts, ctrls, sizeof(ctrls));
			if (*ctrls)
				add_hier(h, 0, ctrls, f[4], f[3]);
		}
	}
	free(text);
	for (i = 0; i < h->n; i++)
		if (h->h[i].v2)
			v2 = 1;
		else
			v1 = 1;
	h->layout = v1 && v2 ? CG_LAYOUT_HYBRID : v1 ? CG_LAYOUT_V1 : v2 ? CG_LAYOUT_V2
		  : CG_LAYOUT_NONE;
	return 0;
}

const struct cg_host *cg_host(struct bb_err *e)
{
	static struct cg_host host;
	static int loaded;
	char *text;

	if (loaded)
		return &host;
	text = read_file("/proc/self/mountinfo", 1 << 22, NULL);
	if (!text) {
		bb_err_set(e, errno, "can't read /proc/self/mountinfo");
		return NULL;
	}
	if (cg_host_parse(&host, text, e) < 0) {
		free(text);
		return NULL;
	}
	free(text);
	loaded = 1;
	return &host;
}

static int has_word_any(const struct cg_host *h, const char *ctrl);

/* The v1 and v2 names of the block I/O controller. */
static const char *ctrl_alias(const char *ctrl)
{
	return strcmp(ctrl, "io") == 0 ? "blkio" : strcmp(ctrl, "blkio") == 0 ? "io" : NULL;
}

int cg_hier_of(const struct cg_host *h, const char *ctrl)
{
	const char *alias = ctrl_alias(ctrl);
	int i;

	if (alias && !has_word_any(h, ctrl))
		ctrl = alias;

	for (i = 0; i < h->n; i++)
		if (!h->h[i].v2 && has_word(h->h[i].ctrls, ctrl))
			return i;
	for (i = 0; i < h->n; i++)
		if (h->h[i].v2 && (strcmp(ctrl, "cgroup") == 0 || has_word(h->h[i].ctrls, ctrl)))
			return i;
	return -1;
}

static int has_word_any(const struct cg_host *h, const char *ctrl)
{
	int i;

	for (i = 0; i < h->n; i++)
		if (has_word(h->h[i].ctrls, ctrl))
			return 1;
	return 0;
}

/* ---- groups ---- */

int cg_group_parse(const struct cg_host *h, const char *text, struct cg_group *g,
		   struct bb_err *e)
{
	char *copy = strdup(text), *line, *save = NULL;

	memset(g, 0, sizeof(*g));
	if (!copy)
		return bb_err_set(e, ENOMEM, "cgroup");
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL, *path;
		int i, v2;

		if (!c2)
			continue;
		*c1 = *c2 = '\0';
		path = c2 + 1;
		v2 = strcmp(line, "0") == 0 && c1[1] == '\0';
		for (i = 0; i < h->n; i++) {
			const struct cg_hier *x = &h->h[i];
			size_t rl = strlen(x->root);

			if (x->v2 != v2 || (!v2 && !same_ctrls(x->ctrls, c1 + 1)))
				continue;
			/* The mount shows a sub-tree: paths are relative to it. */
			if (strcmp(x->root, "/") != 0 && strncmp(path, x->root, rl) == 0 &&
			    (path[rl] == '/' || path[rl] == '\0'))
				path += rl;
			snprintf(g->path[i], CG_PATH_MAX, "%s", *path ? path : "/");
			break;
		}
	}
	free(copy);
	return 0;
}

int cg_group_of(const struct cg_host *h, pid_t pid, struct cg_group *g, struct bb_err *e)
{
	char file[64], *text;
	int r;

	if (pid)
		snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	else
		snprintf(file, sizeof(file), "/proc/self/cgroup");
	text = read_file(file, 1 << 16, NULL);
	if (!text)
		return bb_err_set(e, errno, "can't read %s", file);
	r = cg_group_parse(h, text, g, e);
	free(text);
	return r;
}

int cg_group_child(const struct cg_group *g, const char *sub, struct cg_group *out,
		   struct bb_err *e)
{
	struct cg_group tmp;
	int i;

	memset(&tmp, 0, sizeof(tmp));
	for (i = 0; i < CG_HIER_MAX; i++) {
		const char *p = g->path[i];

		if (!*p)
			continue;
		if ((size_t)snprintf(tmp.path[i], CG_PATH_MAX, "%s/%s", strcmp(p, "/") ? p : "",
				     sub) >= CG_PATH_MAX)
			return bb_err_set(e, ENAMETOOLONG, "cgroup path '%s/%s'", p, sub);
	}
	*out = tmp;
	return 0;
}

int cg_group_save(const struct cg_host *h, const struct cg_group *g, const char *file,
		  struct bb_err *e)
{
	char *buf = malloc(h->n * (sizeof(h->h[0].ctrls) + CG_PATH_MAX + 16) + 1);
	size_t len = 0;
	int i, r = 0;

	if (!buf)
		return bb_err_set(e, ENOMEM, "can't write '%s'", file);
	for (i = 0; i < h->n; i++)
		if (g->path[i][0])
			len += sprintf(buf + len, "%d:%s:%s\n", h->h[i].v2 ? 0 : i + 1,
				       h->h[i].v2 ? "" : h->h[i].ctrls, g->path[i]);
	if (bb_write_replace(file, buf, len) < 0)
		r = bb_err_set(e, errno, "can't write '%s'", file);
	free(buf);
	return r;
}

int cg_group_load(const struct cg_host *h, const char *file, struct cg_group *g,
		  struct bb_err *e)
{
	char *text = read_file(file, 1 << 16, NULL);
	struct cg_host plain;
	int r, i;

	if (!text)
		return bb_err_set(e, errno, "can't read '%s'", file);
	/* Saved paths are already relative to the mounts. */
	plain = *h;
	for (i = 0; i < plain.n; i++)
		strcpy(plain.h[i].root, "/");
	r = cg_group_parse(&plain, text, g, e);
	free(text);
	return r;
}

char *cg_path(const struct cg_host *h, const struct cg_group *g, int i, const char *file)
{
	char *p = NULL;

	if (asprintf(&p, "%s%s%s%s", h->h[i].mnt, strcmp(g->path[i], "/") ? g->path[i] : "",
		     file ? "/" : "", file ? file : "") < 0)
		return NULL;
	return p;
}

/* ---- files ---- */

int cg_write_str(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r = 0;
	size_t len = strlen(value);

	if (fd < 0)
		return -1;
	if (write(fd, value, len) != (ssize_t)len)
		r = -1;
	if (r < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	return 0;
}

char *cg_read_str(const char *path)
{
	char *t = read_file(path, 1 << 20, NULL);
	size_t l;

	if (t && (l = strlen(t)) && t[l - 1] == '\n')
		t[l - 1] = '\0';
	return t;
}

/* v1 cpuset: a new group starts with no CPUs and no memory nodes; give it
 * its parent's so that processes can join it. */
static int cpuset_inherit(const char *dir, struct bb_err *e)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		char *mine = path_join(dir, files[i]), *parent_dir = strdup(dir), *slash, *pf = NULL;
		char *cur = NULL, *val = NULL;
		int r = 0;

		if (!mine || !parent_dir)
			r = bb_err_set(e, ENOMEM, "cpuset");
		if (!r && (slash = strrchr(parent_dir, '/')))
			*slash = '\0';
		if (!r && !(pf = path_join(parent_dir, files[i])))
			r = bb_err_set(e, ENOMEM, "cpuset");
		if (!r && (cur = cg_read_str(mine)) && !*cur && (val = cg_read_str(pf)) &&
		    cg_write_str(mine, *val ? val : "\n") < 0)
			r = bb_err_set(e, errno, "can't write '%s'", mine);
		free(mine), free(parent_dir), free(pf), free(cur), free(val);
		if (r)
			return r;
	}
	return 0;
}

/* v2: enable in dir's subtree_control every controller it has. */
static void enable_subtree(const char *dir)
{
	char *cp = path_join(dir, "cgroup.controllers"), *sp = path_join(dir, "cgroup.subtree_control");
	char *avail = cp ? cg_read_str(cp) : NULL, *on = sp ? cg_read_str(sp) : NULL;
	char want[512], *tok, *save = NULL;
	size_t n = 0;

	want[0] = '\0';
	if (avail && on)
		for (tok = strtok_r(avail, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
			if (!has_word(on, tok) && n + strlen(tok) + 3 < sizeof(want))
				n += snprintf(want + n, sizeof(want) - n, "%s+%s", n ? " " : "", tok);
	/* EBUSY when dir holds processes itself (no internal processes on
	 * v2): the group then goes without, and a limit on a missing
	 * controller fails later naming its key. */
	if (n)
		(void)cg_write_str(sp, want);
	free(cp), free(sp), free(avail), free(on);
}

/* mkdir -p of g's path in hierarchy i; *made gets the top-most directory
 * this call created (for the undo), or stays NULL. */
/* excl: g's own directory must be new (EEXIST when it is there). */
static int create_in(const struct cg_host *h, const struct cg_group *g, int i, int excl,
		     char **made, struct bb_err *e)
{
	const struct cg_hier *x = &h->h[i];
	char dir[CG_PATH_MAX * 2 + 2];
	const char *p = g->path[i];
	size_t base = strlen(x->mnt);

	*made = NULL;
	if (snprintf(dir, sizeof(dir), "%s%s", x->mnt, strcmp(p, "/") ? p : "") >= (int)sizeof(dir))
		return bb_err_set(e, ENAMETOOLONG, "cgroup path");
	for (char *s = dir + base + 1; s <= dir + strlen(dir); s++) {
		char keep = *s;

		if (*s && *s != '/')
			continue;
		*s = '\0';
		if (x->v2) {
			/* The parent of this component enables its controllers. */
			char *slash = strrchr(dir, '/');

			*slash = '\0';
			enable_subtree(dir);
			*slash = '/';
		}
		if (mkdir(dir, 0755) == 0) {
			if (!*made && !(*made = strdup(dir)))
				return bb_err_set(e, ENOMEM, "cgroup");
			if (!x->v2 && has_word(x->ctrls, "cpuset") && cpuset_inherit(dir, e) < 0)
				return -1;
		} else if (errno != EEXIST || (excl && !keep)) {
			return bb_err_set(e, errno, "can't create cgroup '%s'", dir);
		}
		*s = keep;
		if (!keep)
			break;
	}
	return 0;
}

static int rmdir_tree(const char *dir)
{
	struct dirent *de;
	int r = 0, tries;
	DIR *d;

	/* Most groups are empty leaves by now: one rmdir, nothing read. */
	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	if (errno != EBUSY && errno != ENOTEMPTY)
		return -1;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL) {
		char *sub;

		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sub = path_join(dir, de->d_name);
		if (!sub || rmdir_tree(sub) < 0)
			r = -1;
		free(sub);
	}
	closedir(d);
	/* A process that just died may hold the group until it is reaped;
	 * one that lives does not let go. Its reaper may be the host's init
	 * (a container's init whose monitor was killed), which can take more
	 * than a second (1.2-1.7 s seen): up to 5 s. */
	for (tries = 0; rmdir(dir) < 0; tries++) {
		struct timespec ts = { 0, 5000000 };
		char *procs, *t;
		int busy;

		if (errno == ENOENT)
			return r;
		if (errno != EBUSY || tries >= 1000)
			return -1;
		procs = path_join(dir, "cgroup.procs");
		t = procs ? read_file(procs, 4096, NULL) : NULL;
		busy = t && *t;
		free(t);
		free(procs);
		if (busy) {
			errno = EBUSY;
			return -1;
		}
		nanosleep(&ts, NULL);
	}
	return r;
}

static int create(const struct cg_host *h, const struct cg_group *g, int excl, struct bb_err *e)
{
	char *made[CG_HIER_MAX] = { 0 };
	int i, j;

	for (i = 0; i < h->n; i++) {
		if (!g->path[i][0])
			continue;
		if (create_in(h, g, i, excl, &made[i], e) < 0) {
			for (j = 0; j <= i; j++)
				if (made[j])
					rmdir_tree(made[j]);
			for (j = 0; j <= i; j++)
				free(made[j]);
			return -1;
		}
	}
	for (i = 0; i < h->n; i++)
		free(made[i]);
	return 0;
}

int cg_create(const struct cg_host *h, const struct cg_group *g, struct bb_err *e)
{
	return create(h, g, 0, e);
}

int cg_claim(const struct cg_host *h, const struct cg_group *g, struct bb_err *e)
{
	return create(h, g, 1, e);
}

int cg_attach(const struct cg_host *h, const struct cg_group *g, pid_t pid, struct bb_err *e)
{
	char num[24];
	int i;

	snprintf(num, sizeof(num), "%d", (int)(pid ? pid : getpid()));
	for (i = 0; i < h->n; i++) {
		/* on v1, this thread moving itself takes no global lock */
		int self = !pid && !h->h[i].v2;
		char *p;

		if (!g->path[i][0])
			continue;
		p = cg_path(h, g, i, self ? "tasks" : "cgroup.procs");
		if (!p)
			return bb_err_set(e, ENOMEM, "cgroup");
		if (cg_write_str(p, self ? "0" : num) < 0) {
			bb_err_set(e, errno, "can't move process %s into '%s'", num, p);
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

pid_t cg_prewarm(const struct cg_host *h)
{
	struct cg_group self;
	struct bb_err e;
	char *p = NULL;
	pid_t pid;
	int i;

	for (i = 0; i < h->n && h->h[i].v2; i++)
		;
	if (i == h->n || cg_group_of(h, 0, &self, &e) < 0 || !self.path[i][0] ||
	    !(p = cg_path(h, &self, i, "cgroup.procs")))
		return -1;
	pid = fork();
	if (pid == 0) {
		(void)cg_write_str(p, "0");
		_exit(0);
	}
	free(p);
	return pid;
}

void cg_prewarm_done(pid_t pid)
{
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

int cg_exists(const struct cg_host *h, const struct cg_group *g)
{
	int i;

	for (i = 0; i < h->n; i++) {
		char *p;
		int r;

		if (!g->path[i][0])
			continue;
		p = cg_path(h, g, i, NULL);
		r = p && access(p, F_OK) == 0;
		free(p);
		if (r)
			return 1;
	}
	return 0;
}

/* Any process in dir or below? */
static int dir_populated(const char *dir, int v2)
{
	char *p;
	int r = 0;

	if (v2) {
		char *t;

		p = path_join(dir, "cgroup.events");
		t = p ? read_file(p, 4096, NULL) : NULL;
		r = t && strstr(t, "populated 1") != NULL;
		free(t);
		free(p);
		return r;
	}
	p = path_join(dir, "cgroup.procs");
	if (p) {
		char *t = read_file(p, 1 << 20, NULL);

		r = t && *t;
		free(t);
		free(p);
	}
	if (!r) {
		DIR *d = opendir(dir);
		struct dirent *de;

		while (d && !r && (de = readdir(d)) != NULL) {
			if (de->d_type != DT_DIR || de->d_name[0] == '.')
				continue;
			p = path_join(dir, de->d_name);
			r = p && dir_populated(p, 0);
			free(p);
		}
		if (d)
			closedir(d);
	}
	return r;
}

int cg_populated(const struct cg_host *h, const struct cg_group *g)
{
	int i, r = 0;

	for (i = 0; i < h->n && !r; i++) {
		char *p;

		if (!g->path[i][0])
			continue;
		p = cg_path(h, g, i, NULL);
		r = p && dir_populated(p, h->h[i].v2);
		free(p);
	}
	return r;
}

int cg_remove(const struct cg_host *h, const struct cg_group *g, int kill_first, struct bb_err *e)
{
	int i, r = 0;

	/* A group whose processes are gone goes with one rmdir each: try
	 * that before reading who is still in it. */
	if (kill_first) {
		int left = 0;

		for (i = 0; i < h->n; i++) {
			char *p;

			if (!g->path[i][0] || strcmp(g->path[i], "/") == 0)
				continue;
			p = cg_path(h, g, i, NULL);
			if (!p || (rmdir(p) < 0 && errno != ENOENT))
				left++;
			free(p);
		}
		if (!left)
			return 0;
	}
	if (kill_first && cg_populated(h, g) && cg_kill(h, g, 1, e) < 0)
		return -1;
	for (i = 0; i < h->n; i++) {
		char *p;

		if (!g->path[i][0] || strcmp(g->path[i], "/") == 0)
			continue;
		p = cg_path(h, g, i, NULL);
		if (!p)
			return bb_err_set(e, ENOMEM, "cgroup");
		if (rmdir_tree(p) < 0 && !r)
			r = bb_err_set(e, errno, "can't remove cgroup '%s'", p);
		free(p);
	}
	return r;
}

