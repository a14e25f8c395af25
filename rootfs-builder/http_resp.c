/* The HTTP/1.1 response parser (http.h): a state machine fed with bytes
 * as they come, split anywhere; body bytes go to a callback straight
 * from the input. Every count is bounded and checked. */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "http.h"

void http_resp_init(struct http_resp *r, http_body_fn on_body, void *ctx)
{
	memset(r, 0, offsetof(struct http_resp, line));
	r->length = -1;
	r->state = HTTP_STATUS;
	r->on_body = on_body;
	r->ctx = ctx;
}

static int bad(struct bb_err *e, const char *why)
{
	return bb_err_set(e, EPROTO, "bad answer: %s", why);
}

/* A decimal number of at most HTTP_NUM_MAX, all of s up to end. */
static int parse_dec(const char *s, const char *end, unsigned long long *v)
{
	unsigned long long n = 0;

	if (s == end)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || n > HTTP_NUM_MAX / 10)
			return -1;
		n = n * 10 + (unsigned)(*s - '0');
	}
	if (n > HTTP_NUM_MAX)
		return -1;
	*v = n;
	return 0;
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* The next comma-separated element of a list header, trimmed; NULL at the end. */
static const char *next_elem(const char **p, size_t *len)
{
	const char *s = *p, *end;

	while (*s == ',' || is_ows(*s))
		s++;
	if (!*s)
		return NULL;
	end = strchrnul(s, ',');
	*p = end;
	while (end > s && is_ows(end[-1]))
		end--;
	*len = end - s;
	return s;
}

static int elem_is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && strncasecmp(s, word, len) == 0;
}

static int h_length(struct http_resp *r, const char *v, struct bb_err *e)
{
	unsigned long long n;

	if (parse_dec(v, v + strlen(v), &n) < 0)
		return bad(e, "malformed Content-Length");
	if (r->length >= 0 && (unsigned long long)r->length != n)
		return bad(e, "conflicting Content-Length headers");
	r->length = (long long)n;
	return 0;
}

static int h_te(struct http_resp *r, const char *v, struct bb_err *e)
{
	const char *s;
	size_t len;

	while ((s = next_elem(&v, &len))) {
		/* chunked must be the last coding, once: we decode no other. */
		if (!elem_is(s, len, "chunked") || r->chunked)
			return bb_err_set(e, EPROTO, "bad answer: unsupported Transfer-Encoding '%.*s'",
					(int)(len > 40 ? 40 : len), s);
		r->chunked = 1;
	}
	return 0;
}

static int h_conn(struct http_resp *r, const char *v, struct bb_err *e)
{
	const char *s;
	size_t len;

	while ((s = next_elem(&v, &len))) {
		if (elem_is(s, len, "close"))
			r->close = 1;
		else if (elem_is(s, len, "keep-alive"))
			r->keep_alive = 1; /* matters for HTTP/1.0 */
	}
	return 0;
}

/* "bytes FIRST-LAST/TOTAL" (TOTAL may be '*'); anything else leaves
 * has_range clear, which a 206 must not have. */
static int h_range(struct http_resp *r, const char *v, struct bb_err *e)
{
	const char *dash, *slash;
	unsigned long long first, last, total = HTTP_RANGE_NONE;

	r->has_range = 0;
	if (strncasecmp(v, "bytes ", 6) != 0)
		return 0;
	v += 6;
	dash = strchr(v, '-');
	slash = strchr(v, '/');
	if (!dash || !slash || slash < dash)
		return 0;
	if (parse_dec(v, dash, &first) < 0 || parse_dec(dash + 1, slash, &last) < 0)
		return 0;
	if (strcmp(slash + 1, "*") != 0 && parse_dec(slash + 1, slash + strlen(slash), &total) < 0)
		return 0;
	if (first > last || (total != HTTP_RANGE_NONE && last >= total))
		return 0;
	r->range_first = first;
	r->range_last = last;
	r->range_total = total;
	r->has_range = 1;
	return 0;
}

static int h_location(struct http_resp *r, const char *v, struct bb_err *e)
{
	size_t n = strlen(v);

	if (n < sizeof(r->location))
		memcpy(r->location, v, n + 1);
	else
		r->location[0] = '\0';
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct http_resp *r, const char *v, struct bb_err *e);
} headers[] = {
	{ "content-length", h_length },
	{ "transfer-encoding", h_te },
	{ "connection", h_conn },
	{ "content-range", h_range },
	{ "location", h_location },
};

static int is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		(c && strchr("!#$%&'*+-.^_`|~", c));
}

static int parse_header(struct http_resp *r, char *line, struct bb_err *e)
{
	char *colon = line, *v, *end;
	size_t i;

	if (is_ows(line[0]))
		return bad(e, "folded header line");
	while (is_tchar(*colon))
		colon++;
	if (*colon != ':' || colon == line)
		return bad(e, "malformed header line");
	*colon = '\0';
	for (v = colon + 1; is_ows(*v); v++)
		;
	for (end = v + strlen(v); end > v && is_ows(end[-1]); end--)
		;
	*end = '\0';
	for (i = 0; i < ARRAY_SIZE(headers); i++)
		if (strcasecmp(line, headers[i].name) == 0)
			return headers[i].fn(r, v, e);
	return 0;
}

/* "HTTP/1.x SP DDD [SP reason]" */
static int parse_status(struct http_resp *r, const char *line, struct bb_err *e)
{
	const char *s = line + 9;

	if (strncmp(line, "HTTP/1.", 7) != 0 || line[7] < '0' || line[7] > '9' || line[8] != ' ')
		return bad(e, "not an HTTP/1.x status line");
	if (s[0] < '1' || s[0] > '5' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9' ||
	    (s[3] && s[3] != ' '))
		return bad(e, "malformed status code");
	r->minor = line[7] - '0';
	r->status = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	if (s[3])
		snprintf(r->reason, sizeof(r->reason), "%s", s + 4);
	return 0;
}

/* The header block ended: how is the body delimited? */
static int end_headers(struct http_resp *r, struct bb_err *e)
{
	if (r->status == 101)
		return bad(e, "unexpected 101 Switching Protocols");
	if (r->status < 200) {
		/* An interim answer (100 Continue ...): the real one follows. */
		http_resp_init(r, r->on_body, r->ctx);
		return 0;
	}
	if (r->minor == 0 && !r->keep_alive)
		r->close = 1;
	r->headers_done = 1;
	if (r->status == 204 || r->status == 304) {
		r->state = HTTP_DONE;
	} else if (r->chunked) {
		/* Transfer-Encoding overrides a length, and makes the
		 * connection suspect (RFC 9112, 6.3). */
		if (r->length >= 0)
			r->close = 1;
		r->length = -1;
		r->state = HTTP_CHUNK_SIZE;
	} else if (r->length >= 0) {
		r->left = (unsigned long long)r->length;
		r->state = r->left ? HTTP_BODY : HTTP_DONE;
	} else {
		r->close = 1;
		r->state = HTTP_UNTIL_EOF;
	}
	return 0;
}

/* HEX [BWS] [; extensions] */
static int parse_chunk_size(struct http_resp *r, const char *line, struct bb_err *e)
{
	unsigned long long n = 0;
	const char *s = line;

	for (;; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		if (n > HTTP_NUM_MAX / 16)
			return bad(e, "chunk too large");
		n = n * 16 + (unsigned)d;
	}
	if (s == line)
		return bad(e, "malformed chunk size");
	while (is_ows(*s))
		s++;
	if (*s && *s != ';')
		return bad(e, "malformed chunk size");
	if (r->body + n > HTTP_NUM_MAX)
		return bad(e, "chunked body too large");
	r->left = n;
	if (n) {
		r->state = HTTP_CHUNK_DATA;
	} else {
		r->hdr_bytes = 0;
		r->state = HTTP_TRAILER;
	}
	return 0;
}

/* A complete line (CR LF or LF stripped) for the current state. */
static int on_line(struct http_resp *r, char *line, struct bb_err *e)
{
	switch (r->state) {
	case HTTP_STATUS:
		if (parse_status(r, line, e) < 0)
			return -1;
		r->state = HTTP_HEADER;
		return 0;
	case HTTP_HEADER:
		return line[0] ? parse_header(r, line, e) : end_headers(r, e);
	case HTTP_CHUNK_SIZE:
		return parse_chunk_size(r, line, e);
	case HTTP_CHUNK_END:
		if (line[0])
			return bad(e, "chunk data longer than its size");
		r->state = HTTP_CHUNK_SIZE;
		return 0;
	case HTTP_TRAILER:
		if (!line[0])
			r->state = HTTP_DONE;
		return 0;
	default:
		return bad(e, "internal state");
	}
}

/* Gather a line; returns the bytes used, with *complete set once a line
 * ended (then processed). */
static ssize_t take_line(struct http_resp *r, const char *buf, size_t len, struct bb_err *e)
{
	const char *nl = memchr(buf, '\n', len);
	size_t n = nl ? (size_t)(nl - buf) : len;
	int in_headers = r->state == HTTP_STATUS || r->state == HTTP_HEADER ||
		r->state == HTTP_TRAILER;

	if (n >= sizeof(r->line) - r->line_len)
		return bad(e, in_headers ? "header line too long" : "chunk-size line too long");
	if (in_headers && r->hdr_bytes + n + 1 > HTTP_HDR_MAX)
		return bb_err_set(e, EPROTO, "bad answer: header block over %d bytes", HTTP_HDR_MAX);
	memcpy(r->line + r->line_len, buf, n);
	r->line_len += n;
	r->hdr_bytes += n + (nl != NULL);
	if (!nl)
		return (ssize_t)n;
	if (r->line_len && r->line[r->line_len - 1] == '\r')
		r->line_len--;
	if (memchr(r->line, '\0', r->line_len))
		return bad(e, "NUL byte in a header");
	r->line[r->line_len] = '\0';
	r->line_len = 0;
	if (on_line(r, r->line, e) < 0)
		return -1;
	return (ssize_t)n + 1;
}

static int deliver(struct http_resp *r, const char *p, size_t n, struct bb_err *e)
{
	r->body += n;
	return r->on_body ? r->on_body(r->ctx, p, n, e) : 0;
}

ssize_t http_resp_feed(struct http_resp *r, const char *buf, size_t len, struct bb_err *e)
{
	size_t used = 0;

	while (used < len && r->state != HTTP_DONE && !r->headers_done) {
		size_t n = len - used;
		ssize_t k;

		switch (r->state) {
		case HTTP_BODY:
		case HTTP_CHUNK_DATA:
			if (n > r->left)
				n = r->left;
			if (deliver(r, buf + used, n, e) < 0)
				return -1;
			r->left -= n;
			if (!r->left)
				r->state = r->state == HTTP_BODY ? HTTP_DONE : HTTP_CHUNK_END;
			break;
		case HTTP_UNTIL_EOF:
			if (r->body + n > HTTP_NUM_MAX)
				return bad(e, "body too large");
			if (deliver(r, buf + used, n, e) < 0)
				return -1;
			break;
		default:
			k = take_line(r, buf + used, n, e);
			if (k < 0)
				return -1;
			n = (size_t)k;
			break;
		}
		used += n;
	}
	return (ssize_t)used;
}

int http_resp_eof(struct http_resp *r, struct bb_err *e)
{
	switch (r->state) {
	case HTTP_DONE:
		return 0;
	case HTTP_UNTIL_EOF:
		r->state = HTTP_DONE;
		return 0;
	case HTTP_STATUS:
		if (!r->hdr_bytes)
			return bb_err_set(e, 0, "connection closed without an answer");
		/* fall through */
	case HTTP_HEADER:
		return bb_err_set(e, 0, "connection closed in the headers");
	case HTTP_BODY:
		return bb_err_set(e, 0, "connection closed after %llu of %llu bytes",
				r->body, r->body + r->left);
	default:
		return bb_err_set(e, 0, "connection closed after %llu bytes of a chunked body",
				r->body);
	}
}
