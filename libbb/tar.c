/* An in-process tar reader that never writes outside its target (tar.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "tar.h"

#define BLOCK 512
#define COPY_BUF (64 * 1024)
#define META_MAX (1u << 20)            /* long names, pax records */
#define SIZE_MAX_MEMBER (1ULL << 42)   /* 4 TiB: anything bigger is hostile */
#define XATTR_MAX 128                  /* extended attributes per member */
#define XATTR_VAL_MAX (64 * 1024)      /* the kernel's limit for one value */
#define TMP_SUFFIX ".ctbox-new"        /* a replacement is made as NAME.ctbox-new */

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

struct xattr {
	char *name, *val;
	size_t len;
};

/* What pax and GNU headers say about the next member. */
struct pending {
	char *path, *link;
	long long size, uid, gid;
	int has_mtime;
	struct timespec mtime;
	struct xattr *xa;
	size_t nxa;
};

/* A member being extracted. */
struct member {
	char *name, *link;
	char type;
	mode_t mode;
	unsigned long long size, uid, gid, major, minor;
	struct timespec mtime;
	struct xattr *xa;
	size_t nxa;
	struct tar_entry ent;
};

struct tar {
	int root; /* < 0: list mode */
	tar_read_fn rd;
	void *ctx;
	const struct tar_opts *o;
	unsigned flags;
	int chown, is_root;
	struct tar_stats *st;
	struct bb_err *e;
	struct pending p;
	struct dir_attr *dirs;
	size_t ndirs, capdirs;
	const char *member; /* for messages */
	/* The last parent directory opened: members come in directory order,
	 * so most of them reuse it. Stale once something on its way changed. */
	char *pdir;
	int pdir_fd, pdir_stale;
	char *buf; /* COPY_BUF bytes, made on first use */
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
	if (t->o->stop && *t->o->stop)
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

/* Consume n bytes of data (plus padding to the block size) into fd, or,
 * when fd < 0, to the data callback (a regular file m) or nowhere. */
static int copy_data(struct tar *t, const struct member *m, unsigned long long n, int fd)
{
	unsigned long long left = (n + BLOCK - 1) / BLOCK * BLOCK;
	int give = fd < 0 && m && m->ent.type == '0' && t->o->data;
	char *buf = t->buf;

	/* per extraction, not static: several may run at once (threads) */
	if (left && !buf && !(buf = t->buf = malloc(COPY_BUF)))
		return fail(t, ENOMEM, "copy buffer");
	while (left) {
		size_t chunk = left < COPY_BUF ? left : COPY_BUF;
		size_t keep = n < chunk ? n : chunk;
		int r = read_exact(t, buf, chunk);

		if (r <= 0)
			return r == 0 ? fail(t, 0, "archive truncated") : -1;
		if (stopped(t) < 0)
			return -1;
		if (fd >= 0 && keep && full_write(fd, buf, keep) < 0)
			return fail(t, errno, "write failed");
		if (give && keep && t->o->data(t->o->ctx, &m->ent, buf, keep, t->e) < 0)
			return -1;
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

static void xattrs_free(struct xattr *xa, size_t n)
{
	while (n--) {
		free(xa[n].name);
		free(xa[n].val);
	}
	free(xa);
}

static void pending_clear(struct pending *p)
{
	free(p->path);
	free(p->link);
	xattrs_free(p->xa, p->nxa);
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

/* A "SCHILY.xattr.NAME" record (GNU tar's, star's): the value is binary. */
static int pax_xattr(struct tar *t, const char *name, const char *val, size_t len)
{
	struct xattr *n;

	if (!name[0] || len > XATTR_VAL_MAX || t->p.nxa >= XATTR_MAX)
		return fail(t, 0, "bad extended attribute in pax header");
	n = realloc(t->p.xa, (t->p.nxa + 1) * sizeof(*n));
	if (!n)
		return fail(t, ENOMEM, "pax header");
	t->p.xa = n;
	n += t->p.nxa;
	n->name = strdup(name);
	n->val = malloc(len ? len : 1);
	n->len = len;
	if (!n->name || !n->val) {
		free(n->name);
		free(n->val);
		return fail(t, ENOMEM, "pax header");
	}
	memcpy(n->val, val, len);
	t->p.nxa++;
	return 0;
}

/* One pax record's key and value (NUL-terminated; vlen for binary ones). */
static int pax_record(struct tar *t, const char *key, char *val, size_t vlen)
{
	if (strcmp(key, "path") == 0 || strcmp(key, "linkpath") == 0) {
		char **dst = key[0] == 'p' ? &t->p.path : &t->p.link;

		free(*dst);
		if (!(*dst = strdup(val)))
			return fail(t, ENOMEM, "pax header");
	} else if (strcmp(key, "size") == 0 || strcmp(key, "uid") == 0 || strcmp(key, "gid") == 0) {
		long long v = pax_int(val);

		if (v < 0)
			return fail(t, 0, "bad number in pax header");
		*(key[0] == 's' ? &t->p.size : key[0] == 'u' ? &t->p.uid : &t->p.gid) = v;
	} else if (strcmp(key, "mtime") == 0) {
		long long v = pax_int(val);

		if (v >= 0) {
			t->p.has_mtime = 1;
			t->p.mtime.tv_sec = v;
			t->p.mtime.tv_nsec = 0;
		}
	} else if (strncmp(key, "SCHILY.xattr.", 13) == 0) {
		return pax_xattr(t, key + 13, val, vlen);
	}
	return 0;
}

/* Parse pax records "LEN key=value\n" into t->p. */
static int parse_pax(struct tar *t, char *data, size_t size)
{
	size_t off = 0;

	while (off < size) {
		char *rec = data + off, *end, *eq, *vend;
		unsigned long len;

		if (data[off] == '\0')
			break;
		if (data[off] < '1' || data[off] > '9')
			return fail(t, 0, "malformed pax header");
		errno = 0;
		len = strtoul(rec, &end, 10);
		if (errno || *end != ' ' || len > size - off || (size_t)(end - rec) + 2 > len ||
		    rec[len - 1] != '\n')
			return fail(t, 0, "malformed pax header");
		vend = rec + len - 1;
		eq = memchr(end + 1, '=', vend - (end + 1));
		if (!eq)
			return fail(t, 0, "malformed pax header");
		*eq = '\0';
		*vend = '\0';
		if (pax_record(t, end + 1, eq + 1, vend - (eq + 1)) < 0)
			return -1;
		off += len;
	}
	return 0;
}

static int path_fail(struct tar *t, int err)
{
	if (err == ELOOP || err == ENOTDIR)
		return fail(t, 0, "path goes through a symlink or a non-directory");
	return fail(t, err, "can't open its directory");
}

static unsigned dir_how(const struct tar *t)
{
	return (t->flags & TAR_IN_ROOT) ? TAR_DIR_IN_ROOT : 0;
}

static void pdir_drop(struct tar *t)
{
	if (t->pdir_fd >= 0)
		close(t->pdir_fd);
	free(t->pdir);
	t->pdir = NULL;
	t->pdir_fd = -1;
	t->pdir_stale = 0;
}

/* A member named `name` may change how the kept parent resolves. */
static void pdir_check(struct tar *t, const char *name)
{
	size_t n = strlen(name);

	if (t->pdir && strncmp(t->pdir, name, n) == 0 && (!t->pdir[n] || t->pdir[n] == '/'))
		pdir_drop(t);
}

/* The directory holding `name` (a cleaned relative name), created when
 * missing; the fd belongs to t (do not close it). *leaf points into name.
 * Returns the fd, or -1 with e. */
static int open_parent(struct tar *t, const char *name, const char **leaf)
{
	const char *slash = strrchr(name, '/');
	size_t len = slash ? (size_t)(slash - name) : 0;
	int fd;

	*leaf = slash ? slash + 1 : name;
	if (t->pdir && strlen(t->pdir) == len && memcmp(t->pdir, name, len) == 0)
		return t->pdir_fd;
	pdir_drop(t);
	if (!(t->pdir = strndup(name, len)))
		return fail(t, ENOMEM, "path");
	fd = tar_open_dir(t->root, t->pdir, TAR_DIR_CREATE | dir_how(t));
	if (fd < 0) {
		int err = errno;

		pdir_drop(t);
		return path_fail(t, err);
	}
	t->pdir_fd = fd;
	return fd;
}

/* The existing directory holding `path`, without creating anything: an fd
 * to close, or -1 (with e when e_too). */
static int open_dir_of(struct tar *t, const char *path, const char **leaf, int e_too)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, err;

	*leaf = slash ? slash + 1 : path;
	if (!(dir = strndup(path, slash ? (size_t)(slash - path) : 0)))
		return e_too ? fail(t, ENOMEM, "path") : -1;
	fd = tar_open_dir(t->root, dir, dir_how(t));
	err = errno;
	free(dir);
	if (fd < 0 && e_too)
		return path_fail(t, err);
	return fd;
}

/* Where a non-directory member is made: at its name when nothing is there;
 * otherwise under a temporary name in the same directory, renamed over the
 * old entry by commit_leaf (as dpkg does). A directory in the way fails. */
struct slot {
	const char *at;
	char tmp[NAME_MAX + 1];
	int replace;
};

static int prepare_leaf(struct tar *t, int pfd, const char *leaf, struct slot *s)
{
	struct stat sb;

	s->at = leaf;
	s->replace = 0;
	if (fstatat(pfd, leaf, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : fail(t, errno, "stat");
	if (S_ISDIR(sb.st_mode))
		return fail(t, EISDIR, "a directory is in the way");
	if (S_ISLNK(sb.st_mode))
		t->pdir_stale = 1; /* the kept parent may have gone through it */
	if ((size_t)snprintf(s->tmp, sizeof(s->tmp), "%s%s", leaf, TMP_SUFFIX) >= sizeof(s->tmp)) {
		/* no room for a temporary name: replace in two steps */
		if (unlinkat(pfd, leaf, 0) < 0)
			return fail(t, errno, "can't replace the existing entry");
		return 0;
	}
	if (unlinkat(pfd, s->tmp, 0) < 0 && errno != ENOENT)
		return fail(t, errno, "can't remove an old temporary file");
	s->at = s->tmp;
	s->replace = 1;
	return 0;
}

/* r: how making the entry at s->at went. */
static int commit_leaf(struct tar *t, int pfd, const char *leaf, struct slot *s, int r)
{
	if (!s->replace)
		return r;
	if (r == 0 && renameat(pfd, s->tmp, pfd, leaf) == 0)
		return 0;
	if (r == 0)
		r = fail(t, errno, errno == EISDIR || errno == ENOTEMPTY ? "a directory is in the way"
								: "can't replace the existing entry");
	(void)unlinkat(pfd, s->tmp, 0);
	return r;
}

static int set_attrs_at(struct tar *t, int pfd, const char *at, int fd, const struct member *m,
			int is_link)
{
	struct timespec ts[2] = { m->mtime, m->mtime };

	if (t->chown) {
		int r = fd >= 0 ? fchown(fd, m->uid, m->gid)
				: fchownat(pfd, at, m->uid, m->gid, AT_SYMLINK_NOFOLLOW);

		if (r < 0)
			return fail(t, errno, "can't set its owner");
	}
	if (!is_link) { /* after chown, which clears setuid bits */
		int r = fd >= 0 ? fchmod(fd, m->mode & 07777) : fchmodat(pfd, at, m->mode & 07777, 0);

		if (r < 0)
			return fail(t, errno, "can't set its mode");
	}
	if (fd >= 0)
		(void)futimens(fd, ts);
	else
		(void)utimensat(pfd, at, ts, AT_SYMLINK_NOFOLLOW);
	return 0;
}

/* user.* attributes always, security.* (file capabilities) and trusted.*
 * as root; set after chown, which drops security.capability. A filesystem
 * without xattrs, or a user namespace that may not set them, is no error. */
static int apply_xattrs(struct tar *t, const struct member *m, int fd)
{
	static const struct {
		const char *prefix;
		int root_only;
	} spaces[] = { { "user.", 0 }, { "security.", 1 }, { "trusted.", 1 } };
	size_t i, k;

	for (i = 0; i < m->nxa; i++) {
		const struct xattr *x = &m->xa[i];

		for (k = 0; k < ARRAY_SIZE(spaces); k++)
			if (strncmp(x->name, spaces[k].prefix, strlen(spaces[k].prefix)) == 0)
				break;
		if (k == ARRAY_SIZE(spaces) || (spaces[k].root_only && !t->is_root))
			continue;
		if (fsetxattr(fd, x->name, x->val, x->len, 0) < 0 && errno != ENOTSUP &&
		    errno != EPERM && errno != EACCES)
			return fail(t, errno, "can't set an extended attribute");
	}
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
		const char *leaf;
		int pfd, fd;

		if (d->path[0] == '\0') {
			fd = fcntl(t->root, F_DUPFD_CLOEXEC, 3);
		} else {
			pfd = open_dir_of(t, d->path, &leaf, 0);
			fd = pfd < 0 ? -1 : openat(pfd, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (pfd >= 0)
				close(pfd);
		}
		if (fd >= 0) {
			(void)fchmod(fd, d->mode & 07777);
			(void)futimens(fd, ts);
			close(fd);
		}
		free(d->path);
	}
}

static int extract_file(struct tar *t, struct member *m, int pfd, const char *leaf)
{
	struct slot s;
	int fd, r;

	if (prepare_leaf(t, pfd, leaf, &s) < 0)
		return -1;
	fd = openat(pfd, s.at, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return commit_leaf(t, pfd, leaf, &s, fail(t, errno, "can't create it"));
	r = copy_data(t, m, m->size, fd);
	if (r == 0)
		r = set_attrs_at(t, pfd, s.at, fd, m, 0);
	if (r == 0)
		r = apply_xattrs(t, m, fd);
	if (close(fd) < 0 && r == 0)
		r = fail(t, errno, "write failed");
	return commit_leaf(t, pfd, leaf, &s, r);
}

/* With TAR_IN_ROOT, is the member's name a symlink to a directory inside
 * the target (merged /usr's bin -> usr/bin)? A dangling one gets the
 * directory it points to, as the parents of later members would. */
static int is_link_to_dir(struct tar *t, const char *name)
{
	int fd = tar_open_dir(t->root, name, TAR_DIR_IN_ROOT | TAR_DIR_CREATE);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static int extract_dir(struct tar *t, struct member *m, int pfd, const char *leaf)
{
	struct stat sb;
	int fd, r, exists;

	exists = fstatat(pfd, leaf, &sb, AT_SYMLINK_NOFOLLOW) == 0;
	if (!exists && errno != ENOENT)
		return fail(t, errno, "stat");
	if (exists && S_ISLNK(sb.st_mode) && (t->flags & TAR_IN_ROOT) && is_link_to_dir(t, m->name))
		return 0; /* kept, and left as it is */
	if (exists && !S_ISDIR(sb.st_mode)) {
		if (unlinkat(pfd, leaf, 0) < 0)
			return fail(t, errno, "can't replace the existing entry");
		if (S_ISLNK(sb.st_mode))
			t->pdir_stale = 1;
		exists = 0;
	}
	/* EEXIST: made meanwhile by another extraction into the same root */
	if (!exists && mkdirat(pfd, leaf, 0700) < 0 &&
	    (errno != EEXIST || fstatat(pfd, leaf, &sb, AT_SYMLINK_NOFOLLOW) < 0 ||
	     !S_ISDIR(sb.st_mode)))
		return fail(t, errno, "can't create the directory");
	if (t->chown && fchownat(pfd, leaf, m->uid, m->gid, AT_SYMLINK_NOFOLLOW) < 0)
		return fail(t, errno, "can't set its owner");
	if (m->nxa) {
		fd = openat(pfd, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return fail(t, errno, "can't open the directory");
		r = apply_xattrs(t, m, fd);
		close(fd);
		if (r < 0)
			return -1;
	}
	return remember_dir(t, m->name, m->mode, &m->mtime);
}

static int extract_symlink(struct tar *t, struct member *m, int pfd, const char *leaf)
{
	struct slot s;
	int r;

	if (prepare_leaf(t, pfd, leaf, &s) < 0)
		return -1;
	if (symlinkat(m->link, pfd, s.at) < 0)
		r = fail(t, errno, "can't create the symlink");
	else
		r = set_attrs_at(t, pfd, s.at, -1, m, 1);
	return commit_leaf(t, pfd, leaf, &s, r);
}

static int extract_hardlink(struct tar *t, struct member *m, int pfd, const char *leaf)
{
	const char *tleaf;
	struct stat tsb, sb;
	struct slot s;
	int tpfd, r;

	tpfd = open_dir_of(t, m->link, &tleaf, 1);
	if (tpfd < 0)
		return -1;
	if (fstatat(tpfd, tleaf, &tsb, AT_SYMLINK_NOFOLLOW) < 0 || S_ISDIR(tsb.st_mode)) {
		close(tpfd);
		return fail(t, errno, "hard link target is not an earlier member");
	}
	/* a link to itself, or already that file: nothing to do */
	if (strcmp(m->link, m->name) == 0 ||
	    (fstatat(pfd, leaf, &sb, AT_SYMLINK_NOFOLLOW) == 0 && sb.st_dev == tsb.st_dev &&
	     sb.st_ino == tsb.st_ino)) {
		close(tpfd);
		return 0;
	}
	r = prepare_leaf(t, pfd, leaf, &s);
	if (r == 0) {
		if (linkat(tpfd, tleaf, pfd, s.at, 0) < 0)
			r = fail(t, errno, "can't create the hard link");
		r = commit_leaf(t, pfd, leaf, &s, r);
	}
	close(tpfd);
	return r;
}

static int extract_node(struct tar *t, struct member *m, int pfd, const char *leaf)
{
	mode_t type = m->type == '3' ? S_IFCHR : m->type == '4' ? S_IFBLK : S_IFIFO;
	struct slot s;
	int r;

	if (type != S_IFIFO && !t->is_root) {
		if (t->flags & TAR_SKIP_DEVICES)
			return 0;
		return fail(t, EPERM, "device nodes need root");
	}
	if (prepare_leaf(t, pfd, leaf, &s) < 0)
		return -1;
	if (mknodat(pfd, s.at, type | 0600, makedev(m->major, m->minor)) < 0)
		r = fail(t, errno, "can't create the node");
	else
		r = set_attrs_at(t, pfd, s.at, -1, m, 0);
	return commit_leaf(t, pfd, leaf, &s, r);
}

typedef int (*extract_fn)(struct tar *, struct member *, int, const char *);

static const struct {
	char type, norm; /* norm: as a tar_entry shows it */
	extract_fn fn;
	int has_data;
} kinds[] = {
	{ '0', '0', extract_file, 1 },     { '\0', '0', extract_file, 1 },
	{ '7', '0', extract_file, 1 },     { '5', '5', extract_dir, 0 },
	{ 'D', '5', extract_dir, 0 },      { '2', '2', extract_symlink, 0 },
	{ '1', '1', extract_hardlink, 0 }, { '3', '3', extract_node, 0 },
	{ '4', '4', extract_node, 0 },     { '6', '6', extract_node, 0 },
};

/* Copy a fixed-size, maybe unterminated header field. */
static char *field_dup(const char *f, size_t len)
{
	return strndup(f, strnlen(f, len));
}

/* The member's name: pax, then ustar's prefix/name, then the name field. */
static char *member_name(struct tar *t, const struct tar_header *h)
{
	char *name = NULL;

	if (t->p.path) {
		name = t->p.path;
		t->p.path = NULL;
	} else if (memcmp(h->magic, "ustar", 5) == 0 && h->prefix[0]) {
		char *pre = field_dup(h->prefix, sizeof(h->prefix));
		char *base = field_dup(h->name, sizeof(h->name));

		if (pre && base && asprintf(&name, "%s/%s", pre, base) < 0)
			name = NULL;
		free(pre);
		free(base);
	} else {
		name = field_dup(h->name, sizeof(h->name));
	}
	return name;
}

/* The header's numbers, with what pax said over them. */
static int member_numbers(struct tar *t, const struct tar_header *h, struct member *m)
{
	unsigned long long mode, mtime;

	if (parse_num(h->mode, sizeof(h->mode), &mode) < 0 ||
	    parse_num(h->uid, sizeof(h->uid), &m->uid) < 0 ||
	    parse_num(h->gid, sizeof(h->gid), &m->gid) < 0 ||
	    parse_num(h->size, sizeof(h->size), &m->size) < 0 ||
	    parse_num(h->mtime, sizeof(h->mtime), &mtime) < 0)
		return fail(t, 0, "bad number in its header");
	m->mode = mode & 07777;
	m->mtime.tv_sec = (time_t)mtime;
	if ((m->type == '3' || m->type == '4') &&
	    (parse_num(h->devmajor, sizeof(h->devmajor), &m->major) < 0 ||
	     parse_num(h->devminor, sizeof(h->devminor), &m->minor) < 0))
		return fail(t, 0, "bad device numbers");
	if (t->p.size >= 0)
		m->size = t->p.size;
	if (t->p.uid >= 0)
		m->uid = t->p.uid;
	if (t->p.gid >= 0)
		m->gid = t->p.gid;
	if (t->p.has_mtime)
		m->mtime = t->p.mtime;
	if (m->size > SIZE_MAX_MEMBER)
		return fail(t, 0, "size too large");
	if (m->uid > 0xfffffffeULL || m->gid > 0xfffffffeULL)
		return fail(t, 0, "owner out of range");
	return 0;
}

/* Write the member (list mode, or skipped: just its data). */
static int place_member(struct tar *t, struct member *m, size_t kind, int skip)
{
	const char *leaf;
	int pfd, r;

	if (skip || t->root < 0)
		return copy_data(t, m, m->size, -1);
	if (!m->name[0]) /* "./": the target itself */
		return remember_dir(t, "", m->mode, &m->mtime);
	pdir_check(t, m->name);
	pfd = open_parent(t, m->name, &leaf);
	if (pfd < 0)
		return -1;
	r = kinds[kind].fn(t, m, pfd, leaf);
	if (r == 0 && !kinds[kind].has_data)
		r = copy_data(t, NULL, m->size, -1); /* GNU may store a size for links */
	if (t->pdir_stale)
		pdir_drop(t);
	return r;
}

static int do_member(struct tar *t, const struct tar_header *h)
{
	struct member m = { 0 };
	const char *why;
	char *raw;
	size_t i;
	int r = -1;

	m.type = h->typeflag;
	m.name = member_name(t, h);
	raw = m.name ? strdup(m.name) : NULL; /* as the archive has it, for messages */
	if (!raw) {
		free(m.name);
		return fail(t, ENOMEM, "name");
	}
	t->member = raw;
	if (t->p.link) {
		m.link = t->p.link;
		t->p.link = NULL;
	} else if (!(m.link = field_dup(h->linkname, sizeof(h->linkname)))) {
		fail(t, ENOMEM, "name");
		goto out;
	}
	if (member_numbers(t, h, &m) < 0)
		goto out;
	m.xa = t->p.xa;
	m.nxa = t->p.nxa;
	t->p.xa = NULL;
	t->p.nxa = 0;
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
	if (tar_clean_name(m.name, &why) < 0) {
		fail(t, 0, why);
		goto out;
	}
	if (!m.name[0] && kinds[i].fn != extract_dir) {
		fail(t, 0, "empty name");
		goto out;
	}
	if (kinds[i].fn == extract_hardlink && (tar_clean_name(m.link, &why) < 0 || !m.link[0])) {
		fail(t, 0, "hard link target is outside the archive");
		goto out;
	}
	m.ent = (struct tar_entry){ .name = m.name, .link = m.link, .type = kinds[i].norm,
				    .mode = m.mode, .size = m.size, .uid = m.uid, .gid = m.gid,
				    .mtime = m.mtime.tv_sec };
	r = t->o->entry ? t->o->entry(t->o->ctx, &m.ent, t->e) : 0;
	if (r >= 0)
		r = place_member(t, &m, i, r == TAR_ENTRY_SKIP);
	if (r == 0)
		t->st->members++;
out:
	t->member = NULL;
	free(raw);
	free(m.name);
	free(m.link);
	xattrs_free(m.xa, m.nxa);
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

int tar_extract_opts(int dirfd, tar_read_fn rd, void *rctx, const struct tar_opts *o,
		     struct tar_stats *st, struct bb_err *e)
{
	static const struct tar_opts none;
	struct tar_stats local = { 0 };
	struct tar t = {
		.root = dirfd, .rd = rd, .ctx = rctx, .o = o ? o : &none,
		.st = st ? st : &local, .e = e, .pdir_fd = -1,
	};
	mode_t old;
	int r;

	memset(t.st, 0, sizeof(*t.st));
	t.flags = t.o->flags;
	t.is_root = geteuid() == 0;
	t.chown = t.is_root && !(t.flags & TAR_NO_OWNER);
	pending_clear(&t.p);
	old = umask(0);
	r = tar_loop(&t);
	umask(old);
	pdir_drop(&t);
	apply_dirs(&t);
	pending_clear(&t.p);
	free(t.dirs);
	free(t.buf);
	return r;
}

int tar_extract(int dirfd, tar_read_fn rd, void *ctx, unsigned flags,
		volatile int *stop, struct tar_stats *st, struct bb_err *e)
{
	struct tar_opts o = { .flags = flags, .stop = stop };

	return tar_extract_opts(dirfd, rd, ctx, &o, st, e);
}
