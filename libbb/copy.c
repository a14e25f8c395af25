/* Trees and clones: copy a tree faithfully, remove one without following
 * symlinks out of it, and copy a container (full copy or overlay snapshot,
 * as lxc-copy does). See create.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "create.h"
#include "idrange.h"

/* ---------------------------------------------------------------- remove */

static int rm_at(int pfd, const char *name, dev_t dev, const char *top, struct bb_err *e)
{
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int fd, r = 0;

	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return bb_err_set(e, errno, "can't open '%s' under '%s'", name, top);
	if (fstat(fd, &sb) < 0 || sb.st_dev != dev) {
		close(fd);
		return bb_err_set(e, EXDEV, "'%s' under '%s' is another file system (mounted?); not removing",
				  name, top);
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return bb_err_set(e, errno, "can't read '%s'", name);
	}
	while (r == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno != ENOENT)
				r = bb_err_set(e, errno, "can't stat '%s' under '%s'", de->d_name, top);
			continue;
		}
		if (S_ISDIR(sb.st_mode))
			r = rm_at(dirfd(d), de->d_name, dev, top, e);
		else if (unlinkat(dirfd(d), de->d_name, 0) < 0 && errno != ENOENT)
			r = bb_err_set(e, errno, "can't remove '%s' under '%s'", de->d_name, top);
	}
	closedir(d);
	if (r == 0 && unlinkat(pfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		r = bb_err_set(e, errno, "can't remove '%s' under '%s'", name, top);
	return r;
}

int tree_remove(const char *path, struct bb_err *e)
{
	char *dir = strdup(path), *slash, *base;
	struct stat sb;
	int pfd, r;

	if (!dir)
		return bb_err_set(e, ENOMEM, "remove");
	slash = strrchr(dir, '/');
	if (!slash || !slash[1]) {
		free(dir);
		return bb_err_set(e, EINVAL, "refusing to remove '%s'", path);
	}
	*slash = '\0';
	base = slash + 1;
	pfd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0) {
		r = errno == ENOENT ? 0 : bb_err_set(e, errno, "can't open '%s'", dir);
		free(dir);
		return r;
	}
	if (fstatat(pfd, base, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		r = errno == ENOENT ? 0 : bb_err_set(e, errno, "can't stat '%s'", path);
	else if (!S_ISDIR(sb.st_mode))
		r = unlinkat(pfd, base, 0) < 0 ? bb_err_set(e, errno, "can't remove '%s'", path) : 0;
	else
		r = rm_at(pfd, base, sb.st_dev, path, e);
	close(pfd);
	free(dir);
	return r;
}

/* Decode mountinfo's octal escapes (\040 for a space) in place. */
static void unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

int mounts_under(const char *path, char **where, struct bb_err *e)
{
	char rp[PATH_MAX], *text, *line, *save = NULL;
	size_t rl;
	int found = 0;

	*where = NULL;
	if (!realpath(path, rp))
		return errno == ENOENT ? 0 : bb_err_set(e, errno, "can't resolve '%s'", path);
	rl = strlen(rp);
	text = read_file("/proc/self/mountinfo", 16 << 20, NULL);
	if (!text)
		return bb_err_set(e, errno, "can't read /proc/self/mountinfo");
	for (line = strtok_r(text, "\n", &save); line && !found; line = strtok_r(NULL, "\n", &save)) {
		char *f = line, *mp;
		int i;

		for (i = 0; i < 4 && f; i++) { /* the mount point is field 5 */
			f = strchr(f, ' ');
			if (f)
				f++;
		}
		if (!f)
			continue;
		mp = f;
		f = strchr(mp, ' ');
		if (f)
			*f = '\0';
		unescape(mp);
		if (strncmp(mp, rp, rl) == 0 && (mp[rl] == '\0' || mp[rl] == '/')) {
			found = 1;
			*where = strdup(mp);
		}
	}
	free(text);
	return found;
}

/* ---------------------------------------------------------------- copy */

struct seen_link {
	dev_t dev;
	ino_t ino;
	char *rel;
};

struct copier {
	int droot;              /* the destination tree's top */
	int chown;
	const char *top;        /* for messages */
	struct seen_link *links;
	size_t nlinks, caplinks;
	struct bb_err *e;
};

static int copy_at(struct copier *k, int spfd, int dpfd, const char *name, char *rel, size_t rlen);

static int copy_attrs(struct copier *k, int fd, int dpfd, const char *name, const struct stat *sb)
{
	struct timespec ts[2] = { sb->st_atim, sb->st_mtim };
	int is_link = S_ISLNK(sb->st_mode);

	if (k->chown && (fd >= 0 ? fchown(fd, sb->st_uid, sb->st_gid)
				 : fchownat(dpfd, name, sb->st_uid, sb->st_gid, AT_SYMLINK_NOFOLLOW)) < 0)
		return bb_err_set(k->e, errno, "can't set the owner of '%s'", name);
	if (!is_link && (fd >= 0 ? fchmod(fd, sb->st_mode & 07777)
				 : fchmodat(dpfd, name, sb->st_mode & 07777, 0)) < 0)
		return bb_err_set(k->e, errno, "can't set the mode of '%s'", name);
	if (fd >= 0)
		(void)futimens(fd, ts);
	else
		(void)utimensat(dpfd, name, ts, AT_SYMLINK_NOFOLLOW);
	return 0;
}

/* Extended attributes (file capabilities, ACLs, overlayfs's opaque and
 * whiteout marks in a delta), set after the owner: chown drops
 * security.capability. Those the destination can't hold are passed over. */
static int copy_xattrs(struct copier *k, int sfd, int dfd, const char *rel)
{
	ssize_t n = flistxattr(sfd, NULL, 0), vn;
	char *list, *name, *val;
	int r = 0;

	if (n <= 0)
		return 0;
	list = malloc(n);
	if (!list)
		return bb_err_set(k->e, ENOMEM, "copy");
	n = flistxattr(sfd, list, n);
	for (name = list; r == 0 && n > 0 && name < list + n; name += strlen(name) + 1) {
		vn = fgetxattr(sfd, name, NULL, 0);
		val = vn >= 0 ? malloc(vn + 1) : NULL;
		if (!val || (vn = fgetxattr(sfd, name, val, vn)) < 0)
			r = bb_err_set(k->e, val ? errno : ENOMEM, "can't read attribute %s of '%s'", name, rel);
		else if (fsetxattr(dfd, name, val, vn, 0) < 0 && errno != ENOTSUP && errno != EPERM)
			r = bb_err_set(k->e, errno, "can't set attribute %s of '%s'", name, rel);
		free(val);
	}
	free(list);
	return r;
}

static int copy_dir(struct copier *k, int spfd, int dpfd, const char *name, const struct stat *sb,
		    char *rel, size_t rlen)
{
	struct dirent *de;
	int sfd, dfd, r = 0;
	DIR *d;

	if (mkdirat(dpfd, name, 0700) < 0)
		return bb_err_set(k->e, errno, "can't create '%s'", rel);
	sfd = openat(spfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	dfd = openat(dpfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sfd < 0 || dfd < 0 || !(d = fdopendir(sfd))) {
		r = bb_err_set(k->e, errno, "can't open '%s'", rel);
		if (sfd >= 0)
			close(sfd);
		if (dfd >= 0)
			close(dfd);
		return r;
	}
	while (r == 0 && (de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (ct_interrupted) {
			r = bb_err_set(k->e, EINTR, "interrupted by signal %d", ct_interrupted);
			break;
		}
		if (rlen + nl + 2 > PATH_MAX) {
			r = bb_err_set(k->e, ENAMETOOLONG, "'%s/%s'", rel, de->d_name);
			break;
		}
		rel[rlen] = '/';
		memcpy(rel + rlen + 1, de->d_name, nl + 1);
		r = copy_at(k, dirfd(d), dfd, de->d_name, rel, rlen + 1 + nl);
		rel[rlen] = '\0';
	}
	if (r == 0)
		r = copy_xattrs(k, dirfd(d), dfd, rel);
	closedir(d);
	if (r == 0)
		r = copy_attrs(k, dfd, -1, name, sb);
	close(dfd);
	return r;
}

static int copy_reg(struct copier *k, int spfd, int dpfd, const char *name, const struct stat *sb,
		    const char *rel)
{
	static char buf[128 * 1024];
	int sfd, dfd, r = 0;
	ssize_t n;

	sfd = openat(spfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (sfd < 0)
		return bb_err_set(k->e, errno, "can't open '%s'", rel);
	dfd = openat(dpfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (dfd < 0) {
		close(sfd);
		return bb_err_set(k->e, errno, "can't create '%s'", rel);
	}
	while ((n = read(sfd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR && !ct_interrupted)
				continue;
			r = bb_err_set(k->e, errno, "can't read '%s'", rel);
			break;
		}
		if (full_write(dfd, buf, n) < 0) {
			r = bb_err_set(k->e, errno, "can't write '%s'", rel);
			break;
		}
	}
	if (r == 0)
		r = copy_attrs(k, dfd, -1, name, sb);
	if (r == 0)
		r = copy_xattrs(k, sfd, dfd, rel);
	close(sfd);
	if (close(dfd) < 0 && r == 0)
		r = bb_err_set(k->e, errno, "can't write '%s'", rel);
	return r;
}

/* An inode with several links, already copied: link to the copy. */
static int try_hardlink(struct copier *k, int dpfd, const char *name, const struct stat *sb,
			const char *rel, int *done)
{
	size_t i;

	*done = 0;
	if (S_ISDIR(sb->st_mode) || sb->st_nlink < 2)
		return 0;
	for (i = 0; i < k->nlinks; i++) {
		if (k->links[i].dev == sb->st_dev && k->links[i].ino == sb->st_ino) {
			*done = 1;
			if (linkat(k->droot, k->links[i].rel, dpfd, name, 0) < 0)
				return bb_err_set(k->e, errno, "can't link '%s'", rel);
			return 0;
		}
	}
	if (k->nlinks == k->caplinks) {
		size_t cap = k->caplinks ? 2 * k->caplinks : 32;
		struct seen_link *n = realloc(k->links, cap * sizeof(*n));

		if (!n)
			return bb_err_set(k->e, ENOMEM, "copy");
		k->links = n;
		k->caplinks = cap;
	}
	/* rel starts with "/": linkat wants it relative to droot. */
	if (!(k->links[k->nlinks].rel = strdup(rel + 1)))
		return bb_err_set(k->e, ENOMEM, "copy");
	k->links[k->nlinks].dev = sb->st_dev;
	k->links[k->nlinks].ino = sb->st_ino;
	k->nlinks++;
	return 0;
}

static int copy_at(struct copier *k, int spfd, int dpfd, const char *name, char *rel, size_t rlen)
{
	struct stat sb;
	int done;

	if (fstatat(spfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return bb_err_set(k->e, errno, "can't stat '%s'", rel);
	if (try_hardlink(k, dpfd, name, &sb, rel, &done) < 0)
		return -1;
	if (done)
		return 0;
	switch (sb.st_mode & S_IFMT) {
	case S_IFDIR:
		return copy_dir(k, spfd, dpfd, name, &sb, rel, rlen);
	case S_IFREG:
		return copy_reg(k, spfd, dpfd, name, &sb, rel);
	case S_IFLNK: {
		char target[PATH_MAX];
		ssize_t n = readlinkat(spfd, name, target, sizeof(target) - 1);

		if (n < 0)
			return bb_err_set(k->e, errno, "can't read link '%s'", rel);
		target[n] = '\0';
		if (symlinkat(target, dpfd, name) < 0)
			return bb_err_set(k->e, errno, "can't create link '%s'", rel);
		return copy_attrs(k, -1, dpfd, name, &sb);
	}
	default:
		if (mknodat(dpfd, name, (sb.st_mode & S_IFMT) | 0600, sb.st_rdev) < 0)
			return bb_err_set(k->e, errno, "can't create node '%s'", rel);
		return copy_attrs(k, -1, dpfd, name, &sb);
	}
}

int tree_copy(const char *src, const char *dst, struct bb_err *e)
{
	char *sdir = strdup(src), *ddir = strdup(dst), *sb, *db, *s;
	char rel[PATH_MAX] = "";
	struct copier k = { .chown = geteuid() == 0, .top = src, .e = e, .droot = -1 };
	int spfd = -1, dpfd = -1, r = -1;
	mode_t old;
	size_t i;

	if (!sdir || !ddir || !(s = strrchr(sdir, '/')) || !strrchr(ddir, '/')) {
		bb_err_set(e, EINVAL, "copy '%s' to '%s'", src, dst);
		goto out;
	}
	*s = '\0';
	sb = s + 1;
	s = strrchr(ddir, '/');
	*s = '\0';
	db = s + 1;
	spfd = open(sdir[0] ? sdir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dpfd = open(ddir[0] ? ddir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (spfd < 0 || dpfd < 0) {
		bb_err_set(e, errno, "can't open '%s' or '%s'", sdir, ddir);
		goto out;
	}
	old = umask(0);
	/* Hard links are made relative to the destination's top; the top
	 * itself is created by copy_at, so open it lazily: copy_dir made it. */
	{
		struct stat st;

		if (fstatat(spfd, sb, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			bb_err_set(e, errno, "can't stat '%s'", src);
		} else if (!S_ISDIR(st.st_mode)) {
			k.droot = dup(dpfd);
			r = copy_at(&k, spfd, dpfd, sb, rel, 0);
		} else if (mkdirat(dpfd, db, 0700) < 0) {
			bb_err_set(e, errno, "can't create '%s'", dst);
		} else {
			int sfd = openat(spfd, sb, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			k.droot = openat(dpfd, db, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sfd < 0 || k.droot < 0) {
				bb_err_set(e, errno, "can't open '%s'", src);
			} else {
				/* Copy the children, then the top's attributes. */
				DIR *d = fdopendir(sfd);
				struct dirent *de;

				r = d ? 0 : bb_err_set(e, errno, "can't read '%s'", src);
				if (d) {
					sfd = -1;
					while (r == 0 && (de = readdir(d))) {
						if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
							continue;
						snprintf(rel, sizeof(rel), "/%s", de->d_name);
						r = copy_at(&k, dirfd(d), k.droot, de->d_name, rel, strlen(rel));
					}
					if (r == 0)
						r = copy_xattrs(&k, dirfd(d), k.droot, src);
					closedir(d);
				}
				if (r == 0)
					r = copy_attrs(&k, k.droot, -1, db, &st);
			}
			if (sfd >= 0)
				close(sfd);
		}
	}
	umask(old);
out:
	if (k.droot >= 0)
		close(k.droot);
	for (i = 0; i < k.nlinks; i++)
		free(k.links[i].rel);
	free(k.links);
	if (spfd >= 0)
		close(spfd);
	if (dpfd >= 0)
		close(dpfd);
	free(sdir);
	free(ddir);
	return r;
}

/* ---------------------------------------------------------------- clone */

static void random_mac(char *buf, size_t len)
{
	unsigned char b[3];

	if (getrandom(b, sizeof(b), 0) != sizeof(b)) {
		unsigned long x = (unsigned long)getpid() * 2654435761UL ^ (unsigned long)time(NULL);

		b[0] = x, b[1] = x >> 8, b[2] = x >> 16;
	}
	/* LXC's prefix: 00:16:3e is unicast and stays so. */
	snprintf(buf, len, "00:16:3e:%02x:%02x:%02x", b[0], b[1], b[2]);
}

static int key_is_hwaddr(const char *k, size_t klen)
{
	static const char pre[] = "lxc.net.", suf[] = ".hwaddr";
	size_t i;

	if (klen <= sizeof(pre) - 1 + sizeof(suf) - 1 || strncmp(k, pre, sizeof(pre) - 1) != 0 ||
	    strncmp(k + klen - (sizeof(suf) - 1), suf, sizeof(suf) - 1) != 0)
		return 0;
	for (i = sizeof(pre) - 1; i < klen - (sizeof(suf) - 1); i++)
		if (k[i] < '0' || k[i] > '9')
			return 0;
	return 1;
}

static int key_is(const char *k, size_t klen, const char *want)
{
	return klen == strlen(want) && strncmp(k, want, klen) == 0;
}

/* The source's config, line by line, with the clone's name, rootfs, MACs
 * and paths. */
char *rewrite_config(const char *text, const struct clone_plan *p, struct bb_err *e)
{
	char *olddir = NULL, *newdir = NULL, *buf = NULL;
	const char *line = text;
	int have_uts = 0;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out || asprintf(&olddir, "%s/", p->src->dir) < 0 ||
	    asprintf(&newdir, "%s/", p->newdir) < 0) {
		bb_err_set(e, ENOMEM, "config");
		goto fail;
	}
	while (line && *line) {
		const char *nl = strchrnul(line, '\n'), *k, *val;
		size_t klen, vlen;

		k = conf_line_kv(line, nl - line, &klen, &val, &vlen);
		if (k && key_is(k, klen, "lxc.uts.name") && !(p->flags & CT_COPY_KEEPNAME)) {
			fprintf(out, "lxc.uts.name = %s\n", p->newname);
			have_uts = 1;
		} else if (k && key_is(k, klen, "lxc.rootfs.path")) {
			fprintf(out, "lxc.rootfs.path = %s\n", p->rootfs_value);
		} else if (k && key_is_hwaddr(k, klen) && !(p->flags & CT_COPY_KEEPMAC)) {
			char mac[32];

			random_mac(mac, sizeof(mac));
			fprintf(out, "%.*s = %s\n", (int)klen, k, mac);
		} else {
			char *l = strndup(line, nl - line), *r = l ? str_replace_all(l, olddir, newdir) : NULL;

			if (!r) {
				free(l);
				bb_err_set(e, ENOMEM, "config");
				goto fail;
			}
			fprintf(out, "%s\n", r);
			free(l);
			free(r);
		}
		line = *nl ? nl + 1 : NULL;
	}
	if (!have_uts && !(p->flags & CT_COPY_KEEPNAME))
		fprintf(out, "lxc.uts.name = %s\n", p->newname);
	if (fclose(out) != 0) {
		out = NULL;
		bb_err_set(e, errno, "config");
		goto fail;
	}
	free(olddir);
	free(newdir);
	return buf;
fail:
	if (out)
		fclose(out);
	free(buf);
	free(olddir);
	free(newdir);
	return NULL;
}

/* The source's rootfs directory from its config text. */
char *source_rootfs(const struct container *src, const char *text, int *is_overlay)
{
	const char *line = text;
	char *v = NULL;

	*is_overlay = 0;
	while (line && *line) {
		const char *nl = strchrnul(line, '\n'), *k, *val;
		size_t klen, vlen;

		k = conf_line_kv(line, nl - line, &klen, &val, &vlen);
		if (k && key_is(k, klen, "lxc.rootfs.path")) {
			free(v);
			v = strndup(val, vlen);
		}
		line = *nl ? nl + 1 : NULL;
	}
	if (!v || !*v) {
		free(v);
		return path_join(src->dir, "rootfs");
	}
	if (strncmp(v, "dir:", 4) == 0) {
		memmove(v, v + 4, strlen(v + 4) + 1);
	} else if (strncmp(v, "overlay:", 8) == 0 || strncmp(v, "overlayfs:", 10) == 0) {
		*is_overlay = 1;
	} else if (v[0] != '/') {
		*is_overlay = -1; /* another backing store */
	}
	return v;
}

int write_text(const char *dir, const char *name, const char *text, mode_t mode,
	       struct bb_err *e)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		return bb_err_set(e, errno, "can't open '%s'", dir);
	r = write_file_at(fd, name, text, mode, e);
	close(fd);
	return r;
}

int append_text(const char *dir, const char *name, const char *text, struct bb_err *e)
{
	char *p = path_join(dir, name);
	int fd = p ? open(p, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644) : -1;
	int r = 0;

	if (fd < 0 || full_write(fd, text, strlen(text)) < 0)
		r = bb_err_set(e, errno, "can't update '%s'", p ? p : name);
	if (fd >= 0)
		close(fd);
	free(p);
	return r;
}

/* Copy the source directory's files but those that are not the clone's. */
int copy_container_dir(const struct container *src, const char *tmp, struct bb_err *e)
{
	static const char *const skip[] = { "config", "snaps", "lxc_snapshots", "lxc_rdepends",
					    "rootfs" };
	struct dirent *de;
	DIR *d = opendir(src->dir);
	int r = 0;
	size_t i;

	if (!d)
		return bb_err_set(e, errno, "can't read '%s'", src->dir);
	while (r == 0 && (de = readdir(d))) {
		char *s, *t;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		for (i = 0; i < ARRAY_SIZE(skip) && strcmp(skip[i], de->d_name) != 0; i++)
			;
		if (i < ARRAY_SIZE(skip))
			continue;
		s = path_join(src->dir, de->d_name);
		t = path_join(tmp, de->d_name);
		r = s && t ? tree_copy(s, t, e) : bb_err_set(e, ENOMEM, "copy");
		free(s);
		free(t);
	}
	closedir(d);
	return r;
}

static int clone_locked(const struct container *src, const struct container *dst,
			const char *bdev, unsigned flags, struct bb_err *e)
{
	struct clone_plan p = { .src = src, .newname = dst->name, .newdir = dst->dir, .flags = flags };
	struct ct_stage st = { 0 };
	struct ct_status status;
	struct stat sb;
	char *text = NULL, *srcroot = NULL, *cfg = NULL, *newroot = NULL, *pair = NULL;
	int ovl, ret = -1;

	if (!ct_defined(src))
		return bb_err_set(e, 0, "container '%s' is not defined", src->name);
	if (lstat(dst->dir, &sb) == 0)
		return bb_err_set(e, 0, "container '%s' already exists", dst->name);
	if (ct_get_status(src, &status, e) < 0)
		return -1;
	if (status.state != CT_STOPPED && !(flags & CT_COPY_ALLOW_RUNNING))
		return bb_err_set(e, 0, "container '%s' is running (use -a to copy it anyway)", src->name);
	text = read_file(src->config_path, 1 << 20, NULL);
	if (!text)
		return bb_err_set(e, errno, "can't read '%s'", src->config_path);
	srcroot = source_rootfs(src, text, &ovl);
	if (!srcroot) {
		bb_err_set(e, ENOMEM, "config");
		goto out;
	}
	if (ovl) {
		bb_err_set(e, 0, "'%s' has rootfs '%s': only dir-backed containers can be copied",
			   src->name, srcroot);
		goto out;
	}
	if (ct_stage_begin(dst->lxcpath, dst->name, "copy", &st, e) < 0)
		goto out;
	if (copy_container_dir(src, st.tmp, e) < 0)
		goto fail;
	if (flags & CT_COPY_SNAPSHOT) {
		char *delta = path_join(st.tmp, "delta0");

		if (!delta || mkdir(delta, 0755) < 0) {
			bb_err_set(e, errno, "can't create delta0");
			free(delta);
			goto fail;
		}
		free(delta);
		if (asprintf(&p.rootfs_value, "overlay:%s:%s/delta0", srcroot, dst->dir) < 0 ||
		    asprintf(&pair, "%s\n%s\n", src->lxcpath, src->name) < 0) {
			p.rootfs_value = NULL;
			bb_err_set(e, ENOMEM, "config");
			goto fail;
		}
		if (write_text(st.tmp, "lxc_rdepends", pair, 0644, e) < 0)
			goto fail;
		free(pair);
		if (asprintf(&pair, "%s\n%s\n", dst->lxcpath, dst->name) < 0) {
			pair = NULL;
			bb_err_set(e, ENOMEM, "config");
			goto fail;
		}
	} else {
		char *t = path_join(st.tmp, "rootfs");

		if (!t || tree_copy(srcroot, t, e) < 0) {
			free(t);
			goto fail;
		}
		if (!(flags & CT_COPY_KEEPNAME)) {
			int fd = open(t, O_RDONLY | O_DIRECTORY | O_CLOEXEC), efd;
			char *hn = NULL;

			efd = fd >= 0 ? openat(fd, "etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
			if (efd >= 0 && asprintf(&hn, "%s\n", dst->name) > 0 &&
			    write_file_at(fd, "etc/hostname", hn, 0644, e) < 0) {
				free(hn);
				close(efd);
				close(fd);
				free(t);
				goto fail;
			}
			free(hn);
			if (efd >= 0)
				close(efd);
			if (fd >= 0)
				close(fd);
		}
		free(t);
		newroot = path_join(dst->dir, "rootfs");
		if (!newroot || asprintf(&p.rootfs_value, "dir:%s", newroot) < 0) {
			p.rootfs_value = NULL;
			bb_err_set(e, ENOMEM, "config");
			goto fail;
		}
	}
	cfg = rewrite_config(text, &p, e);
	if (!cfg || write_text(st.tmp, "config", cfg, 0640, e) < 0)
		goto fail;
	/* The clone has src's ids: their range stays taken while it lives. */
	if (idrange_copy(src, dst, e) < 0)
		goto fail;
	if (ct_stage_commit(&st, e) < 0) {
		struct bb_err ignored;

		(void)idrange_forget(dst, &ignored);
		goto fail;
	}
	/* The origin lists its snapshot clones (lxc-destroy checks them). */
	if ((flags & CT_COPY_SNAPSHOT) && append_text(src->dir, "lxc_snapshots", pair, e) < 0)
		goto fail;
	ret = 0;
fail:
	ct_stage_abort(&st);
out:
	free(pair);
	free(newroot);
	free(cfg);
	free(p.rootfs_value);
	free(srcroot);
	free(text);
	return ret;
}

int ct_copy(const struct container *src, const char *newpath, const char *newname,
	    const char *bdev, unsigned flags, struct bb_err *e)
{
	struct container dst;
	int slock, dlock, r;

	if (bdev && strcmp(bdev, "overlay") != 0 && strcmp(bdev, "overlayfs") != 0 &&
	    strcmp(bdev, "dir") != 0)
		return bb_err_set(e, 0, "backing store '%s' is not supported (dir or overlay)", bdev);
	if (bdev && strncmp(bdev, "overlay", 7) == 0)
		flags |= CT_COPY_SNAPSHOT;
	if (bdev && strcmp(bdev, "dir") == 0 && (flags & CT_COPY_SNAPSHOT))
		return bb_err_set(e, 0, "a snapshot (-s) needs the overlay backing store, not dir");
	if (ct_init(&dst, newpath ? newpath : src->lxcpath, newname, e) < 0)
		return -1;
	if (strcmp(dst.dir, src->dir) == 0) {
		ct_free(&dst);
		return bb_err_set(e, 0, "'%s' is the container itself", newname);
	}
	slock = ct_lock(src, 0, e);
	if (slock < 0) {
		ct_free(&dst);
		return -1;
	}
	dlock = ct_lock(&dst, 0, e);
	if (dlock < 0) {
		ct_unlock(slock);
		ct_free(&dst);
		return -1;
	}
	ct_sweep_stale(dst.lxcpath);
	r = clone_locked(src, &dst, bdev, flags, e);
	ct_unlock(dlock);
	ct_unlock(slock);
	ct_free(&dst);
	return r;
}
