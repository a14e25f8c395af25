/* An in-process tar reader: extracts an archive under a directory without
 * ever writing outside it.
 *
 * Formats: ustar (with its prefix field), GNU (long names 'L'/'K',
 * base-256 numbers) and pax ('x' records: path, linkpath, size, uid, gid,
 * mtime, SCHILY.xattr.*; 'g' global headers are ignored). Members: regular
 * files, directories, symlinks, hard links (to members inside the target
 * only), char/block devices (root only) and fifos. Modes, numeric owners
 * (root only), extended attributes of files and directories (user.*;
 * security.* and trusted.* as root) and mtimes are applied; directories
 * get their mode and mtime at the end.
 * Existing entries are replaced the way dpkg does it (the new one is made
 * under a temporary name and renamed over the old), existing directories
 * are kept and merged.
 *
 * Hostile archives fail with an error that names the member: absolute
 * names, '..' components, hard links that leave the target, devices when
 * not root, huge header sizes, bad checksums and truncated data. Paths
 * through symlinks are refused by default (every component is opened with
 * O_NOFOLLOW from the target's descriptor); with TAR_IN_ROOT they are
 * followed as if the target were '/' (openat2's RESOLVE_IN_ROOT, or the
 * same walk done in user space): an absolute link restarts at the target,
 * '..' stops there. The last component of a name is never followed.
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
	TAR_NO_OWNER = 1,     /* do not chown (the default when not root) */
	TAR_SKIP_DEVICES = 2, /* skip device nodes instead of failing when not root */
	TAR_IN_ROOT = 4,      /* follow symlinks in parent directories, inside the
				 target only (merged /usr: bin -> usr/bin); a
				 directory member whose name is such a symlink
				 keeps it (a dangling one gets its directory) */
};

struct tar_stats {
	unsigned long members;
	unsigned long long bytes;
};

/* Extract the archive read by rd(ctx) under the directory dirfd.
 * A non-NULL *stop that becomes non-zero (a signal handler's flag) aborts
 * with an error. Returns 0, or -1 with e ("MEMBER: why").
 * Several extractions may run at once in threads (into the same root
 * too: a directory made meanwhile by another is taken as it is); the
 * umask, which is the process's, is cleared while one runs and given
 * back at its end, so such callers clear it themselves around them all. */
int tar_extract(int dirfd, tar_read_fn rd, void *ctx, unsigned flags,
		volatile int *stop, struct tar_stats *st, struct bb_err *e);

/* One member, as given to a tar_entry_fn. */
struct tar_entry {
	const char *name;  /* cleaned relative path; "" for the target itself */
	const char *link;  /* a symlink's target, a hard link's member (cleaned), or "" */
	char type;         /* '0' file, '1' hard link, '2' symlink, '3' char device,
			      '4' block device, '5' directory, '6' fifo */
	mode_t mode;       /* permission bits */
	unsigned long long size, uid, gid;
	time_t mtime;
};

/* Called for each member before it is extracted: 0 to extract it,
 * TAR_ENTRY_SKIP to leave it out, or -1 with e to stop. */
enum { TAR_ENTRY_SKIP = 1 };
typedef int (*tar_entry_fn)(void *ctx, const struct tar_entry *ent, struct bb_err *e);
/* A regular file's content, in pieces, when it is not written (list mode,
 * or skipped by the entry callback): 0, or -1 with e to stop. */
typedef int (*tar_data_fn)(void *ctx, const struct tar_entry *ent, const void *buf,
			   size_t len, struct bb_err *e);

struct tar_opts {
	unsigned flags;       /* TAR_* */
	volatile int *stop;   /* as for tar_extract */
	tar_entry_fn entry;   /* optional */
	tar_data_fn data;     /* optional */
	void *ctx;            /* for both callbacks */
};

/* tar_extract with callbacks. dirfd < 0 is list mode: every check is made
 * and every callback called, nothing is written. */
int tar_extract_opts(int dirfd, tar_read_fn rd, void *rctx, const struct tar_opts *o,
		     struct tar_stats *st, struct bb_err *e);

/* Open `path` (relative; '..' and absolute symlinks allowed) under the
 * directory root as if root were '/': symlinks are followed inside root
 * only, '..' stops at root, at most 40 links. flags and mode as for
 * openat (O_NOFOLLOW: the last component is not followed). Returns an fd
 * (O_CLOEXEC), or -1 with errno. */
int tar_open_in_root(int root, const char *path, int flags, mode_t mode);
/* Open (how & TAR_DIR_CREATE: and create, mode 0755) the directory `path`
 * (relative) under root: strictly, every component a real directory
 * (ELOOP or ENOTDIR otherwise), or with TAR_DIR_IN_ROOT as
 * tar_open_in_root does. Returns an fd, or -1 with errno. */
enum { TAR_DIR_CREATE = 1, TAR_DIR_IN_ROOT = 2 };
int tar_open_dir(int root, const char *path, unsigned how);
/* For tests: 0 makes the in-root walk skip openat2 (the user-space walk
 * of kernels before 5.6), 1 restores it. */
void tar_use_openat2(int on);

/* A tar_read_fn reading a file descriptor (ctx: an int * holding it). */
ssize_t tar_read_fd(void *ctx, void *buf, size_t len, struct bb_err *e);

/* Turn a member name into a safe relative path in place: drops leading
 * "./", "." components and repeated or trailing slashes. Returns 0, or -1
 * with *why for an absolute name, a '..' component or an empty name. */
int tar_clean_name(char *name, const char **why);

#endif
