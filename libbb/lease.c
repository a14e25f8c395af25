/* Address leases: one locked, atomically replaced text file per bridge
 * (see lease.h for the format and the rules). */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lease.h"

/* A malformed line longer than this is kept as its address alone. */
#define LEASE_KEEP_MAX 256
#define BRIDGE_NAME_MAX 15 /* IFNAMSIZ - 1 */

/* One line of a lease file. Lines are NUL-terminated in place. */
struct lent {
	const char *raw;     /* the line, without its newline */
	size_t rawlen;
	const char *owner;   /* NULL unless the line is a well-formed lease */
	uint32_t addr;       /* host order; meaningful when has_addr */
	int has_addr;        /* the line starts with an address */
};

struct lfile {
	char *buf;
	struct lent *v;
	size_t n;
};

struct lpaths {
	char lock[PATH_MAX];
	char file[PATH_MAX];
	char tmp[PATH_MAX];
};

/* ---- names ---- */

int lease_check_bridge(const char *bridge, const char **why)
{
	const char *dummy, *p;

	if (!why)
		why = &dummy;
	if (!bridge || !*bridge) {
		*why = "bridge name is empty";
		return -1;
	}
	if (strnlen(bridge, BRIDGE_NAME_MAX + 1) > BRIDGE_NAME_MAX) {
		*why = "bridge name is longer than 15 bytes";
		return -1;
	}
	if (strcmp(bridge, ".") == 0 || strcmp(bridge, "..") == 0) {
		*why = "bridge name is '.' or '..'";
		return -1;
	}
	for (p = bridge; *p; p++) {
		if (*p == '/' || *p == ':' || strchr(" \t\n\v\f\r", *p)) {
			*why = "bridge name contains '/', ':' or whitespace";
			return -1;
		}
	}
	return 0;
}

/* The owner rule on len bytes (a line of a file is not NUL-terminated
 * where the owner should end, and may hold NUL bytes). */
static int owner_bytes_ok(const char *s, size_t len, const char **why)
{
	size_t i;

	if (len == 0) {
		*why = "lease owner is empty";
		return -1;
	}
	if (len > LEASE_OWNER_MAX) {
		*why = "lease owner is longer than 4096 bytes";
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c <= ' ' || c == 0x7f) {
			*why = "lease owner contains whitespace or a control character";
			return -1;
		}
	}
	return 0;
}

int lease_check_owner(const char *owner, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!owner) {
		*why = "lease owner is missing";
		return -1;
	}
	return owner_bytes_ok(owner, strnlen(owner, LEASE_OWNER_MAX + 1), why);
}

static int check_names(const char *bridge, const char *owner, struct bb_err *e)
{
	const char *why;

	if (lease_check_bridge(bridge, &why) < 0)
		return bb_err_set(e, EINVAL, "%s", why);
	if (owner && lease_check_owner(owner, &why) < 0)
		return bb_err_set(e, EINVAL, "%s", why);
	return 0;
}

static int make_paths(const char *dir, const char *bridge, struct lpaths *p, struct bb_err *e)
{
	size_t max = sizeof(p->lock);

	if ((size_t)snprintf(p->lock, max, "%s/%s.lock", dir, bridge) >= max ||
	    (size_t)snprintf(p->file, max, "%s/%s.leases", dir, bridge) >= max ||
	    (size_t)snprintf(p->tmp, max, "%s/.%s.leases.tmp", dir, bridge) >= max)
		return bb_err_set(e, ENAMETOOLONG, "lease directory %s: path too long", dir);
	return 0;
}

/* ---- addresses ---- */

/* A dotted quad at s (before end): 0 and *next after it, or -1. */
static int parse_quad(const char *s, const char *end, uint32_t *a, const char **next)
{
	uint32_t v = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned n = 0, digits = 0;

		if (part > 0) {
			if (s >= end || *s != '.')
				return -1;
			s++;
		}
		while (s < end && *s >= '0' && *s <= '9' && digits < 4) {
			n = n * 10 + (unsigned)(*s - '0');
			digits++;
			s++;
		}
		if (digits == 0 || digits > 3 || n > 255)
			return -1;
		v = v << 8 | n;
	}
	*a = v;
	*next = s;
	return 0;
}

static const char *quad(uint32_t a, char buf[INET_ADDRSTRLEN])
{
	snprintf(buf, INET_ADDRSTRLEN, "%u.%u.%u.%u",
		 a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
	return buf;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* ---- the file ---- */

static void lfile_free(struct lfile *f)
{
	free(f->buf);
	free(f->v);
	f->buf = NULL;
	f->v = NULL;
	f->n = 0;
}

/* Classify one line [p, end). */
static void parse_line(char *p, char *end, struct lent *l)
{
	const char *s = p, *next, *why;

	memset(l, 0, sizeof(*l));
	l->raw = p;
	l->rawlen = end - p;
	/* Leading blanks make a line malformed, not harmless: its address
	 * still counts as taken. */
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (parse_quad(s, end, &l->addr, &next) < 0)
		return;
	if (next < end && *next != ' ' && *next != '\t')
		return;     /* "10.0.3.2x": not an address */
	l->has_addr = 1;
	if (s != p || next >= end || *next != ' ')
		return;
	if (owner_bytes_ok(next + 1, end - next - 1, &why) < 0)
		return;
	l->owner = next + 1;
}

/* Read and classify path; a missing file is an empty one. */
static int lfile_read(const char *path, struct lfile *f, struct bb_err *e)
{
	struct stat st;
	size_t len, lines = 1, i;
	ssize_t r;
	char *p, *end, *eol;
	int fd;

	memset(f, 0, sizeof(*f));
	/* O_NONBLOCK: a FIFO planted in place of the file must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOENT ? 0 : bb_err_set(e, errno, "open %s", path);
	if (fstat(fd, &st) < 0) {
		bb_err_set(e, errno, "stat %s", path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		bb_err_set(e, EINVAL, "lease file %s is not a regular file", path);
		goto fail;
	}
	if (st.st_size > (off_t)LEASE_FILE_MAX) {
		bb_err_set(e, EFBIG, "lease file %s is larger than %u MiB (%lld bytes): refusing it",
			   path, LEASE_FILE_MAX >> 20, (long long)st.st_size);
		goto fail;
	}
	f->buf = malloc((size_t)st.st_size + 1);
	if (!f->buf) {
		bb_err_set(e, ENOMEM, "read %s", path);
		goto fail;
	}
	/* At most the size seen: a file grown behind our back is cut. */
	r = full_read(fd, f->buf, (size_t)st.st_size);
	if (r < 0) {
		bb_err_set(e, errno, "read %s", path);
		goto fail;
	}
	close(fd);
	fd = -1;
	len = (size_t)r;
	f->buf[len] = '\0';
	for (i = 0; i < len; i++)
		lines += f->buf[i] == '\n';
	f->v = calloc(lines, sizeof(*f->v));
	if (!f->v) {
		bb_err_set(e, ENOMEM, "read %s", path);
		goto fail;
	}
	for (p = f->buf, end = f->buf + len; p < end; p = eol + 1) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		eol = nl ? nl : end;
		*eol = '\0';
		parse_line(p, eol, &f->v[f->n++]);
	}
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	lfile_free(f);
	return -1;
}

/* Write f (without the leases of drop_owner, when not NULL) and, when
 * add_owner is not NULL, a lease of add to add_owner, to p->tmp, then
 * rename it over p->file. */
static int lfile_write(const struct lpaths *p, const struct lfile *f, const char *drop_owner,
		       uint32_t add, const char *add_owner, struct bb_err *e)
{
	char ip[INET_ADDRSTRLEN];
	long size;
	FILE *out;
	size_t i;
	int fd;

	/* A stale temp file from a crash, or something planted there. */
	if (unlink(p->tmp) < 0 && errno != ENOENT)
		return bb_err_set(e, errno, "remove %s", p->tmp);
	fd = open(p->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return bb_err_set(e, errno, "create %s", p->tmp);
	out = fdopen(fd, "w");
	if (!out) {
		bb_err_set(e, errno, "write %s", p->tmp);
		close(fd);
		goto fail;
	}
	for (i = 0; i < f->n; i++) {
		const struct lent *l = &f->v[i];

		if (l->owner) {
			if (!drop_owner || strcmp(l->owner, drop_owner) != 0)
				fprintf(out, "%s %s\n", quad(l->addr, ip), l->owner);
		} else if (l->has_addr) {
			/* Kept so its address stays taken; a long one (or
			 * one holding NUL bytes) by its address alone. */
			if (l->rawlen <= LEASE_KEEP_MAX && !memchr(l->raw, '\0', l->rawlen)) {
				fwrite(l->raw, 1, l->rawlen, out);
				fputc('\n', out);
			} else {
				fprintf(out, "%s\n", quad(l->addr, ip));
			}
		}
		/* Lines without an address are dropped. */
	}
	if (add_owner)
		fprintf(out, "%s %s\n", quad(add, ip), add_owner);
	size = ftell(out);
	if (fflush(out) != 0 || ferror(out)) {
		bb_err_set(e, errno ? errno : EIO, "write %s", p->tmp);
		fclose(out);
		goto fail;
	}
	if (fclose(out) != 0) {
		bb_err_set(e, errno, "write %s", p->tmp);
		goto fail;
	}
	if (size < 0 || size > (long)LEASE_FILE_MAX) {
		bb_err_set(e, EFBIG, "lease file %s would grow past %u MiB", p->file,
			   LEASE_FILE_MAX >> 20);
		goto fail;
	}
	if (bb_replace(p->tmp, p->file) < 0) {
		bb_err_set(e, errno, "rename %s to %s", p->tmp, p->file);
		goto fail;
	}
	return 0;
fail:
	unlink(p->tmp);
	return -1;
}

/* ---- the lock ---- */

static int mkdir_p(const char *dir, struct bb_err *e)
{
	char path[PATH_MAX];
	struct stat st;
	size_t len = strlen(dir), i;

	if (len == 0 || len >= sizeof(path))
		return bb_err_set(e, ENAMETOOLONG, "bad lease directory '%s'", dir);
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return bb_err_set(e, errno, "create %s", path);
		path[i] = i < len ? '/' : '\0';
	}
	if (stat(dir, &st) < 0)
		return bb_err_set(e, errno, "stat %s", dir);
	if (!S_ISDIR(st.st_mode))
		return bb_err_set(e, ENOTDIR, "lease directory %s is not a directory", dir);
	return 0;
}

/* Open and lock p->lock; the fd, or -1. Closing it unlocks. */
static int lock_open(const struct lpaths *p, struct bb_err *e)
{
	int fd = open(p->lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);

	if (fd < 0)
		return bb_err_set(e, errno, "open %s", p->lock);
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			bb_err_set(e, errno, "lock %s", p->lock);
			close(fd);
			return -1;
		}
	}
	return fd;
}

/* ---- the operations ---- */

/* owner's lease in f that is still usable in [first, last] and not
 * reserved: its index, or -1. A duplicated address is not usable. */
static long owned_usable(const struct lfile *f, const char *owner, uint32_t first, uint32_t last,
			 const struct in_addr *reserved, size_t nreserved)
{
	size_t i, j;

	for (i = 0; i < f->n; i++) {
		const struct lent *l = &f->v[i];
		int bad = 0;

		if (!l->owner || strcmp(l->owner, owner) != 0 || l->addr < first || l->addr > last)
			continue;
		for (j = 0; j < nreserved && !bad; j++)
			bad = ntohl(reserved[j].s_addr) == l->addr;
		for (j = 0; j < f->n && !bad; j++)
			bad = j != i && f->v[j].has_addr && f->v[j].addr == l->addr;
		if (!bad)
			return (long)i;
	}
	return -1;
}

/* The lowest address of [first, last] not in taken (sorted), or -1 when
 * none is left. */
static int64_t lowest_free(const uint32_t *taken, size_t n, uint32_t first, uint32_t last)
{
	uint64_t cand = first;
	size_t i;

	for (i = 0; i < n && cand <= last; i++) {
		if (taken[i] < cand)
			continue;
		if (taken[i] > cand)
			break;
		cand++;
	}
	return cand <= last ? (int64_t)cand : -1;
}

/* The lease file of bridge in dir (made when missing), locked and read:
 * the lock's fd, or -1 with e. *pp is for the caller to free. */
static int open_locked(const char *dir, const char *bridge, struct lpaths **pp, struct lfile *f,
		       struct bb_err *e)
{
	struct lpaths *p = malloc(sizeof(*p));
	int lk;

	*pp = p;
	if (!p)
		return bb_err_set(e, ENOMEM, "lease %s", bridge);
	if (make_paths(dir, bridge, p, e) < 0 || mkdir_p(dir, e) < 0)
		return -1;
	lk = lock_open(p, e);
	if (lk >= 0 && lfile_read(p->file, f, e) < 0) {
		close(lk);
		return -1;
	}
	return lk;
}

int lease_take(const char *dir, const char *bridge, struct in_addr net_addr, unsigned prefix,
	       const struct in_addr *reserved, size_t nreserved, const char *owner,
	       struct in_addr *out, struct bb_err *e)
{
	uint32_t mask, net, first, last, *taken = NULL;
	size_t ntaken = 0, nleased, i;
	struct lfile f = { 0 };
	struct lpaths *p = NULL;
	char ip[INET_ADDRSTRLEN];
	int64_t got;
	long own;
	int lk = -1, ret = -1;

	if (check_names(bridge, owner, e) < 0)
		return -1;
	if (prefix > 32)
		return bb_err_set(e, EINVAL, "bad prefix length %u", prefix);
	mask = prefix ? 0xffffffffu << (32 - prefix) : 0;
	net = ntohl(net_addr.s_addr) & mask;
	if (prefix > 30)
		return bb_err_set(e, EINVAL, "no room for addresses in %s/%u", quad(net, ip), prefix);
	first = net + 1;
	last = (net | ~mask) - 1;

	lk = open_locked(dir, bridge, &p, &f, e);
	if (lk < 0)
		goto out;

	own = owned_usable(&f, owner, first, last, reserved, nreserved);
	if (own >= 0) {
		out->s_addr = htonl(f.v[own].addr);
		ret = 0;
		goto out;
	}

	taken = malloc((f.n + nreserved + 1) * sizeof(*taken));
	if (!taken) {
		bb_err_set(e, ENOMEM, "lease %s", bridge);
		goto out;
	}
	for (i = 0; i < f.n; i++)
		if (f.v[i].has_addr && f.v[i].addr >= first && f.v[i].addr <= last)
			taken[ntaken++] = f.v[i].addr;
	qsort(taken, ntaken, sizeof(*taken), cmp_u32);
	/* Distinct leased addresses, for the message. */
	for (i = 0, nleased = 0; i < ntaken; i++)
		nleased += i == 0 || taken[i] != taken[i - 1];
	for (i = 0; i < nreserved; i++)
		taken[ntaken++] = ntohl(reserved[i].s_addr);
	qsort(taken, ntaken, sizeof(*taken), cmp_u32);

	got = lowest_free(taken, ntaken, first, last);
	if (got < 0) {
		bb_err_set(e, ENOSPC, "no free address left in %s/%u (%zu leased)",
			   quad(net, ip), prefix, nleased);
		goto out;
	}
	/* Leases of owner left in the file are stale (other subnet,
	 * reserved since): dropped with this write. */
	if (lfile_write(p, &f, owner, (uint32_t)got, owner, e) < 0)
		goto out;
	out->s_addr = htonl((uint32_t)got);
	ret = 0;
out:
	if (lk >= 0)
		close(lk);
	lfile_free(&f);
	free(taken);
	free(p);
	return ret;
}

int lease_claim(const char *dir, const char *bridge, struct in_addr addr, const char *owner,
		struct bb_err *e)
{
	uint32_t a = ntohl(addr.s_addr);
	struct lfile f = { 0 };
	struct lpaths *p = NULL;
	char ip[INET_ADDRSTRLEN];
	int lk = -1, ret = -1;
	size_t i;

	if (check_names(bridge, owner, e) < 0)
		return -1;
	lk = open_locked(dir, bridge, &p, &f, e);
	if (lk < 0)
		goto out;
	for (i = 0; i < f.n; i++) {
		if (!f.v[i].has_addr || f.v[i].addr != a)
			continue;
		if (f.v[i].owner && strcmp(f.v[i].owner, owner) == 0) {
			ret = 0;
			goto out;
		}
		bb_err_set(e, EADDRINUSE, "%s is already used on %s%s%s", quad(a, ip), bridge,
			   f.v[i].owner ? " by " : "", f.v[i].owner ? f.v[i].owner : "");
		goto out;
	}
	ret = lfile_write(p, &f, NULL, a, owner, e);
out:
	if (lk >= 0)
		close(lk);
	lfile_free(&f);
	free(p);
	return ret;
}

int lease_release(const char *dir, const char *bridge, const char *owner, struct bb_err *e)
{
	struct lfile f = { 0 };
	struct lpaths *p;
	size_t i, mine = 0;
	int lk = -1, ret = -1;

	if (check_names(bridge, owner, e) < 0)
		return -1;
	p = malloc(sizeof(*p));
	if (!p)
		return bb_err_set(e, ENOMEM, "release lease on %s", bridge);
	if (make_paths(dir, bridge, p, e) < 0)
		goto out;
	/* No file, no lease: nothing to lock (and no lock file to leave). */
	if (access(p->file, F_OK) < 0 && errno == ENOENT) {
		ret = 0;
		goto out;
	}
	lk = lock_open(p, e);
	if (lk < 0 || lfile_read(p->file, &f, e) < 0)
		goto out;
	for (i = 0; i < f.n; i++)
		mine += f.v[i].owner && strcmp(f.v[i].owner, owner) == 0;
	if (mine && lfile_write(p, &f, owner, 0, NULL, e) < 0)
		goto out;
	ret = 0;
out:
	if (lk >= 0)
		close(lk);
	lfile_free(&f);
	free(p);
	return ret;
}

/* The bridge a DIR entry stands for ("br0.leases", "br0.lock"), into
 * br; 0, or -1 for any other entry. */
static int entry_bridge(const char *name, char br[BRIDGE_NAME_MAX + 1])
{
	static const char *const suffix[] = { ".leases", ".lock" };
	size_t len = strlen(name), i;

	for (i = 0; i < ARRAY_SIZE(suffix); i++) {
		size_t sl = strlen(suffix[i]);

		if (len <= sl || len - sl > BRIDGE_NAME_MAX || strcmp(name + len - sl, suffix[i]) != 0)
			continue;
		memcpy(br, name, len - sl);
		br[len - sl] = '\0';
		return lease_check_bridge(br, NULL);
	}
	return -1;
}

static int cmp_bridge(const void *a, const void *b)
{
	return strcmp(a, b);
}

int lease_release_all(const char *dir, const char *owner, struct bb_err *e)
{
	char (*brs)[BRIDGE_NAME_MAX + 1] = NULL, br[BRIDGE_NAME_MAX + 1];
	size_t n = 0, cap = 0, i;
	struct bb_err one = { 0 };
	struct dirent *d;
	const char *why;
	int ret = 0;
	DIR *dh;

	if (lease_check_owner(owner, &why) < 0)
		return bb_err_set(e, EINVAL, "%s", why);
	dh = opendir(dir);
	if (!dh)
		return errno == ENOENT ? 0 : bb_err_set(e, errno, "open %s", dir);
	/* Lock files are never renamed, so readdir sees each of them even
	 * while other processes replace lease files; the names of both are
	 * gathered first, then each bridge released once. */
	while ((d = readdir(dh))) {
		if (entry_bridge(d->d_name, br) < 0)
			continue;
		if (n == cap) {
			void *nb = realloc(brs, (cap = cap ? cap * 2 : 16) * sizeof(*brs));

			if (!nb) {
				closedir(dh);
				free(brs);
				return bb_err_set(e, ENOMEM, "release leases in %s", dir);
			}
			brs = nb;
		}
		memcpy(brs[n++], br, sizeof(br));
	}
	closedir(dh);
	qsort(brs, n, sizeof(*brs), cmp_bridge);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(brs[i], brs[i - 1]) == 0)
			continue;
		if (lease_release(dir, brs[i], owner, &one) < 0 && ret == 0) {
			if (e)
				*e = one;
			ret = -1;
		}
	}
	free(brs);
	return ret;
}

int lease_list(const char *dir, const char *bridge,
	       int (*cb)(struct in_addr a, const char *owner, void *arg),
	       void *arg, struct bb_err *e)
{
	struct lfile f = { 0 };
	struct lpaths *p;
	size_t i;
	int ret = -1;

	if (check_names(bridge, NULL, e) < 0)
		return -1;
	p = malloc(sizeof(*p));
	if (!p)
		return bb_err_set(e, ENOMEM, "list leases on %s", bridge);
	/* No lock: the file is only ever replaced whole, so any open of it
	 * reads one consistent version. */
	if (make_paths(dir, bridge, p, e) < 0 || lfile_read(p->file, &f, e) < 0)
		goto out;
	ret = 0;
	for (i = 0; i < f.n && ret == 0; i++) {
		struct in_addr a;

		if (!f.v[i].owner)
			continue;
		a.s_addr = htonl(f.v[i].addr);
		ret = cb(a, f.v[i].owner, arg);
	}
out:
	lfile_free(&f);
	free(p);
	return ret;
}
