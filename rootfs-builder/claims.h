/* Who owns each path of the root while several packages are unpacked at
 * once (unpack.c): the tree must come out as if the packages had been
 * unpacked one by one in the resolver's order, whatever order the workers
 * reach their members in.
 *
 * Every data.tar member is claimed before it is written, under its name
 * with the merged-/usr aliases resolved (bin/ls is usr/bin/ls):
 *  - a file, symlink, hard link or node shipped by a later package than
 *    the one that claimed it first is written over the earlier one's
 *    (after that one is done with it); shipped by an earlier package than
 *    its owner, it is left out (the later one's stays, as in order);
 *  - a directory shipped by several packages gets the mode and owner of
 *    the last of them (rb_claims_fix_dirs, at the end);
 *  - what order alone cannot settle (a directory where another package
 *    ships a file or symlink, a hard link to another package's file) is a
 *    conflict: the caller unpacks again, one package at a time, in order.
 */
#ifndef CTBOX_CLAIMS_H
#define CTBOX_CLAIMS_H

#include "libbb.h"
#include "tar.h"

struct rb_claims;

/* aliases: NULL, or NULL-terminated pairs of directory names, the symlink
 * and where it leads ("bin", "usr/bin", ...). */
struct rb_claims *rb_claims_new(const char *const *aliases);
void rb_claims_free(struct rb_claims *c);

/* One package being unpacked by one worker. */
struct rb_claimer {
	struct rb_claims *c;
	unsigned order;        /* the package's place in the resolver's order */
	unsigned long busy;    /* entry + 1 being written by this package, 0 */
	int conflict;          /* set with rb_claims_entry's conflict error */
};

/* Before a member of claimer's package is extracted: 0 to write it,
 * TAR_ENTRY_SKIP to leave it out, or -1 with e (k->conflict set for a
 * conflict). Marks the previous member of this package done; may wait
 * for an earlier package to finish writing the same path. */
int rb_claims_entry(struct rb_claimer *k, const struct tar_entry *ent, struct bb_err *e);
/* The package is done (or failed): its last member is no longer being
 * written. */
void rb_claims_done(struct rb_claimer *k);

/* Give each directory shipped with different modes or owners those of its
 * last package (chown only with do_chown). Returns 0, or -1 with e. */
int rb_claims_fix_dirs(struct rb_claims *c, int rootfd, int do_chown, struct bb_err *e);

#endif
