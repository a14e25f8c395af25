/* Snapshots of a container, as lxc-snapshot keeps them:
 *
 *   LXCPATH/NAME/snaps/snapN/    a container of its own (lxcpath
 *                                LXCPATH/NAME/snaps, name snapN), N the
 *                                lowest number free
 *       config                   NAME's config: same name and MACs, its
 *                                rootfs and paths into snapN
 *       rootfs/                  a full copy of a dir-backed rootfs, or
 *       delta0/ (or as NAME's)   a copy of an overlay's upper directory
 *                                over the same lower one, lxc_rdepends
 *                                naming the lower one's container
 *       ts                       "YYYY:MM:DD HH:MM:SS" (local time, no
 *                                newline)
 *       comment                  the -c file's text
 *
 * A snapshot is built in a hidden staging directory beside it and renamed
 * into place (create.h), so a failure leaves nothing. A dir-backed
 * container must be stopped; an overlay-backed one that runs is frozen
 * while its delta is copied. Restoring in place builds the restored
 * container beside NAME and swaps the two directories (NAME's snaps go
 * along); restoring to a new name is a clone of the snapshot.
 */
#ifndef CTBOX_SNAPSHOT_H
#define CTBOX_SNAPSHOT_H

#include "create.h"

struct snap_entry {
	char *name;      /* snapN */
	char *ts;        /* the ts file's text (its config's mtime without one) */
	char *comment;   /* the comment file's path, NULL without one */
};

/* LXCPATH/NAME/snaps (malloc'd, NULL without memory). */
char *snap_dir(const struct container *c);

/* Take a snapshot of c, with the text of comment_file (NULL: none).
 * *index gets N of snapN. Returns 0, or -1 with e and nothing left. */
int ct_snapshot(const struct container *c, const char *comment_file, int *index,
		struct bb_err *e);
/* c's snapshots in number order. */
int ct_snapshot_list(const struct container *c, struct snap_entry **v, size_t *n,
		     struct bb_err *e);
void ct_snapshot_list_free(struct snap_entry *v, size_t n);
/* Restore snapshot snap: in place when newname is NULL or c's name (and
 * newpath NULL or c's lxcpath), c stopped; else into the new container
 * newname in newpath (default c's lxcpath), with new MACs. */
int ct_snapshot_restore(const struct container *c, const char *snap, const char *newpath,
			const char *newname, struct bb_err *e);
/* Destroy snapshot snap, or every one for "ALL". */
int ct_snapshot_destroy(const struct container *c, const char *snap, struct bb_err *e);

/* ---- internals (snapshot_fill.c) ---- */

/* Fill the staging directory tmp with a clone of src (its config text
 * given) that will live at newdir under newname: src's other files, its
 * rootfs copied (or its overlay delta), the config rewritten (flags:
 * CT_COPY_KEEPNAME, CT_COPY_KEEPMAC). For an overlay clone, *origin gets
 * "LXCPATH\nNAME\n" of the lower directory's container (or NULL). */
int snap_fill(const struct container *src, const char *text, const char *tmp,
	      const char *newdir, const char *newname, unsigned flags, char **origin,
	      struct bb_err *e);
/* The kind of c's rootfs from its config text: 0 dir, 1 overlay, -1
 * another (e says which). */
int snap_rootfs_kind(const struct container *c, const char *text, struct bb_err *e);
/* List (lxcpath, name) in origin's lxc_snapshots unless it is there. */
int snap_add_dependent(const char *origin, const char *lxcpath, const char *name,
		       struct bb_err *e);

#endif
