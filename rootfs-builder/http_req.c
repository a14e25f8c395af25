/* Building an HTTP/1.1 GET request (http.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "http.h"

struct out {
	char *buf;
	size_t size, len;
	int over;
};

static void put(struct out *o, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->over)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len)
		o->over = 1;
	else
		o->len += (size_t)n;
}

/* What a path may carry unescaped: RFC 3986 pchar and '/', plus '%' (the
 * path is taken as already escaped where it has one). */
static int path_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		(c && strchr("-._~!$&'()*+,;=:@/%", c));
}

static void put_path(struct out *o, const char *path)
{
	for (; *path; path++) {
		unsigned char c = (unsigned char)*path;

		if (path_char_ok(c))
			put(o, "%c", c);
		else
			put(o, "%%%02X", c);
	}
}

int http_request(char *buf, size_t size, int https, const char *host, unsigned port,
		const char *path, unsigned long long range_from)
{
	struct out o = { buf, size, 0, 0 };
	int v6 = strchr(host, ':') != NULL;

	if (!size)
		return -1;
	put(&o, "GET ");
	put_path(&o, path);
	put(&o, " HTTP/1.1\r\nHost: %s%s%s", v6 ? "[" : "", host, v6 ? "]" : "");
	if (port != (https ? 443u : 80u))
		put(&o, ":%u", port);
	put(&o, "\r\nUser-Agent: ctbox/0.1\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
			"Connection: keep-alive\r\n");
	if (range_from)
		put(&o, "Range: bytes=%llu-\r\n", range_from);
	put(&o, "\r\n");
	return o.over ? -1 : (int)o.len;
}
