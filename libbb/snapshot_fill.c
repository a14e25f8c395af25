/* Filling a staging directory with a clone of a container or of a
 * snapshot (snapshot.h): a full copy of a dir rootfs, or a copy of an
 * overlay's delta over the same lower directory, as LXC's snapshots are.
 * The file-level pieces are copy's (create.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snapshot.h"

int snap_rootfs_kind(const struct container *c, const char *text, struct bb_err *e)
{
	int ovl;
	char *root = source_rootfs(c, text, &ovl);

	if (!root)
		return bb_err_set(e, ENOMEM, "config");
	if (ovl < 0)
		bb_err_set(e, 0, "'%s' has rootfs '%s': only dir and overlay rootfs can be snapshotted",
			   c->name, root);
	free(root);
	return ovl;
}

/* Split "overlay:LOWER:UPPER" (or overlayfs:) in place. */
static int split_overlay(char *spec, char **lower, char **upper, struct bb_err *e)
{
	char *colon;

	*lower = strchr(spec, ':') + 1;
	colon = strchr(*lower, ':');
	if (!colon || !colon[1] || **lower != '/' || colon[1] != '/')
		return bb_err_set(e, 0, "overlay rootfs '%s' wants overlay:/LOWER:/UPPER", spec);
	*colon = '\0';
	*upper = colon + 1;
	return 0;
}

/* A relative path of plain names only (no "", "." or ".."). */
static int plain_rel(const char *rel)
{
	const char *p = rel;

	for (;;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!p[n])
			return 1;
		p += n + 1;
	}
}

/* A clone under a new name gets it in etc/hostname too (as copy does). */
static int set_hostname(const char *root, const char *name, struct bb_err *e)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), efd, r = 0;
	char *hn = NULL;

	efd = fd >= 0 ? openat(fd, "etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
	if (efd >= 0) {
		r = asprintf(&hn, "%s\n", name) < 0 ? bb_err_set(e, ENOMEM, "hostname")
						    : write_file_at(fd, "etc/hostname", hn, 0644, e);
		free(hn);
		close(efd);
	}
	if (fd >= 0)
		close(fd);
	return r;
}

/* The rootfs: a full copy into tmp/rootfs. */
static int fill_dir(const char *srcroot, const char *tmp, const char *newdir,
		    const char *newname, unsigned flags, char **value, struct bb_err *e)
{
	char *t = path_join(tmp, "rootfs");
	int r = -1;

	if (!t)
		return bb_err_set(e, ENOMEM, "rootfs");
	if (tree_copy(srcroot, t, e) == 0 &&
	    ((flags & CT_COPY_KEEPNAME) || set_hostname(t, newname, e) == 0)) {
		if (asprintf(value, "dir:%s/rootfs", newdir) < 0)
			*value = NULL, bb_err_set(e, ENOMEM, "rootfs");
		else
			r = 0;
	}
	free(t);
	return r;
}

/* The delta: at the same place in the clone when it lies in src's
 * directory (copy_container_dir brought it, without the overlay's work
 * directory, which is rebuilt at each start), else copied to delta0. An
 * etc/hostname of its own takes a new name. */
static int fill_overlay(const struct container *src, char *spec, const char *tmp,
			const char *newdir, const char *newname, unsigned flags, char **value,
			char **origin, struct bb_err *e)
{
	size_t dl = strlen(src->dir);
	char *lower = NULL, *upper = NULL, *t = NULL, *work = NULL, *rd;
	const char *rel = "delta0";
	struct stat sb;
	int r = -1;

	if (split_overlay(spec, &lower, &upper, e) < 0)
		return -1;
	if (strncmp(upper, src->dir, dl) == 0 && upper[dl] == '/' && plain_rel(upper + dl + 1)) {
		t = path_join(tmp, upper + dl + 1);
		if (t && lstat(t, &sb) == 0 && S_ISDIR(sb.st_mode))
			rel = upper + dl + 1;
		free(t);
	}
	t = path_join(tmp, rel);
	if (!t) {
		bb_err_set(e, ENOMEM, "overlay");
		goto out;
	}
	if (rel == upper + dl + 1) {
		char *slash = strrchr(t, '/');

		*slash = '\0';
		work = path_join(t, "olwork");
		*slash = '/';
		if (!work || tree_remove(work, e) < 0)
			goto out;
	} else if (tree_copy(upper, t, e) < 0) {
		goto out;
	}
	if (!(flags & CT_COPY_KEEPNAME)) {
		char *hn = path_join(t, "etc/hostname");
		int own = hn && lstat(hn, &sb) == 0 && S_ISREG(sb.st_mode);

		free(hn);
		if (own && set_hostname(t, newname, e) < 0)
			goto out;
	}
	if (asprintf(value, "overlay:%s:%s/%s", lower, newdir, rel) < 0) {
		*value = NULL;
		bb_err_set(e, ENOMEM, "overlay");
		goto out;
	}
	/* The lower directory's container: the clone depends on it too. */
	rd = path_join(src->dir, "lxc_rdepends");
	*origin = rd ? read_file(rd, 64 << 10, NULL) : NULL;
	free(rd);
	r = *origin ? write_text(tmp, "lxc_rdepends", *origin, 0644, e) : 0;
out:
	free(work);
	free(t);
	return r;
}

int snap_fill(const struct container *src, const char *text, const char *tmp,
	      const char *newdir, const char *newname, unsigned flags, char **origin,
	      struct bb_err *e)
{
	static const char *const meta[] = { "ts", "comment" };
	struct clone_plan p = { .src = src, .newname = newname, .newdir = newdir, .flags = flags };
	char *root, *cfg = NULL;
	int ovl, r = -1;
	size_t i;

	*origin = NULL;
	root = source_rootfs(src, text, &ovl);
	if (!root)
		return bb_err_set(e, ENOMEM, "config");
	if (ovl < 0) {
		bb_err_set(e, 0, "'%s' has rootfs '%s': only dir and overlay rootfs can be snapshotted",
			   src->name, root);
		goto out;
	}
	if (copy_container_dir(src, tmp, e) < 0)
		goto out;
	/* A snapshot's own files are not the clone's. */
	for (i = 0; i < ARRAY_SIZE(meta); i++) {
		char *m = path_join(tmp, meta[i]);

		if (!m || (unlink(m) < 0 && errno != ENOENT)) {
			bb_err_set(e, m ? errno : ENOMEM, "can't remove '%s'", meta[i]);
			free(m);
			goto out;
		}
		free(m);
	}
	if (ovl ? fill_overlay(src, root, tmp, newdir, newname, flags, &p.rootfs_value, origin, e)
		: fill_dir(root, tmp, newdir, newname, flags, &p.rootfs_value, e))
		goto out;
	cfg = rewrite_config(text, &p, e);
	if (cfg && write_text(tmp, "config", cfg, 0640, e) == 0)
		r = 0;
out:
	if (r < 0) {
		free(*origin);
		*origin = NULL;
	}
	free(cfg);
	free(p.rootfs_value);
	free(root);
	return r;
}

/* Is the pair (lp, nm) in the lxc_snapshots text? */
static int listed(char *text, const char *lp, const char *nm)
{
	char *save = NULL, *a, *b;

	for (a = strtok_r(text, "\n", &save); a; a = strtok_r(NULL, "\n", &save)) {
		b = strtok_r(NULL, "\n", &save);
		if (b && strcmp(a, lp) == 0 && strcmp(b, nm) == 0)
			return 1;
	}
	return 0;
}

int snap_add_dependent(const char *origin, const char *lxcpath, const char *name,
		       struct bb_err *e)
{
	char *copy = strdup(origin), *nl, *olp, *onm, *dir = NULL, *cfg = NULL, *list = NULL;
	char *text = NULL, *pair = NULL;
	int r = -1;

	if (!copy)
		return bb_err_set(e, ENOMEM, "lxc_snapshots");
	olp = copy;
	nl = strchr(olp, '\n');
	onm = nl ? nl + 1 : NULL;
	if (nl)
		*nl = '\0';
	if (onm && (nl = strchr(onm, '\n')))
		*nl = '\0';
	/* A pair that is not a container's (gone, or garbage): nothing to do. */
	if (!onm || olp[0] != '/' || bb_check_name(onm, NULL) < 0 ||
	    !(dir = path_join(olp, onm)) || !(cfg = path_join(dir, "config")) ||
	    access(cfg, F_OK) < 0) {
		r = 0;
		goto out;
	}
	list = path_join(dir, "lxc_snapshots");
	text = list ? read_file(list, 1 << 20, NULL) : NULL;
	if (text && listed(text, lxcpath, name)) {
		r = 0;
		goto out;
	}
	if (asprintf(&pair, "%s\n%s\n", lxcpath, name) < 0) {
		pair = NULL;
		bb_err_set(e, ENOMEM, "lxc_snapshots");
		goto out;
	}
	r = append_text(dir, "lxc_snapshots", pair, e);
out:
	free(pair);
	free(text);
	free(list);
	free(cfg);
	free(dir);
	free(copy);
	return r;
}
