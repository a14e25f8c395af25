/* An in-process tar writer: a directory tree as a POSIX tar stream, plain
 * or gzip, read and written in chunks (small memory).
 *
 * Members are named "./path" (directories "./path/", the root "./"),
 * sorted byte-wise within each directory, a directory before its contents.
 * Headers are ustar (name/prefix split when possible); a pax extended
 * header ('x') comes first when a name or link target does not fit, a size
 * or owner does not fit its octal field, the mtime has nanoseconds (or does
 * not fit), or the file has xattrs worth keeping (security.*, trusted.*,
 * user.*; not security.selinux, which belongs to the host's policy) as
 * SCHILY.xattr.NAME. Types: files, directories, symlinks, hard links (later
 * names of a dev+ino seen before link to the first name), devices and
 * fifos; sockets are skipped. uname/gname come from the tree's own
 * etc/passwd and etc/group (a root file system), never from the host's.
 * The archive ends with two zero blocks, padded to a 10240-byte record.
 */
#ifndef CTBOX_TAR_WRITE_H
#define CTBOX_TAR_WRITE_H

#include "libbb.h"

enum {
	TARW_GZIP = 1,         /* gzip the output (deflate, level 6) */
	TARW_NUMERIC_ONLY = 2, /* no uname/gname */
	TARW_ROOT_OWNED = 4,   /* every owner written as 0:0 (an unprivileged
				  caller's tree, as umoci's rootless repack) */
};

/* Write the tree under dirfd (its contents, names starting with "./",
 * sorted by name byte-wise within each directory, the root itself as "./")
 * as a POSIX tar stream to outfd. Never follows symlinks; does not cross
 * into other file systems (mount points are written as empty directories).
 * A non-NULL *stop that becomes non-zero aborts with an error. Returns 0,
 * or -1 with e naming the path. */
int tar_write_tree(int dirfd, int outfd, unsigned flags, volatile int *stop, struct bb_err *e);

/* Members picked one by one (a layer of changes). root: the tree they
 * come from (its etc/passwd and etc/group name owners; a directory on
 * another file system is a mount point). NULL with e on failure. */
struct tar_w;
struct tar_w *tar_w_open(int root, int outfd, unsigned flags, volatile int *stop,
			 struct bb_err *e);
/* The entry name under dirfd (never followed) as the member `member`
 * ("./a/b"; a directory gets its '/' here and comes without its
 * contents). A later name of a dev+ino written before becomes a hard link
 * to it; sockets are left out. */
int tar_w_put(struct tar_w *t, int dirfd, const char *name, const char *member);
/* An empty regular file named member (0644, owner 0:0, mtime 0): an OCI
 * whiteout. */
int tar_w_empty(struct tar_w *t, const char *member);
/* When ok, end the archive (end blocks, gzip trailer); free t either way.
 * 0, or -1 with the e given to tar_w_open. */
int tar_w_close(struct tar_w *t, int ok);

/* Pick flags from the output file name: ".tar.gz"/".tgz" → TARW_GZIP. */
unsigned tar_write_flags_for(const char *name);

#endif
