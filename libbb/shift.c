/* Shifting a rootfs's owners into a container's host id range in place:
 * owners, set-id bits, file capabilities, POSIX ACLs (shift.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "shift.h"

#define SHIFT_MAX_DEPTH 256

#define XA_CAPS "security.capability"
#define XA_ACL_ACCESS "system.posix_acl_access"
#define XA_ACL_DEFAULT "system.posix_acl_default"

/* linux/capability.h */
#define CAP_REV_MASK 0xFF000000u
#define CAP_REV_1 0x01000000u
#define CAP_REV_2 0x02000000u
#define CAP_REV_3 0x03000000u
#define CAP_FLAGS_EFFECTIVE 0x000001u
#define CAP_SZ_1 12
#define CAP_SZ_2 20

/* linux/posix_acl_xattr.h, linux/posix_acl.h */
#define ACL_XATTR_VERSION 0x0002u
#define ACL_TAG_USER 0x02
#define ACL_TAG_GROUP 0x08

static const char all_names[] = XA_CAPS "\0" XA_ACL_ACCESS "\0" XA_ACL_DEFAULT;

/* ---------------------------------------------------------------- ids and bytes */

int shift_id(const struct conf_idmap *m, size_t n, char kind, unsigned long id,
	     unsigned long *host)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (m[i].kind == kind && id >= m[i].nsid && id - m[i].nsid < m[i].range) {
			*host = m[i].hostid + (id - m[i].nsid);
			return 0;
		}
	return -1;
}

static uint32_t get32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24;
}

int shift_fscaps(const unsigned char *in, size_t len, const struct conf_idmap *m, size_t n,
		 unsigned char out[SHIFT_CAPS_V3_LEN], struct bb_err *e)
{
	uint32_t magic, rev;
	unsigned long root = 0, host;

	if (len < 4)
		return bb_err_set(e, 0, "file capabilities of %zu bytes", len);
	magic = get32(in);
	rev = magic & CAP_REV_MASK;
	if ((rev == CAP_REV_1 && len != CAP_SZ_1) || (rev == CAP_REV_2 && len != CAP_SZ_2) ||
	    (rev == CAP_REV_3 && len != SHIFT_CAPS_V3_LEN) ||
	    (rev != CAP_REV_1 && rev != CAP_REV_2 && rev != CAP_REV_3) ||
	    (magic & ~(CAP_REV_MASK | CAP_FLAGS_EFFECTIVE)))
		return bb_err_set(e, 0, "file capabilities: unknown revision or size (0x%08x, %zu bytes)",
				  (unsigned)magic, len);
	if (rev == CAP_REV_3)
		root = get32(in + CAP_SZ_2);
	if (shift_id(m, n, 'u', root, &host) < 0)
		return bb_err_set(e, 0, "file capabilities: their root uid %lu is not mapped", root);
	memset(out, 0, SHIFT_CAPS_V3_LEN);
	put32(out, CAP_REV_3 | (magic & CAP_FLAGS_EFFECTIVE));
	/* permitted and inheritable, low then high words (v1: low only) */
	memcpy(out + 4, in + 4, rev == CAP_REV_1 ? 8 : 16);
	put32(out + CAP_SZ_2, (uint32_t)host);
	return SHIFT_CAPS_V3_LEN;
}

int shift_acl(unsigned char *buf, size_t len, const struct conf_idmap *m, size_t n,
	      struct bb_err *e)
{
	size_t off;

	if (len < 4 || (len - 4) % 8 || get32(buf) != ACL_XATTR_VERSION)
		return bb_err_set(e, 0, "ACL: not a version 2 ACL of whole entries (%zu bytes)", len);
	for (off = 4; off < len; off += 8) {
		unsigned tag = buf[off] | buf[off + 1] << 8;
		unsigned long id = get32(buf + off + 4), host;

		if (tag != ACL_TAG_USER && tag != ACL_TAG_GROUP)
			continue;
		if (shift_id(m, n, tag == ACL_TAG_USER ? 'u' : 'g', id, &host) < 0)
			return bb_err_set(e, 0, "ACL: %s %lu is not mapped",
					  tag == ACL_TAG_USER ? "user" : "group", id);
		put32(buf + off + 4, (uint32_t)host);
	}
	return 0;
}

/* ---------------------------------------------------------------- the tree */

/* Inodes with several links, shifted once: an open-addressing set. */
struct seen {
	struct { dev_t dev; ino_t ino; } *v;
	size_t n, cap;
};

/* 1 if (dev, ino) was there, 0 if added now, -1 without memory. */
static int seen_add(struct seen *s, dev_t dev, ino_t ino)
{
	size_t i, h;

	if ((s->n + 1) * 2 > s->cap) {
		struct seen g = { NULL, 0, s->cap ? s->cap * 2 : 64 };

		g.v = calloc(g.cap, sizeof(*g.v));
		if (!g.v)
			return -1;
		for (i = 0; i < s->cap; i++)
			if (s->v[i].ino)
				seen_add(&g, s->v[i].dev, s->v[i].ino);
		free(s->v);
		*s = g;
	}
	for (h = (size_t)(ino * 0x9E3779B97F4A7C15ULL) & (s->cap - 1);; h = (h + 1) & (s->cap - 1)) {
		if (!s->v[h].ino) {
			s->v[h].dev = dev;
			s->v[h].ino = ino;
			s->n++;
			return 0;
		}
		if (s->v[h].ino == ino && s->v[h].dev == dev)
			return 1;
	}
}

struct walk {
	const struct conf_idmap *m;
	size_t n;
	volatile int *stop;
	dev_t dev;                /* the tree's file system */
	struct seen seen;
	char rel[4096];           /* the current path, for messages */
	struct bb_err *e;
};

/* The entry's path inside the rootfs ("/bin/su"), for messages: rel +
 * "/" + name into w->rel; the caller restores the old length. */
static size_t rel_push(struct walk *w, const char *name)
{
	size_t len = strlen(w->rel);

	snprintf(w->rel + len, sizeof(w->rel) - len, "/%s", name);
	return len;
}

/* One xattr of the entry at xpath (a /proc/self/fd path): malloc'd value
 * and its length, NULL when absent. */
static unsigned char *get_xattr(const char *xpath, const char *name, ssize_t *len)
{
	unsigned char *v;

	*len = lgetxattr(xpath, name, NULL, 0);
	if (*len < 0)
		return NULL;
	v = malloc(*len ? *len : 1);
	if (v && (*len = lgetxattr(xpath, name, v, *len)) < 0) {
		free(v);
		v = NULL;
	}
	return v;
}

/* Does the NUL-separated list hold name? */
static int has_name(const char *list, ssize_t len, const char *name)
{
	const char *p;

	for (p = list; p < list + len; p += strlen(p) + 1)
		if (strcmp(p, name) == 0)
			return 1;
	return 0;
}

/* Shift the ACL name of xpath and write it back. */
static int shift_acl_of(struct walk *w, const char *xpath, const char *name)
{
	ssize_t len;
	unsigned char *v = get_xattr(xpath, name, &len);
	int r;

	if (!v)
		return errno == ENODATA ? 0 : bb_err_set(w->e, errno, "can't read %s of '%s'", name, w->rel);
	r = shift_acl(v, len, w->m, w->n, w->e);
	if (r == 0 && lsetxattr(xpath, name, v, len, 0) < 0)
		r = bb_err_set(w->e, errno, "can't write %s of '%s'", name, w->rel);
	free(v);
	return r;
}

/* One entry: name in the directory dirfd, st its lstat. */
static int shift_one(struct walk *w, int dirfd, const char *name, const struct stat *st)
{
	char xpath[64 + 256], list[1024];
	unsigned char caps[SHIFT_CAPS_V3_LEN], *old = NULL;
	unsigned long uid, gid;
	ssize_t nl = 0, ol = 0;
	int is_lnk = S_ISLNK(st->st_mode), caps_len = 0, r = -1;

	if (shift_id(w->m, w->n, 'u', st->st_uid, &uid) < 0)
		return bb_err_set(w->e, 0, "'%s' is owned by uid %lu, which lxc.idmap does not map",
				  w->rel, (unsigned long)st->st_uid);
	if (shift_id(w->m, w->n, 'g', st->st_gid, &gid) < 0)
		return bb_err_set(w->e, 0, "'%s' has gid %lu, which lxc.idmap does not map",
				  w->rel, (unsigned long)st->st_gid);
	snprintf(xpath, sizeof(xpath), "/proc/self/fd/%d/%s", dirfd, name);
	if (!is_lnk) {
		nl = llistxattr(xpath, list, sizeof(list));
		if (nl < 0 && errno == ERANGE) { /* many names: ask for each of ours */
			memcpy(list, all_names, sizeof(all_names));
			nl = sizeof(all_names);
		} else if (nl < 0 && errno == ENOTSUP) {
			nl = 0;
		} else if (nl < 0) {
			return bb_err_set(w->e, errno, "can't list the xattrs of '%s'", w->rel);
		}
	}
	/* chown drops file capabilities: read them first. */
	if (S_ISREG(st->st_mode) && has_name(list, nl, XA_CAPS)) {
		old = get_xattr(xpath, XA_CAPS, &ol);
		if (!old && errno != ENODATA)
			return bb_err_set(w->e, errno, "can't read the file capabilities of '%s'", w->rel);
		if (old && (caps_len = shift_fscaps(old, ol, w->m, w->n, caps, w->e)) < 0) {
			size_t l = strlen(w->e->msg);

			snprintf(w->e->msg + l, sizeof(w->e->msg) - l, " ('%s')", w->rel);
			goto out;
		}
	}
	if (fchownat(dirfd, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0) {
		bb_err_set(w->e, errno, "can't change the owner of '%s'", w->rel);
		goto out;
	}
	/* chown clears set-user-ID and set-group-ID: put them back. */
	if (!is_lnk && (st->st_mode & (S_ISUID | S_ISGID)) &&
	    fchmodat(dirfd, name, st->st_mode & 07777, 0) < 0) {
		bb_err_set(w->e, errno, "can't restore the mode of '%s'", w->rel);
		goto out;
	}
	if (!is_lnk && has_name(list, nl, XA_ACL_ACCESS) && shift_acl_of(w, xpath, XA_ACL_ACCESS) < 0)
		goto out;
	if (S_ISDIR(st->st_mode) && has_name(list, nl, XA_ACL_DEFAULT) &&
	    shift_acl_of(w, xpath, XA_ACL_DEFAULT) < 0)
		goto out;
	if (caps_len > 0 && lsetxattr(xpath, XA_CAPS, caps, caps_len, 0) < 0) {
		bb_err_set(w->e, errno, "can't write the file capabilities of '%s'", w->rel);
		goto out;
	}
	r = 0;
out:
	free(old);
	return r;
}

static int walk_dir(struct walk *w, int fd, int depth)
{
	DIR *d;
	struct dirent *de;
	int r = 0;

	if (depth > SHIFT_MAX_DEPTH) {
		close(fd);
		return bb_err_set(w->e, 0, "'%s' is nested more than %d directories deep",
				  w->rel, SHIFT_MAX_DEPTH);
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return bb_err_set(w->e, errno, "can't read '%s'", w->rel[0] ? w->rel : "/");
	}
	while (r == 0 && (errno = 0, de = readdir(d))) {
		struct stat st;
		size_t keep;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (*w->stop) {
			r = bb_err_set(w->e, EINTR, "interrupted by signal %d", *w->stop);
			break;
		}
		keep = rel_push(w, de->d_name);
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			r = bb_err_set(w->e, errno, "can't stat '%s'", w->rel);
		} else if (st.st_dev != w->dev) {
			/* another file system mounted here: not ours */
		} else if (st.st_nlink > 1 && !S_ISDIR(st.st_mode) &&
			   (r = seen_add(&w->seen, st.st_dev, st.st_ino)) != 0) {
			r = r < 0 ? bb_err_set(w->e, ENOMEM, "shift") : 0;
		} else if ((r = shift_one(w, dirfd(d), de->d_name, &st)) == 0 && S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			r = sub < 0 ? bb_err_set(w->e, errno, "can't open '%s'", w->rel)
				    : walk_dir(w, sub, depth + 1);
		}
		w->rel[keep] = '\0';
	}
	if (r == 0 && errno)
		r = bb_err_set(w->e, errno, "can't read '%s'", w->rel[0] ? w->rel : "/");
	closedir(d);
	return r;
}

int shift_tree(const char *dir, const struct conf_idmap *m, size_t n, volatile int *stop,
	       struct bb_err *e)
{
	static volatile int never;
	struct walk w = { .m = m, .n = n, .stop = stop ? stop : &never, .e = e };
	struct stat st;
	int fd, r;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		r = bb_err_set(e, errno, "can't open '%s'", dir);
		if (fd >= 0)
			close(fd);
		return r;
	}
	w.dev = st.st_dev;
	strcpy(w.rel, "/");
	r = shift_one(&w, fd, ".", &st);
	w.rel[0] = '\0';
	if (r == 0)
		r = walk_dir(&w, fd, 0);
	else
		close(fd);
	free(w.seen.v);
	return r;
}
