/* Unit tests of the HTTP response parser (rootfs-builder/http_resp.c),
 * fed whole, split at every position and byte by byte; of request
 * building (http_req.c) and of URL parsing (url.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "http.h"
#include "tap.h"

struct result {
	int rc;                /* 0 parsed, -1 error */
	int status, close, has_range, chunked;
	long long length;
	unsigned long long first, last, total;
	enum http_state state;
	char reason[64], location[HTTP_LOC_MAX], err[480];
	char body[20000];
	size_t body_len, used;
	int events;            /* header blocks seen */
};

static int collect(void *ctx, const char *p, size_t n, struct bb_err *e)
{
	struct result *res = ctx;

	if (n > sizeof(res->body) - res->body_len)
		return bb_err_set(e, 0, "test body too long");
	if (n && memchr(p, '!', n))
		return bb_err_set(e, 0, "sink refuses");
	memcpy(res->body + res->body_len, p, n);
	res->body_len += n;
	return 0;
}

/* Parse in (len bytes), handing it over in pieces: at `split` when
 * non-zero, else step bytes at a time (0: all at once). eof: the
 * connection ends after. */
static void parse(const char *in, size_t len, size_t split, size_t step, int eof,
		struct result *res)
{
	static struct http_resp r;
	struct bb_err e = { 0 };
	size_t off = 0;

	memset(res, 0, sizeof(*res));
	http_resp_init(&r, collect, res);
	while (off < len && r.state != HTTP_DONE) {
		size_t n = len - off;
		ssize_t k;

		if (split)
			n = off < split ? split - off : len - off;
		else if (step && n > step)
			n = step;
		k = http_resp_feed(&r, in + off, n, &e);
		if (k < 0) {
			res->rc = -1;
			snprintf(res->err, sizeof(res->err), "%s", e.msg);
			break;
		}
		off += (size_t)k;
		if (r.headers_done) {
			r.headers_done = 0;
			res->events++;
		}
		if ((size_t)k < n && r.state != HTTP_DONE && !res->events)
			break; /* stopped: nothing else may stop it */
	}
	if (!res->rc && eof && r.state != HTTP_DONE && http_resp_eof(&r, &e) < 0) {
		res->rc = -1;
		snprintf(res->err, sizeof(res->err), "%s", e.msg);
	}
	res->used = off;
	res->status = r.status;
	res->close = r.close;
	res->chunked = r.chunked;
	res->length = r.length;
	res->has_range = r.has_range;
	res->first = r.range_first;
	res->last = r.range_last;
	res->total = r.range_total;
	res->state = r.state;
	snprintf(res->reason, sizeof(res->reason), "%s", r.reason);
	snprintf(res->location, sizeof(res->location), "%s", r.location);
}

static int same(const struct result *a, const struct result *b)
{
	return a->rc == b->rc && a->status == b->status && a->close == b->close &&
		a->state == b->state && a->body_len == b->body_len && a->used == b->used &&
		memcmp(a->body, b->body, a->body_len) == 0 && strcmp(a->err, b->err) == 0 &&
		a->has_range == b->has_range && a->length == b->length;
}

/* The same result whichever way the bytes are split. */
static void splits_agree(const char *in, int eof, const char *name)
{
	static struct result whole, part;
	size_t len = strlen(in), i;
	int good = 1;

	parse(in, len, 0, 0, eof, &whole);
	for (i = 1; i < len && good; i++) {
		parse(in, len, i, 0, eof, &part);
		if (!same(&whole, &part)) {
			diag("split at %zu differs: '%s' / '%s'", i, whole.err, part.err);
			good = 0;
		}
	}
	parse(in, len, 0, 1, eof, &part);
	if (good && !same(&whole, &part)) {
		diag("byte by byte differs: '%s' / '%s'", whole.err, part.err);
		good = 0;
	}
	ok(good, "%s: every split gives the same result", name);
}

static struct result res;

static void ok_parse(const char *in, int eof, const char *name)
{
	parse(in, strlen(in), 0, 0, eof, &res);
	if (!ok(res.rc == 0, "%s: parsed", name))
		diag("error: %s", res.err);
	splits_agree(in, eof, name);
}

static void bad_parse(const char *in, size_t len, int eof, const char *want, const char *name)
{
	parse(in, len, 0, 0, eof, &res);
	if (!ok(res.rc < 0 && strstr(res.err, want), "%s: fails", name))
		diag("rc %d, error '%s', want '%s'", res.rc, res.err, want);
}

/* A literal, NULs included. */
#define BAD(s, eof, want, name) bad_parse(s, sizeof(s) - 1, eof, want, name)

static void test_resp(void)
{
	static char big[HTTP_HDR_MAX + 200];
	size_t n;

	ok_parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhello", 0, "length");
	is_int(res.status, 200, "status");
	is_str(res.reason, "OK", "reason");
	is_int(res.body_len, 5, "body length");
	ok(memcmp(res.body, "hello", 5) == 0, "body");
	is_int(res.state, HTTP_DONE, "done");
	is_int(res.close, 0, "keep-alive by default in 1.1");
	is_int(res.events, 1, "one header block");

	ok_parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			"5;name=value\r\nhello\r\n6 \r\n world\r\nA\r\n0123456789\r\n"
			"0\r\nX-Trailer: a\r\n\r\n", 0, "chunked");
	is_int(res.body_len, 21, "chunked body length");
	ok(memcmp(res.body, "hello world0123456789", 21) == 0, "chunked body");
	is_int(res.state, HTTP_DONE, "chunked done");
	is_int(res.chunked, 1, "chunked seen");

	ok_parse("HTTP/1.1 200 OK\ncontent-LENGTH: 3\nCONNECTION: Close\n\nabc", 0,
			"bare LF, names in any case");
	is_int(res.length, 3, "Content-Length in any case");
	is_int(res.close, 1, "Connection: close");

	ok_parse("HTTP/1.1 200 OK\r\nTRANSFER-encoding: Chunked\r\nContent-Length: 99\r\n\r\n"
			"2\r\nab\r\n0\r\n\r\n", 0, "chunked beats Content-Length");
	is_int(res.body_len, 2, "... chunked body used");
	is_int(res.close, 1, "... and the connection is not reused");

	ok_parse("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", 0, "HTTP/1.0");
	is_int(res.close, 1, "1.0 closes by default");
	ok_parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx", 0,
			"HTTP/1.0 keep-alive");
	is_int(res.close, 0, "1.0 with keep-alive stays open");

	ok_parse("HTTP/1.1 200 OK\r\n\r\nuntil the end", 1, "body until EOF");
	is_int(res.body_len, 13, "... all of it");
	is_int(res.close, 1, "... and the connection closes");
	is_int(res.state, HTTP_DONE, "... done at EOF");

	ok_parse("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 100-199/200\r\n"
			"Content-Length: 100\r\n\r\n", 0, "Content-Range");
	ok(res.has_range && res.first == 100 && res.last == 199 && res.total == 200,
			"range parsed");
	ok_parse("HTTP/1.1 206 x\r\ncontent-range: bytes 0-9/*\r\nContent-Length: 0\r\n\r\n", 0,
			"Content-Range with unknown total");
	ok(res.has_range && res.total == HTTP_RANGE_NONE, "unknown total");
	ok_parse("HTTP/1.1 206 x\r\nContent-Range: bytes 5-4/10\r\nContent-Length: 0\r\n\r\n", 0,
			"inverted range");
	ok(!res.has_range, "an inverted range is no range");
	ok_parse("HTTP/1.1 206 x\r\nContent-Range: bytes 0-10/10\r\nContent-Length: 0\r\n\r\n", 0,
			"range past the total");
	ok(!res.has_range, "a range past the total is no range");
	ok_parse("HTTP/1.1 206 x\r\nContent-Range: bytes 1-99999999999999999999/*\r\n"
			"Content-Length: 0\r\n\r\n", 0, "range overflow");
	ok(!res.has_range, "an overflowing range is no range");

	ok_parse("HTTP/1.1 301 Moved Permanently\r\nLocation: /debian/x\r\nContent-Length: 0\r\n\r\n",
			0, "redirect");
	is_str(res.location, "/debian/x", "Location kept");

	ok_parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno",
			0, "interim answer");
	is_int(res.status, 404, "the final status");
	is_str(res.reason, "Not Found", "its reason");
	is_int(res.events, 1, "one header block reported");

	ok_parse("HTTP/1.1 204 No Content\r\n\r\n", 0, "204");
	is_int(res.state, HTTP_DONE, "204 has no body");
	ok_parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", 0, "304");
	is_int(res.state, HTTP_DONE, "304 has no body whatever its length");
	ok_parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", 0, "no reason, empty body");
	is_int(res.state, HTTP_DONE, "empty body done");

	parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabEXTRA", 45, 0, 0, 0, &res);
	ok(res.rc == 0 && res.used == 40 && res.state == HTTP_DONE,
			"bytes after the message are left alone");

	BAD("HTTP/2 200 OK\r\n\r\n", 0, "not an HTTP/1.x", "HTTP/2 status line");
	BAD("ICY 200 OK\r\n\r\n", 0, "not an HTTP/1.x", "ICY");
	BAD("HTTP/1.1 20 OK\r\n\r\n", 0, "status code", "two-digit status");
	BAD("HTTP/1.1 2000 OK\r\n\r\n", 0, "status code", "four-digit status");
	BAD("HTTP/1.1 600 OK\r\n\r\n", 0, "status code", "status 600");
	BAD("HTTP/1.1 101 Switching\r\n\r\n", 0, "101", "101");
	BAD("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", 0,
			"Content-Length", "Content-Length overflow");
	BAD("HTTP/1.1 200 OK\r\nContent-Length: 1152921504606846977\r\n\r\n", 0,
			"Content-Length", "Content-Length over the limit");
	BAD("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0, "Content-Length",
			"negative Content-Length");
	BAD("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\n", 0, "Content-Length",
			"Content-Length list");
	BAD("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", 0, "Content-Length",
			"empty Content-Length");
	BAD("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 0,
			"conflicting", "conflicting Content-Length");
	BAD("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 0,
			"gzip", "gzip coding");
	BAD("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
			0, "Transfer-Encoding", "chunked twice");
	BAD("HTTP/1.1 200 OK\r\nX: a\r\n  folded\r\n\r\n", 0, "folded", "obs-fold");
	BAD("HTTP/1.1 200 OK\r\nBad Name: a\r\n\r\n", 0, "malformed header",
			"space in a header name");
	BAD("HTTP/1.1 200 OK\r\n: a\r\n\r\n", 0, "malformed header", "empty name");
	BAD("HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n", 0, "NUL", "NUL in a header");
	BAD("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n", 0,
			"too large", "chunk size overflow");
	BAD("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0,
			"chunk size", "chunk size not hex");
	BAD("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 0,
			"chunk size", "empty chunk size");
	BAD("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3x\r\n", 0,
			"chunk size", "junk after a chunk size");
	BAD("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n", 0,
			"longer than its size", "chunk data too long");
	BAD("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\na!c", 0, "sink refuses",
			"the body callback stops the parse");

	/* Limits on header lines and on the whole block. */
	n = (size_t)snprintf(big, sizeof(big), "HTTP/1.1 200 OK\r\nX: ");
	memset(big + n, 'a', HTTP_LINE_MAX);
	n += HTTP_LINE_MAX;
	n += (size_t)snprintf(big + n, sizeof(big) - n, "\r\n\r\n");
	bad_parse(big, n, 0, "line too long", "a header line over the limit");
	n = (size_t)snprintf(big, sizeof(big), "HTTP/1.1 200 OK\r\n");
	while (n + 100 < sizeof(big) - 10)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "X-Pad: %090d\r\n", 0);
	n += (size_t)snprintf(big + n, sizeof(big) - n, "\r\n");
	bad_parse(big, n, 0, "header block over", "a header block over the limit");
	n = (size_t)snprintf(big, sizeof(big), "HTTP/1.1 200 OK\r\n");
	while (n + 100 < HTTP_HDR_MAX - 40)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "X-Pad: %090d\r\n", 0);
	n += (size_t)snprintf(big + n, sizeof(big) - n, "Content-Length: 0\r\n\r\n");
	parse(big, n, 0, 0, 0, &res);
	ok(res.rc == 0 && res.state == HTTP_DONE, "a header block just under the limit (%zu)", n);

	/* The end of the connection in each place. */
	BAD("", 1, "without an answer", "EOF before anything");
	BAD("HTTP/1.1 200 OK\r\nConte", 1, "in the headers", "EOF in the headers");
	BAD("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", 1,
			"closed after 2 of 5 bytes", "EOF in the body");
	BAD("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", 1,
			"closed after 2 bytes of a chunked body", "EOF in a chunk");
	BAD("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n", 1,
			"chunked", "EOF in the trailer");
	splits_agree("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", 1,
			"EOF in a chunked body");
	splits_agree("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nX: a\0b\r\n\r\n", 0, "an error");
}

static void test_request(void)
{
	char buf[512];
	int n;

	n = http_request(buf, sizeof(buf), 0, "deb.example", 80, "/debian/dists/x/InRelease", 0);
	is_str(buf, "GET /debian/dists/x/InRelease HTTP/1.1\r\nHost: deb.example\r\n"
			"User-Agent: ctbox/0.1\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
			"Connection: keep-alive\r\n\r\n", "a plain request");
	is_int(n, (long)strlen(buf), "its length");
	http_request(buf, sizeof(buf), 0, "h", 8080, "/a", 1234);
	ok(strstr(buf, "Host: h:8080\r\n") && strstr(buf, "\r\nRange: bytes=1234-\r\n"),
			"port in Host, Range");
	http_request(buf, sizeof(buf), 1, "::1", 443, "/a", 0);
	ok(strstr(buf, "Host: [::1]\r\n") != NULL, "IPv6 host in brackets, https port left out");
	http_request(buf, sizeof(buf), 1, "h", 80, "/a", 0);
	ok(strstr(buf, "Host: h:80\r\n") != NULL, "https on port 80 says so");
	http_request(buf, sizeof(buf), 0, "h", 80, "/a b/\xc3\xa9?#\"%3a+~", 0);
	ok(strncmp(buf, "GET /a%20b/%C3%A9%3F%23%22%3a+~ HTTP/1.1\r\n", 42) == 0,
			"path escaped, '%%' kept");
	ok(http_request(buf, 60, 0, "h", 80, "/a", 0) < 0, "too small a buffer");
	ok(http_request(buf, sizeof(buf), 0, "h", 80, "/a", 0) > 0, "... and large enough");
}

static void url_ok(const char *s, int https, const char *host, unsigned port, const char *path)
{
	struct url u;
	struct bb_err e;

	if (!ok(url_parse(s, &u, &e) == 0, "url %s", s)) {
		diag("%s", e.msg);
		return;
	}
	ok(u.https == https && strcmp(u.host, host) == 0 && u.port == port &&
			strcmp(u.path, path) == 0, "... %s %s %u %s", https ? "https" : "http",
			u.host, u.port, u.path);
	url_free(&u);
}

static void url_bad(const char *s, const char *why)
{
	struct url u;
	struct bb_err e = { 0 };
	int rc = url_parse(s, &u, &e);

	if (!ok(rc < 0 && strstr(e.msg, why), "bad url %s", s))
		diag("got '%s', want '%s'", e.msg, why);
	if (!rc)
		url_free(&u);
}

static void test_url(void)
{
	char longhost[300];

	url_ok("http://deb.example/debian", 0, "deb.example", 80, "/debian");
	url_ok("https://deb.example:8443/debian//", 1, "deb.example", 8443, "/debian");
	url_ok("HTTPS://Deb.Example", 1, "Deb.Example", 443, "/");
	url_ok("http://h/", 0, "h", 80, "/");
	url_ok("http://h:", 0, "h", 80, "/");
	url_ok("http://user:pw@h:81/x", 0, "h", 81, "/x");
	url_ok("http://a@b@h/x", 0, "h", 80, "/x");
	url_ok("http://[::1]:8080/d", 0, "::1", 8080, "/d");
	url_ok("http://[fe80::1]", 0, "fe80::1", 80, "/");
	url_ok("http://127.0.0.1:65535/a/b", 0, "127.0.0.1", 65535, "/a/b");
	url_bad("ftp://h/", "not an http");
	url_bad("http:/h", "not an http");
	url_bad("http://", "host name length");
	url_bad("http:///x", "host name length");
	url_bad("http://h:0/", "bad port");
	url_bad("http://h:65536/", "bad port");
	url_bad("http://h:99999999999999999999/", "bad port");
	url_bad("http://h:8x/", "bad port");
	url_bad("http://[::1/", "unterminated");
	url_bad("http://[::1]x/", "junk after");
	url_bad("http://[zz]/", "bad character");
	url_bad("http://ho st/", "bad character");
	url_bad("http://h/a b", "space or control");
	url_bad("http://h/a\tb", "space or control");
	url_bad("http://h/a?b", "queries");
	url_bad("http://h#f", "queries");
	memset(longhost, 'a', sizeof(longhost));
	memcpy(longhost, "http://", 7);
	longhost[sizeof(longhost) - 1] = '\0';
	url_bad(longhost, "host name length");
}

int main(void)
{
	test_resp();
	test_request();
	test_url();
	return done_testing();
}
