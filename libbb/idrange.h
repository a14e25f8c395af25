/* idrange: the host-wide record of the id ranges that `create` gives its
 * unprivileged containers (65536 uids and the same 65536 gids each, written
 * into the container's config as lxc.idmap = u|g 0 BASE 65536).
 *
 * The record, IDRANGE_FILE ($CTBOX_IDRANGES overrides it, as
 * $CTBOX_RUNDIR does the run dir; RUNDIR/idranges where the file system
 * holding it is read-only), holds one line per container:
 *
 *     BASE COUNT PID START DIR
 *
 * the first host id and how many, the process that wrote the line and its
 * start time (/proc/PID/stat field 22), and the container's directory
 * (absolute LXCPATH/NAME, the rest of the line). '#' lines and blank lines
 * are comments. Several lines may hold one range: a copy of a container
 * shares its source's ids, and the range stays taken while any of them is
 * listed. A line whose DIR has no config and whose writer is gone is stale
 * (a create killed by SIGKILL, a container removed by hand) and is dropped
 * by the next allocation. Any other line that does not parse makes every
 * allocation fail, naming the file and line: a range is never handed out
 * twice because a record could not be read.
 *
 * The record is changed under an flock of FILE.lock and replaced by a
 * rename, so two creates at once never get the same range and a reader
 * never sees half a file.
 *
 * A new range starts at a multiple of IDRANGE_SIZE in [IDRANGE_FIRST,
 * IDRANGE_LIMIT) and overlaps no line of the record, no line of
 * /etc/subuid or /etc/subgid (anyone's: a user's subordinate ids are never
 * a container's), and no lxc.idmap of the containers already in the same
 * lxcpath (recorded or not: a record lost with a tmpfs, LXC's containers).
 * The region lies above useradd's default subordinate ids (100000-600100000)
 * and below 2^31 (16384 containers).
 */
#ifndef CTBOX_IDRANGE_H
#define CTBOX_IDRANGE_H

#include "container.h"

#define IDRANGE_FILE "/var/lib/ctbox/idranges"
#define IDRANGE_ENV "CTBOX_IDRANGES"
#define IDRANGE_SIZE 65536ULL
#define IDRANGE_FIRST 0x40000000ULL
#define IDRANGE_LIMIT 0x80000000ULL

struct idrange_ent {
	unsigned long long base, count;
	int pid;                   /* the writer (0 for a subordinate id line) */
	unsigned long long start;  /* its start time */
	char *dir;                 /* the container (NULL for a subordinate id line) */
};

struct idrange_set {
	struct idrange_ent *v;
	size_t n, cap;
};

/* Append a copy of ent (dir duplicated). 0, or -1 with e. */
int idrange_add(struct idrange_set *s, const struct idrange_ent *ent, struct bb_err *e);
void idrange_set_free(struct idrange_set *s);

/* Parse the record's text (file names it in messages) into s. 0, or -1
 * with e "FILE line N is corrupt: WHY". */
int idrange_parse(const char *text, const char *file, struct idrange_set *s, struct bb_err *e);
/* The record's text for s (malloc'd, NULL without memory). */
char *idrange_format(const struct idrange_set *s);
/* Add the ranges of /etc/subuid-format text (NAME:START:COUNT lines;
 * malformed lines are passed over, as shadow does). 0, or -1 with e. */
int idrange_add_subid(const char *text, struct idrange_set *s, struct bb_err *e);
/* The lowest base first + k * size with [base, base + size) inside
 * [first, limit) and overlapping nothing in used. 0, or -1 with e (the
 * region is full). */
int idrange_pick(const struct idrange_set *used, unsigned long long first,
		 unsigned long long limit, unsigned long long size,
		 unsigned long long *base, struct bb_err *e);

/* The record file in use: $CTBOX_IDRANGES or IDRANGE_FILE, or where
 * that file system is read-only, RUNDIR/idranges. */
const char *idrange_file(void);

/* The key of a container in the record: realpath(lxcpath)/name
 * (malloc'd), or NULL with e (the lxcpath must exist). */
char *idrange_dir(const char *lxcpath, const char *name, struct bb_err *e);
/* Give the container at dir (absolute LXCPATH/NAME) a new range and
 * record it. 0 with *base, or -1 with e. */
int idrange_alloc(const char *dir, unsigned long long *base, struct bb_err *e);
/* The container at dir uses the same range as the one at src_dir (a
 * copy): recorded when src_dir has one. 1 when recorded, 0 when src_dir
 * has none, -1 with e. */
int idrange_share(const char *src_dir, const char *dir, struct bb_err *e);
/* Forget dir's line. 1 when there was one, 0 when not, -1 with e. */
int idrange_free(const char *dir, struct bb_err *e);

/* The same for containers: dst (a copy of src) shares src's range;
 * forget c's line (destroy, a failed copy). As above. */
int idrange_copy(const struct container *src, const struct container *dst, struct bb_err *e);
int idrange_forget(const struct container *c, struct bb_err *e);

#endif
