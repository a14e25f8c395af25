/* The downloader (rootfs-builder/fetch.c).
 *
 * Without arguments: TAP self-tests against a tiny server forked here
 * (canned answers by path) and without any server (reuse of verified
 * files, bad URLs).
 *
 * With arguments, a driver for tests/integration/fetch.t:
 *   fetch.t [-c CONNS] [-t TIMEOUT] [-a CAFILE] [-p] BASE mem PATH [MAX]
 *       the body on stdout; exit 0 (200), 4 (404), 1 (error on stderr)
 *   fetch.t [options] [-d N] BASE files PATH DEST SIZE SHA256 [PATH DEST SIZE SHA256]...
 *       "done PATH" or "reused PATH" per file as it is in place; -d N:
 *       the done callback fails at the Nth file
 *   -p: "bytes N" on stderr at the end (what the progress callback saw)
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bearssl.h>

#include "fetch.h"
#include "tap.h"

/* ---- the driver ---- */

struct drv {
	unsigned long long bytes;
	int fail_at, n;
};

static void drv_progress(void *ctx, unsigned long long bytes)
{
	((struct drv *)ctx)->bytes = bytes;
}

static int drv_done(void *ctx, struct fetch_item *it, struct bb_err *e)
{
	struct drv *d = ctx;

	printf("%s %s\n", it->reused ? "reused" : "done", it->path);
	fflush(stdout);
	if (++d->n == d->fail_at)
		return bb_err_set(e, 0, "%s: the callback says stop", it->path);
	return 0;
}

static int unhex(const char *s, unsigned char *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return strlen(s) == 2 * n ? 0 : -1;
}

static void print_err(const struct bb_err *e)
{
	if (e->errnum)
		fprintf(stderr, "fetch: %s: %s\n", e->msg, strerror(e->errnum));
	else
		fprintf(stderr, "fetch: %s\n", e->msg);
}

static int usage(void)
{
	fprintf(stderr, "usage: fetch.t [-c N] [-t S] [-a CA] [-p] [-d N] BASE mem PATH [MAX]\n"
			"       fetch.t [options] BASE files PATH DEST SIZE SHA256...\n");
	return 2;
}

static int driver(int argc, char **argv)
{
	struct fetch_opts o = { 0 };
	struct drv d = { 0 };
	struct bb_err e = { 0 };
	struct fetcher *f;
	int i = 1, show = 0, rc;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *opt = argv[i];

		if (!strcmp(opt, "-p")) {
			show = 1;
			continue;
		}
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(opt, "-c"))
			o.conns = (unsigned)atoi(argv[++i]);
		else if (!strcmp(opt, "-t"))
			o.timeout_s = (unsigned)atoi(argv[++i]);
		else if (!strcmp(opt, "-a"))
			o.ca_file = argv[++i];
		else if (!strcmp(opt, "-d"))
			d.fail_at = atoi(argv[++i]);
		else
			return usage();
	}
	if (argc - i < 3)
		return usage();
	o.progress = drv_progress;
	o.progress_ctx = &d;
	f = fetcher_new(argv[i], &o, &e);
	if (!f) {
		print_err(&e);
		return 1;
	}
	if (!strcmp(argv[i + 1], "mem")) {
		size_t max = argc - i > 3 ? strtoull(argv[i + 3], NULL, 10) : 1 << 24, len;
		char *buf;

		rc = fetch_mem(f, argv[i + 2], max, &buf, &len, &e);
		if (rc == 200)
			fwrite(buf, 1, len, stdout);
		free(buf);
		rc = rc == 200 ? 0 : rc == 404 ? 4 : 1;
	} else if (!strcmp(argv[i + 1], "files") && (argc - i - 2) % 4 == 0) {
		size_t n = (size_t)(argc - i - 2) / 4;
		struct fetch_item *it = calloc(n, sizeof(*it));

		for (size_t k = 0; it && k < n; k++) {
			char **a = argv + i + 2 + 4 * k;

			it[k].path = a[0];
			it[k].dest = a[1];
			it[k].size = strtoull(a[2], NULL, 10);
			if (unhex(a[3], it[k].sha256, 32) < 0) {
				fetcher_free(f);
				return usage();
			}
		}
		rc = it && fetch_files(f, it, n, drv_done, &d, NULL, &e) == 0 ? 0 : 1;
		free(it);
	} else {
		fetcher_free(f);
		return usage();
	}
	if (rc == 1)
		print_err(&e);
	if (show)
		fprintf(stderr, "bytes %llu\n", d.bytes);
	fetcher_free(f);
	return rc;
}

/* ---- a server for the self-tests ---- */

static const char data16[] = "0123456789abcdef";

static void put(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			_exit(0);
		s += w;
		n -= (size_t)w;
	}
}

static void say(int fd, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void say(int fd, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(fd, buf, (size_t)n);
}

/* One request's answer; 0 to keep the connection, -1 to close it. */
static int answer(int fd, int conn, const char *path, long range)
{
	char body[300];

	if (!strncmp(path, "/ok/", 4)) {
		snprintf(body, sizeof(body), "c%d %s", conn, path);
		say(fd, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n%s", strlen(body), body);
	} else if (!strcmp(path, "/chunked")) {
		say(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
				"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
	} else if (!strcmp(path, "/404")) {
		say(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
	} else if (!strcmp(path, "/500")) {
		say(fd, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
	} else if (!strcmp(path, "/eof")) {
		say(fd, "HTTP/1.1 200 OK\r\n\r\nuntil the end");
		return -1;
	} else if (!strcmp(path, "/close")) {
		say(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
		return -1;
	} else if (!strcmp(path, "/redirect")) {
		say(fd, "HTTP/1.1 302 Found\r\nLocation: /ok/there\r\nContent-Length: 3\r\n\r\nbye");
	} else if (!strcmp(path, "/loop")) {
		say(fd, "HTTP/1.1 301 Moved\r\nLocation: http://127.0.0.1:1/loop\r\n"
				"Content-Length: 0\r\n\r\n");
	} else if (!strcmp(path, "/far")) {
		say(fd, "HTTP/1.1 307 Moved\r\nLocation: http://elsewhere.invalid/x\r\n"
				"Content-Length: 0\r\n\r\n");
	} else if (!strcmp(path, "/garbage")) {
		say(fd, "HTTP/1.1 200 OK\r\nContent-Length: zz\r\n\r\n");
		return -1;
	} else if (!strcmp(path, "/stall")) {
		sleep(30);
		return -1;
	} else if (!strcmp(path, "/data")) {
		/* 16 bytes; Range honoured. */
		if (range > 0 && range < 16)
			say(fd, "HTTP/1.1 206 Partial\r\nContent-Range: bytes %ld-15/16\r\n"
					"Content-Length: %ld\r\n\r\n%s", range, 16 - range, data16 + range);
		else
			say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n%s", data16);
	} else if (!strcmp(path, "/cut")) {
		/* 16 bytes announced, 5 sent from where asked, then the end. */
		if (range > 0)
			say(fd, "HTTP/1.1 206 Partial\r\nContent-Range: bytes %ld-15/16\r\n"
					"Content-Length: %ld\r\n\r\n%.5s", range, 16 - range, data16 + range);
		else
			say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n%.5s", data16);
		return -1;
	} else {
		say(fd, "HTTP/1.1 418 Teapot\r\nContent-Length: 0\r\n\r\n");
	}
	return 0;
}

/* Requests on one connection, each read to its empty line. */
static void serve_conn(int fd, int conn)
{
	char buf[8192];
	size_t len = 0;

	for (;;) {
		char *end = memmem(buf, len, "\r\n\r\n", 4), path[256], *rg;
		long range = 0;
		ssize_t n;

		if (!end) {
			if (len == sizeof(buf))
				_exit(0);
			n = read(fd, buf + len, sizeof(buf) - len);
			if (n <= 0)
				_exit(0);
			len += (size_t)n;
			continue;
		}
		*end = '\0';
		if (sscanf(buf, "GET %255s ", path) != 1)
			_exit(0);
		rg = strstr(buf, "\r\nRange: bytes=");
		if (rg)
			range = atol(rg + 15);
		if (answer(fd, conn, path, range) < 0)
			_exit(0);
		len -= (size_t)(end + 4 - buf);
		memmove(buf, end + 4, len);
	}
}

static pid_t server_pid;

/* A server on 127.0.0.1, a child per connection; returns its port. */
static unsigned start_server(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), conn = 0;

	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 16) < 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) < 0)
		return 0;
	server_pid = fork();
	if (server_pid) {
		close(s);
		return server_pid > 0 ? ntohs(sa.sin_port) : 0;
	}
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGCHLD, SIG_IGN);
	for (;;) {
		int fd = accept(s, NULL, NULL);

		if (fd < 0)
			continue;
		conn++;
		if (fork() == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(s);
			serve_conn(fd, conn);
		}
		close(fd);
	}
}

/* ---- self-tests ---- */

static char tmp[64];

static void sha256(const void *p, size_t n, unsigned char out[32])
{
	br_sha256_context c;

	br_sha256_init(&c);
	br_sha256_update(&c, p, n);
	br_sha256_out(&c, out);
}

static char *slurp(const char *name, size_t *len)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	return read_file(path, 1 << 20, len);
}

static void spit(const char *name, const char *s, size_t n)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		full_write(fd, s, n);
		close(fd);
	}
}

static int exists(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	return access(path, F_OK) == 0;
}

static void item(struct fetch_item *it, const char *path, const char *dest, const char *content,
		size_t size)
{
	static char dests[8][128];
	static int k;
	char *d = dests[k++ % 8];

	memset(it, 0, sizeof(*it));
	snprintf(d, 128, "%s/%s", tmp, dest);
	it->path = path;
	it->dest = d;
	it->size = size;
	sha256(content, size, it->sha256);
}

static int count_done(void *ctx, struct fetch_item *it, struct bb_err *e)
{
	(*(int *)ctx)++;
	return 0;
}

static void mem_is(struct fetcher *f, const char *path, int want_rc, const char *want,
		const char *name)
{
	struct bb_err e = { 0 };
	char *buf;
	size_t len;
	int rc = fetch_mem(f, path, 4096, &buf, &len, &e);

	if (!is_int(rc, want_rc, "%s", name))
		diag("%s", e.msg);
	else if (want && want[0] == '*')
		is_str(buf ? buf + strcspn(buf, " ") : NULL, want + 1, "%s: body", name);
	else if (want)
		is_str(buf, want, "%s: body", name);
	if (rc == 404)
		ok(!buf && !len, "%s: no buffer", name);
	free(buf);
}

static void mem_fails(struct fetcher *f, const char *path, size_t max, const char *want,
		const char *name)
{
	struct bb_err e = { 0 };
	char *buf = (char *)1;
	size_t len;
	int rc = fetch_mem(f, path, max, &buf, &len, &e);

	if (!ok(rc == -1 && strstr(e.msg, want) && !buf, "%s", name))
		diag("rc %d: '%s', want '%s'", rc, e.msg, want);
}

static void test_mem(unsigned port)
{
	struct fetch_opts o = { .conns = 2, .timeout_s = 1 };
	struct bb_err e = { 0 };
	char base[64];
	struct fetcher *f;

	snprintf(base, sizeof(base), "http://127.0.0.1:%u/", port);
	f = fetcher_new(base, &o, &e);
	if (!ok(f != NULL, "fetcher for %s", base)) {
		diag("%s", e.msg);
		return;
	}
	mem_is(f, "ok/a", 200, "c1 /ok/a", "fetch_mem");
	mem_is(f, "/ok/b", 200, "c1 /ok/b", "the connection is kept for the next request");
	mem_is(f, "chunked", 200, "hello world", "a chunked answer");
	mem_is(f, "404", 404, NULL, "404 is a result");
	mem_is(f, "ok/c", 200, "c1 /ok/c", "... and the connection survives it");
	mem_is(f, "close", 200, "ok", "Connection: close");
	mem_is(f, "ok/d", 200, "c2 /ok/d", "a new connection after it");
	mem_is(f, "eof", 200, "until the end", "a body to the end of the connection");
	mem_is(f, "redirect", 200, "c3 /ok/there", "a redirect on the same server");
	mem_fails(f, "500", 4096, "/500: HTTP 500 Internal Server Error", "HTTP 500");
	mem_fails(f, "ok/long", 4, "more than 4 bytes", "more than max is an error");
	mem_fails(f, "chunked", 7, "more than 7 bytes", "... also when not announced");
	mem_fails(f, "garbage", 4096, "malformed Content-Length", "a malformed answer");
	mem_fails(f, "far", 4096, "elsewhere.invalid/x: not followed", "no redirect elsewhere");
	mem_fails(f, "loop", 4096, "not followed", "no redirect to another port");
	mem_fails(f, "stall", 4096, "/stall: no data for 1 s", "a stalled server times out");
	mem_is(f, "ok/e", 200, NULL, "fine after all that");
	fetcher_free(f);

	snprintf(base, sizeof(base), "http://127.0.0.1:%u/ok/deep/", port);
	f = fetcher_new(base, &o, &e);
	mem_is(f, "/x", 200, "* /ok/deep/x", "a base with a path");
	fetcher_free(f);
}

static void test_files(unsigned port)
{
	struct fetch_opts o = { .conns = 3, .timeout_s = 5 };
	struct fetch_item it[4];
	struct bb_err e = { 0 };
	char base[64], *s;
	struct fetcher *f;
	size_t len;
	int n = 0, stop = 1;

	snprintf(base, sizeof(base), "http://127.0.0.1:%u", port);
	f = fetcher_new(base, &o, &e);
	item(&it[0], "data", "a", data16, 16);
	item(&it[1], "chunked", "b", "hello world", 11);
	is_int(fetch_files(f, it, 2, count_done, &n, NULL, &e), 0, "fetch_files");
	s = slurp("a", &len);
	ok(s && len == 16 && !memcmp(s, data16, 16), "the file is in place");
	free(s);
	ok(it[0].done && it[1].done && !it[0].reused, "marked done");
	is_int(n, 2, "done called for each");
	ok(!exists("a.part") && !exists("b.part"), "no .part left");

	n = 0;
	is_int(fetch_files(f, it, 2, count_done, &n, NULL, &e), 0, "again");
	ok(it[0].reused && it[1].reused && n == 2, "verified files are reused");

	/* A .part resumed with a Range; a bad .part fetched again from zero. */
	item(&it[0], "data", "r", data16, 16);
	spit("r.part", data16, 10);
	item(&it[1], "data", "s", data16, 16);
	spit("s.part", "corrupted!", 10);
	is_int(fetch_files(f, it, 2, NULL, NULL, NULL, &e), 0, "resume");
	s = slurp("r", &len);
	ok(s && len == 16 && !memcmp(s, data16, 16), "a resumed file is whole");
	free(s);
	s = slurp("s", &len);
	ok(s && len == 16 && !memcmp(s, data16, 16), "a corrupt .part is fetched again");
	free(s);

	/* A complete .part is checked and put in place without a request. */
	item(&it[0], "nowhere", "t", data16, 16);
	spit("t.part", data16, 16);
	is_int(fetch_files(f, it, 1, NULL, NULL, NULL, &e), 0, "a whole .part needs no request");
	ok(exists("t") && !exists("t.part"), "... and is renamed");

	/* Cut transfers are resumed as long as they move. */
	item(&it[0], "cut", "u", data16, 16);
	is_int(fetch_files(f, it, 1, NULL, NULL, NULL, &e), 0, "cuts are resumed");
	s = slurp("u", &len);
	ok(s && len == 16 && !memcmp(s, data16, 16), "... into the whole file");
	free(s);

	item(&it[0], "data", "v", "not this", 8);
	ok(fetch_files(f, it, 1, NULL, NULL, NULL, &e) < 0 &&
			strstr(e.msg, "data: size mismatch: the server announces 16 bytes, expected 8"),
			"a size mismatch is an error");
	item(&it[0], "data", "w", "0123456789abcdeX", 16);
	ok(fetch_files(f, it, 1, NULL, NULL, NULL, &e) < 0 &&
			!strcmp(e.msg, "data: SHA-256 mismatch"), "a hash mismatch is an error");
	ok(!exists("w") && !exists("w.part"), "... and leaves nothing");
	item(&it[0], "chunked", "x", "hello", 5);
	ok(fetch_files(f, it, 1, NULL, NULL, NULL, &e) < 0 &&
			strstr(e.msg, "chunked: size mismatch: the server sent more than the 5 bytes expected"),
			"more bytes than expected are cut off");
	ok(!exists("x") && !exists("x.part"), "... and leave nothing");
	item(&it[0], "404", "y", "y", 1);
	if (!ok(fetch_files(f, it, 1, NULL, NULL, NULL, &e) < 0 &&
			!strcmp(e.msg, "404: HTTP 404 Not Found"), "404 names the file"))
		diag("%s", e.msg);

	item(&it[0], "data", "z", data16, 16);
	ok(fetch_files(f, it, 1, NULL, NULL, &stop, &e) < 0 && e.errnum == EINTR,
			"the stop flag stops");
	n = 0;
	ok(fetch_files(f, it, 0, count_done, &n, NULL, &e) == 0 && n == 0, "an empty list");
	item(&it[0], "404", "empty", "", 0);
	ok(fetch_files(f, it, 1, count_done, &n, NULL, &e) == 0 && n == 1 && exists("empty"),
			"an empty file needs no request");
	fetcher_free(f);
}

/* What an item's stream was given since its last void. */
struct streamed {
	char buf[64];
	size_t len;
	int voids;
};

static void on_stream(struct fetch_item *it, const char *p, size_t n)
{
	struct streamed *g = it->user;

	if (!p) {
		g->voids++;
		g->len = 0;
		return;
	}
	if (g->len + n <= sizeof(g->buf))
		memcpy(g->buf + g->len, p, n);
	g->len += n;
}

/* An item whose bytes are streamed to g as they arrive. */
static void streamed_item(struct fetch_item *it, const char *path, const char *dest,
			  struct streamed *g)
{
	item(it, path, dest, data16, 16);
	memset(g, 0, sizeof(*g));
	it->stream = on_stream;
	it->user = g;
}

static int streamed_whole(const struct streamed *g, int voids)
{
	return g->len == 16 && !memcmp(g->buf, data16, 16) && g->voids == voids;
}

static void test_stream(unsigned port)
{
	struct fetch_opts o = { .conns = 2, .timeout_s = 5 };
	struct bb_err e = { 0 };
	struct fetch_item it[1];
	struct streamed g;
	struct fetcher *f;
	char base[64];

	snprintf(base, sizeof(base), "http://127.0.0.1:%u", port);
	f = fetcher_new(base, &o, &e);
	streamed_item(&it[0], "data", "sa", &g);
	ok(fetch_files(f, it, 1, NULL, NULL, NULL, &e) == 0 && streamed_whole(&g, 0),
	   "stream: the bytes as they arrive");
	streamed_item(&it[0], "cut", "sb", &g);
	ok(fetch_files(f, it, 1, NULL, NULL, NULL, &e) == 0 && streamed_whole(&g, 0),
	   "stream: a cut transfer resumed goes on where it stopped");
	streamed_item(&it[0], "data", "sc", &g);
	spit("sc.part", data16, 10);
	ok(fetch_files(f, it, 1, NULL, NULL, NULL, &e) == 0 && streamed_whole(&g, 0),
	   "stream: a resumed .part's own bytes first");
	streamed_item(&it[0], "data", "sd", &g);
	spit("sd.part", "corrupted!", 10);
	ok(fetch_files(f, it, 1, NULL, NULL, NULL, &e) == 0 && streamed_whole(&g, 1),
	   "stream: voided when a bad .part is fetched again from zero, then whole");
	streamed_item(&it[0], "data", "sa", &g);
	ok(fetch_files(f, it, 1, NULL, NULL, NULL, &e) == 0 && it[0].reused && g.voids == 1 &&
	   !g.len, "stream: voided, nothing given, when the file is reused");
	fetcher_free(f);
}

static void test_offline(void)
{
	struct fetch_opts o = { 0 };
	struct fetch_item it[1];
	struct bb_err e = { 0 };
	struct fetcher *f;
	char *buf;
	size_t len;

	ok(!fetcher_new("ftp://x/", &o, &e) && strstr(e.msg, "not an http"), "a bad base");
	o.ca_file = "/nonexistent/ca.pem";
	ok(!fetcher_new("https://x/", &o, &e) && strstr(e.msg, "/nonexistent/ca.pem"),
			"a missing CA file");
	o.ca_file = NULL;
	/* Port 1 on the loopback: refused, if anything is tried. */
	f = fetcher_new("http://127.0.0.1:1/debian", NULL, &e);
	spit("off", "offline", 7);
	item(&it[0], "pool/off", "off", "offline", 7);
	ok(fetch_files(f, it, 1, NULL, NULL, NULL, &e) == 0 && it[0].reused,
			"a verified file is reused without connecting");
	ok(fetch_mem(f, "x", 10, &buf, &len, &e) < 0 &&
			!strcmp(e.msg, "http://127.0.0.1:1/debian/x: cannot connect to 127.0.0.1 port 1") &&
			e.errnum == ECONNREFUSED, "connection refused");
	fetcher_free(f);
	f = fetcher_new("http://name.invalid/", NULL, &e);
	ok(fetch_mem(f, "x", 10, &buf, &len, &e) < 0 && strstr(e.msg, "cannot resolve name.invalid"),
			"an unknown host");
	fetcher_free(f);
}

static int self_tests(void)
{
	unsigned port;
	char cmd[96];
	int st;

	snprintf(tmp, sizeof(tmp), "/tmp/ctbox-fetch.XXXXXX");
	if (!mkdtemp(tmp))
		plan_skip_all("no temp dir");
	test_offline();
	port = start_server();
	if (!port) {
		skip("no server");
	} else {
		test_mem(port);
		test_files(port);
		test_stream(port);
		kill(server_pid, SIGKILL);
		waitpid(server_pid, &st, 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		diag("could not remove %s", tmp);
	return done_testing();
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc > 1)
		return driver(argc, argv);
	return self_tests();
}
