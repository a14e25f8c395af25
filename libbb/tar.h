/* An in-process tar reader: extracts an archive under a directory without
 * ever writing outside it.
 *
 * Formats: ustar (with its prefix field), GNU (long names 'L'/'K',
 * base-256 numbers) and pax ('x' records: path, linkpath, size, uid, gid,
 * mtime; 'g' global headers are ignored). Members: regular files,
 * directories, symlinks, hard links (to members inside the target only),
 * char/block devices (root only) and fifos. Modes, numeric owners (root
 * only) and mtimes are applied; directories get theirs at the end.
 *
 * Hostile archives fail with an error that names the member: absolute
 * names, '..' components, paths through a symlink (every component is
 * opened with O_NOFOLLOW from the target's descriptor), hard links that
 * leave the target, devices when not root, huge header sizes, bad checksums
 * and truncated data. Nothing is followed out of the target.
 *
 * The stream comes from a read callback, so the same reader serves plain,
 * gzip and xz input (decompression lives with its caller: tar.c itself
 * needs no library, which keeps the sanitizer unit test linkable).
 */
#ifndef CTBOX_TAR_H
#define CTBOX_TAR_H

#include <sys/types.h>

#include "libbb.h"

/* Read up to len bytes into buf: the count, 0 at the end, or -1 with e. */
typedef ssize_t (*tar_read_fn)(void *ctx, void *buf, size_t len, struct bb_err *e);

enum {
	TAR_NO_OWNER = 1,    /* do not chown (the default when not root) */
	TAR_SKIP_DEVICES = 2 /* skip device nodes instead of failing when not root */
};

struct tar_stats {
	unsigned long members;
	unsigned long long bytes;
};

/* Extract the archive read by rd(ctx) under the directory dirfd.
 * A non-NULL *stop that becomes non-zero (a signal handler's flag) aborts
 * with an error. Returns 0, or -1 with e ("MEMBER: why"). */
int tar_extract(int dirfd, tar_read_fn rd, void *ctx, unsigned flags,
		volatile int *stop, struct tar_stats *st, struct bb_err *e);

/* A tar_read_fn reading a file descriptor (ctx: an int * holding it). */
ssize_t tar_read_fd(void *ctx, void *buf, size_t len, struct bb_err *e);

/* Turn a member name into a safe relative path in place: drops leading
 * "./", "." components and repeated or trailing slashes. Returns 0, or -1
 * with *why for an absolute name, a '..' component or an empty name. */
int tar_clean_name(char *name, const char **why);

#endif
