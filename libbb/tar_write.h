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
};

/* Write the tree under dirfd (its contents, names starting with "./",
 * sorted by name byte-wise within each directory, the root itself as "./")
 * as a POSIX tar stream to outfd. Never follows symlinks; does not cross
 * into other file systems (mount points are written as empty directories).
 * A non-NULL *stop that becomes non-zero aborts with an error. Returns 0,
 * or -1 with e naming the path. */
int tar_write_tree(int dirfd, int outfd, unsigned flags, volatile int *stop, struct bb_err *e);

/* Pick flags from the output file name: ".tar.gz"/".tgz" → TARW_GZIP. */
unsigned tar_write_flags_for(const char *name);

#endif
