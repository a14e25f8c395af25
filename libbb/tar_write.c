/* A streaming tar writer: a directory tree as ustar + pax, plain or gzip
 * (tar_write.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <zlib.h>

#include "tar_write.h"

#define BLOCK 512
#define RECORD 10240
#define CHUNK (64 * 1024)
#define IDS_FILE_MAX (1 << 20)
#define IDS_MAX 4096 /* names kept per file: lookups are linear */
#define XNAME_MAX 255 /* XATTR_NAME_MAX (musl lacks it) */

struct ustar {
	char name[100], mode[8], uid[8], gid[8], size[12], mtime[12], chksum[8];
	char typeflag, linkname[100], magic[6], version[2], uname[32], gname[32];
	char devmajor[8], devminor[8], prefix[155], pad[12];
};

struct idname {
	unsigned long id;
	char name[32];
};

struct idmap {
	struct idname *v;
	size_t n;
};

struct hardlink {
	dev_t dev;
	ino_t ino;
	char *name;
};

struct tw {
	int out, gz;
	unsigned flags;
	volatile int *stop;
	struct bb_err *e;
	dev_t dev;                /* the tree's file system */
	unsigned long long total; /* archive bytes before compression */
	z_stream z;
	int flat;                 /* members one by one: directories without contents */
	struct idmap users, groups;
	struct hardlink *links;
	size_t nlinks;
	char *path;               /* the current member's name */
	size_t pathlen, pathcap;
	char *pax;                /* its pax records */
	size_t paxlen, paxcap;
	size_t olen;
	unsigned char obuf[CHUNK], ibuf[CHUNK];
};

static const char zeros[BLOCK];

/* Kept xattr namespaces; 0: dropped. Checked in order, first match wins. */
static const struct {
	const char *prefix;
	int keep;
} xattr_ns[] = {
	{ "security.selinux", 0 },
	{ "security.", 1 },
	{ "trusted.", 1 },
	{ "user.", 1 },
};

static int fail(struct tw *t, int err, const char *why)
{
	return bb_err_set(t->e, err, "%s: %s", t->path, why);
}

static int stopped(struct tw *t)
{
	if (t->stop && *t->stop)
		return bb_err_set(t->e, EINTR, "writing the archive: interrupted");
	return 0;
}

/* ---- output ---- */

static int flush_out(struct tw *t)
{
	if (t->olen && full_write(t->out, t->obuf, t->olen) < 0)
		return bb_err_set(t->e, errno, "writing the archive");
	t->olen = 0;
	return 0;
}

/* Run deflate over the pending input (all of it, or to the end with
 * Z_FINISH), writing out whatever fills the buffer. */
static int deflate_out(struct tw *t, int mode)
{
	for (;;) {
		int r;

		t->z.next_out = t->obuf + t->olen;
		t->z.avail_out = CHUNK - t->olen;
		r = deflate(&t->z, mode);
		t->olen = CHUNK - t->z.avail_out;
		if (r == Z_STREAM_ERROR)
			return bb_err_set(t->e, 0, "writing the archive: deflate failed");
		if (r == Z_STREAM_END)
			return flush_out(t);
		if (t->olen == CHUNK) {
			if (flush_out(t) < 0)
				return -1;
		} else if (mode == Z_NO_FLUSH && !t->z.avail_in) {
			return 0;
		}
	}
}

/* Append n bytes to the archive. */
static int put(struct tw *t, const void *p, size_t n)
{
	t->total += n;
	if (t->gz) {
		t->z.next_in = (unsigned char *)p;
		t->z.avail_in = n;
		return deflate_out(t, Z_NO_FLUSH);
	}
	while (n) {
		size_t k = n < CHUNK - t->olen ? n : CHUNK - t->olen;

		memcpy(t->obuf + t->olen, p, k);
		t->olen += k;
		p = (const char *)p + k;
		n -= k;
		if (t->olen == CHUNK && flush_out(t) < 0)
			return -1;
	}
	return 0;
}

/* Zeros up to the next multiple of `unit`. */
static int pad_to(struct tw *t, unsigned long long unit)
{
	while (t->total % unit) {
		size_t n = unit - t->total % unit;

		if (put(t, zeros, n < BLOCK ? n : BLOCK) < 0)
			return -1;
	}
	return 0;
}

/* ---- headers ---- */

/* v in octal, zero-filled, NUL-terminated, in a field of len bytes.
 * Returns 0 when it does not fit (the field then holds 0). */
static int oct(char *f, size_t len, unsigned long long v)
{
	unsigned long long rest = v;
	size_t i = len - 1;

	f[i] = '\0';
	while (i--) {
		f[i] = '0' + (rest & 7);
		rest >>= 3;
	}
	if (rest)
		oct(f, len, 0);
	return rest == 0;
}

/* Append the pax record "LEN key=value\n" (LEN counts itself). */
static int pax_add(struct tw *t, const char *key, const void *val, size_t vlen)
{
	size_t n = strlen(key) + vlen + 3, len = n + 1;
	char digits[24];
	int dg;

	while ((dg = snprintf(digits, sizeof(digits), "%zu", len)), n + dg != len)
		len = n + dg;
	if (t->paxlen + len > t->paxcap) {
		size_t cap = (t->paxlen + len) * 2;
		char *p = realloc(t->pax, cap);

		if (!p)
			return fail(t, ENOMEM, "pax header");
		t->pax = p;
		t->paxcap = cap;
	}
	t->paxlen += sprintf(t->pax + t->paxlen, "%s %s=", digits, key);
	memcpy(t->pax + t->paxlen, val, vlen);
	t->paxlen += vlen;
	t->pax[t->paxlen++] = '\n';
	return 0;
}

/* A number into its octal field, or a pax record when it does not fit. */
static int num(struct tw *t, char *f, size_t len, unsigned long long v, const char *key)
{
	char d[24];

	if (oct(f, len, v))
		return 0;
	return pax_add(t, key, d, snprintf(d, sizeof(d), "%llu", v));
}

/* A name into its field (cut when it does not fit: pax has the whole). */
static int text(struct tw *t, char *f, size_t len, const char *s, const char *key)
{
	size_t n = strlen(s);

	memcpy(f, s, n < len ? n : len);
	return n <= len ? 0 : pax_add(t, key, s, n);
}

/* The name: whole, split at a '/' into prefix and name, or in pax. */
static int put_name(struct tw *t, struct ustar *h)
{
	size_t len = t->pathlen, i;

	if (len > sizeof(h->name)) {
		/* the name part after the '/' must be 1..100 bytes */
		for (i = len - sizeof(h->name) - 1; i + 1 < len && i <= sizeof(h->prefix); i++) {
			if (t->path[i] == '/') {
				memcpy(h->prefix, t->path, i);
				memcpy(h->name, t->path + i + 1, len - i - 1);
				return 0;
			}
		}
	}
	return text(t, h->name, sizeof(h->name), t->path, "path");
}

/* "SEC[.FRACTION]" with the fraction's trailing zeros dropped. */
static int put_mtime(struct tw *t, struct ustar *h, const struct timespec *ts)
{
	long long s = ts->tv_sec;
	long ns = ts->tv_nsec;
	char v[48];
	int n;

	if (oct(h->mtime, sizeof(h->mtime), s < 0 ? 0 : s) && s >= 0 && !ns)
		return 0;
	if (s < 0 && ns)
		n = snprintf(v, sizeof(v), "-%lld.%09ld", -(s + 1), 1000000000L - ns);
	else
		n = snprintf(v, sizeof(v), "%lld.%09ld", s, ns);
	while (v[n - 1] == '0')
		n--;
	if (v[n - 1] == '.')
		n--;
	return pax_add(t, "mtime", v, n);
}

static const char *id_name(const struct idmap *m, unsigned long id)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].id == id)
			return m->v[i].name;
	return "";
}

/* The xattrs worth keeping from fd, as SCHILY.xattr records. */
static int put_xattrs(struct tw *t, int fd)
{
	ssize_t n = flistxattr(fd, (char *)t->ibuf, CHUNK);
	char *name, key[14 + XNAME_MAX];

	if (n < 0)
		return errno == ENOTSUP ? 0 : fail(t, errno, "can't list its xattrs");
	for (name = (char *)t->ibuf; name < (char *)t->ibuf + n; name += strlen(name) + 1) {
		size_t i;
		ssize_t len;
		void *val;
		int r;

		for (i = 0; i < ARRAY_SIZE(xattr_ns); i++)
			if (!strncmp(name, xattr_ns[i].prefix, strlen(xattr_ns[i].prefix)))
				break;
		if (i == ARRAY_SIZE(xattr_ns) || !xattr_ns[i].keep || strlen(name) > XNAME_MAX)
			continue;
		len = fgetxattr(fd, name, NULL, 0);
		if (len < 0)
			continue; /* gone meanwhile */
		if (!(val = malloc(len + 1)))
			return fail(t, ENOMEM, "xattrs");
		len = fgetxattr(fd, name, val, len);
		memcpy(key, "SCHILY.xattr.", 13);
		strcpy(key + 13, name);
		r = len < 0 ? fail(t, errno, "can't read its xattrs") : pax_add(t, key, val, len);
		free(val);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* One block: checksum filled in, then out. */
static int put_block(struct tw *t, struct ustar *h)
{
	const unsigned char *b = (const unsigned char *)h;
	unsigned sum = 0;
	size_t i;

	memcpy(h->magic, "ustar", 6);
	memcpy(h->version, "00", 2);
	memset(h->chksum, ' ', sizeof(h->chksum));
	for (i = 0; i < sizeof(*h); i++)
		sum += b[i];
	oct(h->chksum, 7, sum);
	return put(t, h, sizeof(*h));
}

/* A member's headers (pax first when needed). type: the ustar typeflag;
 * link: its target (symlinks, hard links); fd: where its xattrs are read,
 * -1 for none. Data, if any, follows from the caller. */
static int put_member(struct tw *t, const struct stat *st, char type, const char *link, int fd)
{
	struct ustar h = { .typeflag = type };
	struct stat root_owned;

	if (t->flags & TARW_ROOT_OWNED) {
		root_owned = *st;
		root_owned.st_uid = 0;
		root_owned.st_gid = 0;
		st = &root_owned;
	}
	t->paxlen = 0;
	if (put_name(t, &h) < 0 ||
	    num(t, h.size, sizeof(h.size), type == '0' ? (unsigned long long)st->st_size : 0, "size") < 0 ||
	    num(t, h.uid, sizeof(h.uid), st->st_uid, "uid") < 0 ||
	    num(t, h.gid, sizeof(h.gid), st->st_gid, "gid") < 0 ||
	    put_mtime(t, &h, &st->st_mtim) < 0 ||
	    (link && text(t, h.linkname, sizeof(h.linkname), link, "linkpath") < 0) ||
	    (fd >= 0 && put_xattrs(t, fd) < 0))
		return -1;
	oct(h.mode, sizeof(h.mode), st->st_mode & 07777);
	oct(h.devmajor, sizeof(h.devmajor), (type == '3' || type == '4') ? major(st->st_rdev) : 0);
	oct(h.devminor, sizeof(h.devminor), (type == '3' || type == '4') ? minor(st->st_rdev) : 0);
	if (!(t->flags & TARW_NUMERIC_ONLY)) {
		strcpy(h.uname, id_name(&t->users, st->st_uid));
		strcpy(h.gname, id_name(&t->groups, st->st_gid));
	}
	if (t->paxlen) {
		struct ustar x = { .name = "././@PaxHeader", .typeflag = 'x' };

		oct(x.mode, sizeof(x.mode), 0644);
		oct(x.uid, sizeof(x.uid), 0);
		oct(x.gid, sizeof(x.gid), 0);
		oct(x.mtime, sizeof(x.mtime), 0);
		if (!oct(x.size, sizeof(x.size), t->paxlen))
			return fail(t, 0, "pax header too large");
		if (put_block(t, &x) < 0 || put(t, t->pax, t->paxlen) < 0 || pad_to(t, BLOCK) < 0)
			return -1;
	}
	return put_block(t, &h);
}

/* ---- owner names from the tree's etc/passwd and etc/group ---- */

static void load_ids(int etc, const char *file, struct idmap *m)
{
	int fd = openat(etc, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	char *buf = NULL, *line, *next;
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > IDS_FILE_MAX ||
	    !(buf = malloc(st.st_size + 1)) || (n = full_read(fd, buf, st.st_size)) < 0)
		goto out;
	buf[n] = '\0';
	for (line = buf; line && m->n < IDS_MAX; line = next) {
		char *name, *id, *end;
		unsigned long v;
		struct idname *p;

		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		name = strsep(&line, ":");
		strsep(&line, ":"); /* password */
		id = strsep(&line, ":");
		if (!id || *id < '0' || *id > '9' || !*name || strlen(name) >= sizeof(p->name))
			continue;
		errno = 0;
		v = strtoul(id, &end, 10);
		if (errno || *end || v > UINT32_MAX || *id_name(m, v))
			continue; /* the first name of an id wins */
		if (!(p = realloc(m->v, (m->n + 1) * sizeof(*p))))
			break;
		m->v = p;
		p[m->n].id = v;
		strcpy(p[m->n++].name, name);
	}
out:
	free(buf);
	close(fd);
}

static void load_names(struct tw *t, int root)
{
	int etc = openat(root, "etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (etc < 0)
		return;
	load_ids(etc, "passwd", &t->users);
	load_ids(etc, "group", &t->groups);
	close(etc);
}

/* ---- the tree ---- */

/* Append "name" (and a '/') to the path; returns the old length. */
static ssize_t path_push(struct tw *t, const char *name, int slash)
{
	size_t old = t->pathlen, n = strlen(name);

	if (old + n + 2 > t->pathcap) {
		size_t cap = (old + n + 2) * 2;
		char *p = realloc(t->path, cap);

		if (!p)
			return fail(t, ENOMEM, "path");
		t->path = p;
		t->pathcap = cap;
	}
	memcpy(t->path + old, name, n);
	t->pathlen += n;
	if (slash)
		t->path[t->pathlen++] = '/';
	t->path[t->pathlen] = '\0';
	return old;
}

/* A later name of a file seen before: its first name; or NULL after
 * noting this one as the first. */
static const char *seen_link(struct tw *t, const struct stat *st, int *err)
{
	struct hardlink *l;
	size_t i;

	*err = 0;
	for (i = 0; i < t->nlinks; i++)
		if (t->links[i].dev == st->st_dev && t->links[i].ino == st->st_ino)
			return t->links[i].name;
	l = realloc(t->links, (t->nlinks + 1) * sizeof(*l));
	if (!l || !(l[t->nlinks].name = strdup(t->path))) {
		if (l)
			t->links = l;
		*err = fail(t, ENOMEM, "hard link list");
		return NULL;
	}
	t->links = l;
	l[t->nlinks].dev = st->st_dev;
	l[t->nlinks++].ino = st->st_ino;
	return NULL;
}

static int put_file(struct tw *t, int dfd, const char *name, const struct stat *st)
{
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	unsigned long long left = st->st_size;
	struct stat now;
	int r = -1;

	if (fd < 0)
		return fail(t, errno, "can't open it");
	if (fstat(fd, &now) < 0 || now.st_ino != st->st_ino || now.st_dev != st->st_dev) {
		fail(t, 0, "changed while being read");
		goto out;
	}
	if (put_member(t, st, '0', NULL, fd) < 0)
		goto out;
	while (left) {
		ssize_t n = full_read(fd, t->ibuf, left < CHUNK ? left : CHUNK);

		if (n <= 0) {
			fail(t, n < 0 ? errno : 0, n < 0 ? "read failed" : "file shrank while being read");
			goto out;
		}
		if (stopped(t) < 0 || put(t, t->ibuf, n) < 0)
			goto out;
		left -= n;
	}
	r = pad_to(t, BLOCK);
out:
	close(fd);
	return r;
}

static int put_symlink(struct tw *t, int dfd, const char *name, const struct stat *st)
{
	char target[4097];
	ssize_t n = readlinkat(dfd, name, target, sizeof(target) - 1);

	if (n < 0)
		return fail(t, errno, "can't read the symlink");
	target[n] = '\0';
	return put_member(t, st, '2', target, -1);
}

static int walk(struct tw *t, int dfd);

static int put_dir(struct tw *t, int dfd, const char *name, const struct stat *st)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return fail(t, errno, "can't open the directory");
	if (path_push(t, "", 1) < 0 || put_member(t, st, '5', NULL, fd) < 0) {
		close(fd);
		return -1;
	}
	if (t->flat || st->st_dev != t->dev) { /* a mount point: empty */
		close(fd);
		return 0;
	}
	return walk(t, fd);
}

static int put_entry(struct tw *t, int dfd, const char *name)
{
	static const struct {
		mode_t type;
		char flag;
	} nodes[] = { { S_IFCHR, '3' }, { S_IFBLK, '4' }, { S_IFIFO, '6' } };
	struct stat st;
	const char *first;
	size_t i;
	int err;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return fail(t, errno, "can't stat it");
	if (S_ISDIR(st.st_mode))
		return put_dir(t, dfd, name, &st);
	if (S_ISSOCK(st.st_mode))
		return 0;
	if (st.st_nlink > 1 && ((first = seen_link(t, &st, &err)) || err))
		return err ? -1 : put_member(t, &st, '1', first, -1);
	if (S_ISREG(st.st_mode))
		return put_file(t, dfd, name, &st);
	if (S_ISLNK(st.st_mode))
		return put_symlink(t, dfd, name, &st);
	for (i = 0; i < ARRAY_SIZE(nodes); i++)
		if ((st.st_mode & S_IFMT) == nodes[i].type)
			return put_member(t, &st, nodes[i].flag, NULL, -1);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The contents of the directory dfd (closed here), sorted by name. */
static int walk(struct tw *t, int dfd)
{
	DIR *d = fdopendir(dfd);
	char **names = NULL;
	size_t n = 0, i;
	struct dirent *de;
	int r = -1;

	if (!d) {
		close(dfd);
		return fail(t, errno, "can't read the directory");
	}
	while ((errno = 0, de = readdir(d))) {
		char **p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!(p = realloc(names, (n + 1) * sizeof(*p))) || !(p[n] = strdup(de->d_name))) {
			names = p ? p : names;
			fail(t, ENOMEM, "directory listing");
			goto out;
		}
		names = p;
		n++;
	}
	if (errno) {
		fail(t, errno, "can't read the directory");
		goto out;
	}
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		ssize_t old;

		if (stopped(t) < 0 || (old = path_push(t, names[i], 0)) < 0)
			goto out;
		if (put_entry(t, dirfd(d), names[i]) < 0)
			goto out;
		t->pathlen = old;
		t->path[old] = '\0';
	}
	r = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return r;
}

/* The archive's end: two zero blocks, then a full record. */
static int finish(struct tw *t)
{
	if (put(t, zeros, BLOCK) < 0 || put(t, zeros, BLOCK) < 0 || pad_to(t, RECORD) < 0)
		return -1;
	if (t->gz)
		return deflate_out(t, Z_FINISH);
	return flush_out(t);
}

/* The root as "./", everything under it, the end of the archive. */
static int tree(struct tw *t, int dirfd)
{
	struct stat st;
	int fd;

	if (path_push(t, "./", 0) < 0)
		return -1;
	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(t, errno, "can't open the directory");
	if (fstat(fd, &st) < 0) {
		close(fd);
		return fail(t, errno, "can't stat it");
	}
	t->dev = st.st_dev;
	if (!(t->flags & TARW_NUMERIC_ONLY))
		load_names(t, fd);
	if (put_member(t, &st, '5', NULL, fd) < 0) {
		close(fd);
		return -1;
	}
	if (walk(t, fd) < 0)
		return -1;
	return finish(t);
}

static struct tw *tw_new(int outfd, unsigned flags, volatile int *stop, struct bb_err *e)
{
	struct tw *t = calloc(1, sizeof(*t));

	if (!t) {
		bb_err_set(e, ENOMEM, "writing the archive");
		return NULL;
	}
	t->out = outfd;
	t->flags = flags;
	t->stop = stop;
	t->e = e;
	t->gz = !!(flags & TARW_GZIP);
	if (t->gz && deflateInit2(&t->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(t);
		bb_err_set(e, ENOMEM, "writing the archive: deflateInit failed");
		return NULL;
	}
	return t;
}

static void tw_free(struct tw *t)
{
	size_t i;

	if (t->gz)
		deflateEnd(&t->z);
	for (i = 0; i < t->nlinks; i++)
		free(t->links[i].name);
	free(t->links);
	free(t->users.v);
	free(t->groups.v);
	free(t->path);
	free(t->pax);
	free(t);
}

int tar_write_tree(int dirfd, int outfd, unsigned flags, volatile int *stop, struct bb_err *e)
{
	struct tw *t = tw_new(outfd, flags, stop, e);
	int r;

	if (!t)
		return -1;
	r = tree(t, dirfd);
	tw_free(t);
	return r;
}

/* ---- members one by one ---- */

struct tar_w *tar_w_open(int root, int outfd, unsigned flags, volatile int *stop,
			 struct bb_err *e)
{
	struct tw *t = tw_new(outfd, flags, stop, e);
	struct stat st;

	if (!t)
		return NULL;
	t->flat = 1;
	if (fstat(root, &st) < 0) {
		bb_err_set(e, errno, "writing the archive: its root");
		tw_free(t);
		return NULL;
	}
	t->dev = st.st_dev;
	if (!(t->flags & TARW_NUMERIC_ONLY))
		load_names(t, root);
	return (struct tar_w *)t;
}

/* The member's name as the current path. */
static int set_path(struct tw *t, const char *member)
{
	t->pathlen = 0;
	return stopped(t) < 0 || path_push(t, member, 0) < 0 ? -1 : 0;
}

int tar_w_put(struct tar_w *w, int dirfd, const char *name, const char *member)
{
	struct tw *t = (struct tw *)w;

	return set_path(t, member) < 0 ? -1 : put_entry(t, dirfd, name);
}

int tar_w_empty(struct tar_w *w, const char *member)
{
	struct tw *t = (struct tw *)w;
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_mode = S_IFREG | 0644;
	return set_path(t, member) < 0 ? -1 : put_member(t, &st, '0', NULL, -1);
}

int tar_w_close(struct tar_w *w, int ok)
{
	struct tw *t = (struct tw *)w;
	int r = ok ? finish(t) : -1;

	tw_free(t);
	return r;
}

unsigned tar_write_flags_for(const char *name)
{
	static const char *const gz[] = { ".tar.gz", ".tgz" };
	size_t n = strlen(name), i;

	for (i = 0; i < ARRAY_SIZE(gz); i++)
		if (n >= strlen(gz[i]) && !strcasecmp(name + n - strlen(gz[i]), gz[i]))
			return TARW_GZIP;
	return 0;
}
