/* An in-process tar reader that never writes outside its target (tar.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tar.h"

#define BLOCK 512
#define META_MAX (1u << 20)            /* long names, pax records */
#define SIZE_MAX_MEMBER (1ULL << 42)   /* 4 TiB: anything bigger is hostile */

struct tar_header {
	char name[100], mode[8], uid[8], gid[8], size[12], mtime[12], chksum[8];
	char typeflag, linkname[100], magic[6], version[2], uname[32], gname[32];
	char devmajor[8], devminor[8], prefix[155], pad[12];
};

struct dir_attr {
	char *path;
	mode_t mode;
	struct timespec mtime;
};

/* What pax and GNU headers say about the next member. */
struct pending {
	char *path, *link;
	long long size, uid, gid;
	int has_mtime;
	struct timespec mtime;
};

struct tar {
	int root;
	tar_read_fn rd;
	void *ctx;
	unsigned flags;
	int chown, is_root;
	volatile int *stop;
	struct tar_stats *st;
	struct bb_err *e;
	struct pending p;
	struct dir_attr *dirs;
	size_t ndirs, capdirs;
	const char *member; /* for messages */
};

ssize_t tar_read_fd(void *ctx, void *buf, size_t len, struct bb_err *e)
{
	ssize_t r;

	do
		r = read(*(int *)ctx, buf, len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return bb_err_set(e, errno, "reading the archive");
	return r;
}

int tar_clean_name(char *name, const char **why)
{
	char *r = name, *w = name;

	if (name[0] == '/') {
		*why = "absolute name";
		return -1;
	}
	while (*r) {
		char *end = strchrnul(r, '/');
		size_t len = end - r;

		if (len == 0 || (len == 1 && r[0] == '.')) {
			/* empty or "." component: drop */
		} else if (len == 2 && r[0] == '.' && r[1] == '.') {
			*why = "name has a '..' component";
			return -1;
		} else {
			if (w != name)
				*w++ = '/';
			memmove(w, r, len);
			w += len;
		}
		r = *end ? end + 1 : end;
	}
	*w = '\0';
	return 0;
}

static int fail(struct tar *t, int err, const char *why)
{
	return bb_err_set(t->e, err, "archive member '%s': %s", t->member ? t->member : "?", why);
}

static int stopped(struct tar *t)
{
	if (t->stop && *t->stop)
		return bb_err_set(t->e, EINTR, "extraction interrupted");
	return 0;
}

/* Read exactly len bytes: 1, 0 at a clean end (nothing read), -1. */
static int read_exact(struct tar *t, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r = t->rd(t->ctx, (char *)buf + done, len - done, t->e);

		if (r < 0)
			return -1;
		if (r == 0) {
			if (done == 0)
				return 0;
			return fail(t, 0, "archive truncated");
		}
		done += r;
	}
	return 1;
}

/* Consume n bytes of data (plus padding to the block size) into fd, or
 * drop them when fd < 0. */
static int copy_data(struct tar *t, unsigned long long n, int fd)
{
	static char buf[64 * 1024];
	unsigned long long left = (n + BLOCK - 1) / BLOCK * BLOCK;

	while (left) {
		size_t chunk = left < sizeof(buf) ? left : sizeof(buf);
		size_t keep = n < chunk ? n : chunk;
		int r = read_exact(t, buf, chunk);

		if (r <= 0)
			return r == 0 ? fail(t, 0, "archive truncated") : -1;
		if (stopped(t) < 0)
			return -1;
		if (fd >= 0 && keep && full_write(fd, buf, keep) < 0)
			return fail(t, errno, "write failed");
		n -= keep;
		left -= chunk;
		t->st->bytes += keep;
	}
	return 0;
}

/* Read a metadata member's data (a long name, pax records) into memory. */
static char *read_meta(struct tar *t, unsigned long long size)
{
	unsigned long long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
	char *buf;

	if (size > META_MAX) {
		fail(t, 0, "metadata header too large");
		return NULL;
	}
	buf = malloc(padded + 1);
	if (!buf) {
		fail(t, ENOMEM, "metadata header");
		return NULL;
	}
	if (padded) {
		int r = read_exact(t, buf, padded);

		if (r <= 0) {
			if (r == 0)
				fail(t, 0, "archive truncated");
			free(buf);
			return NULL;
		}
	}
	buf[size] = '\0';
	return buf;
}

/* A numeric field: octal (spaces, NULs around it) or GNU base-256. */
static int parse_num(const char *f, size_t len, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i = 0;

	if ((unsigned char)f[0] & 0x80) {
		if ((unsigned char)f[0] == 0xff)
			return -1; /* negative */
		v = (unsigned char)f[0] & 0x3f;
		for (i = 1; i < len; i++) {
			if (v >> 55)
				return -1;
			v = (v << 8) | (unsigned char)f[i];
		}
		*out = v;
		return 0;
	}
	while (i < len && f[i] == ' ')
		i++;
	for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 60)
			return -1;
		v = v * 8 + (f[i] - '0');
	}
	for (; i < len; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return -1;
	*out = v;
	return 0;
}

static int checksum_ok(const unsigned char *b)
{
	unsigned long long want;
	long sum_u = 0, sum_s = 0;
	int i;

	if (parse_num((const char *)b + 148, 8, &want) < 0)
		return 0;
	for (i = 0; i < BLOCK; i++) {
		int c = (i >= 148 && i < 156) ? ' ' : b[i];

		sum_u += (unsigned char)c;
		sum_s += (signed char)c;
	}
	return (long)want == sum_u || (long)want == sum_s;
}

static void pending_clear(struct pending *p)
{
	free(p->path);
	free(p->link);
	memset(p, 0, sizeof(*p));
	p->size = p->uid = p->gid = -1;
}

static long long pax_int(const char *v)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || end == v || n < 0 || (*end && *end != '.'))
		return -2;
	return n;
}

/* Parse pax records "LEN key=value\n" into t->p. */
static int parse_pax(struct tar *t, char *data, size_t size)
{
	size_t off = 0;

	while (off < size) {
		char *rec = data + off, *end, *key, *eq;
		unsigned long len;

		if (data[off] == '\0')
			break;
		errno = 0;
		len = strtoul(rec, &end, 10);
		if (errno || end == rec || *end != ' ' || len == 0 || len > size - off ||
		    rec[len - 1] != '\n')
			return fail(t, 0, "malformed pax header");
		rec[len - 1] = '\0';
		key = end + 1;
		eq = strchr(key, '=');
		if (!eq)
			return fail(t, 0, "malformed pax header");
		*eq = '\0';
		if (strcmp(key, "path") == 0 || strcmp(key, "linkpath") == 0) {
			char **dst = key[0] == 'p' ? &t->p.path : &t->p.link;

			free(*dst);
			if (!(*dst = strdup(eq + 1)))
				return fail(t, ENOMEM, "pax header");
		} else if (strcmp(key, "size") == 0 || strcmp(key, "uid") == 0 ||
			   strcmp(key, "gid") == 0) {
			long long v = pax_int(eq + 1);

			if (v < 0)
				return fail(t, 0, "bad number in pax header");
			*(key[0] == 's' ? &t->p.size : key[0] == 'u' ? &t->p.uid : &t->p.gid) = v;
		} else if (strcmp(key, "mtime") == 0) {
			long long v = pax_int(eq + 1);

			if (v >= 0) {
				t->p.has_mtime = 1;
				t->p.mtime.tv_sec = v;
				t->p.mtime.tv_nsec = 0;
			}
		}
		off += len;
	}
	return 0;
}

/* Open the directory holding `path` (a cleaned relative name), creating
 * missing directories when `create`; never through a symlink. *leaf points
 * into path. Returns an fd, or -1 with e. */
static int open_parent(struct tar *t, char *path, char **leaf, int create)
{
	int fd = dup(t->root);
	char *p = path, *slash;

	if (fd < 0)
		return fail(t, errno, "dup");
	while ((slash = strchr(p, '/')) != NULL) {
		int nfd;

		*slash = '\0';
		nfd = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, p, 0700) < 0 && errno != EEXIST) {
				*slash = '/';
				close(fd);
				return fail(t, errno, "can't create its directory");
			}
			nfd = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		*slash = '/';
		if (nfd < 0) {
			int err = errno;

			close(fd);
			if (err == ELOOP || err == ENOTDIR)
				return fail(t, 0, "path goes through a symlink or a non-directory");
			return fail(t, err, "can't open its directory");
		}
		close(fd);
		fd = nfd;
		p = slash + 1;
	}
	*leaf = p;
	return fd;
}

/* Make room for a new entry: remove what is there unless it is a directory
 * (dir_ok) or nothing. */
static int clear_leaf(struct tar *t, int pfd, const char *leaf, int dir_ok, int *is_dir)
{
	struct stat sb;

	*is_dir = 0;
	if (fstatat(pfd, leaf, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : fail(t, errno, "stat");
	if (S_ISDIR(sb.st_mode)) {
		if (dir_ok) {
			*is_dir = 1;
			return 0;
		}
		return fail(t, EISDIR, "a directory is in the way");
	}
	if (unlinkat(pfd, leaf, 0) < 0)
		return fail(t, errno, "can't replace the existing entry");
	return 0;
}

static int set_attrs_at(struct tar *t, int pfd, const char *leaf, int fd, mode_t mode,
			unsigned long long uid, unsigned long long gid,
			const struct timespec *mtime, int is_link)
{
	struct timespec ts[2] = { *mtime, *mtime };

	if (t->chown) {
		int r = fd >= 0 ? fchown(fd, uid, gid)
				: fchownat(pfd, leaf, uid, gid, AT_SYMLINK_NOFOLLOW);

		if (r < 0)
			return fail(t, errno, "can't set its owner");
	}
	if (!is_link) {
		int r = fd >= 0 ? fchmod(fd, mode & 07777) : fchmodat(pfd, leaf, mode & 07777, 0);

		if (r < 0)
			return fail(t, errno, "can't set its mode");
	}
	if (fd >= 0)
		(void)futimens(fd, ts);
	else
		(void)utimensat(pfd, leaf, ts, AT_SYMLINK_NOFOLLOW);
	return 0;
}

static int remember_dir(struct tar *t, const char *path, mode_t mode, const struct timespec *mtime)
{
	if (t->ndirs == t->capdirs) {
		size_t cap = t->capdirs ? 2 * t->capdirs : 64;
		struct dir_attr *n = realloc(t->dirs, cap * sizeof(*n));

		if (!n)
			return fail(t, ENOMEM, "directory list");
		t->dirs = n;
		t->capdirs = cap;
	}
	if (!(t->dirs[t->ndirs].path = strdup(path)))
		return fail(t, ENOMEM, "directory list");
	t->dirs[t->ndirs].mode = mode;
	t->dirs[t->ndirs].mtime = *mtime;
	t->ndirs++;
	return 0;
}

/* Directories get their final mode and mtime last (children came after). */
static void apply_dirs(struct tar *t)
{
	while (t->ndirs) {
		struct dir_attr *d = &t->dirs[--t->ndirs];
		struct timespec ts[2] = { d->mtime, d->mtime };
		struct bb_err ignored;
		struct bb_err *save = t->e;
		char *leaf;
		int pfd, fd;

		t->e = &ignored;
		if (d->path[0] == '\0') {
			fd = dup(t->root);
		} else {
			pfd = open_parent(t, d->path, &leaf, 0);
			fd = pfd < 0 ? -1 : openat(pfd, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (pfd >= 0)
				close(pfd);
		}
		t->e = save;
		if (fd >= 0) {
			(void)fchmod(fd, d->mode & 07777);
			(void)futimens(fd, ts);
			close(fd);
		}
		free(d->path);
	}
}

struct member {
	char *name, *link;
	char type;
	mode_t mode;
	unsigned long long size, uid, gid, major, minor;
	struct timespec mtime;
};

static int extract_file(struct tar *t, struct member *m, int pfd, const char *leaf)
{
	int is_dir, fd, r;

	if (clear_leaf(t, pfd, leaf, 0, &is_dir) < 0)
		return -1;
	fd = openat(pfd, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail(t, errno, "can't create it");
	r = copy_data(t, m->size, fd);
	if (r == 0)
		r = set_attrs_at(t, pfd, leaf, fd, m->mode, m->uid, m->gid, &m->mtime, 0);
	if (close(fd) < 0 && r == 0)
		r = fail(t, errno, "write failed");
	return r;
}

static int extract_dir(struct tar *t, struct member *m, int pfd, const char *leaf)
{
	int is_dir;

	if (clear_leaf(t, pfd, leaf, 1, &is_dir) < 0)
		return -1;
	if (!is_dir && mkdirat(pfd, leaf, 0700) < 0)
		return fail(t, errno, "can't create the directory");
	if (t->chown && fchownat(pfd, leaf, m->uid, m->gid, AT_SYMLINK_NOFOLLOW) < 0)
		return fail(t, errno, "can't set its owner");
	return remember_dir(t, m->name, m->mode, &m->mtime);
}

static int extract_symlink(struct tar *t, struct member *m, int pfd, const char *leaf)
{
	int is_dir;

	if (clear_leaf(t, pfd, leaf, 0, &is_dir) < 0)
		return -1;
	if (symlinkat(m->link, pfd, leaf) < 0)
		return fail(t, errno, "can't create the symlink");
	return set_attrs_at(t, pfd, leaf, -1, m->mode, m->uid, m->gid, &m->mtime, 1);
}

static int extract_hardlink(struct tar *t, struct member *m, int pfd, const char *leaf)
{
	const char *why;
	char *tleaf;
	int tpfd, is_dir, r;
	struct stat sb;

	if (tar_clean_name(m->link, &why) < 0 || !m->link[0])
		return fail(t, 0, "hard link target is outside the archive");
	tpfd = open_parent(t, m->link, &tleaf, 0);
	if (tpfd < 0)
		return -1;
	if (fstatat(tpfd, tleaf, &sb, AT_SYMLINK_NOFOLLOW) < 0 || S_ISDIR(sb.st_mode)) {
		close(tpfd);
		return fail(t, errno, "hard link target is not an earlier member");
	}
	if (strcmp(m->link, m->name) == 0) { /* a link to itself: nothing to do */
		close(tpfd);
		return 0;
	}
	r = clear_leaf(t, pfd, leaf, 0, &is_dir);
	if (r == 0 && linkat(tpfd, tleaf, pfd, leaf, 0) < 0)
		r = fail(t, errno, "can't create the hard link");
	close(tpfd);
	return r;
}

static int extract_node(struct tar *t, struct member *m, int pfd, const char *leaf)
{
	mode_t type = m->type == '3' ? S_IFCHR : m->type == '4' ? S_IFBLK : S_IFIFO;
	int is_dir;

	if (type != S_IFIFO && !t->is_root) {
		if (t->flags & TAR_SKIP_DEVICES)
			return 0;
		return fail(t, EPERM, "device nodes need root");
	}
	if (clear_leaf(t, pfd, leaf, 0, &is_dir) < 0)
		return -1;
	if (mknodat(pfd, leaf, type | 0600, makedev(m->major, m->minor)) < 0)
		return fail(t, errno, "can't create the node");
	return set_attrs_at(t, pfd, leaf, -1, m->mode, m->uid, m->gid, &m->mtime, 0);
}

typedef int (*extract_fn)(struct tar *, struct member *, int, const char *);

static const struct {
	char type;
	extract_fn fn;
	int has_data;
} kinds[] = {
	{ '0', extract_file, 1 },     { '\0', extract_file, 1 },   { '7', extract_file, 1 },
	{ '5', extract_dir, 0 },      { 'D', extract_dir, 0 },     { '2', extract_symlink, 0 },
	{ '1', extract_hardlink, 0 }, { '3', extract_node, 0 },    { '4', extract_node, 0 },
	{ '6', extract_node, 0 },
};

/* Copy a fixed-size, maybe unterminated header field. */
static char *field_dup(const char *f, size_t len)
{
	return strndup(f, strnlen(f, len));
}

static int do_member(struct tar *t, const struct tar_header *h)
{
	struct member m = { 0 };
	char *leaf, *name = NULL;
	const char *why;
	size_t i;
	int pfd, r = -1;

	m.type = h->typeflag;
	if (t->p.path) {
		name = t->p.path;
		t->p.path = NULL;
	} else if (memcmp(h->magic, "ustar", 5) == 0 && h->prefix[0]) {
		char *pre = field_dup(h->prefix, sizeof(h->prefix)), *base = field_dup(h->name, sizeof(h->name));

		if (pre && base && asprintf(&name, "%s/%s", pre, base) < 0)
			name = NULL;
		free(pre);
		free(base);
	} else {
		name = field_dup(h->name, sizeof(h->name));
	}
	if (!name)
		return fail(t, ENOMEM, "name");
	m.name = name;
	t->member = name;
	if (t->p.link) {
		m.link = t->p.link;
		t->p.link = NULL;
	} else if (!(m.link = field_dup(h->linkname, sizeof(h->linkname)))) {
		fail(t, ENOMEM, "name");
		goto out;
	}
	{
		unsigned long long mode, mtime;

		if (parse_num(h->mode, sizeof(h->mode), &mode) < 0 ||
		    parse_num(h->uid, sizeof(h->uid), &m.uid) < 0 ||
		    parse_num(h->gid, sizeof(h->gid), &m.gid) < 0 ||
		    parse_num(h->size, sizeof(h->size), &m.size) < 0 ||
		    parse_num(h->mtime, sizeof(h->mtime), &mtime) < 0) {
			fail(t, 0, "bad number in its header");
			goto out;
		}
		m.mode = mode & 07777;
		m.mtime.tv_sec = (time_t)mtime;
	}
	if (m.type == '3' || m.type == '4') {
		if (parse_num(h->devmajor, sizeof(h->devmajor), &m.major) < 0 ||
		    parse_num(h->devminor, sizeof(h->devminor), &m.minor) < 0) {
			fail(t, 0, "bad device numbers");
			goto out;
		}
	}
	if (t->p.size >= 0)
		m.size = t->p.size;
	if (t->p.uid >= 0)
		m.uid = t->p.uid;
	if (t->p.gid >= 0)
		m.gid = t->p.gid;
	if (t->p.has_mtime)
		m.mtime = t->p.mtime;
	if (m.size > SIZE_MAX_MEMBER || m.uid > 0xfffffffeULL || m.gid > 0xfffffffeULL) {
		fail(t, 0, m.size > SIZE_MAX_MEMBER ? "size too large" : "owner out of range");
		goto out;
	}
	pending_clear(&t->p);

	for (i = 0; i < ARRAY_SIZE(kinds) && kinds[i].type != m.type; i++)
		;
	if (i == ARRAY_SIZE(kinds)) {
		char why_buf[64];

		snprintf(why_buf, sizeof(why_buf), "unsupported member type '%c'",
			 m.type >= 32 && m.type < 127 ? m.type : '?');
		fail(t, 0, why_buf);
		goto out;
	}
	if (tar_clean_name(name, &why) < 0) {
		fail(t, 0, why);
		goto out;
	}
	if (!name[0]) { /* "./": the target itself */
		if (kinds[i].fn == extract_dir)
			r = remember_dir(t, "", m.mode, &m.mtime);
		else
			r = fail(t, 0, "empty name");
		goto out;
	}
	pfd = open_parent(t, name, &leaf, 1);
	if (pfd < 0)
		goto out;
	r = kinds[i].fn(t, &m, pfd, leaf);
	close(pfd);
	if (r == 0 && !kinds[i].has_data)
		r = copy_data(t, m.size, -1); /* GNU may store a size for links */
	if (r == 0)
		t->st->members++;
out:
	t->member = NULL;
	free(name);
	free(m.link);
	return r;
}

static int tar_loop(struct tar *t)
{
	union {
		struct tar_header h;
		unsigned char b[BLOCK];
	} blk;

	for (;;) {
		unsigned long long size;
		char *data;
		int r;

		if (stopped(t) < 0)
			return -1;
		r = read_exact(t, blk.b, BLOCK);
		if (r < 0)
			return -1;
		if (r == 0)
			return bb_err_set(t->e, 0, "archive truncated: no end-of-archive marker");
		for (r = 0; r < BLOCK && blk.b[r] == 0; r++)
			;
		if (r == BLOCK) /* end marker: one or two zero blocks */
			return 0;
		if (!checksum_ok(blk.b))
			return bb_err_set(t->e, 0, "bad tar header checksum after %lu members (not a tar archive, or corrupt)",
					  t->st->members);
		switch (blk.h.typeflag) {
		case 'L':
		case 'K':
		case 'x':
		case 'g':
			t->member = blk.h.typeflag == 'g' ? "global pax header" : "long name header";
			if (parse_num(blk.h.size, sizeof(blk.h.size), &size) < 0)
				return fail(t, 0, "bad size");
			if (!(data = read_meta(t, size)))
				return -1;
			if (blk.h.typeflag == 'x') {
				r = parse_pax(t, data, size);
				free(data);
				if (r < 0)
					return -1;
			} else if (blk.h.typeflag == 'g') {
				free(data);
			} else {
				char **dst = blk.h.typeflag == 'L' ? &t->p.path : &t->p.link;

				free(*dst);
				*dst = data;
			}
			t->member = NULL;
			continue;
		}
		if (do_member(t, &blk.h) < 0)
			return -1;
	}
}

int tar_extract(int dirfd, tar_read_fn rd, void *ctx, unsigned flags,
		volatile int *stop, struct tar_stats *st, struct bb_err *e)
{
	struct tar_stats local = { 0 };
	struct tar t = {
		.root = dirfd, .rd = rd, .ctx = ctx, .flags = flags, .stop = stop,
		.st = st ? st : &local, .e = e,
	};
	mode_t old;
	int r;

	memset(t.st, 0, sizeof(*t.st));
	t.is_root = geteuid() == 0;
	t.chown = t.is_root && !(flags & TAR_NO_OWNER);
	pending_clear(&t.p);
	old = umask(0);
	r = tar_loop(&t);
	umask(old);
	apply_dirs(&t);
	pending_clear(&t.p);
	free(t.dirs);
	return r;
}
