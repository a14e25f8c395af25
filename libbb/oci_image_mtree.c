/* The record of an unpacked rootfs (oci_image_mtree.h): the walk, the
 * text format and the comparison that repack's layer comes from. */
#include <bearssl_hash.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "oci_image_mtree.h"

#define MAGIC "#ctbox-image-mtree 1"

static const struct {
	mode_t fmt;
	char type;
} types[] = {
	{ S_IFREG, 'f' }, { S_IFDIR, 'd' }, { S_IFLNK, 'l' }, { S_IFCHR, 'c' },
	{ S_IFBLK, 'b' }, { S_IFIFO, 'p' }, { S_IFSOCK, 's' },
};

void oci_hex(const unsigned char sum[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[sum[i] >> 4];
		hex[2 * i + 1] = digits[sum[i] & 15];
	}
	hex[64] = '\0';
}

/* ---- escaping ---- */

static int needs_esc(unsigned char c, size_t i)
{
	return c <= ' ' || c >= 0x7f || c == '\\' || (i == 0 && c == '-');
}

void oci_mt_esc(FILE *f, const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (needs_esc(c, i))
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
}

char *oci_mt_unesc(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned v;

		if (c != '\\') {
			if (needs_esc(c, (size_t)(o - out)))
				goto bad;  /* would have been escaped */
			*o++ = (char)c;
			continue;
		}
		if (i + 3 >= n || s[i + 1] < '0' || s[i + 1] > '3' ||
		    s[i + 2] < '0' || s[i + 2] > '7' || s[i + 3] < '0' || s[i + 3] > '7')
			goto bad;
		v = (unsigned)(s[i + 1] - '0') * 64 + (unsigned)(s[i + 2] - '0') * 8 +
		    (unsigned)(s[i + 3] - '0');
		if (!v)
			goto bad;
		*o++ = (char)v;
		i += 3;
	}
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

/* ---- the walk ---- */

static struct oci_mt_ent *add(struct oci_mt *m)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	memset(&m->v[m->n], 0, sizeof(m->v[0]));
	return &m->v[m->n++];
}

static int hash_file(int dfd, const char *name, const struct stat *st, unsigned char sum[32],
		     const char *path, struct bb_err *e)
{
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	unsigned char buf[65536];
	br_sha256_context c;
	unsigned long long left = (unsigned long long)st->st_size;
	struct stat now;
	ssize_t n;

	if (fd < 0)
		return bb_err_set(e, errno, "%s", path);
	if (fstat(fd, &now) < 0 || now.st_ino != st->st_ino || now.st_dev != st->st_dev) {
		close(fd);
		return bb_err_set(e, 0, "%s: changed while being read", path);
	}
	br_sha256_init(&c);
	while (left) {
		n = full_read(fd, buf, left < sizeof(buf) ? left : sizeof(buf));
		if (n <= 0) {
			close(fd);
			return bb_err_set(e, n < 0 ? errno : 0, "%s: %s", path,
					  n < 0 ? "read" : "shrank while being read");
		}
		br_sha256_update(&c, buf, (size_t)n);
		left -= (unsigned long long)n;
	}
	close(fd);
	br_sha256_out(&c, sum);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in the directory fd (not closed), sorted; NULL with e. */
static char **list_dir(int fd, size_t *count, const char *path, struct bb_err *e)
{
	int dup_fd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dup_fd < 0 ? NULL : fdopendir(dup_fd);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		bb_err_set(e, errno, "%s", path);
		return NULL;
	}
	while ((errno = 0, de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	if (errno) {
		bb_err_set(e, errno, "%s: read", path);
		closedir(d);
		while (n)
			free(names[--n]);
		free(names);
		return NULL;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	*count = n;
	return names ? names : xzalloc(sizeof(*names));
}

static int walk_dir(struct oci_mt *m, int fd, size_t dir, dev_t dev, volatile int *stop,
		    struct bb_err *e);

/* The entry name under dfd, a child of entry dir. */
static int walk_one(struct oci_mt *m, int dfd, const char *name, size_t dir, dev_t dev,
		    volatile int *stop, struct bb_err *e)
{
	struct oci_mt_ent *x;
	struct stat st;
	size_t i, me;
	char *path = xasprintf("%s/%s", m->v[dir].path, name);
	ssize_t n;
	int fd, r;

	if (stop && *stop) {
		free(path);
		return bb_err_set(e, EINTR, "interrupted");
	}
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		r = bb_err_set(e, errno, "%s", path);
		free(path);
		return r;
	}
	me = m->n;
	x = add(m);
	x->path = path;
	x->parent = dir;
	for (i = 0; i < ARRAY_SIZE(types); i++)
		if ((st.st_mode & S_IFMT) == types[i].fmt)
			x->type = types[i].type;
	if (!x->type)
		return bb_err_set(e, 0, "%s: unknown file type %o", path,
				  (unsigned)(st.st_mode & S_IFMT));
	x->mode = st.st_mode & 07777;
	x->uid = st.st_uid;
	x->gid = st.st_gid;
	x->sec = st.st_mtim.tv_sec;
	x->nsec = st.st_mtim.tv_nsec;
	switch (x->type) {
	case 'f':
		x->size = (unsigned long long)st.st_size;
		return hash_file(dfd, name, &st, x->sha, path, e);
	case 'l':
		/* on the heap: this frame repeats for every directory level */
		x->link = xmalloc(PATH_MAX + 1);
		n = readlinkat(dfd, name, x->link, PATH_MAX);
		if (n < 0)
			return bb_err_set(e, errno, "%s: readlink", path);
		x->link[n] = '\0';
		x->link = xrealloc(x->link, (size_t)n + 1);
		return 0;
	case 'c':
	case 'b':
		x->major = major(st.st_rdev);
		x->minor = minor(st.st_rdev);
		return 0;
	case 'd':
		if (st.st_dev != dev)
			return 0;  /* a mount point: as tar_write, recorded empty */
		fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return bb_err_set(e, errno, "%s", path);
		r = walk_dir(m, fd, me, dev, stop, e);
		close(fd);
		return r;
	}
	return 0;
}

static int walk_dir(struct oci_mt *m, int fd, size_t dir, dev_t dev, volatile int *stop,
		    struct bb_err *e)
{
	size_t n = 0, i;
	char **names = list_dir(fd, &n, m->v[dir].path, e);
	int r = 0;

	if (!names)
		return -1;
	for (i = 0; i < n; i++) {
		if (r == 0)
			r = walk_one(m, fd, names[i], dir, dev, stop, e);
		free(names[i]);
	}
	free(names);
	return r;
}

int oci_mt_walk(int rootfd, struct oci_mt *m, volatile int *stop, struct bb_err *e)
{
	struct oci_mt_ent *x;
	struct stat st;

	if (fstat(rootfd, &st) < 0)
		return bb_err_set(e, errno, "rootfs");
	x = add(m);
	x->path = xstrdup(".");
	x->type = 'd';
	x->mode = st.st_mode & 07777;
	x->uid = st.st_uid;
	x->gid = st.st_gid;
	x->sec = st.st_mtim.tv_sec;
	x->nsec = st.st_mtim.tv_nsec;
	x->parent = OCI_MT_NONE;
	return walk_dir(m, rootfd, 0, st.st_dev, stop, e);
}

/* ---- text ---- */

int oci_mt_write(FILE *f, const struct oci_mt *m)
{
	size_t i;
	char hex[65];

	fputs(MAGIC "\nlayout ", f);
	oci_mt_esc(f, m->layout);
	fputs("\ntag ", f);
	oci_mt_esc(f, m->tag);
	fprintf(f, "\nmanifest %s %llu\n", m->manifest, m->manifest_size);
	for (i = 0; i < m->n; i++) {
		const struct oci_mt_ent *x = &m->v[i];

		oci_mt_esc(f, x->path);
		fprintf(f, " %c %04o %llu %llu %llu %lld.%09ld ", x->type, x->mode, x->uid,
			x->gid, x->size, x->sec, x->nsec);
		if (x->type == 'c' || x->type == 'b')
			fprintf(f, "%llu,%llu ", x->major, x->minor);
		else
			fputs("- ", f);
		if (x->link)
			oci_mt_esc(f, x->link);
		else
			fputc('-', f);
		if (x->type == 'f') {
			oci_hex(x->sha, hex);
			fprintf(f, " %s\n", hex);
		} else {
			fputs(" -\n", f);
		}
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

struct lines {
	const char *p, *end, *name;
	size_t no;
};

/* The next line (without '\n') split at spaces into at most max fields:
 * the number of fields, 0 at the end, -1 with e. */
static int next_line(struct lines *l, const char **f, size_t *flen, int max,
		     struct bb_err *e)
{
	const char *nl;
	int n = 0;

	if (l->p >= l->end)
		return 0;
	l->no++;
	nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	if (!nl)
		return bb_err_set(e, 0, "%s:%zu: no newline at the end", l->name, l->no);
	while (l->p < nl) {
		const char *sp = memchr(l->p, ' ', (size_t)(nl - l->p));

		if (n == max)
			return bb_err_set(e, 0, "%s:%zu: too many fields", l->name, l->no);
		f[n] = l->p;
		flen[n] = (size_t)((sp ? sp : nl) - l->p);
		if (!flen[n])
			return bb_err_set(e, 0, "%s:%zu: empty field", l->name, l->no);
		n++;
		l->p = sp ? sp + 1 : nl;
		if (sp && l->p == nl)
			return bb_err_set(e, 0, "%s:%zu: trailing space", l->name, l->no);
	}
	l->p = nl + 1;
	if (!n)
		return bb_err_set(e, 0, "%s:%zu: empty line", l->name, l->no);
	return n;
}

/* A decimal field, at most max. */
static int num(const char *s, size_t n, unsigned long long max, unsigned long long *v)
{
	size_t i;

	*v = 0;
	if (!n || n > 20 || (n > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || *v > (max - (unsigned)(s[i] - '0')) / 10)
			return -1;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return 0;
}

static int is(const char *f, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(f, s, n) == 0;
}

static int unhex(const char *s, size_t n, unsigned char out[32])
{
	size_t i;

	if (n != 64)
		return -1;
	for (i = 0; i < 64; i++) {
		int v = s[i] >= '0' && s[i] <= '9' ? s[i] - '0'
			: s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 : -1;

		if (v < 0)
			return -1;
		if (i % 2 == 0)
			out[i / 2] = (unsigned char)(v << 4);
		else
			out[i / 2] |= (unsigned char)v;
	}
	return 0;
}

/* "." or "./a/b" with no empty, "." or ".." component after the first. */
static int clean(const char *p)
{
	size_t n;

	if (strcmp(p, ".") == 0)
		return 1;
	if (strncmp(p, "./", 2) != 0)
		return 0;
	for (p += 2;; p += n + 1) {
		n = strcspn(p, "/");
		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!p[n])
			return 1;
	}
}

/* One entry line's fields into x; the reason it is wrong, or NULL. */
static const char *parse_ent(const char **f, const size_t *n, struct oci_mt_ent *x)
{
	unsigned long long v, ns;
	const char *dot, *comma;
	size_t i;

	x->path = oci_mt_unesc(f[0], n[0]);
	if (!x->path)
		return "bad escape in the path";
	if (!clean(x->path))
		return "the path is not clean";
	if (n[1] != 1)
		return "bad type";
	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (types[i].type == f[1][0])
			x->type = f[1][0];
	if (!x->type)
		return "bad type";
	if (n[2] != 4)
		return "bad mode";
	for (i = 0; i < 4; i++) {
		if (f[2][i] < '0' || f[2][i] > '7')
			return "bad mode";
		x->mode = x->mode * 8 + (unsigned)(f[2][i] - '0');
	}
	if (num(f[3], n[3], 0xffffffffULL, &x->uid) < 0 ||
	    num(f[4], n[4], 0xffffffffULL, &x->gid) < 0)
		return "bad owner";
	if (num(f[5], n[5], (unsigned long long)INT64_MAX, &x->size) < 0 ||
	    (x->type != 'f' && x->size))
		return "bad size";
	dot = memchr(f[6], '.', n[6]);
	if (!dot || num(f[6], (size_t)(dot - f[6]), (unsigned long long)INT64_MAX, &v) < 0 ||
	    (size_t)(f[6] + n[6] - dot - 1) != 9)
		return "bad mtime";
	for (ns = 0, i = 1; i <= 9; i++) {
		if (dot[i] < '0' || dot[i] > '9')
			return "bad mtime";
		ns = ns * 10 + (unsigned)(dot[i] - '0');
	}
	x->sec = (long long)v;
	x->nsec = (long)ns;
	if (x->type == 'c' || x->type == 'b') {
		comma = memchr(f[7], ',', n[7]);
		if (!comma || num(f[7], (size_t)(comma - f[7]), 0xffffffffULL, &x->major) < 0 ||
		    num(comma + 1, (size_t)(f[7] + n[7] - comma - 1), 0xffffffffULL, &x->minor) < 0)
			return "bad device number";
	} else if (!is(f[7], n[7], "-")) {
		return "a device number for a non-device";
	}
	if (x->type == 'l') {
		x->link = oci_mt_unesc(f[8], n[8]);
		if (!x->link || !*x->link)
			return "bad link target";
	} else if (!is(f[8], n[8], "-")) {
		return "a link target for a non-symlink";
	}
	if (x->type == 'f' ? unhex(f[9], n[9], x->sha) < 0 : !is(f[9], n[9], "-"))
		return "bad sha256";
	return NULL;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct oci_mt_ent *)a)->path, ((const struct oci_mt_ent *)b)->path);
}

int oci_mt_parse(const char *text, size_t len, const char *name, struct oci_mt *m,
		 struct bb_err *e)
{
	struct lines l = { text, text + len, name, 0 };
	const char *f[10], *why;
	size_t n[10], i;
	unsigned long long size;
	unsigned char sum[32];
	int k;

	memset(m, 0, sizeof(*m));
	if (next_line(&l, f, n, 2, e) != 2 || !is(f[0], n[0] + n[1] + 1, MAGIC))
		goto bad_magic;
	if (next_line(&l, f, n, 2, e) != 2 || !is(f[0], n[0], "layout") ||
	    !(m->layout = oci_mt_unesc(f[1], n[1])))
		goto bad_head;
	if (next_line(&l, f, n, 2, e) != 2 || !is(f[0], n[0], "tag") ||
	    !(m->tag = oci_mt_unesc(f[1], n[1])))
		goto bad_head;
	if (next_line(&l, f, n, 3, e) != 3 || !is(f[0], n[0], "manifest") || n[1] != 71 ||
	    memcmp(f[1], "sha256:", 7) != 0 || unhex(f[1] + 7, 64, sum) < 0 ||
	    num(f[2], n[2], (unsigned long long)INT64_MAX, &size) < 0)
		goto bad_head;
	m->manifest = xasprintf("%.*s", 71, f[1]);
	m->manifest_size = size;
	while ((k = next_line(&l, f, n, 10, e)) > 0) {
		struct oci_mt_ent *x = add(m);

		x->parent = OCI_MT_NONE;
		why = k == 10 ? parse_ent(f, n, x) : "expected 10 fields";
		if (why) {
			bb_err_set(e, 0, "%s:%zu: %s", name, l.no, why);
			goto fail;
		}
	}
	if (k < 0)
		goto fail;
	if (!m->n || strcmp(m->v[0].path, ".") != 0 || m->v[0].type != 'd') {
		bb_err_set(e, 0, "%s: the first entry is not the rootfs (.)", name);
		goto fail;
	}
	qsort(m->v, m->n, sizeof(*m->v), by_path);
	for (i = 1; i < m->n; i++) {
		if (strcmp(m->v[i - 1].path, m->v[i].path) == 0) {
			bb_err_set(e, 0, "%s: %s is there twice", name, m->v[i].path);
			goto fail;
		}
	}
	return 0;
bad_magic:
	bb_err_set(e, 0, "%s: not a ctbox image record (no '%s' line)", name, MAGIC);
	goto fail;
bad_head:
	bb_err_set(e, 0, "%s:%zu: expected the layout, tag and manifest lines", name, l.no);
fail:
	oci_mt_free(m);
	return -1;
}

void oci_mt_free(struct oci_mt *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].path);
		free(m->v[i].link);
	}
	free(m->v);
	free(m->layout);
	free(m->tag);
	free(m->manifest);
	memset(m, 0, sizeof(*m));
}

/* ---- the comparison ---- */

static struct oci_mt_ent *find(struct oci_mt *m, const char *path)
{
	struct oci_mt_ent key;

	key.path = (char *)path;
	return bsearch(&key, m->v, m->n, sizeof(*m->v), by_path);
}

static int same(const struct oci_mt_ent *a, const struct oci_mt_ent *b)
{
	if (a->type != b->type || a->mode != b->mode || a->uid != b->uid || a->gid != b->gid ||
	    a->sec != b->sec || a->nsec != b->nsec)
		return 0;
	switch (a->type) {
	case 'f':
		return a->size == b->size && memcmp(a->sha, b->sha, 32) == 0;
	case 'l':
		return strcmp(a->link, b->link) == 0;
	case 'c':
	case 'b':
		return a->major == b->major && a->minor == b->minor;
	}
	return 1;
}

size_t oci_mt_diff(struct oci_mt *old, struct oci_mt *now)
{
	size_t i, count = 0;

	qsort(old->v, old->n, sizeof(*old->v), by_path);
	for (i = 0; i < now->n; i++) {
		struct oci_mt_ent *o = find(old, now->v[i].path);

		now->v[i].flags &= ~(unsigned)OCI_MT_CHANGED;
		if (o && o->type == now->v[i].type)
			o->flags |= OCI_MT_SEEN;
		if (!o || !same(o, &now->v[i])) {
			now->v[i].flags |= OCI_MT_CHANGED;
			count++;
		}
	}
	/* Sorted by path, a directory comes before its contents. */
	for (i = 0; i < old->n; i++) {
		struct oci_mt_ent *o = &old->v[i], *dir;
		const char *slash;
		char *up;

		if (o->flags & OCI_MT_SEEN)
			continue;
		slash = strrchr(o->path, '/');
		if (!slash)
			continue;  /* "." is never gone */
		up = xasprintf("%.*s", (int)(slash - o->path), o->path);
		dir = find(old, up);
		free(up);
		if (dir && !(dir->flags & OCI_MT_SEEN))
			continue;  /* its directory's whiteout covers it */
		o->flags |= OCI_MT_WHITEOUT;
		count++;
	}
	return count;
}
