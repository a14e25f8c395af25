/* Streaming gzip / xz / lzma / zstd / plain decompression of a file's
 * byte range (unz.h). */
#include <errno.h>
#include <lzma.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "autoconf.h"
#include "unz.h"

#if ENABLE_FEATURE_ZSTD
#include <zstd.h>
#include <zstd_errors.h>
#endif

#define INBUF (64 * 1024)
#define PIPE_BUFS 4
#define PIPE_CHUNK (128 * 1024)

/* Decompression running ahead in a thread (unz_thread): a ring of
 * PIPE_BUFS chunks between the decompressing thread and the reader. */
struct unz_pipe {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned char *buf[PIPE_BUFS];
	size_t len[PIPE_BUFS], off;
	int full[PIPE_BUFS];
	unsigned rd, wr;
	int end, failed, quit;
	struct bb_err err;
};

struct unz {
	int fd;
	unsigned long long off, left; /* compressed bytes not read yet */
	enum unz_kind kind;
	int done;                     /* the compressed stream ended */
	int to_eof;                   /* the range runs to the end of the file */
	int stream;                   /* fd is a pipe or socket: read, not pread */
	const char *what;
	struct unz_pipe *pipe;
	z_stream z;
	lzma_stream x;
#if ENABLE_FEATURE_ZSTD
	ZSTD_DStream *zs;
	ZSTD_inBuffer zin;
	int zframe;                   /* inside a zstd frame (or before the first) */
#endif
	unsigned char in[INBUF];
};

static int fail(struct unz *u, struct bb_err *e, int err, const char *fmt, ...)
	PRINTF_LIKE(4, 5);
static int fail(struct unz *u, struct bb_err *e, int err, const char *fmt, ...)
{
	char msg[sizeof(e->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (u->what)
		return bb_err_set(e, err, "%s: %s", u->what, msg);
	return bb_err_set(e, err, "%s", msg);
}

/* Read up to len bytes of the range: short only at the end of a range
 * that runs to the end of the file (a fixed range cut short means the
 * file shrank while being read). */
static ssize_t take(struct unz *u, void *buf, size_t len, struct bb_err *e)
{
	ssize_t n;

	if (len > u->left)
		len = (size_t)u->left;
	if (!len)
		return 0;
	n = u->stream ? full_read(u->fd, buf, len) : full_pread(u->fd, buf, len, u->off);
	if (n < 0)
		return fail(u, e, errno, "can't read it");
	if ((size_t)n < len && !u->to_eof)
		return fail(u, e, 0, "the file shrank while being read");
	u->off += (unsigned long long)n;
	u->left = (size_t)n < len ? 0 : u->left - (unsigned long long)n;
	return n;
}

/* More compressed input once the decompressor has used what it had. */
static int refill(struct unz *u, const unsigned char **next, size_t *avail, struct bb_err *e)
{
	ssize_t n;

	if (*avail)
		return 0;
	n = take(u, u->in, sizeof(u->in), e);
	if (n < 0)
		return -1;
	*next = u->in;
	*avail = (size_t)n;
	return 0;
}

static ssize_t gz_read(struct unz *u, void *buf, size_t len, struct bb_err *e)
{
	u->z.next_out = buf;
	u->z.avail_out = (uInt)len;
	while (u->z.avail_out == len && !u->done) {
		const unsigned char *next = u->z.next_in;
		size_t avail = u->z.avail_in;
		int r;

		if (refill(u, &next, &avail, e) < 0)
			return -1;
		u->z.next_in = (unsigned char *)next;
		u->z.avail_in = (uInt)avail;
		if (!avail)
			return fail(u, e, 0, "gzip data truncated");
		r = inflate(&u->z, Z_NO_FLUSH);
		if (r == Z_STREAM_END) {
			next = u->z.next_in;
			avail = u->z.avail_in;
			if (refill(u, &next, &avail, e) < 0)
				return -1;
			u->z.next_in = (unsigned char *)next;
			u->z.avail_in = (uInt)avail;
			if (!avail)
				u->done = 1;
			else if (next[0] != 0x1f) /* not another gzip member */
				return fail(u, e, 0, "trailing garbage after the gzip data");
			else
				inflateReset(&u->z);
		} else if (r != Z_OK && r != Z_BUF_ERROR) {
			return fail(u, e, 0, "gzip data corrupt: %s",
				    u->z.msg ? u->z.msg : "inflate failed");
		}
	}
	return (ssize_t)(len - u->z.avail_out);
}

static ssize_t xz_read(struct unz *u, void *buf, size_t len, struct bb_err *e)
{
	u->x.next_out = buf;
	u->x.avail_out = len;
	while (u->x.avail_out == len && !u->done) {
		const unsigned char *next = u->x.next_in;
		size_t avail = u->x.avail_in;
		lzma_ret r;

		if (refill(u, &next, &avail, e) < 0)
			return -1;
		u->x.next_in = next;
		u->x.avail_in = avail;
		r = lzma_code(&u->x, !avail && !u->left ? LZMA_FINISH : LZMA_RUN);
		if (r == LZMA_STREAM_END)
			u->done = 1;
		else if (r == LZMA_MEMLIMIT_ERROR)
			return fail(u, e, 0, "xz data needs more than %llu MiB to decompress",
				    UNZ_XZ_MEMLIMIT >> 20);
		else if (r != LZMA_OK)
			return fail(u, e, 0, "%s data %s (lzma error %d)",
				    u->kind == UNZ_XZ ? "xz" : "lzma",
				    r == LZMA_BUF_ERROR ? "truncated" : "corrupt", (int)r);
	}
	return (ssize_t)(len - u->x.avail_out);
}

#if ENABLE_FEATURE_ZSTD
/* Frames follow each other until the input ends, which must be between
 * two frames; libzstd itself passes over skippable frames. */
static ssize_t zst_read(struct unz *u, void *buf, size_t len, struct bb_err *e)
{
	ZSTD_outBuffer out = { buf, len, 0 };

	while (!out.pos && !u->done) {
		const unsigned char *next = (const unsigned char *)u->zin.src + u->zin.pos;
		size_t avail = u->zin.size - u->zin.pos, r;

		if (refill(u, &next, &avail, e) < 0)
			return -1;
		if (!avail && !u->zframe) {
			u->done = 1;
			break;
		}
		u->zin = (ZSTD_inBuffer){ next, avail, 0 };
		r = ZSTD_decompressStream(u->zs, &out, &u->zin);
		if (ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge)
			return fail(u, e, 0, "zstd data needs a window of more than %u MiB",
				    1u << (UNZ_ZSTD_WINDOW_LOG_MAX - 20));
		if (ZSTD_isError(r))
			return fail(u, e, 0, "zstd data corrupt: %s", ZSTD_getErrorName(r));
		u->zframe = r != 0; /* 0: a frame ended and all of it was given */
		if (!avail && !out.pos && u->zframe)
			return fail(u, e, 0, "zstd data truncated");
	}
	return (ssize_t)out.pos;
}

static int zst_open(struct unz *u)
{
	u->zframe = 1; /* no frame at all is truncated data too */
	u->zin = (ZSTD_inBuffer){ u->in, 0, 0 };
	u->zs = ZSTD_createDStream();
	if (u->zs && !ZSTD_isError(ZSTD_DCtx_setParameter(u->zs, ZSTD_d_windowLogMax,
							  UNZ_ZSTD_WINDOW_LOG_MAX)))
		return 0;
	ZSTD_freeDStream(u->zs);
	return -1;
}
#endif

static ssize_t direct_read(struct unz *u, void *buf, size_t len, struct bb_err *e)
{
	switch (u->kind) {
	case UNZ_GZIP:
		return gz_read(u, buf, len, e);
	case UNZ_XZ:
	case UNZ_LZMA:
		return xz_read(u, buf, len, e);
#if ENABLE_FEATURE_ZSTD
	case UNZ_ZSTD:
		return zst_read(u, buf, len, e);
#endif
	default:
		return take(u, buf, len, e);
	}
}

/* The decompressing thread: fills the ring until the end, an error or
 * being told to quit. */
static void *pipe_main(void *arg)
{
	struct unz *u = arg;
	struct unz_pipe *p = u->pipe;

	for (;;) {
		struct bb_err e = { 0, "" };
		unsigned i;
		ssize_t n;
		int quit;

		pthread_mutex_lock(&p->mu);
		while (p->full[p->wr] && !p->quit)
			pthread_cond_wait(&p->cv, &p->mu);
		i = p->wr;
		quit = p->quit;
		pthread_mutex_unlock(&p->mu);
		if (quit)
			break;
		n = direct_read(u, p->buf[i], PIPE_CHUNK, &e);
		pthread_mutex_lock(&p->mu);
		if (n <= 0) {
			p->end = 1;
			p->failed = n < 0;
			p->err = e;
		} else {
			p->len[i] = (size_t)n;
			p->full[i] = 1;
			p->wr = (i + 1) % PIPE_BUFS;
		}
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (n <= 0)
			break;
	}
	return NULL;
}

static ssize_t pipe_read(struct unz_pipe *p, void *buf, size_t len, struct bb_err *e)
{
	size_t n = 0;

	pthread_mutex_lock(&p->mu);
	while (!p->full[p->rd] && !p->end)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->full[p->rd]) {
		n = p->len[p->rd] - p->off;
		if (n > len)
			n = len;
		memcpy(buf, p->buf[p->rd] + p->off, n);
		p->off += n;
		if (p->off == p->len[p->rd]) {
			p->full[p->rd] = 0;
			p->off = 0;
			p->rd = (p->rd + 1) % PIPE_BUFS;
			pthread_cond_broadcast(&p->cv);
		}
	} else if (p->failed) {
		*e = p->err;
		pthread_mutex_unlock(&p->mu);
		return -1;
	}
	pthread_mutex_unlock(&p->mu);
	return (ssize_t)n;
}

ssize_t unz_read(void *ctx, void *buf, size_t len, struct bb_err *e)
{
	struct unz *u = ctx;

	if (u->pipe)
		return pipe_read(u->pipe, buf, len, e);
	return direct_read(u, buf, len, e);
}

int unz_thread(struct unz *u, struct bb_err *e)
{
	struct unz_pipe *p;
	int i, err;

	if (u->kind == UNZ_PLAIN || u->pipe)
		return 0;
	p = calloc(1, sizeof(*p));
	if (!p)
		return fail(u, e, ENOMEM, "decompressor");
	for (i = 0; i < PIPE_BUFS; i++)
		if (!(p->buf[i] = malloc(PIPE_CHUNK)))
			goto nomem;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	u->pipe = p;
	err = bb_thread_start(&p->th, pipe_main, u);
	if (!err)
		return 0;
	u->pipe = NULL;
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	for (i = 0; i < PIPE_BUFS; i++)
		free(p->buf[i]);
	free(p);
	return fail(u, e, err, "can't start the decompressing thread");
nomem:
	for (i = 0; i < PIPE_BUFS; i++)
		free(p->buf[i]);
	free(p);
	return fail(u, e, ENOMEM, "decompressor");
}

static void pipe_stop(struct unz *u)
{
	struct unz_pipe *p = u->pipe;
	int i;

	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->th, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	for (i = 0; i < PIPE_BUFS; i++)
		free(p->buf[i]);
	free(p);
	u->pipe = NULL;
}

int unz_drain(struct unz *u, size_t max, struct bb_err *e)
{
	char buf[4096];
	size_t total = 0;
	ssize_t n;

	if (u->kind == UNZ_PLAIN)
		return 0;
	while ((n = unz_read(u, buf, sizeof(buf), e)) > 0) {
		total += (size_t)n;
		if (total > max)
			return fail(u, e, 0, "more than %zu bytes of data after the archive", max);
	}
	return n < 0 ? -1 : 0;
}

static enum unz_kind detect(int fd, unsigned long long off, unsigned long long len)
{
	unsigned char m[6] = { 0 };
	ssize_t n = full_pread(fd, m, len < sizeof(m) ? (size_t)len : sizeof(m), off);

	if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b)
		return UNZ_GZIP;
	if (n == 6 && !memcmp(m, "\xfd" "7zXZ\0", 6))
		return UNZ_XZ;
	/* a zstd frame, or a skippable frame (magic 0x184D2A50..5F) */
	if (n >= 4 && (!memcmp(m, "\x28\xb5\x2f\xfd", 4) ||
		       ((m[0] & 0xf0) == 0x50 && !memcmp(m + 1, "\x2a\x4d\x18", 3))))
		return UNZ_ZSTD;
	return UNZ_PLAIN;
}

int unz_no_check(struct unz *u, struct bb_err *e)
{
	if (u->kind != UNZ_XZ || u->pipe || u->x.total_in)
		return 0;
	lzma_end(&u->x);
	u->x = (lzma_stream)LZMA_STREAM_INIT;
	if (lzma_stream_decoder(&u->x, UNZ_XZ_MEMLIMIT, LZMA_CONCATENATED | LZMA_IGNORE_CHECK) !=
	    LZMA_OK)
		return fail(u, e, ENOMEM, "can't start the xz decoder");
	return 0;
}

struct unz *unz_open(int fd, unsigned long long off, unsigned long long len,
		     enum unz_kind kind, const char *what, struct bb_err *e)
{
	struct unz *u = calloc(1, sizeof(*u));
	lzma_ret r = LZMA_OK;
	struct stat st;

	if (!u) {
		bb_err_set(e, ENOMEM, "%s", what ? what : "decompressor");
		return NULL;
	}
	u->what = what;
	if (fstat(fd, &st) < 0) {
		fail(u, e, errno, "can't stat it");
		free(u);
		return NULL;
	}
	u->stream = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
	if (u->stream && (off || len != UNZ_TO_EOF || kind == UNZ_DETECT)) {
		fail(u, e, EINVAL, "a stream is read whole, its kind given");
		free(u);
		return NULL;
	}
	u->fd = fd;
	u->off = off;
	u->to_eof = len == UNZ_TO_EOF;
	u->left = u->to_eof ? UNZ_TO_EOF - off : len;
	u->kind = kind == UNZ_DETECT ? detect(fd, off, len) : kind;
	u->x = (lzma_stream)LZMA_STREAM_INIT;
	if (u->kind == UNZ_GZIP && inflateInit2(&u->z, 16 + 15) != Z_OK)
		goto nomem;
	if (u->kind == UNZ_XZ)
		r = lzma_stream_decoder(&u->x, UNZ_XZ_MEMLIMIT, LZMA_CONCATENATED);
	else if (u->kind == UNZ_LZMA)
		r = lzma_alone_decoder(&u->x, UNZ_XZ_MEMLIMIT);
	if (r != LZMA_OK)
		goto nomem;
	if (u->kind == UNZ_ZSTD) {
#if ENABLE_FEATURE_ZSTD
		if (zst_open(u) < 0)
			goto nomem;
#else
		fail(u, e, 0, "zstd support not built in");
		free(u);
		return NULL;
#endif
	}
	return u;
nomem:
	fail(u, e, ENOMEM, "decompressor");
	free(u);
	return NULL;
}

enum unz_kind unz_kind(const struct unz *u)
{
	return u->kind;
}

void unz_close(struct unz *u)
{
	if (!u)
		return;
	if (u->pipe)
		pipe_stop(u);
	if (u->kind == UNZ_GZIP)
		inflateEnd(&u->z);
	else if (u->kind == UNZ_XZ || u->kind == UNZ_LZMA)
		lzma_end(&u->x);
#if ENABLE_FEATURE_ZSTD
	else if (u->kind == UNZ_ZSTD)
		ZSTD_freeDStream(u->zs);
#endif
	free(u);
}
