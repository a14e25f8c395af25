/* Release files: the fields the builder trusts (dates, suite, the
 * SHA-256 of every index), and the unchecked body of InRelease for
 * --no-check-sig. The signature itself is checked by the caller (pgp.h)
 * before the text comes here. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deb822.h"
#include "rb.h"

#define INDEX_MAX 4096

int rb_hex_decode(const char *s, size_t len, unsigned char *out, size_t n)
{
	size_t i;

	if (len != 2 * n)
		return -1;
	for (i = 0; i < 2 * n; i++) {
		int c = s[i], v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return -1;
		if (i & 1)
			out[i / 2] |= (unsigned char)v;
		else
			out[i / 2] = (unsigned char)(v << 4);
	}
	return 0;
}

/* RFC 2822 dates as Release writes them: "Sat, 10 Jun 2023 08:53:33 UTC"
 * (the weekday optional, "UTC", "GMT", "Z" or "+0000"). */
static int parse_date(const char *s, size_t n, time_t *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char buf[64], mon[4], zone[8] = "";
	const char *p = buf, *m;
	struct tm tm = { 0 };
	int k;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	if (strchr(buf, ','))
		p = strchr(buf, ',') + 1;
	if (bb_sscanf(p, "%d %3s %d %d:%d:%d %7s%n", &tm.tm_mday, mon, &tm.tm_year, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, zone, &k) < 6)
		return -1;
	m = strstr(months, mon);
	if (strlen(mon) != 3 || !m || (m - months) % 3)
		return -1;
	if (zone[0] && strcmp(zone, "UTC") && strcmp(zone, "GMT") && strcmp(zone, "Z") &&
	    strcmp(zone, "+0000"))
		return -1;
	if (tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_year < 1970 || tm.tm_year > 9999 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_mon = (int)((m - months) / 3);
	tm.tm_year -= 1900;
	*t = timegm(&tm);
	return 0;
}

static char *field(const struct deb822_para *p, const char *name)
{
	return deb822_dup(p, name);
}

static int get_date(const struct deb822_para *p, const char *name, time_t *t, const char *what,
		    struct bb_err *e)
{
	const struct deb822_field *f = deb822_get(p, name);

	*t = 0;
	if (f && parse_date(f->val, f->vallen, t) < 0)
		return bb_err_set(e, 0, "%s: bad %s date '%.*s'", what, name, (int)f->vallen, f->val);
	return 0;
}

/* The SHA256 field: lines " HASH SIZE PATH". */
static int parse_sha256(struct rb_release *r, const struct deb822_field *f, const char *what,
			struct bb_err *e)
{
	const char *p = f->val, *end = f->val + f->vallen;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *h, *sz, *path;
		const char *le = nl ? nl : end;
		struct rb_index *x;
		char *stop;

		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		if (p == le) {
			p = le + 1;
			continue;
		}
		h = p;
		while (p < le && *p != ' ')
			p++;
		sz = p;
		while (sz < le && *sz == ' ')
			sz++;
		path = sz;
		while (path < le && *path != ' ')
			path++;
		while (path < le && *path == ' ')
			path++;
		if (r->nidx >= INDEX_MAX)
			return bb_err_set(e, 0, "%s: more than %d indexes", what, INDEX_MAX);
		r->idx = xrealloc(r->idx, (r->nidx + 1) * sizeof(*r->idx));
		x = &r->idx[r->nidx];
		memset(x, 0, sizeof(*x));
		if (rb_hex_decode(h, (size_t)(p - h), x->sha256, 32) < 0 || sz == path ||
		    path == le || *sz < '0' || *sz > '9')
			return bb_err_set(e, 0, "%s: bad SHA256 line '%.*s'", what, (int)(le - h), h);
		x->size = strtoull(sz, &stop, 10);
		if (stop == sz || *stop != ' ')
			return bb_err_set(e, 0, "%s: bad size in SHA256 line '%.*s'", what,
					  (int)(le - h), h);
		x->path = strndup(path, (size_t)(le - path));
		if (!x->path)
			return bb_err_set(e, ENOMEM, "%s", what);
		r->nidx++;
		p = le + 1;
	}
	return 0;
}

static void fmt_time(time_t t, char *buf, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

int rb_release_parse(struct rb_release *r, char *text, time_t now, const char *what,
		     struct bb_err *e)
{
	struct deb822 d;
	struct deb822_para p;
	const struct deb822_field *sha;
	char when[40];

	memset(r, 0, sizeof(*r));
	deb822_init(&d, text, strlen(text), what);
	if (deb822_next(&d, &p, e) <= 0) {
		if (!e->msg[0] || d.p >= d.end)
			bb_err_set(e, 0, "%s: empty", what);
		return -1;
	}
	if (get_date(&p, "Date", &r->date, what, e) < 0 ||
	    get_date(&p, "Valid-Until", &r->valid_until, what, e) < 0)
		return -1;
	if (r->valid_until && r->valid_until < now) {
		fmt_time(r->valid_until, when, sizeof(when));
		return bb_err_set(e, 0, "%s: expired: Valid-Until %s is past", what, when);
	}
	if (r->date && r->date > now + 86400) {
		fmt_time(r->date, when, sizeof(when));
		return bb_err_set(e, 0, "%s: Date %s is in the future (is the clock right?)", what,
				  when);
	}
	sha = deb822_get(&p, "SHA256");
	if (!sha)
		return bb_err_set(e, 0, "%s: no SHA256 field (older hashes are not trusted)", what);
	if (parse_sha256(r, sha, what, e) < 0) {
		rb_release_free(r);
		return -1;
	}
	r->suite = field(&p, "Suite");
	r->codename = field(&p, "Codename");
	r->architectures = field(&p, "Architectures");
	r->components = field(&p, "Components");
	r->text = text;
	return 0;
}

const struct rb_index *rb_release_find(const struct rb_release *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->nidx; i++)
		if (!strcmp(r->idx[i].path, path))
			return &r->idx[i];
	return NULL;
}

void rb_release_free(struct rb_release *r)
{
	size_t i;

	for (i = 0; i < r->nidx; i++)
		free(r->idx[i].path);
	free(r->idx);
	free(r->text);
	free(r->suite);
	free(r->codename);
	free(r->architectures);
	free(r->components);
	memset(r, 0, sizeof(*r));
}

/* Lines of [p, end): the next one in *l (without '\n'), p advanced. */
static int next_line(const char **p, const char *end, const char **l, size_t *n)
{
	const char *nl;

	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	*l = *p;
	*n = (size_t)((nl ? nl : end) - *p);
	*p = nl ? nl + 1 : end;
	if (*n && (*l)[*n - 1] == '\r')
		(*n)--;
	return 1;
}

char *rb_cleartext_body(const char *msg, size_t len, struct bb_err *e)
{
	static const char begin[] = "-----BEGIN PGP SIGNED MESSAGE-----";
	static const char sig[] = "-----BEGIN PGP SIGNATURE-----";
	const char *p = msg, *end = msg + len, *l;
	size_t n, out = 0;
	char *text = xmalloc(len + 1);
	int state = 0; /* 0 before BEGIN, 1 armour headers, 2 text */

	while (next_line(&p, end, &l, &n)) {
		if (state == 0) {
			state = n == sizeof(begin) - 1 && !memcmp(l, begin, n);
		} else if (state == 1) {
			state = n ? 1 : 2;
		} else if (n == sizeof(sig) - 1 && !memcmp(l, sig, n)) {
			if (out)
				out--; /* the newline before the signature is not signed */
			text[out] = 0;
			return text;
		} else {
			if (n >= 2 && l[0] == '-' && l[1] == ' ') {
				l += 2;
				n -= 2;
			}
			memcpy(text + out, l, n);
			out += n;
			text[out++] = '\n';
		}
	}
	free(text);
	bb_err_set(e, 0, "InRelease: not a cleartext-signed message");
	return NULL;
}
