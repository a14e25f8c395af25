/* The downloader (fetch.h): jobs (a file to make, or a buffer to fill)
 * handed to up to N keep-alive connections by one poll loop; answers
 * checked as they come (status, ranges, sizes), files hashed as they are
 * written and renamed into place once verified. Nothing global: a
 * fetcher belongs to the thread using it. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"
#include "http.h"
#include "sha256.h"

#define CONNS_MAX 16
#define ADDRS_MAX 8
#define RETRIES_MAX 5        /* resumptions of one file after cut transfers */
#define REDIRECTS_MAX 5
#define DISCARD_MAX 65536    /* an error page read through to keep the connection */
#define TICK_MS 250          /* the stop flag and progress, at least this often */
#define HASH_BUF 65536

struct addr {
	struct sockaddr_storage sa;
	socklen_t len;
};

enum { AFTER_NONE, AFTER_REQUEUE, AFTER_404 };

struct job {
	struct job *next;          /* in the queue */
	struct fetch_item *it;     /* a file; NULL: into memory */
	char *reqpath;             /* the path on the server, after redirects */
	int prepared, redirects, retries, restarted, resumed;
	int discard, after;        /* reading an answer only to keep the connection */
	/* a file */
	int fd;
	char *part;
	unsigned long long offset; /* where the request starts */
	unsigned long long have;   /* bytes in DEST.part */
	unsigned long long attempt; /* have when the request went out */
	struct bb_sha256 sha;
	/* memory */
	char *buf;
	size_t len, cap, max;
	int result;
};

struct run;

struct conn {
	struct http_conn hc;
	struct http_resp resp;
	struct run *run;
	struct job *job;
	unsigned answers;          /* answers read on this connection */
	int got;                   /* a byte of the current answer came */
	int dead;                  /* to be closed */
	size_t addr, tries;        /* the address connected to, how many tried */
	long long last_ms;         /* when bytes last moved */
};

struct fetcher {
	struct url base;
	struct fetch_opts o;
	char *ca_file;
	struct tls_anchors ta;
	struct addr addrs[ADDRS_MAX];
	size_t naddrs, good_addr;
	struct conn *conns[CONNS_MAX];
};

struct run {
	struct fetcher *f;
	struct job *head, *tail;
	int (*done)(void *ctx, struct fetch_item *it, struct bb_err *e);
	void *ctx;
	volatile int *stop;
	struct bb_err *e;
	int failed;
	unsigned long long bytes, reported;
	long long reported_ms;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* ---- jobs: queue, messages ---- */

static void push_back(struct run *r, struct job *j)
{
	j->next = NULL;
	if (r->tail)
		r->tail->next = j;
	else
		r->head = j;
	r->tail = j;
}

/* A job to try again goes first. */
static void requeue(struct run *r, struct job *j)
{
	j->next = r->head;
	r->head = j;
	if (!r->tail)
		r->tail = j;
}

static struct job *pop(struct run *r)
{
	struct job *j = r->head;

	r->head = j->next;
	if (!r->head)
		r->tail = NULL;
	j->next = NULL;
	return j;
}

/* base/path with exactly one '/' between (malloc'd). */
static char *join_path(const char *base, const char *path)
{
	size_t bl = strlen(base);
	char *s;

	while (*path == '/')
		path++;
	if (bl && base[bl - 1] == '/')
		bl--;
	s = malloc(bl + strlen(path) + 2);
	if (s)
		sprintf(s, "%.*s/%s", (int)bl, base, path);
	return s;
}

/* What messages name: a file's path, or the whole URL for fetch_mem. */
static void label(const struct fetcher *f, const struct job *j, char *buf, size_t size)
{
	const struct url *u = &f->base;
	int v6 = strchr(u->host, ':') != NULL;

	if (j->it) {
		snprintf(buf, size, "%s", j->it->path);
		return;
	}
	if (u->port == (u->https ? 443u : 80u))
		snprintf(buf, size, "%s://%s%s%s%s", u->https ? "https" : "http", v6 ? "[" : "",
				u->host, v6 ? "]" : "", j->reqpath);
	else
		snprintf(buf, size, "%s://%s%s%s:%u%s", u->https ? "https" : "http", v6 ? "[" : "",
				u->host, v6 ? "]" : "", u->port, j->reqpath);
}

static void job_close(struct job *j, int rm_part)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	if (rm_part && j->part)
		unlink(j->part);
}

/* The run fails with "LABEL: WHY"; rm_part: the .part is not worth keeping. */
static int fail(struct run *r, struct job *j, int rm_part, int err, const char *fmt, ...)
	PRINTF_LIKE(5, 6);
static int fail(struct run *r, struct job *j, int rm_part, int err, const char *fmt, ...)
{
	char why[300], lab[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	label(r->f, j, lab, sizeof(lab));
	bb_err_set(r->e, err, "%s: %s", lab, why);
	r->failed = 1;
	job_close(j, rm_part);
	return -1;
}

/* ---- files ---- */

/* Tell its stream, if any, that what it was given is void. */
static void stream_void(struct fetch_item *it)
{
	if (it->stream)
		it->stream(it, NULL, 0);
}

/* SHA-256 of the first len bytes of fd, also streamed to feed's stream
 * (feed: NULL or an item); -1 with errno (0: the file is shorter). */
static int hash_fd(int fd, unsigned long long len, struct bb_sha256 *sha,
		   struct fetch_item *feed)
{
	char *buf = malloc(HASH_BUF);
	unsigned long long off = 0;

	if (!buf)
		return -1;
	while (off < len) {
		size_t want = len - off < HASH_BUF ? (size_t)(len - off) : HASH_BUF;
		ssize_t n = pread(fd, buf, want, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = 0;
			free(buf);
			return -1;
		}
		bb_sha256_update(sha, buf, (size_t)n);
		if (feed && feed->stream)
			feed->stream(feed, buf, (size_t)n);
		off += (unsigned long long)n;
	}
	free(buf);
	return 0;
}

/* 1 if path is a regular file of the size and hash expected. */
static int verified(const char *path, const struct fetch_item *it)
{
	struct bb_sha256 sha;
	unsigned char got[32];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ok = 0;

	if (fd < 0)
		return 0;
	bb_sha256_init(&sha);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size == it->size && hash_fd(fd, it->size, &sha, NULL) == 0) {
		bb_sha256_out(&sha, got);
		ok = memcmp(got, it->sha256, 32) == 0;
	}
	close(fd);
	return ok;
}

/* The item is in place: tell the caller. 1, or -1 if it said stop. */
static int item_done(struct run *r, struct job *j)
{
	j->it->done = 1;
	if (r->done && r->done(r->ctx, j->it, r->e) < 0) {
		r->failed = 1;
		return -1;
	}
	return 1;
}

/* Empty DEST.part: the next request starts from zero. */
static int restart(struct run *r, struct job *j)
{
	stream_void(j->it);
	if (ftruncate(j->fd, 0) < 0)
		return fail(r, j, 0, errno, "cannot truncate %s", j->part);
	bb_sha256_init(&j->sha);
	j->have = j->offset = j->attempt = 0;
	j->resumed = 0;
	return 0;
}

/* All bytes are in DEST.part: 1 verified and in place, 0 to fetch again
 * from zero (a resumed .part may have been bad), -1 failed. */
static int file_check(struct run *r, struct job *j)
{
	unsigned char got[32];

	bb_sha256_out(&j->sha, got);
	if (memcmp(got, j->it->sha256, 32) != 0) {
		if (j->resumed && !j->restarted) {
			j->restarted = 1;
			return restart(r, j);
		}
		return fail(r, j, 1, 0, "SHA-256 mismatch");
	}
	job_close(j, 0);
	if (rename(j->part, j->it->dest) < 0)
		return fail(r, j, 0, errno, "cannot rename %s to %s", j->part, j->it->dest);
	return item_done(r, j);
}

/* Before the first request: a verified DEST is reused, DEST.part is
 * resumed. 1: done without the network, 0: to fetch, -1: failed. */
static int prepare(struct run *r, struct job *j)
{
	struct fetch_item *it = j->it;
	struct stat st;
	unsigned long long have;

	if (!it)
		return 0;
	if (verified(it->dest, it)) {
		it->reused = 1;
		stream_void(it);
		return item_done(r, j);
	}
	j->part = malloc(strlen(it->dest) + sizeof(".part"));
	if (!j->part)
		return fail(r, j, 0, ENOMEM, "cannot start");
	sprintf(j->part, "%s.part", it->dest);
	j->fd = open(j->part, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (j->fd < 0)
		return fail(r, j, 0, errno, "cannot open %s", j->part);
	if (fstat(j->fd, &st) < 0)
		return fail(r, j, 0, errno, "cannot stat %s", j->part);
	have = (unsigned long long)st.st_size;
	bb_sha256_init(&j->sha);
	if (have > it->size || (have && hash_fd(j->fd, have, &j->sha, it) < 0)) {
		if (restart(r, j) < 0)
			return -1;
		have = 0;
	}
	j->have = j->offset = have;
	j->resumed = have > 0;
	if (have == it->size)
		return file_check(r, j);
	return 0;
}

static int file_body(struct run *r, struct job *j, const char *p, size_t n)
{
	size_t done = 0;

	if (n > j->it->size - j->have)
		return fail(r, j, 1, 0, "size mismatch: the server sent more than the %llu bytes "
			    "expected", j->it->size);
	while (done < n) {
		ssize_t w = pwrite(j->fd, p + done, n - done, (off_t)(j->have + done));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return fail(r, j, 0, w < 0 ? errno : EIO, "cannot write %s", j->part);
		done += (size_t)w;
	}
	bb_sha256_update(&j->sha, p, n);
	if (j->it->stream)
		j->it->stream(j->it, p, n);
	j->have += n;
	return 0;
}

/* ---- memory ---- */

static int mem_body(struct run *r, struct job *j, const char *p, size_t n)
{
	if (n > j->max - j->len)
		return fail(r, j, 0, 0, "more than %zu bytes", j->max);
	if (j->len + n + 1 > j->cap) {
		size_t cap = j->cap ? j->cap : 4096;
		char *b;

		while (cap < j->len + n + 1)
			cap = cap > j->max / 2 ? j->max + 1 : cap * 2;
		b = realloc(j->buf, cap);
		if (!b)
			return fail(r, j, 0, ENOMEM, "reading the answer");
		j->buf = b;
		j->cap = cap;
	}
	memcpy(j->buf + j->len, p, n);
	j->len += n;
	return 0;
}

/* ---- answers ---- */

static void answer_done(struct run *r, struct conn *c);

/* Read the rest of this answer for nothing, then do `after`; a long one
 * is not worth it: the connection goes. 0: read on, -1: stop reading. */
static int discard(struct run *r, struct conn *c, struct job *j, int after)
{
	j->discard = 1;
	j->after = after;
	if (c->resp.state == HTTP_DONE ||
	    (c->resp.state == HTTP_BODY && c->resp.left <= DISCARD_MAX))
		return 0;
	c->dead = 1;
	answer_done(r, c);
	return -1;
}

static int status_fail(struct run *r, struct job *j, const struct http_resp *resp)
{
	return fail(r, j, 0, 0, "HTTP %d%s%s", resp->status, resp->reason[0] ? " " : "",
			resp->reason);
}

/* Same scheme, host and port: follow (the path only changes). */
static int redirect(struct run *r, struct conn *c, struct job *j)
{
	const struct url *b = &r->f->base;
	const char *loc = c->resp.location;
	struct url u = { 0 };
	char *path;

	if (j->redirects >= REDIRECTS_MAX)
		return fail(r, j, 0, 0, "more than %d redirects", REDIRECTS_MAX);
	if (!loc[0])
		return fail(r, j, 0, 0, "HTTP %d without a usable Location", c->resp.status);
	if (loc[0] == '/' && loc[1] != '/' && !strpbrk(loc, "?# \t")) {
		path = strdup(loc);
	} else {
		if (url_parse(loc, &u, NULL) < 0 || u.https != b->https ||
		    strcasecmp(u.host, b->host) != 0 || u.port != b->port) {
			url_free(&u);
			return fail(r, j, 0, 0, "redirected to %.200s: not followed (another server)",
					loc);
		}
		path = u.path;
	}
	if (!path)
		return fail(r, j, 0, ENOMEM, "redirect");
	free(j->reqpath);
	j->reqpath = path;
	j->redirects++;
	return discard(r, c, j, AFTER_REQUEUE);
}

static int file_headers(struct run *r, struct conn *c, struct job *j)
{
	const struct http_resp *a = &c->resp;
	unsigned long long want = j->it->size;

	if (a->status == 200) {
		if (a->length >= 0 && (unsigned long long)a->length != want)
			return fail(r, j, 0, 0, "size mismatch: the server announces %lld bytes, expected %llu",
					a->length, want);
		/* Range ignored: from zero. */
		return j->offset ? restart(r, j) : 0;
	}
	if (a->status == 206 && j->offset) {
		if (!a->has_range || a->range_first != j->offset || a->range_last != want - 1 ||
		    (a->range_total != HTTP_RANGE_NONE && a->range_total != want) ||
		    (a->length >= 0 && (unsigned long long)a->length != want - j->offset))
			return fail(r, j, 0, 0, "bad Content-Range in the answer to bytes=%llu-",
					j->offset);
		return 0;
	}
	if (a->status == 416 && j->offset && !j->restarted) {
		j->restarted = 1;
		if (restart(r, j) < 0)
			return -1;
		return discard(r, c, j, AFTER_REQUEUE);
	}
	return status_fail(r, j, a);
}

static int mem_headers(struct run *r, struct conn *c, struct job *j)
{
	const struct http_resp *a = &c->resp;

	if (a->status == 200) {
		if (a->length >= 0 && (unsigned long long)a->length > j->max)
			return fail(r, j, 0, 0, "more than %zu bytes", j->max);
		return 0;
	}
	if (a->status == 404)
		return discard(r, c, j, AFTER_404);
	return status_fail(r, j, a);
}

/* The header block is in: 0 read on, -1 stop reading (failed, or done). */
static int on_headers(struct run *r, struct conn *c)
{
	struct job *j = c->job;
	int st = c->resp.status;

	if (st == 301 || st == 302 || st == 307 || st == 308)
		return redirect(r, c, j);
	return j->it ? file_headers(r, c, j) : mem_headers(r, c, j);
}

static int on_body(void *ctx, const char *p, size_t n, struct bb_err *e)
{
	struct conn *c = ctx;
	struct run *r = c->run;
	struct job *j = c->job;

	if (j->discard)
		return 0;
	r->bytes += n;
	return j->it ? file_body(r, j, p, n) : mem_body(r, j, p, n);
}

/* The answer is complete: the job is done, or goes on. */
static void answer_done(struct run *r, struct conn *c)
{
	struct job *j = c->job;

	c->job = NULL;
	c->answers++;
	if (j->discard) {
		j->discard = 0;
		if (j->after == AFTER_404)
			j->result = 404;
		else
			requeue(r, j);
		return;
	}
	if (!j->it) {
		if (!j->buf && !(j->buf = malloc(1))) {
			fail(r, j, 0, ENOMEM, "reading the answer");
			return;
		}
		j->buf[j->len] = '\0';
		j->result = 200;
		return;
	}
	if (j->have != j->it->size) {
		fail(r, j, 1, 0, "answer ended after %llu of %llu bytes", j->have, j->it->size);
		return;
	}
	if (file_check(r, j) == 0)
		requeue(r, j);
}

/* hc_pump's deliver: feed the parser; -1 stops reading this connection. */
static int deliver(void *ctx, const char *p, size_t n)
{
	struct conn *c = ctx;
	struct run *r = c->run;
	struct bb_err err;

	if (!c->job) {
		c->dead = 1; /* talking out of turn */
		return -1;
	}
	c->got = 1;
	while (n) {
		ssize_t k = http_resp_feed(&c->resp, p, n, &err);

		if (k < 0) {
			c->dead = 1;
			if (!r->failed)
				fail(r, c->job, 0, err.errnum, "%s", err.msg);
			return -1;
		}
		p += k;
		n -= (size_t)k;
		if (c->resp.headers_done) {
			c->resp.headers_done = 0;
			if (on_headers(r, c) < 0) {
				c->dead = 1;
				return -1;
			}
		}
		if (c->resp.state == HTTP_DONE) {
			if (n || c->resp.close)
				c->dead = 1;
			answer_done(r, c);
			return c->dead || r->failed ? -1 : 0;
		}
	}
	return 0;
}

/* The transfer stopped before the answer's end: resume a file that was
 * moving, else fail. */
static void cut_short(struct run *r, struct conn *c, int err, const char *why)
{
	struct job *j = c->job;
	int in_body = c->resp.state > HTTP_HEADER && !j->discard;

	c->job = NULL;
	if (j->it && in_body && j->have > j->attempt && j->retries < RETRIES_MAX) {
		j->retries++;
		j->offset = j->have;
		requeue(r, j);
		return;
	}
	if (j->it && in_body)
		fail(r, j, 0, err, "connection closed after %llu of %llu bytes", j->have, j->it->size);
	else
		fail(r, j, 0, err, "%s", why);
}

static void conn_eof(struct run *r, struct conn *c)
{
	struct job *j = c->job;
	struct bb_err err;

	c->dead = 1;
	if (!j)
		return;
	if (!c->got && c->answers) {
		/* A kept-alive connection the server had closed: again. */
		c->job = NULL;
		requeue(r, j);
		return;
	}
	if (http_resp_eof(&c->resp, &err) == 0)
		answer_done(r, c);
	else
		cut_short(r, c, 0, err.msg);
}

static void conn_err(struct run *r, struct conn *c, const struct bb_err *err)
{
	struct job *j = c->job;

	c->dead = 1;
	if (!j)
		return;
	if (!c->got && c->answers && err->errnum) {
		c->job = NULL;
		requeue(r, j);
	} else if (!err->errnum) {
		fail(r, j, 0, 0, "%s", err->msg); /* TLS */
	} else {
		cut_short(r, c, err->errnum, err->msg);
	}
}

/* ---- connections ---- */

static int resolve(struct run *r, struct job *j)
{
	struct fetcher *f = r->f;
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
	struct addrinfo *res, *ai;
	char port[8];
	int rc;

	if (f->naddrs)
		return 0;
	snprintf(port, sizeof(port), "%u", f->base.port);
	rc = getaddrinfo(f->base.host, port, &hints, &res);
	if (rc)
		return fail(r, j, 0, 0, "cannot resolve %s: %s",
				f->base.host, rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
	for (ai = res; ai && f->naddrs < ADDRS_MAX; ai = ai->ai_next) {
		if (ai->ai_addrlen > sizeof(f->addrs[0].sa))
			continue;
		memcpy(&f->addrs[f->naddrs].sa, ai->ai_addr, ai->ai_addrlen);
		f->addrs[f->naddrs++].len = ai->ai_addrlen;
	}
	freeaddrinfo(res);
	if (!f->naddrs)
		return fail(r, j, 0, 0, "cannot resolve %s: no address", f->base.host);
	return 0;
}

/* Connect to the next address not tried yet (the last good one first). */
static int conn_try(struct run *r, struct conn *c, int err)
{
	struct fetcher *f = r->f;

	while (c->tries < f->naddrs) {
		size_t i = (f->good_addr + c->tries++) % f->naddrs;

		if (hc_connect(&c->hc, (struct sockaddr *)&f->addrs[i].sa, f->addrs[i].len) == 0) {
			c->addr = i;
			return 0;
		}
		err = errno;
	}
	return fail(r, c->job, 0, err, "cannot connect to %s port %u", f->base.host,
			f->base.port);
}

static int tls_begin(struct run *r, struct conn *c)
{
	struct bb_err err;

	c->hc.tls = malloc(sizeof(*c->hc.tls));
	if (!c->hc.tls)
		return fail(r, c->job, 0, ENOMEM, "TLS");
	if (tls_start(c->hc.tls, &r->f->ta, r->f->base.host, &err) < 0)
		return fail(r, c->job, 0, err.errnum, "%s", err.msg);
	return 0;
}

static void conn_close(struct conn *c)
{
	hc_close(&c->hc);
	c->job = NULL;
	c->dead = 0;
	c->answers = 0;
}

/* An idle connection, else a slot for a new one; NULL if all are busy. */
static struct conn *free_conn(struct run *r)
{
	struct fetcher *f = r->f;
	unsigned i;

	for (i = 0; i < f->o.conns; i++)
		if (f->conns[i] && f->conns[i]->hc.fd >= 0 && !f->conns[i]->job)
			return f->conns[i];
	for (i = 0; i < f->o.conns; i++) {
		if (!f->conns[i]) {
			f->conns[i] = calloc(1, sizeof(*f->conns[i]));
			if (!f->conns[i])
				return NULL;
			hc_init(&f->conns[i]->hc);
		}
		if (f->conns[i]->hc.fd < 0 && !f->conns[i]->job) {
			f->conns[i]->run = r;
			return f->conns[i];
		}
	}
	return NULL;
}

static int start(struct run *r, struct conn *c, struct job *j)
{
	const struct url *b = &r->f->base;
	int n = http_request(c->hc.req, sizeof(c->hc.req), b->https, b->host, b->port,
			j->reqpath, j->it ? j->offset : 0);

	c->job = j;
	c->got = 0;
	c->last_ms = now_ms();
	j->discard = 0;
	j->attempt = j->have;
	if (n < 0)
		return fail(r, j, 0, 0, "request too long");
	hc_send(&c->hc, (size_t)n);
	http_resp_init(&c->resp, on_body, c);
	if (c->hc.fd >= 0)
		return 0;
	c->tries = 0;
	if (resolve(r, j) < 0)
		return -1;
	return conn_try(r, c, 0);
}

static int busy(const struct run *r)
{
	for (unsigned i = 0; i < r->f->o.conns; i++)
		if (r->f->conns[i] && r->f->conns[i]->job)
			return 1;
	return 0;
}

/* Hand queued jobs to connections. */
static void dispatch(struct run *r)
{
	while (r->head && !r->failed) {
		struct job *j = r->head;
		struct conn *c;

		if (!j->prepared) {
			pop(r);
			j->prepared = 1;
			if (prepare(r, j) == 0)
				requeue(r, j);
			continue;
		}
		c = free_conn(r);
		if (!c) {
			if (!busy(r))
				fail(r, j, 0, ENOMEM, "cannot start");
			return;
		}
		start(r, c, pop(r));
	}
}

/* Poll said something about c. */
static void service(struct run *r, struct conn *c)
{
	struct bb_err err;
	int moved = 0, rc;

	if (c->hc.connecting) {
		if (hc_connected(&c->hc) < 0) {
			if (conn_try(r, c, errno) < 0)
				c->dead = 1;
			return;
		}
		r->f->good_addr = c->addr;
		c->last_ms = now_ms();
		if (r->f->base.https && tls_begin(r, c) < 0) {
			c->dead = 1;
			return;
		}
	}
	rc = hc_pump(&c->hc, deliver, c, &moved, &err);
	if (moved)
		c->last_ms = now_ms();
	if (rc == HC_EOF)
		conn_eof(r, c);
	else if (rc == HC_ERR)
		conn_err(r, c, &err);
}

/* Time spent here (hashing, callbacks) is no server's fault. */
static void shift_deadlines(struct run *r, long long ms)
{
	for (unsigned i = 0; i < r->f->o.conns; i++)
		if (r->f->conns[i] && r->f->conns[i]->job)
			r->f->conns[i]->last_ms += ms;
}

static void check_timeouts(struct run *r, long long now)
{
	struct fetcher *f = r->f;

	for (unsigned i = 0; i < f->o.conns && !r->failed; i++) {
		struct conn *c = f->conns[i];

		if (!c || !c->job || now - c->last_ms < f->o.timeout_s * 1000LL)
			continue;
		if (c->hc.connecting)
			fail(r, c->job, 0, 0, "cannot connect to %s port %u: no answer for %u s",
					f->base.host, f->base.port, f->o.timeout_s);
		else
			fail(r, c->job, 0, 0, "no data for %u s", f->o.timeout_s);
		conn_close(c);
	}
}

static void progress(struct run *r, long long now, int last)
{
	const struct fetch_opts *o = &r->f->o;

	if (!o->progress || r->bytes == r->reported || (!last && now - r->reported_ms < TICK_MS))
		return;
	o->progress(o->progress_ctx, r->bytes);
	r->reported = r->bytes;
	r->reported_ms = now;
}

/* Poll until every job is done or one fails. */
static int run_jobs(struct run *r)
{
	struct fetcher *f = r->f;
	struct pollfd pfd[CONNS_MAX];
	struct conn *pc[CONNS_MAX];
	long long t0, now = now_ms();
	unsigned i;

	for (i = 0; i < f->o.conns; i++)
		if (f->conns[i])
			f->conns[i]->run = r;
	r->reported_ms = now;
	for (;;) {
		int np = 0, wait = TICK_MS;

		t0 = now_ms();
		if (r->stop && *r->stop) {
			bb_err_set(r->e, EINTR, "download interrupted");
			r->failed = 1;
		}
		dispatch(r);
		shift_deadlines(r, now_ms() - t0);
		if (r->failed || (!r->head && !busy(r)))
			break;
		now = now_ms();
		for (i = 0; i < f->o.conns; i++) {
			struct conn *c = f->conns[i];

			if (!c || c->hc.fd < 0)
				continue;
			pfd[np].fd = c->hc.fd;
			pfd[np].events = c->job ? hc_events(&c->hc) : POLLIN;
			pc[np++] = c;
			if (c->job) {
				long long left = c->last_ms + f->o.timeout_s * 1000LL - now;

				if (left < wait)
					wait = left > 0 ? (int)left : 0;
			}
		}
		if (poll(pfd, (nfds_t)np, wait) < 0 && errno != EINTR) {
			bb_err_set(r->e, errno, "poll");
			r->failed = 1;
			break;
		}
		for (i = 0; i < (unsigned)np && !r->failed; i++) {
			if (!pfd[i].revents)
				continue;
			t0 = now_ms();
			service(r, pc[i]);
			if (pc[i]->dead)
				conn_close(pc[i]);
			shift_deadlines(r, now_ms() - t0);
		}
		now = now_ms();
		if (!r->failed)
			check_timeouts(r, now);
		progress(r, now, 0);
	}
	/* A connection in the middle of an answer is of no more use. */
	for (i = 0; i < f->o.conns; i++)
		if (f->conns[i] && (f->conns[i]->job || f->conns[i]->dead))
			conn_close(f->conns[i]);
	progress(r, now_ms(), 1);
	return r->failed ? -1 : 0;
}

/* ---- the API ---- */

struct fetcher *fetcher_new(const char *base, const struct fetch_opts *o, struct bb_err *e)
{
	struct fetcher *f = calloc(1, sizeof(*f));

	if (!f) {
		bb_err_set(e, ENOMEM, "downloader");
		return NULL;
	}
	if (o)
		f->o = *o;
	if (!f->o.conns)
		f->o.conns = 4;
	if (f->o.conns > CONNS_MAX)
		f->o.conns = CONNS_MAX;
	if (!f->o.timeout_s)
		f->o.timeout_s = 30;
	if (f->o.ca_file && !(f->ca_file = strdup(f->o.ca_file))) {
		bb_err_set(e, ENOMEM, "downloader");
		goto err;
	}
	f->o.ca_file = f->ca_file;
	if (url_parse(base, &f->base, e) < 0)
		goto err;
	if (f->base.https && tls_anchors_load(&f->ta, f->ca_file, e) < 0)
		goto err;
	return f;
err:
	fetcher_free(f);
	return NULL;
}

void fetcher_free(struct fetcher *f)
{
	if (!f)
		return;
	for (unsigned i = 0; i < CONNS_MAX; i++) {
		if (f->conns[i])
			hc_close(&f->conns[i]->hc);
		free(f->conns[i]);
	}
	tls_anchors_free(&f->ta);
	url_free(&f->base);
	free(f->ca_file);
	free(f);
}

int fetch_mem(struct fetcher *f, const char *path, size_t max, char **buf, size_t *len,
		struct bb_err *e)
{
	struct job j = { .fd = -1, .max = max > SIZE_MAX / 2 ? SIZE_MAX / 2 : max };
	struct run r = { .f = f, .e = e };
	int rc;

	*buf = NULL;
	*len = 0;
	j.reqpath = join_path(f->base.path, path);
	if (!j.reqpath)
		return bb_err_set(e, ENOMEM, "%s", path);
	push_back(&r, &j);
	rc = run_jobs(&r);
	free(j.reqpath);
	if (rc < 0 || j.result != 200) {
		free(j.buf);
		return rc < 0 ? -1 : j.result;
	}
	*buf = j.buf;
	*len = j.len;
	return 200;
}

int fetch_files(struct fetcher *f, struct fetch_item *items, size_t n,
		int (*done)(void *ctx, struct fetch_item *it, struct bb_err *e), void *ctx,
		volatile int *stop, struct bb_err *e)
{
	struct run r = { .f = f, .done = done, .ctx = ctx, .stop = stop, .e = e };
	struct job *jobs = calloc(n ? n : 1, sizeof(*jobs));
	size_t i;
	int rc = -1;

	if (!jobs)
		return bb_err_set(e, ENOMEM, "downloads");
	for (i = 0; i < n; i++) {
		jobs[i].it = &items[i];
		jobs[i].fd = -1;
		items[i].done = items[i].reused = 0;
		jobs[i].reqpath = join_path(f->base.path, items[i].path);
		if (!jobs[i].reqpath) {
			bb_err_set(e, ENOMEM, "%s", items[i].path);
			goto out;
		}
		push_back(&r, &jobs[i]);
	}
	rc = run_jobs(&r);
out:
	for (i = 0; i < n; i++) {
		job_close(&jobs[i], 0);
		free(jobs[i].part);
		free(jobs[i].reqpath);
	}
	free(jobs);
	return rc;
}
