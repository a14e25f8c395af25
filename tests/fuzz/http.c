/* libFuzzer harness of the HTTP response parser (rootfs-builder/http_resp.c)
 * and of URL parsing (url.c); make fuzz-http.
 *
 * Input: two bytes of control, then an answer as a server would send it.
 * The answer is parsed whole, split in two where the control bytes say,
 * and byte by byte: all three must agree (status, body, where it stopped,
 * the error), and nothing may read out of bounds. Control bit 0x8000: the
 * connection ends after the bytes. The same bytes, as a string, also go
 * through url_parse and, when that succeeds, http_request. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct out {
	int rc, status, close, has_range;
	long long length;
	enum http_state state;
	size_t used, blen;
	unsigned long long body;
	char err[480];
	unsigned char *b;
	size_t cap;
};

static int sink(void *ctx, const char *p, size_t n, struct bb_err *e)
{
	struct out *o = ctx;

	if (n > o->cap - o->blen)
		abort(); /* more body than input */
	memcpy(o->b + o->blen, p, n);
	o->blen += n;
	return 0;
}

static void parse(const char *in, size_t len, size_t step, size_t split, int eof, struct out *o)
{
	static struct http_resp r;
	struct bb_err e = { 0, "" };
	size_t off = 0;

	http_resp_init(&r, sink, o);
	while (off < len && r.state != HTTP_DONE) {
		size_t n = len - off;
		ssize_t k;

		if (split)
			n = off < split ? split - off : len - off;
		else if (step && n > step)
			n = step;
		k = http_resp_feed(&r, in + off, n, &e);
		if (k < 0) {
			o->rc = -1;
			break;
		}
		if ((size_t)k > n)
			abort();
		off += (size_t)k;
		if (r.headers_done) {
			r.headers_done = 0;
			if (r.status < 200 || r.status > 599)
				abort();
		} else if ((size_t)k < n && r.state != HTTP_DONE) {
			abort(); /* stopped early for no reason */
		}
	}
	if (!o->rc && eof && http_resp_eof(&r, &e) < 0)
		o->rc = -1;
	if (!memchr(r.reason, 0, sizeof(r.reason)) || !memchr(r.location, 0, sizeof(r.location)))
		abort();
	if (r.body != o->blen)
		abort();
	if (r.state == HTTP_DONE && !r.chunked && r.length >= 0 && r.status != 304 &&
	    r.status != 204 && r.body != (unsigned long long)r.length)
		abort();
	if (r.has_range && (r.range_first > r.range_last ||
			(r.range_total != HTTP_RANGE_NONE && r.range_last >= r.range_total)))
		abort();
	o->status = r.status;
	o->close = r.close;
	o->has_range = r.has_range;
	o->length = r.length;
	o->state = r.state;
	o->used = off;
	o->body = r.body;
	snprintf(o->err, sizeof(o->err), "%s", o->rc ? e.msg : "");
}

static void same(const struct out *a, const struct out *b)
{
	if (a->rc != b->rc || a->status != b->status || a->close != b->close ||
	    a->has_range != b->has_range || a->length != b->length || a->state != b->state ||
	    a->blen != b->blen || memcmp(a->b, b->b, a->blen) || strcmp(a->err, b->err))
		abort();
	/* Where parsing stopped only matters when it succeeded. */
	if (!a->rc && a->used != b->used)
		abort();
}

static void fuzz_url(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), req[HTTP_REQ_MAX];
	struct url u;
	struct bb_err e;

	if (!s)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (url_parse(s, &u, &e) == 0) {
		if (!u.path || u.path[0] != '/' || !u.port || u.port > 65535 || !u.host[0])
			abort();
		if (http_request(req, sizeof(req), u.https, u.host, u.port, u.path, 0) >= 0 &&
		    !strstr(req, "\r\n\r\n"))
			abort();
		url_free(&u);
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct out a = { 0 }, b = { 0 }, c = { 0 };
	unsigned ctl;
	size_t split;
	int eof;

	if (size < 2)
		return 0;
	ctl = (unsigned)data[0] << 8 | data[1];
	data += 2;
	size -= 2;
	eof = !!(ctl & 0x8000);
	split = size ? (ctl & 0x7fff) % size : 0;
	a.cap = b.cap = c.cap = size;
	a.b = malloc(size + 1);
	b.b = malloc(size + 1);
	c.b = malloc(size + 1);
	if (a.b && b.b && c.b) {
		parse((const char *)data, size, 0, 0, eof, &a);
		parse((const char *)data, size, 0, split, eof, &b);
		parse((const char *)data, size, 1, 0, eof, &c);
		same(&a, &b);
		same(&a, &c);
	}
	free(a.b);
	free(b.b);
	free(c.b);
	fuzz_url(data, size);
	return 0;
}
