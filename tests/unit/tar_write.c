/* Unit tests of the tar writer (libbb/tar_write.c): a tree with every kind
 * of member and awkward sizes and names is written plain and gzip, then
 * read back by tar_extract and (when installed) by GNU tar and compared
 * with the source; every header's checksum and the member order are
 * checked by reading the blocks here. Root-only parts (devices, owners,
 * security.capability, a mount point) skip when not root. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <zlib.h>

#include "tar.h"
#include "tar_write.h"
#include "tap.h"

#define FAR_MTIME 9000000000LL /* past the 11 octal digits of ustar */

static char base[64], src[128];
static int is_root, have_caps, have_user_xattr, have_mount, have_gnu_tar, have_dev, have_bigid;

/* ---- small helpers ---- */

static char *at(const char *dir, const char *rel)
{
	static char buf[4][4096];
	static int n;
	char *p = buf[n++ % 4];

	snprintf(p, sizeof(buf[0]), "%s%s%s", dir, rel[0] ? "/" : "", rel);
	return p;
}

static char *rep(char c, int n)
{
	static char buf[4][512];
	static int k;
	char *p = buf[k++ % 4];

	memset(p, c, n);
	p[n] = '\0';
	return p;
}

static void mkfile(const char *rel, size_t size, mode_t mode)
{
	FILE *f = fopen(at(src, rel), "w");
	size_t i;

	for (i = 0; f && i < size; i++)
		fputc((int)((i * 31 + size) & 0xff), f);
	if (!f || fclose(f) != 0 || chmod(at(src, rel), mode) < 0)
		diag("can't make %s: %s", rel, strerror(errno));
}

static void mkd(const char *rel, mode_t mode)
{
	if (mkdir(at(src, rel), mode) < 0 || chmod(at(src, rel), mode) < 0)
		diag("can't make %s: %s", rel, strerror(errno));
}

static void wr(const char *rel, const char *text)
{
	FILE *f = fopen(at(src, rel), "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		diag("can't write %s", rel);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n == cap)
			buf = realloc(buf, cap = cap * 2 + 65536);
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	*len = n;
	return buf;
}

/* ---- the source tree ---- */

/* Visit base/rel and, sorted byte-wise, everything under it on the same
 * file system (a mount point is visited, its contents are not). */
typedef void (*visit_fn)(const char *rel, const struct stat *st, void *ctx);

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_dots(const struct dirent *d)
{
	return strcmp(d->d_name, ".") && strcmp(d->d_name, "..");
}

static void visit(const char *dir, const char *rel, dev_t dev, visit_fn fn, void *ctx)
{
	struct dirent **list;
	struct stat st;
	char path[4096], child[4096];
	int n, i;

	snprintf(path, sizeof(path), "%s", at(dir, rel));
	if (lstat(path, &st) < 0)
		return;
	fn(rel, &st, ctx);
	if (!S_ISDIR(st.st_mode) || st.st_dev != dev || (n = scandir(path, &list, not_dots, by_name)) < 0)
		return;
	for (i = 0; i < n; i++) {
		snprintf(child, sizeof(child), "%s%s%s", rel, rel[0] ? "/" : "", list[i]->d_name);
		visit(dir, child, dev, fn, ctx);
		free(list[i]);
	}
	free(list);
}

static dev_t dev_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_dev : 0;
}

/* The member name of a source entry. */
static void member_name(char *out, size_t len, const char *rel, const struct stat *st)
{
	snprintf(out, len, "./%s%s", rel, S_ISDIR(st->st_mode) && rel[0] ? "/" : "");
}

static long mtime_count;

static void set_mtime(const char *rel, const struct stat *st, void *ctx)
{
	struct timespec ts[2] = { { 1500000000 + 1000 * mtime_count++, 0 } };

	if (st->st_dev != dev_of(src))
		return; /* the mount point keeps its own */
	if (!strcmp(rel, "nsec"))
		ts[0].tv_nsec = 123456789;
	if (!strcmp(rel, "far"))
		ts[0].tv_sec = FAR_MTIME;
	ts[1] = ts[0];
	if (utimensat(AT_FDCWD, at(src, rel), ts, AT_SYMLINK_NOFOLLOW) < 0)
		diag("utimensat %s: %s", rel, strerror(errno));
}

static void make_tree(void)
{
	static const unsigned char cap[20] = { 1, 0, 0, 2, 0, 0x20 }; /* v2, effective, CAP_NET_RAW */
	char deep[4096] = "deep";
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int i, s;

	mkd("", 0755);
	mkd("etc", 0755);
	wr("etc/passwd", "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1::/:/bin/false\n"
	   "again:x:0:0::/:/bin/false\nneg:x:-1:0::/:\nbroken\n" "toolongnametoolongnametoolongname:x:7:7::/:\n");
	wr("etc/group", "root:x:0:\ndaemon::1:\n");
	mkfile("f0", 0, 0644);
	mkfile("f1", 1, 0644);
	mkfile("f511", 511, 0600);
	mkfile("f512", 512, 0640);
	mkfile("f513", 513, 0444);
	mkfile("big", 100000, 0644);
	mkfile("nsec", 3, 0644);
	mkfile("far", 3, 0644);
	mkfile(rep('a', 99), 5, 0644);
	mkfile(rep('b', 100), 5, 0644);
	mkfile(rep('c', 101), 5, 0644);
	mkd(rep('p', 153), 0755); /* "./ppp/qqq": a 155-byte prefix and a 100-byte name */
	mkfile(at(rep('p', 153), rep('q', 100)), 7, 0644);
	mkd(rep('L', 50), 0755); /* 302 bytes: pax */
	mkfile(at(rep('L', 50), rep('l', 249)), 7, 0644);
	mkd(deep, 0755);
	for (i = 1; i <= 40; i++) {
		snprintf(deep + strlen(deep), sizeof(deep) - strlen(deep), "/dir%02d-xyz", i);
		mkd(deep, 0755);
	}
	mkfile(at(deep, "leaf"), 10, 0644);
	if (symlink("f1", at(src, "sl")) < 0 || symlink(rep('T', 150), at(src, "sl_long")) < 0 ||
	    symlink("no/such/file", at(src, "sl_dangling")) < 0)
		diag("symlink: %s", strerror(errno));
	mkfile("hl1", 600, 0644);
	if (link(at(src, "hl1"), at(src, "hl2")) < 0)
		diag("link: %s", strerror(errno));
	mkd("empty", 0700);
	mkd("sgid", 02775);
	mkd("sticky", 01777);
	mkfile("suid", 20, 04755);
	if (mkfifo(at(src, "fifo"), 0640) < 0)
		diag("mkfifo: %s", strerror(errno));
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", at(src, "sock"));
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		diag("socket: %s", strerror(errno));
	close(s);
	have_user_xattr = setxattr(at(src, "f1"), "user.note", "hello", 5, 0) == 0 &&
			  setxattr(at(src, "empty"), "user.dir", "", 0, 0) == 0;
	if (is_root) {
		have_dev = mknod(at(src, "chr"), S_IFCHR | 0620, makedev(1, 3)) == 0 &&
			   mknod(at(src, "blk"), S_IFBLK | 0660, makedev(7, 200)) == 0 &&
			   chmod(at(src, "chr"), 0620) == 0; /* mknod's mode went through the umask */
		mkfile("daemonfile", 4, 0644);
		mkfile("bigid", 4, 0644);
		if (chown(at(src, "daemonfile"), 1, 1) < 0 || lchown(at(src, "sl"), 1, 1) < 0)
			diag("chown: %s", strerror(errno));
		have_bigid = chown(at(src, "bigid"), 3000000, 3000001) == 0;
		mkfile("caps", 30, 0755);
		have_caps = setxattr(at(src, "caps"), "security.capability", cap, sizeof(cap), 0) == 0;
		mkd("mnt", 0755);
		have_mount = unshare(CLONE_NEWNS) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
			     mount("tmpfs", at(src, "mnt"), "tmpfs", 0, "mode=0750") == 0;
		if (have_mount)
			mkfile("mnt/inside", 5, 0644);
	}
	mtime_count = 0;
	visit(src, "", dev_of(src), set_mtime, NULL);
}

/* ---- writing ---- */

static int write_to(const char *path, unsigned flags, struct bb_err *e)
{
	int dfd = open(src, O_RDONLY | O_DIRECTORY), out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), r;

	memset(e, 0, sizeof(*e));
	r = tar_write_tree(dfd, out, flags, NULL, e);
	if (r < 0)
		diag("tar_write_tree: %s", e->msg);
	close(dfd);
	close(out);
	return r;
}

/* ---- reading the blocks ourselves ---- */

static unsigned long long octal(const char *f, size_t len)
{
	unsigned long long v = 0;
	size_t i;

	for (i = 0; i < len && f[i] >= '0' && f[i] <= '7'; i++)
		v = v * 8 + (f[i] - '0');
	return v;
}

struct names {
	char **v;
	size_t n;
};

static void add_name(struct names *l, const char *s)
{
	l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = strdup(s);
}

static void free_names(struct names *l)
{
	while (l->n)
		free(l->v[--l->n]);
	free(l->v);
	l->v = NULL;
}

static void expect_name(const char *rel, const struct stat *st, void *ctx)
{
	char name[4096];

	if (S_ISSOCK(st->st_mode))
		return;
	member_name(name, sizeof(name), rel, st);
	add_name(ctx, name);
}

/* What the archive says, member by member. */
struct parsed {
	struct names names;
	int bad_sum, bad_magic, bad_pax, bad_end, pax_headers, caps_xattr, bad_uname, bad_mtime_rec;
};

static const char *uname_of(unsigned long uid)
{
	return uid == 0 ? "root" : uid == 1 ? "daemon" : "";
}

/* Check one member's header against its source entry. */
static void check_member(struct parsed *p, const unsigned char *h, const char *name, int pax_mtime,
			 unsigned flags)
{
	struct stat st;
	char rel[4096];
	int need_mtime;

	snprintf(rel, sizeof(rel), "%s", name + 2);
	if (rel[0] && rel[strlen(rel) - 1] == '/')
		rel[strlen(rel) - 1] = '\0';
	if (lstat(at(src, rel), &st) < 0)
		return;
	need_mtime = st.st_mtim.tv_nsec != 0 || st.st_mtim.tv_sec >= 8589934592LL;
	if (need_mtime != pax_mtime) {
		p->bad_mtime_rec++;
		diag("%s: pax mtime %d, want %d", name, pax_mtime, need_mtime);
	}
	if (strncmp((const char *)h + 265, flags & TARW_NUMERIC_ONLY ? "" : uname_of(st.st_uid), 32) ||
	    strncmp((const char *)h + 297, flags & TARW_NUMERIC_ONLY ? "" : uname_of(st.st_gid), 32)) {
		p->bad_uname++;
		diag("%s: uname '%.32s' gname '%.32s'", name, h + 265, h + 297);
	}
}

static void parse_archive(const unsigned char *b, size_t len, struct parsed *p, unsigned flags)
{
	char *pax_path = NULL;
	int pax_mtime = 0;
	long long pax_size = -1;
	size_t off = 0;

	memset(p, 0, sizeof(*p));
	if (len % 10240)
		p->bad_end++;
	while (off + 512 <= len) {
		const unsigned char *h = b + off;
		unsigned long long size;
		unsigned sum = 0;
		size_t i;

		for (i = 0; i < 512 && !h[i]; i++)
			;
		if (i == 512) { /* the end: everything after is zero too */
			for (i = off; i < len; i++)
				p->bad_end += b[i] != 0;
			p->bad_end += len - off < 1024;
			break;
		}
		for (i = 0; i < 512; i++)
			sum += (i >= 148 && i < 156) ? ' ' : h[i];
		if (sum != octal((const char *)h + 148, 8) || h[154] != '\0' || h[155] != ' ')
			p->bad_sum++;
		if (memcmp(h + 257, "ustar\0" "00", 8))
			p->bad_magic++;
		size = pax_size >= 0 && h[156] != 'x' ? (unsigned long long)pax_size : octal((const char *)h + 124, 12);
		off += 512;
		if (h[156] == 'x') {
			size_t r = off, end = off + size;

			p->pax_headers++;
			while (r < end) {
				char *sp;
				unsigned long rl = strtoul((const char *)b + r, &sp, 10);
				const char *kv = sp + 1;

				if (*sp != ' ' || rl == 0 || r + rl > end || b[r + rl - 1] != '\n') {
					p->bad_pax++;
					break;
				}
				if (!strncmp(kv, "path=", 5))
					pax_path = strndup(kv + 5, (const char *)b + r + rl - 1 - kv - 5);
				else if (!strncmp(kv, "size=", 5))
					pax_size = atoll(kv + 5);
				else if (!strncmp(kv, "mtime=", 6))
					pax_mtime = 1;
				else if (!strncmp(kv, "SCHILY.xattr.security.capability=", 33))
					p->caps_xattr++;
				r += rl;
			}
		} else {
			char name[1024];

			if (pax_path)
				snprintf(name, sizeof(name), "%s", pax_path);
			else if (h[345])
				snprintf(name, sizeof(name), "%.155s/%.100s", h + 345, h);
			else
				snprintf(name, sizeof(name), "%.100s", h);
			add_name(&p->names, name);
			check_member(p, h, name, pax_mtime, flags);
			free(pax_path);
			pax_path = NULL;
			pax_size = -1;
			pax_mtime = 0;
		}
		off += (size + 511) / 512 * 512;
	}
	free(pax_path);
}

static int same_names(const struct names *got, const struct names *want, const char *what)
{
	size_t i;

	for (i = 0; i < got->n && i < want->n; i++)
		if (strcmp(got->v[i], want->v[i])) {
			diag("%s: member %zu is %s, want %s", what, i, got->v[i], want->v[i]);
			return 0;
		}
	if (got->n != want->n)
		diag("%s: %zu members, want %zu", what, got->n, want->n);
	return got->n == want->n;
}

/* ---- comparing an extracted tree with the source ---- */

struct cmp {
	const char *dst;
	int owners, nsec, xattrs; /* what this extractor restores (xattrs 1: if at all) */
	int bad, entries, xattr_seen, xattr_missing;
	dev_t dev;
};

static int same_content(const char *a, const char *b)
{
	size_t la, lb;
	unsigned char *x = slurp(a, &la), *y = slurp(b, &lb);
	int r = x && y && la == lb && !memcmp(x, y, la);

	free(x);
	free(y);
	return r;
}

static int same_xattrs(const char *a, const char *b, struct cmp *c)
{
	static const char *const names[] = { "security.capability", "user.note", "user.dir" };
	char va[256], vb[256];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ssize_t na = lgetxattr(a, names[i], va, sizeof(va)), nb = lgetxattr(b, names[i], vb, sizeof(vb));

		if (na < 0)
			continue;
		c->xattr_seen++;
		if (nb < 0 && c->xattrs == 1)
			c->xattr_missing++;
		else if (na != nb || memcmp(va, vb, na))
			return 0;
	}
	return 1;
}

static void compare_one(const char *rel, const struct stat *s, void *ctx)
{
	struct cmp *c = ctx;
	const char *sp = at(src, rel), *dp = at(c->dst, rel);
	char why[128] = "", la[512], lb[512];
	struct stat d;
	ssize_t n;

	if (S_ISSOCK(s->st_mode)) {
		if (lstat(dp, &d) == 0)
			snprintf(why, sizeof(why), "a socket was extracted");
		goto out;
	}
	c->entries++;
	if (lstat(dp, &d) < 0) {
		snprintf(why, sizeof(why), "missing");
		goto out;
	}
	if ((s->st_mode & S_IFMT) != (d.st_mode & S_IFMT))
		snprintf(why, sizeof(why), "type %o, want %o", d.st_mode & S_IFMT, s->st_mode & S_IFMT);
	else if (!S_ISLNK(s->st_mode) && (s->st_mode & 07777) != (d.st_mode & 07777))
		snprintf(why, sizeof(why), "mode %o, want %o", d.st_mode & 07777, s->st_mode & 07777);
	else if (c->owners && (s->st_uid != d.st_uid || s->st_gid != d.st_gid))
		snprintf(why, sizeof(why), "owner %u:%u, want %u:%u", d.st_uid, d.st_gid, s->st_uid, s->st_gid);
	else if ((S_ISREG(s->st_mode) || S_ISLNK(s->st_mode)) && s->st_size != d.st_size)
		snprintf(why, sizeof(why), "size %lld, want %lld", (long long)d.st_size, (long long)s->st_size);
	else if (S_ISREG(s->st_mode) && !same_content(sp, dp))
		snprintf(why, sizeof(why), "content differs");
	else if (S_ISLNK(s->st_mode) && ((n = readlink(sp, la, sizeof(la))) < 0 ||
					 n != readlink(dp, lb, sizeof(lb)) || memcmp(la, lb, n)))
		snprintf(why, sizeof(why), "link target differs");
	else if ((S_ISCHR(s->st_mode) || S_ISBLK(s->st_mode)) && s->st_rdev != d.st_rdev)
		snprintf(why, sizeof(why), "device differs");
	else if (s->st_mtim.tv_sec != d.st_mtim.tv_sec ||
		 (c->nsec && s->st_mtim.tv_nsec != d.st_mtim.tv_nsec))
		snprintf(why, sizeof(why), "mtime %lld.%09ld, want %lld.%09ld", (long long)d.st_mtim.tv_sec,
			 d.st_mtim.tv_nsec, (long long)s->st_mtim.tv_sec, s->st_mtim.tv_nsec);
	else if (c->xattrs && !same_xattrs(sp, dp, c))
		snprintf(why, sizeof(why), "xattrs differ");
	else if (S_ISDIR(s->st_mode) && s->st_dev != c->dev) { /* a mount point: empty */
		DIR *dir = opendir(dp);
		struct dirent *de;
		int k = 0;

		while (dir && (de = readdir(dir)))
			k++;
		if (dir)
			closedir(dir);
		if (k != 2)
			snprintf(why, sizeof(why), "mount point not empty");
	}
out:
	if (why[0]) {
		c->bad++;
		diag("%s: ./%s: %s", c->dst, rel, why);
	}
}

static void count_one(const char *rel, const struct stat *st, void *ctx)
{
	(*(int *)ctx)++;
}

static int same_ino(const char *dir, const char *a, const char *b)
{
	struct stat x, y;

	return lstat(at(dir, a), &x) == 0 && lstat(at(dir, b), &y) == 0 && x.st_ino == y.st_ino;
}

/* Compare dst with the source; owners/nsec/xattrs: what the extractor keeps. */
static void compare(const char *label, const char *dst, int owners, int nsec, int xattrs)
{
	struct cmp c = { .dst = dst, .owners = owners, .nsec = nsec, .xattrs = xattrs, .dev = dev_of(src) };
	int found = 0;

	visit(src, "", c.dev, compare_one, &c);
	visit(dst, "", dev_of(dst), count_one, &found);
	ok(c.bad == 0, "%s: all %d entries match (type, mode, %ssize, content, link, mtime%s)", label,
	   c.entries, owners ? "owner, " : "", xattrs ? ", xattrs" : "");
	is_int(found, c.entries, "%s: no extra entries", label);
	ok(same_ino(dst, "hl1", "hl2") && !same_ino(dst, "hl1", "f1"), "%s: hard link pair shares an inode", label);
	if (!xattrs || !(have_caps || have_user_xattr))
		skip("no xattrs to compare here");
	else if (c.xattr_missing)
		skip("this reader does not restore xattrs");
	else
		ok(c.xattr_seen >= have_caps + 2 * have_user_xattr, "%s: xattrs were compared (%d)", label, c.xattr_seen);
}

/* ---- reading back ---- */

struct mem {
	const unsigned char *buf;
	size_t len, pos, chunk;
};

static ssize_t mem_read(void *ctx, void *buf, size_t len, struct bb_err *e)
{
	struct mem *m = ctx;
	size_t n = m->len - m->pos;

	if (n > len)
		n = len;
	if (n > m->chunk)
		n = m->chunk;
	memcpy(buf, m->buf + m->pos, n);
	m->pos += n;
	return n;
}

static int extract_mem(const unsigned char *b, size_t len, const char *dir, size_t chunk)
{
	struct mem m = { b, len, 0, chunk };
	struct bb_err e = { 0 };
	int fd, r;

	if (mkdir(dir, 0700) < 0 || (fd = open(dir, O_RDONLY | O_DIRECTORY)) < 0)
		return -1;
	r = tar_extract(fd, mem_read, &m, 0, NULL, NULL, &e);
	if (r < 0)
		diag("tar_extract: %s", e.msg);
	close(fd);
	return r;
}

static unsigned char *gunzip(const unsigned char *in, size_t len, size_t *outlen)
{
	z_stream z = { .next_in = (unsigned char *)in, .avail_in = len };
	unsigned char *out = NULL;
	size_t cap = 0;
	int r = Z_OK;

	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return NULL;
	while (r == Z_OK) {
		out = realloc(out, cap += 1 << 20);
		z.next_out = out + z.total_out;
		z.avail_out = cap - z.total_out;
		r = inflate(&z, Z_NO_FLUSH);
	}
	*outlen = z.total_out;
	inflateEnd(&z);
	if (r != Z_STREAM_END || z.avail_in) {
		free(out);
		return NULL;
	}
	return out;
}

static int sh(const char *cmd)
{
	int r = system(cmd);

	if (r != 0)
		diag("'%s' exited %d", cmd, r);
	return r == 0;
}

/* The output of cmd (whole) or NULL. */
static char *run_out(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *buf = calloc(1, 1 << 20);
	size_t n = 0, r;

	while (p && (r = fread(buf + n, 1, (1 << 20) - 1 - n, p)) > 0)
		n += r;
	if (!p || pclose(p) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void gnu_list(const char *archive, const char *opt, struct names *l)
{
	char cmd[512], *out, *line, *save;

	snprintf(cmd, sizeof(cmd), "tar -t%sf %s", opt, archive);
	out = run_out(cmd);
	for (line = out ? strtok_r(out, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save))
		add_name(l, line);
	free(out);
}

/* `tar -tvf` shows line `name`'s mode (and owner). */
static int tv_line(const char *listing, const char *name, const char *mode, const char *owner)
{
	const char *p;

	for (p = listing; p && (p = strstr(p, name)); p++) {
		const char *bol = p;

		if (p[strlen(name)] != '\n' && p[strlen(name)] != ' ')
			continue;
		while (bol > listing && bol[-1] != '\n')
			bol--;
		const char *o = owner ? strstr(bol, owner) : bol;

		if (!strncmp(bol, mode, strlen(mode)) && o && o < p)
			return 1;
	}
	diag("no '%s' line for %s (owner %s)", mode, name, owner ? owner : "-");
	return 0;
}

/* ---- the tests ---- */

static void test_flags(void)
{
	is_int(tar_write_flags_for("root.tar.gz"), TARW_GZIP, "flags: .tar.gz");
	is_int(tar_write_flags_for("ROOT.TGZ"), TARW_GZIP, "flags: .TGZ");
	is_int(tar_write_flags_for("root.tar"), 0, "flags: .tar");
	is_int(tar_write_flags_for("gz"), 0, "flags: gz");
}

static void test_errors(void)
{
	char tree[128], outp[160];
	volatile int stop = 1;
	struct bb_err e = { 0 };
	int dfd, out, r;
	pid_t pid;

	dfd = open(src, O_RDONLY | O_DIRECTORY);
	out = open("/dev/null", O_WRONLY);
	r = tar_write_tree(dfd, out, 0, &stop, &e);
	ok(r < 0 && strstr(e.msg, "interrupted"), "stop flag: %s", e.msg);
	close(out);
	out = open("/dev/null", O_RDONLY);
	memset(&e, 0, sizeof(e));
	r = tar_write_tree(dfd, out, 0, NULL, &e);
	ok(r < 0 && strstr(e.msg, "writing the archive"), "write error: %s", e.msg);
	close(out);
	close(dfd);

	snprintf(tree, sizeof(tree), "%s/unreadable", base);
	snprintf(outp, sizeof(outp), "%s/secret", tree);
	if (mkdir(tree, 0755) < 0 || close(open(outp, O_WRONLY | O_CREAT, 0)) < 0) {
		ok(0, "unreadable tree");
		return;
	}
	dfd = open(tree, O_RDONLY | O_DIRECTORY);
	out = open("/dev/null", O_WRONLY);
	pid = fork();
	if (pid == 0) { /* as nobody when root, so that the file is unreadable */
		if (is_root && (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0))
			_exit(2);
		r = tar_write_tree(dfd, out, 0, NULL, &e);
		printf("# %s\n", e.msg);
		fflush(stdout);
		_exit(r < 0 && strstr(e.msg, "./secret") && e.errnum == EACCES ? 0 : 1);
	}
	waitpid(pid, &r, 0);
	ok(WIFEXITED(r) && WEXITSTATUS(r) == 0, "an unreadable file fails naming its path");
	close(out);
	close(dfd);
}

int main(void)
{
	char tarp[128], gzp[128], nump[128], dir[160], cmd[1024];
	unsigned char *plain, *gz, *unz, *num;
	size_t plen = 0, gzlen = 0, unzlen = 0, numlen = 0;
	struct parsed p;
	struct names want = { 0 }, got = { 0 };
	struct bb_err e;
	char *gnu = run_out("tar --version 2>/dev/null");

	have_gnu_tar = gnu && strstr(gnu, "GNU tar");
	free(gnu);
	is_root = geteuid() == 0;
	umask(022);
	snprintf(base, sizeof(base), "/tmp/tarw.XXXXXX");
	if (!mkdtemp(base))
		plan_skip_all("no temp dir");
	snprintf(src, sizeof(src), "%s/src", base);
	snprintf(tarp, sizeof(tarp), "%s/a.tar", base);
	snprintf(gzp, sizeof(gzp), "%s/a.tar.gz", base);
	snprintf(nump, sizeof(nump), "%s/n.tar", base);
	make_tree();
	diag("root %d, devices %d, big ids %d, caps %d, user xattrs %d, mount %d, GNU tar %d", is_root, have_dev,
	     have_bigid, have_caps, have_user_xattr, have_mount, have_gnu_tar);

	test_flags();
	is_int(write_to(tarp, 0, &e), 0, "write plain");
	is_int(write_to(gzp, TARW_GZIP, &e), 0, "write gzip");
	is_int(write_to(nump, TARW_NUMERIC_ONLY, &e), 0, "write numeric only");
	plain = slurp(tarp, &plen);
	gz = slurp(gzp, &gzlen);
	num = slurp(nump, &numlen);
	unz = gz ? gunzip(gz, gzlen, &unzlen) : NULL;
	ok(plain && plen > 0 && plen % 10240 == 0, "plain: %zu bytes, whole records", plen);
	ok(gz && gzlen > 18 && gz[0] == 0x1f && gz[1] == 0x8b && gzlen < plen / 2, "gzip: %zu bytes", gzlen);
	ok(unz && unzlen == plen && !memcmp(unz, plain, plen), "gzip: decompresses to the plain archive");

	/* (3) the blocks themselves */
	visit(src, "", dev_of(src), expect_name, &want);
	parse_archive(plain, plen, &p, 0);
	is_int(p.bad_sum, 0, "every header checksum is right");
	is_int(p.bad_magic, 0, "every header is ustar");
	is_int(p.bad_pax, 0, "pax records well formed");
	is_int(p.bad_end, 0, "two zero blocks and zero padding to the record");
	ok(same_names(&p.names, &want, "blocks"), "members in sorted order (%zu)", want.n);
	is_int(p.bad_mtime_rec, 0, "pax mtime only for sub-second or far mtimes");
	is_int(p.bad_uname, 0, "uname/gname from the tree's etc/passwd and etc/group");
	ok(p.pax_headers >= 4, "pax headers for long names and links (%d)", p.pax_headers);
	if (have_caps)
		is_int(p.caps_xattr, 1, "SCHILY.xattr.security.capability written");
	else
		skip("no security.capability (not root or refused)");
	free_names(&p.names);
	parse_archive(num, numlen, &p, TARW_NUMERIC_ONLY);
	ok(p.bad_sum == 0 && p.bad_uname == 0, "numeric only: no uname/gname");
	free_names(&p.names);

	/* (1) tar_extract, plain (read in odd chunks) and gzip */
	snprintf(dir, sizeof(dir), "%s/x1", base);
	is_int(extract_mem(plain, plen, dir, 777), 0, "tar_extract reads the plain archive");
	compare("tar_extract", dir, is_root, 0, 1);
	snprintf(dir, sizeof(dir), "%s/x2", base);
	is_int(extract_mem(unz, unzlen, dir, 65536), 0, "tar_extract reads the gzip archive");
	compare("tar_extract gz", dir, is_root, 0, 1);

	/* (2) GNU tar */
	if (have_gnu_tar) {
		char *tv;

		snprintf(dir, sizeof(dir), "%s/x3", base);
		snprintf(cmd, sizeof(cmd), "mkdir %s && tar -C %s -xpf %s --numeric-owner --warning=no-timestamp %s", dir, dir, tarp,
			 is_root ? "--xattrs --xattrs-include='*'" : "--xattrs --xattrs-include='user.*'");
		ok(sh(cmd), "GNU tar extracts the plain archive");
		compare("GNU tar", dir, is_root, 1, 2);
		snprintf(dir, sizeof(dir), "%s/x4", base);
		snprintf(cmd, sizeof(cmd), "mkdir %s && tar -C %s -xzpf %s --numeric-owner --warning=no-timestamp", dir, dir, gzp);
		ok(sh(cmd), "GNU tar extracts the gzip archive");
		compare("GNU tar gz", dir, is_root, 1, 0);
		gnu_list(tarp, "", &got);
		ok(same_names(&got, &want, "tar -tf"), "tar -tf lists the members in sorted order");
		free_names(&got);
		gnu_list(gzp, "z", &got);
		ok(same_names(&got, &want, "tar -tzf"), "tar -tzf too");
		free_names(&got);
		snprintf(cmd, sizeof(cmd), "tar -tvf %s", tarp);
		tv = run_out(cmd);
		ok(tv_line(tv, "./suid", "-rwsr-xr-x", is_root ? "root/root" : NULL), "tar -tv: setuid file");
		ok(tv_line(tv, "./sgid/", "drwxrwsr-x", NULL) && tv_line(tv, "./sticky/", "drwxrwxrwt", NULL),
		   "tar -tv: setgid and sticky directories");
		ok(tv_line(tv, "./hl2 link to ./hl1", "hrw-r--r--", NULL), "tar -tv: hard link");
		ok(tv_line(tv, "./sl -> f1", "lrwxrwxrwx", is_root ? "daemon/daemon" : NULL), "tar -tv: symlink");
		ok(tv_line(tv, "./fifo", "prw-r-----", NULL), "tar -tv: fifo");
		if (have_dev)
			ok(tv_line(tv, "./chr", "crw--w----", "1,3"), "tar -tv: char device");
		else
			skip("devices need root");
		if (have_bigid)
			ok(tv_line(tv, "./bigid", "-rw-r--r--", "3000000/3000001"), "tar -tv: owner past the octal field");
		else
			skip("big owners need root");
		ok(tv && strstr(tv, " 100000 ") && strstr(tv, " 2255-03-14 "), "tar -tv: sizes and a far mtime");
		free(tv);
	} else {
		int i;

		for (i = 0; i < 20; i++)
			skip("GNU tar is not installed");
	}
	free_names(&want);

	test_errors();

	free(plain);
	free(gz);
	free(unz);
	free(num);
	if (have_mount)
		umount2(at(src, "mnt"), MNT_DETACH);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", base);
	if (system(cmd) != 0)
		diag("can't remove %s", base);
	return done_testing();
}
