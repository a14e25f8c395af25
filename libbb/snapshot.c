/* Taking, listing and destroying snapshots (snapshot.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "snapshot.h"

#define FREEZE_TIMEOUT_MS 30000

char *snap_dir(const struct container *c)
{
	return path_join(c->dir, "snaps");
}

/* LXC's time stamp: local time, "YYYY:MM:DD HH:MM:SS". */
static void format_ts(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (!localtime_r(&t, &tm) || !strftime(buf, len, "%Y:%m:%d %H:%M:%S", &tm))
		snprintf(buf, len, "%lld", (long long)t);
}

/* The lowest N with no snaps/snapN. */
static int next_index(const char *snaps)
{
	char name[32];
	struct stat sb;
	int i;

	for (i = 0;; i++) {
		char *p;
		int free_slot;

		snprintf(name, sizeof(name), "snap%d", i);
		p = path_join(snaps, name);
		if (!p)
			return -1;
		free_slot = lstat(p, &sb) < 0 && errno == ENOENT;
		free(p);
		if (free_slot)
			return i;
	}
}

/* Make snaps (a real directory); *made when this call created it. */
static int make_snaps(const char *snaps, int *made, struct bb_err *e)
{
	struct stat sb;

	*made = 0;
	if (mkdir(snaps, 0755) == 0) {
		*made = 1;
		return 0;
	}
	if (errno != EEXIST)
		return bb_err_set(e, errno, "can't create '%s'", snaps);
	if (lstat(snaps, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return bb_err_set(e, ENOTDIR, "'%s' is not a directory", snaps);
	return 0;
}

/* Under c's lock: build snapN in a staging directory, then rename it. */
static int snapshot_locked(const struct container *c, int ovl, const char *comment,
			   int *index, struct bb_err *e)
{
	struct ct_status st;
	struct ct_stage sg = { 0 };
	char *text = NULL, *snaps = NULL, *origin = NULL, name[32], ts[64];
	int made = 0, r = -1, now;

	if (!ct_defined(c))
		return bb_err_set(e, 0, "container '%s' is not defined", c->name);
	if (ct_get_status(c, &st, e) < 0)
		return -1;
	text = read_file(c->config_path, 1 << 20, NULL);
	if (!text)
		return bb_err_set(e, errno, "can't read '%s'", c->config_path);
	now = snap_rootfs_kind(c, text, e);
	if (now < 0)
		goto out;
	if (now != ovl) {
		bb_err_set(e, 0, "the rootfs of '%s' changed meanwhile; try again", c->name);
		goto out;
	}
	if (st.state != CT_STOPPED && !(ovl && st.state == CT_FROZEN)) {
		bb_err_set(e, 0, "container '%s' is %s%s", c->name, ct_state_name(st.state),
			   ovl ? " (it started meanwhile; try again)"
			       : ": a snapshot of a dir-backed container is a full copy of its rootfs, which can't be taken consistently while it runs (stop it first)");
		goto out;
	}
	snaps = snap_dir(c);
	if (!snaps) {
		bb_err_set(e, ENOMEM, "snapshot");
		goto out;
	}
	if (make_snaps(snaps, &made, e) < 0)
		goto out;
	ct_sweep_stale(snaps);
	*index = next_index(snaps);
	if (*index < 0) {
		bb_err_set(e, ENOMEM, "snapshot");
		goto out;
	}
	snprintf(name, sizeof(name), "snap%d", *index);
	if (ct_stage_begin(snaps, name, "copy", &sg, e) < 0)
		goto out;
	format_ts(time(NULL), ts, sizeof(ts));
	if (snap_fill(c, text, sg.tmp, sg.final, name, CT_COPY_KEEPNAME | CT_COPY_KEEPMAC,
		      &origin, e) < 0 ||
	    write_text(sg.tmp, "ts", ts, 0644, e) < 0 ||
	    (comment && write_text(sg.tmp, "comment", comment, 0644, e) < 0) ||
	    ct_stage_commit(&sg, e) < 0)
		goto fail;
	/* An overlay snapshot depends on the lower directory's container,
	 * which lists it (its destroy checks them). */
	if (origin && snap_add_dependent(origin, snaps, name, e) < 0) {
		struct bb_err ignored;
		char *p = path_join(snaps, name);

		if (p)
			(void)tree_remove(p, &ignored);
		free(p);
		goto fail;
	}
	r = 0;
fail:
	ct_stage_abort(&sg);
out:
	if (r < 0 && made)
		rmdir(snaps);
	free(origin);
	free(snaps);
	free(text);
	return r;
}

int ct_snapshot(const struct container *c, const char *comment_file, int *index,
		struct bb_err *e)
{
	struct ct_status st;
	char *comment = NULL, *text;
	int ovl, lock, froze = 0, r;

	if (comment_file) {
		struct stat sb;

		if (stat(comment_file, &sb) == 0 && S_ISDIR(sb.st_mode))
			return bb_err_set(e, 0, "comment file '%s' is a directory", comment_file);
		comment = read_file(comment_file, 1 << 20, NULL);
		if (!comment)
			return bb_err_set(e, errno, "can't read comment file '%s'", comment_file);
	}
	if (!ct_defined(c)) {
		free(comment);
		return bb_err_set(e, 0, "container '%s' is not defined", c->name);
	}
	text = read_file(c->config_path, 1 << 20, NULL);
	if (!text) {
		free(comment);
		return bb_err_set(e, errno, "can't read '%s'", c->config_path);
	}
	ovl = snap_rootfs_kind(c, text, e);
	free(text);
	if (ovl < 0 || ct_get_status(c, &st, e) < 0) {
		free(comment);
		return -1;
	}
	/* A running overlay container: its delta is small, and it holds
	 * still while frozen (the freeze takes the lock: before ours). */
	if (ovl == 1 && st.state != CT_STOPPED) {
		r = ct_freeze(c, 1, FREEZE_TIMEOUT_MS, e);
		if (r < 0) {
			char why[sizeof(e->msg)];

			snprintf(why, sizeof(why), "%s", e->msg);
			free(comment);
			return bb_err_set(e, e->errnum, "can't freeze '%s' for a consistent snapshot: %s",
					  c->name, why);
		}
		froze = r == 0;
	}
	lock = ct_lock(c, 0, e);
	r = lock < 0 ? -1 : snapshot_locked(c, ovl, comment, index, e);
	ct_unlock(lock);
	if (froze) {
		struct bb_err te;

		if (ct_freeze(c, 0, FREEZE_TIMEOUT_MS, &te) < 0 && r == 0) {
			*e = te;
			r = bb_err_set(e, te.errnum, "snapshot snap%d taken, but '%s' stays frozen: %s",
				       *index, c->name, te.msg);
		}
	}
	free(comment);
	return r;
}

/* ---------------------------------------------------------------- list */

/* snapN in number order, other names after them. */
static int cmp_snaps(const void *a, const void *b)
{
	const char *x = ((const struct snap_entry *)a)->name, *y = ((const struct snap_entry *)b)->name;
	char *ex, *ey;
	unsigned long nx = 0, ny = 0;
	int kx, ky;

	kx = strncmp(x, "snap", 4) == 0 && x[4] >= '0' && x[4] <= '9' &&
	     (nx = strtoul(x + 4, &ex, 10), !*ex);
	ky = strncmp(y, "snap", 4) == 0 && y[4] >= '0' && y[4] <= '9' &&
	     (ny = strtoul(y + 4, &ey, 10), !*ey);
	if (kx != ky)
		return ky - kx;
	if (kx && nx != ny)
		return nx < ny ? -1 : 1;
	return strcmp(x, y);
}

static int fill_entry(const char *snaps, const char *name, struct snap_entry *s)
{
	char *dir = path_join(snaps, name), *p = NULL;
	struct stat sb;
	char buf[64];

	memset(s, 0, sizeof(*s));
	s->name = strdup(name);
	if (!dir || !s->name)
		goto nomem;
	p = path_join(dir, "ts");
	if (!p)
		goto nomem;
	s->ts = read_file(p, 256, NULL);
	free(p);
	if (!s->ts) {
		/* No ts file (made by hand): when its config was written. */
		p = path_join(dir, "config");
		if (!p)
			goto nomem;
		format_ts(stat(p, &sb) == 0 ? sb.st_mtime : 0, buf, sizeof(buf));
		free(p);
		if (!(s->ts = strdup(buf)))
			goto nomem;
	}
	s->ts[strcspn(s->ts, "\n")] = '\0';
	s->comment = path_join(dir, "comment");
	if (!s->comment)
		goto nomem;
	if (access(s->comment, F_OK) < 0) {
		free(s->comment);
		s->comment = NULL;
	}
	free(dir);
	return 0;
nomem:
	free(dir);
	return -1;
}

int ct_snapshot_list(const struct container *c, struct snap_entry **v, size_t *n,
		     struct bb_err *e)
{
	char *snaps, **names;
	size_t i, count;

	*v = NULL;
	*n = 0;
	if (!ct_defined(c))
		return bb_err_set(e, 0, "container '%s' is not defined", c->name);
	snaps = snap_dir(c);
	if (!snaps)
		return bb_err_set(e, ENOMEM, "snapshots");
	if (ct_list(snaps, &names, &count, e) < 0) {
		free(snaps);
		return -1;
	}
	*v = count ? calloc(count, sizeof(**v)) : NULL;
	if (count && !*v)
		goto nomem;
	for (i = 0; i < count; i++, (*n)++)
		if (fill_entry(snaps, names[i], &(*v)[i]) < 0)
			goto nomem;
	qsort(*v, *n, sizeof(**v), cmp_snaps);
	ct_list_free(names, count);
	free(snaps);
	return 0;
nomem:
	if (*v)
		(*n)++; /* the entry half filled */
	ct_snapshot_list_free(*v, *n);
	*v = NULL;
	*n = 0;
	ct_list_free(names, count);
	free(snaps);
	return bb_err_set(e, ENOMEM, "snapshots");
}

void ct_snapshot_list_free(struct snap_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].ts);
		free(v[i].comment);
	}
	free(v);
}

/* ---------------------------------------------------------------- destroy */

static int destroy_one(const char *snaps, const struct container *c, const char *name,
		       struct bb_err *e)
{
	struct container sc;
	const char *why;
	int r;

	if (bb_check_name(name, &why) < 0)
		return bb_err_set(e, 0, "invalid snapshot name '%s': %s", name, why);
	if (ct_init(&sc, snaps, name, e) < 0)
		return -1;
	if (!ct_defined(&sc))
		r = bb_err_set(e, 0, "snapshot '%s' of '%s' does not exist", name, c->name);
	else
		r = ct_destroy(&sc, 0, e);
	ct_free(&sc);
	return r;
}

int ct_snapshot_destroy(const struct container *c, const char *snap, struct bb_err *e)
{
	struct snap_entry *v;
	char *snaps;
	size_t n, i;
	int lock, r = 0;

	if (!ct_defined(c))
		return bb_err_set(e, 0, "container '%s' is not defined", c->name);
	snaps = snap_dir(c);
	if (!snaps)
		return bb_err_set(e, ENOMEM, "snapshots");
	lock = ct_lock(c, 0, e);
	if (lock < 0) {
		free(snaps);
		return -1;
	}
	if (strcmp(snap, "ALL") != 0) {
		r = destroy_one(snaps, c, snap, e);
	} else if ((r = ct_snapshot_list(c, &v, &n, e)) == 0) {
		/* Every one it can; the first failure is the one told. */
		struct bb_err one;

		for (i = 0; i < n; i++)
			if (destroy_one(snaps, c, v[i].name, r < 0 ? &one : e) < 0)
				r = -1;
		ct_snapshot_list_free(v, n);
	}
	ct_unlock(lock);
	free(snaps);
	return r;
}
