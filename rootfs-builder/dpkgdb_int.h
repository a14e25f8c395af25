/* Internal to dpkg's database writer (dpkgdb*.c). */
#ifndef CTBOX_DPKGDB_INT_H
#define CTBOX_DPKGDB_INT_H

#include <stdio.h>

#include "dpkgdb.h"

/* One "Name: value" field; the value without the blanks after the colon
 * or at its end, continuation lines kept ("first\n second"). */
struct field {
	char *name, *val;
};

struct stanza {
	struct field *f;
	size_t n;
};

struct dpkg_pkg {
	char *name, *arch;
	int same;               /* Multi-Arch: same: info files are NAME:ARCH.* */
	int loaded;             /* found in an existing status or available */
	struct stanza status;   /* written to status */
	struct stanza avail;    /* written to available (n == 0: none) */
	char **info;            /* info/ suffixes written by dpkgdb_add */
	size_t ninfo;
};

struct dpkgdb {
	int root, adm;          /* the target's root, its var/lib/dpkg */
	char *arch;
	struct dpkg_pkg *pkgs;
	size_t npkgs;
	char **filetrig;        /* triggers/File lines: "PATH PKG[/noawait]" */
	size_t nfiletrig;
};

/* ---- stanzas (dpkgdb_stanza.c) ---- */

/* The next paragraph of text[*pos..len) into *st (emptied first): 1, 0 at
 * the end, -1 with e ("WHAT:LINE: why"). Fields are copied. */
int stanza_parse(const char *text, size_t len, size_t *pos, const char *what,
		 struct stanza *st, struct bb_err *e);
const char *stanza_get(const struct stanza *st, const char *name);
/* Set (replace or append) a field. 0, or -1 (out of memory). */
int stanza_set(struct stanza *st, const char *name, const char *val);
void stanza_free(struct stanza *st);
/* A control file's fields in dpkg's order (its field table, then the
 * others as they came), without those that are not the package's own
 * (Status, Conffiles, Filename, ...) and without Essential/Protected/
 * Multi-Arch "no"; extra (Status, Conffiles: may be NULL) goes in too.
 * 0, or -1 (out of memory). */
int stanza_dpkg_order(const struct stanza *in, const struct stanza *extra, struct stanza *out);
/* Write st to f as dpkg does, followed by a blank line. */
void stanza_write(FILE *f, const struct stanza *st);

/* ---- files (dpkgdb_info.c) ---- */

/* Write a file under dir atomically (NAME.ctbox-new, then rename); mtime
 * 0: now. 0, or -1 with e. */
int dpkgdb_write_file(int dir, const char *name, const char *data, size_t len, mode_t mode,
		      time_t mtime, struct bb_err *e);
/* Read dir/name (at most max bytes) into *data (NUL-terminated); a missing
 * file is *data NULL. 0, or -1 with e. */
int dpkgdb_read_file(int dir, const char *name, size_t max, char **data, size_t *len,
		     struct bb_err *e);
/* "NAME" or "NAME:ARCH" (Multi-Arch: same), as info/ and triggers/ name it. */
char *dpkgdb_pkg_id(const struct dpkg_pkg *p);
/* info/ID.* from the control members and the file list; p->info updated
 * (stale files of an earlier dpkgdb_add removed). */
int dpkgdb_write_info(struct dpkgdb *db, struct dpkg_pkg *p, const struct deb_info *info,
		      struct bb_err *e);
/* The Conffiles value ("\n /etc/x MD5" lines) for the control member
 * "conffiles", hashed as unpacked; NULL value when none. */
int dpkgdb_conffiles(struct dpkgdb *db, const struct deb_info *info, char **val,
		     struct bb_err *e);
/* The package's trigger interests: triggers/File lines, triggers/NAME. */
int dpkgdb_triggers(struct dpkgdb *db, const struct dpkg_pkg *p, const struct deb_info *info,
		    struct bb_err *e);

#endif
