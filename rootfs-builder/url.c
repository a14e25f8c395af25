/* http:// and https:// URLs split into scheme, host, port and path (fetch.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fetch.h"

static int fail(struct bb_err *e, const char *s, const char *why)
{
	return bb_err_set(e, EINVAL, "URL '%.200s': %s", s, why);
}

static int host_char(char c, int v6)
{
	if (v6)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') ||
			c == ':' || c == '.';
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '-' || c == '.' || c == '_';
}

/* HOST, [V6] and :PORT of the authority a..end (user info already skipped). */
static int parse_hostport(const char *s, const char *a, const char *end, struct url *u,
		struct bb_err *e)
{
	const char *h = a, *hend;
	unsigned long port = 0;
	int v6 = *a == '[';

	if (v6) {
		h++;
		hend = memchr(h, ']', end - h);
		if (!hend)
			return fail(e, s, "unterminated IPv6 address");
		a = hend + 1;
	} else {
		hend = memchr(h, ':', end - h);
		if (!hend)
			hend = end;
		a = hend;
	}
	if (hend == h || (size_t)(hend - h) >= sizeof(u->host))
		return fail(e, s, "bad host name length");
	for (const char *p = h; p < hend; p++)
		if (!host_char(*p, v6))
			return fail(e, s, "bad character in the host name");
	memcpy(u->host, h, hend - h);
	u->host[hend - h] = '\0';
	if (a < end) {
		if (*a++ != ':')
			return fail(e, s, "junk after the host name");
		for (; a < end; a++) {
			if (*a < '0' || *a > '9' || port > 65535)
				return fail(e, s, "bad port");
			port = port * 10 + (unsigned)(*a - '0');
		}
		if (port > 65535 || (port == 0 && a[-1] != ':'))
			return fail(e, s, "bad port");
	}
	u->port = port ? (unsigned)port : u->https ? 443 : 80;
	return 0;
}

int url_parse(const char *s, struct url *u, struct bb_err *e)
{
	const char *a, *end, *at, *p;
	size_t plen;

	memset(u, 0, sizeof(*u));
	if (strncasecmp(s, "http://", 7) == 0) {
		a = s + 7;
	} else if (strncasecmp(s, "https://", 8) == 0) {
		a = s + 8;
		u->https = 1;
	} else {
		return fail(e, s, "not an http:// or https:// URL");
	}
	end = a + strcspn(a, "/?#");
	if (strpbrk(end, "?#"))
		return fail(e, s, "queries and fragments are not supported");
	/* user:password@ is accepted and not used. */
	for (at = end; at > a && at[-1] != '@'; at--)
		;
	if (parse_hostport(s, at, end, u, e) < 0)
		return -1;
	for (p = end; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return fail(e, s, "space or control character in the path");
	plen = strlen(end);
	while (plen > 1 && end[plen - 1] == '/')
		plen--;
	u->path = malloc(plen + 2);
	if (!u->path)
		return bb_err_set(e, ENOMEM, "URL '%.200s'", s);
	if (plen)
		memcpy(u->path, end, plen);
	else
		u->path[plen++] = '/';
	u->path[plen] = '\0';
	return 0;
}

void url_free(struct url *u)
{
	free(u->path);
	u->path = NULL;
}
