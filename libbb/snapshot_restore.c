/* Restoring a snapshot (snapshot.h): into a new container (a clone of the
 * snapshot), or in place: the restored container is built beside the
 * original and the two directories are swapped in one step, NAME's
 * snapshots moved along; the old one is removed after. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "snapshot.h"

#define RENAME_EXCHANGE_FLAG 2

/* Does a container still live on c's rootfs (lxc_snapshots)? Its name in
 * who. */
static int has_dependents(const struct container *c, char *who, size_t wlen)
{
	char *p = path_join(c->dir, "lxc_snapshots"), *text, *save = NULL, *lp, *nm;
	int found = 0;

	text = p ? read_file(p, 1 << 20, NULL) : NULL;
	free(p);
	for (lp = text ? strtok_r(text, "\n", &save) : NULL; lp && !found;
	     lp = strtok_r(NULL, "\n", &save)) {
		char *cfg;

		nm = strtok_r(NULL, "\n", &save);
		if (!nm || asprintf(&cfg, "%s/%s/config", lp, nm) < 0)
			break;
		if (access(cfg, F_OK) == 0) {
			found = 1;
			snprintf(who, wlen, "%s", nm);
		}
		free(cfg);
	}
	free(text);
	return found;
}

/* Swap the directories a and b. Without RENAME_EXCHANGE (an old kernel,
 * some file systems) b goes aside first, for a moment. */
static int swap_dirs(const char *a, const char *b, struct bb_err *e)
{
	char *aside;
	int r = -1;

#ifdef SYS_renameat2
	if (syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE_FLAG) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return bb_err_set(e, errno, "can't swap '%s' and '%s'", a, b);
#endif
	if (asprintf(&aside, "%s.old", a) < 0)
		return bb_err_set(e, ENOMEM, "restore");
	if (rename(b, aside) < 0) {
		bb_err_set(e, errno, "can't move '%s' aside", b);
	} else if (rename(a, b) < 0) {
		bb_err_set(e, errno, "can't rename '%s' to '%s'", a, b);
		(void)rename(aside, b);
	} else {
		(void)rename(aside, a);
		r = 0;
	}
	free(aside);
	return r;
}

static int restore_in_place(const struct container *c, const struct container *sc,
			    const char *text, char **origin, struct bb_err *e)
{
	struct ct_status st;
	struct ct_stage sg = { 0 };
	char who[256], *where = NULL, *from = NULL, *to = NULL, *owner = NULL;
	int moved = 0, r;

	if (ct_get_status(c, &st, e) < 0)
		return -1;
	if (st.state != CT_STOPPED)
		return bb_err_set(e, 0, "container '%s' is %s: stop it before restoring a snapshot in its place (or restore into a new container: -N NEWNAME)",
				  c->name, ct_state_name(st.state));
	if (has_dependents(c, who, sizeof(who)))
		return bb_err_set(e, 0, "container '%s' has snapshot clones on its rootfs ('%s'); restore into a new container (-N NEWNAME)",
				  c->name, who);
	r = mounts_under(c->dir, &where, e);
	if (r != 0) {
		if (r > 0) {
			bb_err_set(e, EBUSY, "'%s' is still mounted; not restoring", where);
			free(where);
		}
		return -1;
	}
	r = -1;
	ct_sweep_stale(c->lxcpath);
	if (ct_stage_begin(c->lxcpath, c->name, "copy", &sg, e) < 0)
		return -1;
	if (snap_fill(sc, text, sg.tmp, c->dir, c->name, CT_COPY_KEEPNAME | CT_COPY_KEEPMAC,
		      origin, e) < 0)
		goto out;
	from = path_join(c->dir, "snaps");
	to = path_join(sg.tmp, "snaps");
	owner = path_join(sg.tmp, ".owner");
	if (!from || !to || !owner) {
		bb_err_set(e, ENOMEM, "restore");
		goto out;
	}
	if (ct_interrupted) {
		bb_err_set(e, EINTR, "interrupted by signal %d", ct_interrupted);
		goto out;
	}
	/* The staging directory's owner file is not the container's. */
	(void)unlink(owner);
	if (rename(from, to) == 0)
		moved = 1;
	else if (errno != ENOENT) {
		bb_err_set(e, errno, "can't move '%s'", from);
		goto out;
	}
	if (swap_dirs(sg.tmp, c->dir, e) < 0) {
		if (moved && rename(to, from) < 0)
			bb_err_set(e, errno, "can't move the snapshots back from '%s' (move them to '%s' by hand)",
				   to, from);
		goto out;
	}
	r = 0;
out:
	/* After the swap, the staging directory holds the old container. */
	ct_stage_abort(&sg);
	free(owner);
	free(to);
	free(from);
	return r;
}

static int restore_new(const struct container *sc, const char *text, const char *lxcpath,
		       const char *name, char **origin, struct bb_err *e)
{
	struct container d;
	struct ct_stage sg = { 0 };
	struct stat sb;
	int lock, r = -1;

	if (ct_init(&d, lxcpath, name, e) < 0)
		return -1;
	if (lstat(d.dir, &sb) == 0) {
		bb_err_set(e, 0, "container '%s' already exists", name);
		ct_free(&d);
		return -1;
	}
	lock = ct_lock(&d, 0, e);
	if (lock < 0) {
		ct_free(&d);
		return -1;
	}
	ct_sweep_stale(d.lxcpath);
	if (ct_stage_begin(d.lxcpath, d.name, "copy", &sg, e) == 0 &&
	    snap_fill(sc, text, sg.tmp, d.dir, d.name, 0, origin, e) == 0 &&
	    ct_stage_commit(&sg, e) == 0)
		r = 0;
	ct_stage_abort(&sg);
	if (r == 0 && *origin && snap_add_dependent(*origin, d.lxcpath, d.name, e) < 0) {
		struct bb_err ignored;

		(void)tree_remove(d.dir, &ignored);
		r = -1;
	}
	ct_unlock(lock);
	ct_free(&d);
	return r;
}

/* Is lxcpath c's lxcpath (the same directory)? */
static int same_lxcpath(const struct container *c, const char *lxcpath)
{
	struct stat a, b;

	if (strcmp(c->lxcpath, lxcpath) == 0)
		return 1;
	return stat(c->lxcpath, &a) == 0 && stat(lxcpath, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

int ct_snapshot_restore(const struct container *c, const char *snap, const char *newpath,
			const char *newname, struct bb_err *e)
{
	struct container sc;
	const char *why;
	char *snaps, *text = NULL, *origin = NULL;
	int lock, r = -1, in_place;

	if (bb_check_name(snap, &why) < 0)
		return bb_err_set(e, 0, "invalid snapshot name '%s': %s", snap, why);
	if (newpath && newpath[0] != '/')
		return bb_err_set(e, 0, "new lxcpath '%s' is not an absolute path", newpath);
	if (!ct_defined(c))
		return bb_err_set(e, 0, "container '%s' is not defined", c->name);
	if (!newname)
		newname = c->name;
	in_place = strcmp(newname, c->name) == 0 && (!newpath || same_lxcpath(c, newpath));
	snaps = snap_dir(c);
	if (!snaps)
		return bb_err_set(e, ENOMEM, "restore");
	if (ct_init(&sc, snaps, snap, e) < 0) {
		free(snaps);
		return -1;
	}
	lock = ct_lock(c, 0, e);
	if (lock < 0)
		goto out;
	if (!ct_defined(&sc)) {
		bb_err_set(e, 0, "snapshot '%s' of '%s' does not exist", snap, c->name);
	} else if (!(text = read_file(sc.config_path, 1 << 20, NULL))) {
		bb_err_set(e, errno, "can't read '%s'", sc.config_path);
	} else if (in_place) {
		r = restore_in_place(c, &sc, text, &origin, e);
		/* Its origin lists it already, unless that changed. */
		if (r == 0 && origin)
			r = snap_add_dependent(origin, c->lxcpath, c->name, e);
	} else {
		r = restore_new(&sc, text, newpath ? newpath : c->lxcpath, newname, &origin, e);
	}
	ct_unlock(lock);
out:
	free(origin);
	free(text);
	ct_free(&sc);
	free(snaps);
	return r;
}
