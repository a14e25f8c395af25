/* OCI images made and changed: `oci-image new` (an empty image), the
 * record of an unpacked rootfs and `oci-image repack` (a new layer from
 * the rootfs's changes since that record).
 *
 *   oci_image_record("img", "latest", "bundle", &e)   after unpack
 *   ... the rootfs is changed ...
 *   oci_image_repack("img", "v2", "bundle", NULL, &e)
 *       one tar+gzip layer (new and changed entries with their parent
 *       directories, ".wh.NAME" for removed ones), a new config and
 *       manifest on top of the recorded one, tagged v2 in index.json.
 *
 * The record is BUNDLE/ctbox-image.mtree, text:
 *
 *   #ctbox-image-mtree 1
 *   layout ESC
 *   tag ESC
 *   manifest sha256:HEX SIZE
 *   PATH TYPE MODE UID GID SIZE SEC.NSEC RDEV LINK SHA256
 *
 * one entry line per file, the rootfs itself as ".", the others "./a/b",
 * in walk order (a directory before its contents, names sorted byte-wise).
 * TYPE: f d l c b p s (file, directory, symlink, char and block device,
 * fifo, socket). MODE is octal, the permission bits; SIZE only for files
 * (0 otherwise); RDEV "MAJOR,MINOR" for devices, LINK a symlink's target,
 * SHA256 a file's content in hex; "-" where a field does not apply.
 * Paths and targets are escaped: bytes up to ' ', from 0x7f, '\\' and a
 * leading '-' as \OOO (three octal digits).
 *
 * Blobs are written to a temporary file in blobs/sha256 and renamed to
 * their digest; index.json is replaced by rename. Nothing reaches
 * index.json until every blob it names is complete; on failure the blobs
 * made are removed. Nothing here prints or exits.
 */
#ifndef CTBOX_OCI_IMAGE_MTREE_H
#define CTBOX_OCI_IMAGE_MTREE_H

#include <stdio.h>

#include "libbb.h"

#define OCI_MTREE_FILE "ctbox-image.mtree"
#define OCI_MT_NONE ((size_t)-1)

enum {
	OCI_MT_CHANGED = 1,   /* now: new or changed since the record */
	OCI_MT_SEEN = 2,      /* record: still there, same type */
	OCI_MT_WHITEOUT = 4,  /* record: gone (or replaced by another type), and
				 its directory is not */
	OCI_MT_PUT = 8,       /* now: written to the layer */
};

struct oci_mt_ent {
	char *path;               /* "." or "./a/b", raw bytes */
	char type;                /* f d l c b p s */
	unsigned mode;            /* permission bits */
	unsigned long long uid, gid, size;
	unsigned long long major, minor;
	long long sec;
	long nsec;
	char *link;               /* a symlink's target, else NULL */
	unsigned char sha[32];    /* a file's content */
	size_t parent;            /* walk order: its directory, OCI_MT_NONE for "." */
	unsigned flags;
};

struct oci_mt {
	char *layout, *tag;       /* where the rootfs came from */
	char *manifest;           /* "sha256:HEX" */
	unsigned long long manifest_size;
	struct oci_mt_ent *v;
	size_t n, cap;
};

/* The tree under rootfd, in walk order (never following symlinks; a
 * mount point is recorded, not entered). */
int oci_mt_walk(int rootfd, struct oci_mt *m, volatile int *stop, struct bb_err *e);
/* The record as text to f; 0, or -1 when f failed. */
int oci_mt_write(FILE *f, const struct oci_mt *m);
/* Parse a record (name: for messages, "NAME:LINE: what"). */
int oci_mt_parse(const char *text, size_t len, const char *name, struct oci_mt *m,
		 struct bb_err *e);
void oci_mt_free(struct oci_mt *m);
/* Compare now with the record old (sorted here by path): flags set on
 * both (OCI_MT_CHANGED in now, OCI_MT_SEEN and OCI_MT_WHITEOUT in old).
 * Returns the number of changed entries plus whiteouts. */
size_t oci_mt_diff(struct oci_mt *old, struct oci_mt *now);
/* A path or target escaped as in the record (f), and back: the decoded
 * bytes (malloc'd), or NULL when s is not a valid escaped field. */
void oci_mt_esc(FILE *f, const char *s);
char *oci_mt_unesc(const char *s, size_t n);

/* Record bundle/rootfs, unpacked from layout's tag, as bundle/ctbox-image.mtree. */
int oci_image_record(const char *layout, const char *tag, const char *bundle,
		     volatile int *stop, struct bb_err *e);
/* An empty image tagged tag (an existing tag is replaced). */
int oci_image_new(const char *layout, const char *tag, struct bb_err *e);
/* A new layer from bundle's changes since its record, on top of the
 * recorded image, tagged tag; the record is then brought up to date. No
 * change: no layer, a history entry marked empty_layer (as umoci does).
 * *sockets: new sockets, which no tar can hold (left out, for a warning). */
int oci_image_repack(const char *layout, const char *tag, const char *bundle,
		     size_t *sockets, volatile int *stop, struct bb_err *e);

/* ---- shared by oci_image_new.c and oci_image_repack.c ---- */

/* Blobs being written to layout: those made here are removed by undo. */
struct oci_blobs {
	char *dir;                /* LAYOUT/blobs/sha256 */
	struct bb_strlist made;   /* their paths */
};

void oci_blobs_init(struct oci_blobs *b, const char *layout);
/* A temporary file in the blob directory: the fd, its path in *tmp. */
int oci_blob_tmp(struct oci_blobs *b, char **tmp, struct bb_err *e);
/* The finished temporary file renamed to its digest (hex). */
int oci_blob_commit(struct oci_blobs *b, char *tmp, const char *hex, struct bb_err *e);
/* len bytes as a blob: "sha256:HEX" into digest. */
int oci_blob_put(struct oci_blobs *b, const void *buf, size_t len, char digest[72],
		 struct bb_err *e);
/* Remove the blobs made (undo nonzero) and free b. */
void oci_blobs_done(struct oci_blobs *b, int undo);
/* Point tag at the manifest digest (size bytes) in index.json (atomic). */
int oci_index_set(const char *layout, const char *tag, const char *digest,
		  unsigned long long size, struct bb_err *e);
/* The manifest digest ("sha256:HEX", malloc'd) and size tag names. */
int oci_index_get(const char *layout, const char *tag, char **digest,
		  unsigned long long *size, struct bb_err *e);
/* A tag as OCI allows it ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}). */
int oci_tag_check(const char *tag, struct bb_err *e);
/* The current time as RFC 3339 UTC ("2026-01-02T03:04:05Z"). */
void oci_now(char buf[32]);
/* 32 bytes as 64 lowercase hex digits. */
void oci_hex(const unsigned char sum[32], char hex[65]);

#endif
