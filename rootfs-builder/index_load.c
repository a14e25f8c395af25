/* A Packages index into the package index (index_load.h), from a
 * verified file, or parsed while it downloads: the fetching thread hands
 * each piece it receives through a socket to the decoder's thread, whose
 * text this thread parses. What was parsed counts only once the download
 * has verified; until then its text is held to the size Release gives
 * for the uncompressed index.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "index_load.h"

#define CHUNK (1 << 16)

/* Decompress fd's data (a file or a stream) into ix; *text: the text
 * bytes read. 0 at the end of the data, 1 past max bytes of text, -1
 * with e. */
static int feed(struct pkgidx *ix, int fd, enum unz_kind kind, const char *name,
		unsigned long long max, unsigned long long *text, struct bb_err *e)
{
	struct unz *u = unz_open(fd, 0, UNZ_TO_EOF, kind, name, e);
	char *buf = xmalloc(CHUNK);
	ssize_t n = -1;
	int ret = -1;

	*text = 0;
	/* decompressed in a thread of its own while this one parses */
	if (!u || unz_thread(u, e) < 0 || pkgidx_begin(ix, name, e) < 0)
		goto out;
	while ((n = unz_read(u, buf, CHUNK, e)) > 0) {
		*text += (unsigned long long)n;
		if (*text > max) {
			ret = 1;
			goto out;
		}
		if (pkgidx_feed(ix, buf, (size_t)n, e) < 0)
			goto out;
	}
	if (n == 0)
		ret = 0;
out:
	free(buf);
	unz_close(u);
	return ret;
}

int rb_index_feed_file(struct pkgidx *ix, const char *file, const char *name,
		       struct bb_err *e)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC), r;
	unsigned long long text;

	if (fd < 0)
		return bb_err_set(e, errno, "can't open '%s'", file);
	r = feed(ix, fd, UNZ_DETECT, name, ~0ULL, &text, e);
	close(fd);
	return r < 0 ? -1 : pkgidx_end(ix, e);
}

/* ---- parsed while downloading ---- */

struct job {
	struct fetcher *f;
	struct fetch_item *it;
	volatile int *stop;
	int wfd;      /* the socket's end the fetching thread writes; -1: closed */
	int voided;   /* the fetcher voided what it streamed */
	int ret;      /* fetch_files' */
	struct bb_err err;
};

static void close_w(struct job *j)
{
	if (j->wfd >= 0)
		close(j->wfd);
	j->wfd = -1;
}

/* The fetching thread's bytes to the socket. A reader that stopped
 * reading (shut its end) ends the streaming, not the download. */
static void on_bytes(struct fetch_item *it, const char *p, size_t n)
{
	struct job *j = it->user;

	if (j->wfd < 0)
		return;
	if (!p) {
		j->voided = 1;
		close_w(j);
		return;
	}
	while (n) {
		ssize_t w = send(j->wfd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) { /* the reader stopped: it reads the file, if anything */
			j->voided = 1;
			close_w(j);
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void *fetch_thread(void *arg)
{
	struct job *j = arg;

	j->ret = fetch_files(j->f, j->it, 1, NULL, NULL, j->stop, &j->err);
	close_w(j); /* the reader's end of data */
	return NULL;
}

int rb_index_fetch(struct fetcher *f, struct fetch_item *it, enum unz_kind kind,
		   unsigned long long max, struct pkgidx *ix, volatile int *stop,
		   struct bb_err *e)
{
	struct job j = { .f = f, .it = it, .stop = stop };
	unsigned long long text;
	struct bb_err perr;
	pthread_t t;
	int sv[2], r;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return bb_err_set(e, errno, "socketpair");
	j.wfd = sv[1];
	it->stream = on_bytes;
	it->user = &j;
	if ((errno = bb_thread_start(&t, fetch_thread, &j))) {
		bb_err_set(e, errno, "can't start a thread");
		close(sv[0]);
		close(sv[1]);
		it->stream = NULL;
		return -1;
	}
	r = feed(ix, sv[0], kind, it->path, max, &text, &perr);
	/* a fetcher still writing gets EPIPE and goes on without us */
	shutdown(sv[0], SHUT_RDWR);
	pthread_join(t, NULL);
	close(sv[0]);
	it->stream = NULL;
	it->user = NULL;
	if (j.ret < 0) {
		*e = j.err;
		return -1;
	}
	/* the bytes parsed were the verified file's unless the fetcher voided
	 * them; past max, they were not what Release says */
	if (j.voided || r == 1)
		return 1;
	if (r < 0) {
		*e = perr;
		return -1;
	}
	return pkgidx_end(ix, e);
}
