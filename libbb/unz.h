/* Streaming decompression of a byte range of a file: gzip (zlib's
 * inflate; concatenated members), xz (liblzma; concatenated streams, a
 * memory limit against hostile headers), lzma (the old .lzma format), zstd
 * (libzstd, with FEATURE_ZSTD; concatenated and skippable frames, a window
 * limit against hostile headers) or plain. The range is read with pread
 * (a pipe's or socket's data with read), in 64 KiB pieces: nothing is
 * held whole. unz_read is a tar_read_fn. */
#ifndef CTBOX_UNZ_H
#define CTBOX_UNZ_H

#include <sys/types.h>

#include "libbb.h"

enum unz_kind { UNZ_PLAIN, UNZ_GZIP, UNZ_XZ, UNZ_LZMA, UNZ_ZSTD, UNZ_DETECT };

#define UNZ_TO_EOF (~0ULL)
#define UNZ_XZ_MEMLIMIT (256ULL << 20) /* xz -9e needs 65 MiB: more is hostile */
/* zstd --ultra -22 writes a 2^27 byte window (zstd's own default limit);
 * a larger one needs --long and would be held in memory whole. */
#define UNZ_ZSTD_WINDOW_LOG_MAX 27

struct unz;

/* Read fd from off, at most len bytes (UNZ_TO_EOF: to its end), as kind
 * (UNZ_DETECT: told by the magic bytes; anything else is plain). A pipe
 * or socket is read whole (off 0, UNZ_TO_EOF) as the kind given. what
 * (may be NULL) prefixes messages. Returns NULL with e, also for zstd
 * in a build without FEATURE_ZSTD ("WHAT: zstd support not built in"). */
struct unz *unz_open(int fd, unsigned long long off, unsigned long long len,
		enum unz_kind kind, const char *what, struct bb_err *e);
enum unz_kind unz_kind(const struct unz *u);
/* Up to len decompressed bytes: the count, 0 at the end, -1 with e for
 * corrupt or truncated data ("WHAT: xz data truncated"). */
ssize_t unz_read(void *u, void *buf, size_t len, struct bb_err *e);
/* Decompress ahead in a thread of its own (a ring of a few 128 KiB
 * chunks), so that the reader's work overlaps with it; plain data is
 * read directly. Errors reach the reader's unz_read. Returns 0, or -1 with
 * e. */
int unz_thread(struct unz *u, struct bb_err *e);
/* The data is known good (its SHA-256 checked against a signed list):
 * skip xz's own integrity check, about a tenth of xz's time. Before the
 * first unz_read or unz_thread; other kinds are left as they are.
 * Returns 0, or -1 with e. */
int unz_no_check(struct unz *u, struct bb_err *e);
/* Decompress what is left (checking its integrity); more than max bytes
 * of it is an error. */
int unz_drain(struct unz *u, size_t max, struct bb_err *e);
void unz_close(struct unz *u);

#endif
