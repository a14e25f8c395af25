/* The record of unprivileged containers' id ranges: parsing, choosing a
 * free range, and the locked read-modify-write of the file (idrange.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "container.h"
#include "create.h"
#include "idrange.h"

#define ID_END 4294967295ULL   /* (uid_t)-1 is never an id */
#define RECORD_MAX (8u << 20)
#define SUBUID "/etc/subuid"
#define SUBGID "/etc/subgid"

/* ---------------------------------------------------------------- sets */

int idrange_add(struct idrange_set *s, const struct idrange_ent *ent, struct bb_err *e)
{
	struct idrange_ent *v = s->v, n = *ent;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;

		v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return bb_err_set(e, ENOMEM, "id ranges");
		s->v = v;
		s->cap = cap;
	}
	if (n.dir && !(n.dir = strdup(n.dir)))
		return bb_err_set(e, ENOMEM, "id ranges");
	s->v[s->n++] = n;
	return 0;
}

void idrange_set_free(struct idrange_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].dir);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* ---------------------------------------------------------------- parsing */

/* One record line (NUL-terminated, without its newline). NULL, or why
 * it is corrupt. */
static const char *parse_line(const char *line, struct idrange_ent *ent)
{
	unsigned long long pid;
	const char *p = line;

	if (bb_scan_num(&p, ' ', ID_END, &ent->base) < 0 || bb_scan_num(&p, ' ', ID_END, &ent->count) < 0)
		return "want BASE COUNT PID START DIR";
	if (ent->count == 0 || ent->base + ent->count > ID_END)
		return "the range is empty or past 4294967294";
	if (bb_scan_num(&p, ' ', INT_MAX, &pid) < 0 || pid == 0 || bb_scan_num(&p, ' ', ~0ULL, &ent->start) < 0)
		return "bad PID or START";
	if (*p != '/')
		return "DIR is not an absolute path";
	ent->pid = (int)pid;
	ent->dir = (char *)p;
	return NULL;
}

int idrange_parse(const char *text, const char *file, struct idrange_set *s, struct bb_err *e)
{
	const char *line = text;
	unsigned lineno = 0;

	while (line && *line) {
		const char *nl = strchrnul(line, '\n'), *why;
		size_t len = nl - line;
		struct idrange_ent ent;
		char *copy;
		int r;

		lineno++;
		if (len == 0 || line[0] == '#') {
			line = *nl ? nl + 1 : NULL;
			continue;
		}
		copy = strndup(line, len);
		if (!copy)
			return bb_err_set(e, ENOMEM, "id ranges");
		if (strlen(copy) != len) { /* a NUL inside */
			free(copy);
			return bb_err_set(e, 0, "%s line %u is corrupt: a NUL byte (fix or remove the line)",
					  file, lineno);
		}
		why = parse_line(copy, &ent);
		if (why) {
			bb_err_set(e, 0, "%s line %u is corrupt: %s (fix or remove the line)", file,
				   lineno, why);
			free(copy);
			return -1;
		}
		r = idrange_add(s, &ent, e);
		free(copy);
		if (r < 0)
			return -1;
		line = *nl ? nl + 1 : NULL;
	}
	return 0;
}

char *idrange_format(const struct idrange_set *s)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fputs("# ctbox: id ranges of unprivileged containers: BASE COUNT PID START DIR\n", f);
	for (i = 0; i < s->n; i++)
		if (s->v[i].dir)
			fprintf(f, "%llu %llu %d %llu %s\n", s->v[i].base, s->v[i].count, s->v[i].pid,
				s->v[i].start, s->v[i].dir);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int idrange_add_subid(const char *text, struct idrange_set *s, struct bb_err *e)
{
	const char *line = text;

	while (line && *line) {
		const char *nl = strchrnul(line, '\n'), *p = memchr(line, ':', nl - line);
		struct idrange_ent ent = { 0, 0, 0, 0, NULL };
		char buf[64];

		if (p && (size_t)(nl - p) < sizeof(buf)) {
			memcpy(buf, p + 1, nl - p - 1);
			buf[nl - p - 1] = '\0';
			p = buf;
			if (bb_scan_num(&p, ':', ID_END, &ent.base) == 0 &&
			    bb_scan_num(&p, '\0', ID_END, &ent.count) == 0 && ent.count && ent.base + ent.count <= ID_END && idrange_add(s, &ent, e) < 0)
				return -1;
		}
		line = *nl ? nl + 1 : NULL;
	}
	return 0;
}

static int by_base(const void *a, const void *b)
{
	const struct idrange_ent *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

int idrange_pick(const struct idrange_set *used, unsigned long long first,
		 unsigned long long limit, unsigned long long size,
		 unsigned long long *base, struct bb_err *e)
{
	struct idrange_ent *v = NULL;
	unsigned long long b = first;
	size_t i;

	if (used->n) {
		v = malloc(used->n * sizeof(*v));
		if (!v)
			return bb_err_set(e, ENOMEM, "id ranges");
		memcpy(v, used->v, used->n * sizeof(*v));
		qsort(v, used->n, sizeof(*v), by_base);
	}
	/* Sweep the used ranges by their start; each one that overlaps the
	 * candidate moves it past its end (to the next multiple of size). */
	for (i = 0; i < used->n && b + size <= limit; i++) {
		unsigned long long end = v[i].base + v[i].count;

		if (end <= b)
			continue;
		if (v[i].base >= b + size)
			break;
		b = first + (end - first + size - 1) / size * size;
	}
	free(v);
	if (b + size > limit)
		return bb_err_set(e, ENOSPC, "no free range of %llu ids left in %llu-%llu", size,
				  first, limit - 1);
	*base = b;
	return 0;
}

/* ---------------------------------------------------------------- the file */

/* Is the file system holding path (or its nearest existing parent)
 * read-only? */
static int read_only_at(const char *path)
{
	char p[PATH_MAX], *slash;
	struct statvfs sv;

	snprintf(p, sizeof(p), "%s", path);
	while (statvfs(p, &sv) < 0) {
		slash = strrchr(p, '/');
		if (errno != ENOENT || !slash || slash == p)
			return 0;
		*slash = '\0';
	}
	return (sv.f_flag & ST_RDONLY) != 0;
}

const char *idrange_file(void)
{
	static char run[PATH_MAX];
	const char *f = getenv(IDRANGE_ENV);

	if (!f || !*f)
		f = IDRANGE_FILE;
	if (!read_only_at(f))
		return f;
	snprintf(run, sizeof(run), "%s/idranges", ct_rundir_base());
	return run;
}

char *idrange_dir(const char *lxcpath, const char *name, struct bb_err *e)
{
	char real[PATH_MAX], *d;

	if (!realpath(lxcpath, real)) {
		bb_err_set(e, errno, "can't resolve lxcpath '%s'", lxcpath);
		return NULL;
	}
	d = path_join(real, name);
	if (!d)
		bb_err_set(e, ENOMEM, "id ranges");
	return d;
}

static int mkdir_parents(const char *file)
{
	char *p = strdup(file), *s;

	if (!p)
		return -1;
	for (s = p + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* The record's lock (FILE.lock, flock'ed): an fd, or -1 with e. */
static int record_lock(const char *file, struct bb_err *e)
{
	char *lk = NULL;
	int fd;

	if (asprintf(&lk, "%s.lock", file) < 0)
		return bb_err_set(e, ENOMEM, "id ranges");
	if (mkdir_parents(lk) < 0) {
		bb_err_set(e, errno, "can't create the directory of '%s'", file);
		free(lk);
		return -1;
	}
	fd = open(lk, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		bb_err_set(e, errno, "can't open '%s'", lk);
	else if (flock(fd, LOCK_EX) < 0) {
		bb_err_set(e, errno, "can't lock '%s'", lk);
		close(fd);
		fd = -1;
	}
	free(lk);
	return fd;
}

/* Read the record (a missing file is an empty one). */
static int record_read(const char *file, struct idrange_set *s, struct bb_err *e)
{
	char *text = read_file(file, RECORD_MAX, NULL);
	int r;

	if (!text) {
		if (errno == ENOENT)
			return 0;
		return bb_err_set(e, errno, "can't read '%s'", file);
	}
	r = idrange_parse(text, file, s, e);
	free(text);
	return r;
}

/* Replace the record by s's text (a temporary file, renamed). */
static int record_write(const char *file, const struct idrange_set *s, struct bb_err *e)
{
	char *text = idrange_format(s), *tmp = NULL;
	int fd = -1, r = -1;

	if (!text || asprintf(&tmp, "%s.tmp.%d", file, (int)getpid()) < 0) {
		tmp = NULL;
		bb_err_set(e, ENOMEM, "id ranges");
		goto out;
	}
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || full_write(fd, text, strlen(text)) < 0 || fsync(fd) < 0) {
		bb_err_set(e, errno, "can't write '%s'", tmp);
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		bb_err_set(e, errno, "can't write '%s'", tmp);
		goto out;
	}
	fd = -1;
	if (rename(tmp, file) < 0) {
		bb_err_set(e, errno, "can't replace '%s'", file);
		goto out;
	}
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	if (r < 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(text);
	return r;
}

/* A line nobody stands behind: no config at DIR, its writer gone. */
static int is_stale(const struct idrange_ent *x)
{
	char *cfg = path_join(x->dir, "config");
	int gone;

	if (!cfg)
		return 0;
	gone = access(cfg, F_OK) < 0 && errno == ENOENT;
	free(cfg);
	return gone && proc_start_time(x->pid) != x->start;
}

static int add_subids(const char *file, struct idrange_set *used, struct bb_err *e)
{
	char *text = read_file(file, RECORD_MAX, NULL);
	int r;

	if (!text)
		return errno == ENOENT ? 0 : bb_err_set(e, errno, "can't read '%s'", file);
	r = idrange_add_subid(text, used, e);
	free(text);
	return r;
}

/* The host ids in the lxc.idmap lines of the containers beside dir (in
 * its lxcpath) are taken too, recorded or not (a record lost with a
 * tmpfs, a container made by LXC). Unreadable configs are passed over. */
static int add_lxcpath_maps(const char *dir, struct idrange_set *used, struct bb_err *e)
{
	char *lxcpath = strndup(dir, strrchr(dir, '/') - dir), **names;
	size_t n, i;
	int r = 0;

	if (!lxcpath)
		return bb_err_set(e, ENOMEM, "id ranges");
	if (ct_list(*lxcpath ? lxcpath : "/", &names, &n, e) < 0) {
		free(lxcpath);
		return 0;
	}
	for (i = 0; i < n && r == 0; i++) {
		char *cfg = NULL, *text, *line;

		if (asprintf(&cfg, "%s/%s/config", lxcpath, names[i]) < 0)
			cfg = NULL;
		text = cfg ? read_file(cfg, 1 << 20, NULL) : NULL;
		for (line = text; line && *line && r == 0;) {
			char *nl = strchrnul(line, '\n');
			const char *val;
			size_t klen, vlen;
			const char *k = conf_line_kv(line, nl - line, &klen, &val, &vlen);
			struct idrange_ent x = { 0, 0, 0, 0, NULL };
			unsigned long long ns;
			char kind, v[128];

			if (k && ((klen == 9 && strncmp(k, "lxc.idmap", 9) == 0) ||
				  (klen == 10 && strncmp(k, "lxc.id_map", 10) == 0)) && vlen < sizeof(v)) {
				memcpy(v, val, vlen);
				v[vlen] = '\0';
				if (bb_sscanf(v, "%c %llu %llu %llu", &kind, &ns, &x.base, &x.count) == 4 &&
				    x.count && x.base + x.count <= ID_END)
					r = idrange_add(used, &x, e);
			}
			line = *nl ? nl + 1 : NULL;
		}
		free(text);
		free(cfg);
	}
	ct_list_free(names, n);
	free(lxcpath);
	return r;
}

static int find_dir(const struct idrange_set *s, const char *dir)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].dir && strcmp(s->v[i].dir, dir) == 0)
			return (int)i;
	return -1;
}

static int check_dir(const char *dir, struct bb_err *e)
{
	if (dir[0] != '/' || strchr(dir, '\n'))
		return bb_err_set(e, 0, "container directory '%s' can't be recorded (not absolute, or a newline)",
				  dir);
	return 0;
}

/* The record under its lock: read into *s; the caller writes or not. */
static int record_open(const char *file, struct idrange_set *s, struct bb_err *e)
{
	int lock = record_lock(file, e);

	memset(s, 0, sizeof(*s));
	if (lock < 0)
		return -1;
	if (record_read(file, s, e) < 0) {
		idrange_set_free(s);
		close(lock);
		return -1;
	}
	return lock;
}

int idrange_alloc(const char *dir, unsigned long long *base, struct bb_err *e)
{
	const char *file = idrange_file();
	struct idrange_set rec, keep = { 0 }, used = { 0 };
	struct idrange_ent mine;
	size_t i;
	int lock, r = -1;

	if (check_dir(dir, e) < 0)
		return -1;
	lock = record_open(file, &rec, e);
	if (lock < 0)
		return -1;
	/* A line for dir itself is a leftover: the container does not exist
	 * (the caller holds its lock and found no directory). */
	for (i = 0; i < rec.n; i++) {
		if (strcmp(rec.v[i].dir, dir) == 0 || is_stale(&rec.v[i]))
			continue;
		if (idrange_add(&keep, &rec.v[i], e) < 0 || idrange_add(&used, &rec.v[i], e) < 0)
			goto out;
	}
	if (add_subids(SUBUID, &used, e) < 0 || add_subids(SUBGID, &used, e) < 0 ||
	    add_lxcpath_maps(dir, &used, e) < 0)
		goto out;
	if (idrange_pick(&used, IDRANGE_FIRST, IDRANGE_LIMIT, IDRANGE_SIZE, base, e) < 0) {
		size_t l = strlen(e->msg);

		snprintf(e->msg + l, sizeof(e->msg) - l, " (%zu containers recorded in %s)", keep.n, file);
		goto out;
	}
	mine = (struct idrange_ent){ *base, IDRANGE_SIZE, (int)getpid(), proc_start_time(getpid()),
				     (char *)dir };
	if (idrange_add(&keep, &mine, e) < 0 || record_write(file, &keep, e) < 0)
		goto out;
	r = 0;
out:
	idrange_set_free(&rec);
	idrange_set_free(&keep);
	idrange_set_free(&used);
	close(lock);
	return r;
}

int idrange_share(const char *src_dir, const char *dir, struct bb_err *e)
{
	const char *file = idrange_file();
	struct idrange_set rec;
	struct idrange_ent mine;
	int lock, i, r = -1;

	if (access(file, F_OK) < 0 && errno == ENOENT)
		return 0;
	if (check_dir(dir, e) < 0)
		return -1;
	lock = record_open(file, &rec, e);
	if (lock < 0)
		return -1;
	i = find_dir(&rec, src_dir);
	if (i < 0) {
		r = 0;
		goto out;
	}
	mine = rec.v[i];
	mine.dir = (char *)dir;
	mine.pid = (int)getpid();
	mine.start = proc_start_time(getpid());
	/* A leftover line for dir goes: it is replaced by this one. */
	while ((i = find_dir(&rec, dir)) >= 0) {
		free(rec.v[i].dir);
		rec.v[i] = rec.v[--rec.n];
	}
	if (idrange_add(&rec, &mine, e) < 0 || record_write(file, &rec, e) < 0)
		goto out;
	r = 1;
out:
	idrange_set_free(&rec);
	close(lock);
	return r;
}

int idrange_free(const char *dir, struct bb_err *e)
{
	const char *file = idrange_file();
	struct idrange_set rec;
	int lock, i, found = 0, r = -1;

	if (access(file, F_OK) < 0 && errno == ENOENT)
		return 0;
	lock = record_open(file, &rec, e);
	if (lock < 0)
		return -1;
	while ((i = find_dir(&rec, dir)) >= 0) {
		free(rec.v[i].dir);
		rec.v[i] = rec.v[--rec.n];
		found = 1;
	}
	if (found && record_write(file, &rec, e) < 0)
		goto out;
	r = found;
out:
	idrange_set_free(&rec);
	close(lock);
	return r;
}

int idrange_copy(const struct container *src, const struct container *dst, struct bb_err *e)
{
	char *s, *d = NULL;
	int r;

	if (access(idrange_file(), F_OK) < 0 && errno == ENOENT)
		return 0;
	s = idrange_dir(src->lxcpath, src->name, e);
	if (s)
		d = idrange_dir(dst->lxcpath, dst->name, e);
	r = d ? idrange_share(s, d, e) : -1;

	free(s);
	free(d);
	return r;
}

int idrange_forget(const struct container *c, struct bb_err *e)
{
	char *d;
	int r;

	if (access(idrange_file(), F_OK) < 0 && errno == ENOENT)
		return 0;
	d = idrange_dir(c->lxcpath, c->name, e);
	r = d ? idrange_free(d, e) : -1;
	free(d);
	return r;
}
