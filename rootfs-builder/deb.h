/* Reading a .deb in-process: the ar container (debian-binary 2.0,
 * control.tar[.gz|.xz|.zst], data.tar[.gz|.xz|.zst|]), with zlib,
 * liblzma and libzstd (FEATURE_ZSTD; without it .zst members are refused
 * by name). The control members
 * are kept in memory; data.tar is extracted under the target root with
 * libbb's tar reader (hostile archives refused, nothing written outside
 * the root; symlinks created earlier, such as merged-/usr's /bin ->
 * usr/bin, are followed only inside the root).
 */
#ifndef CTBOX_DEB_H
#define CTBOX_DEB_H

#include <stddef.h>
#include <sys/types.h>

#include "libbb.h"

/* One ar member as found by ar_next(). */
struct ar_member {
	char name[17];          /* trailing '/' and blanks removed */
	unsigned long long size;
	unsigned long long offset; /* of its data in the file */
};

struct ar_reader {
	int fd;
	unsigned long long pos, filesize;
	const char *what; /* for messages */
};

/* Check the "!<arch>\n" magic. Returns 0, or -1 with e. */
int ar_open(struct ar_reader *ar, int fd, const char *what, struct bb_err *e);
/* The next member header (the reader skips to it): 1, 0 at the end, -1 with
 * e for a malformed header or a member running past the end of the file. */
int ar_next(struct ar_reader *ar, struct ar_member *m, struct bb_err *e);

struct deb_file {
	char *name;      /* "control", "postinst", "md5sums", "conffiles", ... */
	char *data;      /* NUL-terminated too */
	size_t len;
	mode_t mode;
	time_t mtime;    /* as in control.tar (dpkg keeps it on info/ files) */
};

struct deb_info {
	struct deb_file *files;  /* the control.tar members (regular files only) */
	size_t nfiles;
	char **paths;            /* data.tar's members as dpkg lists them:
				    "/.", "/bin", "/bin/ls", ... (no trailing /) */
	size_t npaths;
	unsigned long long bytes; /* data extracted */
};

enum {
	DEB_NO_OWNER = 1,     /* do not chown (not root) */
	DEB_SKIP_DEVICES = 2, /* skip device nodes (not root) */
	DEB_LIST = 4,         /* with rootfd < 0: read data.tar for info->paths
				 (every check made, nothing written) */
	DEB_VERIFIED = 8,     /* the file's SHA-256 was checked against a signed
				 index: xz's own check is skipped (unz_no_check) */
};

/* Read the .deb on fd (named `what` in messages): its control members into
 * *info, and, when rootfd >= 0, its data.tar extracted under rootfd (files
 * replacing existing ones, directories merged). Returns 0, or -1 with e
 * ("WHAT: data.tar.xz: archive member 'etc/../../x': name has a '..'
 * component") and *info emptied. Without rootfd nor DEB_LIST, data.tar is
 * only checked to be there (info->paths stays empty). */
int deb_read(int fd, const char *what, int rootfd, unsigned flags,
		volatile int *stop, struct deb_info *info, struct bb_err *e);
struct tar_entry;
/* Called before each data.tar member is extracted (tar.h's tar_entry_fn:
 * 0, TAR_ENTRY_SKIP to leave it out, though it is still listed, or -1
 * with e to stop). */
struct deb_hook {
	int (*entry)(void *ctx, const struct tar_entry *ent, struct bb_err *e);
	void *ctx;
};
/* deb_read with a hook (NULL: none). */
int deb_read_hooked(int fd, const char *what, int rootfd, unsigned flags, volatile int *stop,
		    const struct deb_hook *hook, struct deb_info *info, struct bb_err *e);
/* About how many bytes decompressing the data member of the .deb on fd
 * will touch (an xz dictionary fills up to the smaller of its size and the
 * data's): read from the headers only; generous when it cannot tell. */
unsigned long long deb_data_memory(int fd, const char *what);
/* A control member by name, or NULL. */
const struct deb_file *deb_info_file(const struct deb_info *info, const char *name);
void deb_info_free(struct deb_info *info);

#endif
