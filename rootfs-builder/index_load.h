/* A Packages index (gzip, xz, zstd or plain) into a package index. */
#ifndef CTBOX_INDEX_LOAD_H
#define CTBOX_INDEX_LOAD_H

#include "fetch.h"
#include "libbb.h"
#include "pkgidx.h"
#include "unz.h"

/* The verified file's text into ix (pkgidx_begin .. pkgidx_end); name for
 * messages. Returns 0, or -1 with e. */
int rb_index_feed_file(struct pkgidx *ix, const char *file, const char *name,
		       struct bb_err *e);

/* Fetch it (fetch_files, one item, its stream and user taken) and parse
 * its text, of the kind given, into ix while it downloads; more than max
 * bytes of text stops the parsing. Returns 0 once it is verified and
 * parsed; 1 once it is verified but what was parsed does not count (the
 * download started over, the file was already there, or max was
 * passed): ix has been fed part of it, and the caller feeds the file to
 * a new one; -1 with e (the download's failure first). */
int rb_index_fetch(struct fetcher *f, struct fetch_item *it, enum unz_kind kind,
		   unsigned long long max, struct pkgidx *ix, volatile int *stop,
		   struct bb_err *e);

#endif
