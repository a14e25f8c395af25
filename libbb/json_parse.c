/* The strict JSON parser (see json.h): one pass, recursive descent
 * bounded by JSON_MAX_DEPTH; finished arrays and objects move from a
 * growing stack of pending values into the document's arena. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct json_block {
	struct json_block *next;
	size_t used, size;
	max_align_t data[];
};

void *json_alloc(struct json_doc *d, size_t n)
{
	struct json_block *b = d->arena;
	char *p;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!b || b->size - b->used < n) {
		size_t size = b && b->size < (1 << 20) ? b->size * 2 : 4096;

		if (size < n)
			size = n;
		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = size;
		b->next = d->arena;
		d->arena = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return memset(p, 0, n);
}

void json_doc_free(struct json_doc *d)
{
	while (d->arena) {
		struct json_block *next = d->arena->next;

		free(d->arena);
		d->arena = next;
	}
	d->root = NULL;
}

/* ---- the parser ---- */

struct pending {
	struct json v;
	size_t off;            /* where a member's key starts */
};

struct jp {
	const unsigned char *start, *p, *end;
	const char *name;
	struct json_doc *d;
	struct bb_err *e;
	struct pending *stk;
	size_t n, cap;
	int depth;
};

/* "NAME:LINE:COL: msg" for the byte at. */
static int PRINTF_LIKE(3, 4) fail(struct jp *j, const unsigned char *at, const char *fmt, ...)
{
	const unsigned char *q, *bol = j->start;
	unsigned line = 1, col = 1;
	char msg[256];
	va_list ap;

	for (q = j->start; q < at; q++)
		if (*q == '\n') {
			line++;
			bol = q + 1;
		}
	for (q = bol; q < at; q++)
		col += (*q & 0xc0) != 0x80;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return bb_err_set(j->e, 0, "%s:%u:%u: %s", j->name, line, col, msg);
}

static int nomem(struct jp *j)
{
	return bb_err_set(j->e, ENOMEM, "%s: out of memory", j->name);
}

static void ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* What stands at p, for "unexpected ..." messages. */
static int unexpected(struct jp *j, const char *wanted)
{
	if (j->p >= j->end)
		return fail(j, j->p, "unexpected end of input, expected %s", wanted);
	if (*j->p == '/')
		return fail(j, j->p, "comments are not allowed in JSON");
	if (*j->p > 0x20 && *j->p < 0x7f)
		return fail(j, j->p, "unexpected '%c', expected %s", *j->p, wanted);
	return fail(j, j->p, "unexpected byte 0x%02x, expected %s", *j->p, wanted);
}

static int hex4(const unsigned char *s, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		unsigned c = s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* A string at p (at its opening quote), decoded into the arena. */
static int string(struct jp *j, const char **out, size_t *outlen)
{
	const unsigned char *q = ++j->p;
	char *buf, *o;

	while (q < j->end && *q != '"')
		q += *q == '\\' ? 2 : 1;
	if (q >= j->end)
		return fail(j, j->p - 1, "unterminated string");
	buf = o = json_alloc(j->d, (size_t)(q - j->p) + 1);
	if (!buf)
		return nomem(j);
	while (*j->p != '"') {
		const unsigned char *at = j->p;
		unsigned c = *j->p, cp, lo;
		const char *why;
		size_t n;

		if (c < 0x20)
			return fail(j, at, "control character 0x%02x in a string (escape it)", c);
		if (c >= 0x80) {
			n = json_utf8(j->p, (size_t)(j->end - j->p), &cp, &why);
			if (!n)
				return fail(j, at, "invalid UTF-8 (%s)", why);
			memcpy(o, j->p, n);
			o += n;
			j->p += n;
			continue;
		}
		j->p++;
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		c = *j->p++;
		switch (c) {
		case '"': case '\\': case '/': *o++ = (char)c; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (j->end - j->p < 4 || hex4(j->p, &cp) < 0)
				return fail(j, at, "\\u wants four hex digits");
			j->p += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return fail(j, at, "lone low surrogate \\u%04x", cp);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
				    hex4(j->p + 2, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
					return fail(j, at, "high surrogate \\u%04x without a low surrogate after it", cp);
				j->p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			o = put_utf8(o, cp);
			break;
		default:
			if (c > 0x20 && c < 0x7f)
				return fail(j, at, "invalid escape '\\%c'", c);
			return fail(j, at, "invalid escape: '\\' followed by byte 0x%02x", c);
		}
	}
	j->p++;
	*o = '\0';
	*out = buf;
	*outlen = (size_t)(o - buf);
	return 0;
}

static int digits(struct jp *j, const char *what)
{
	if (j->p >= j->end || *j->p < '0' || *j->p > '9')
		return fail(j, j->p, "invalid number: a digit expected %s", what);
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return 0;
}

static int number(struct jp *j, struct json *v)
{
	const unsigned char *s = j->p, *q;
	uint64_t mag = 0;
	int neg = 0, big = 0;
	char *text;

	if (*j->p == '-') {
		neg = 1;
		j->p++;
	}
	if (j->p < j->end && *j->p == '0' && j->p + 1 < j->end && j->p[1] >= '0' && j->p[1] <= '9')
		return fail(j, j->p, "invalid number: leading zeros are not allowed");
	if (digits(j, neg ? "after '-'" : "") < 0)
		return -1;
	for (q = s + neg; q < j->p; q++) {
		unsigned dgt = *q - '0';

		if (mag > (UINT64_MAX - dgt) / 10)
			big = 1;
		mag = mag * 10 + dgt;
	}
	v->type = JSON_NUMBER;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (digits(j, "after '.'") < 0)
			return -1;
		v->num = JSON_NUM_REAL;
	}
	if (j->p < j->end && (*j->p | 0x20) == 'e') {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (digits(j, "in the exponent") < 0)
			return -1;
		v->num = JSON_NUM_REAL;
	}
	if (v->num != JSON_NUM_REAL) {
		if (big || (neg && mag > (uint64_t)INT64_MAX + 1))
			v->num = JSON_NUM_BIG;
		else if (neg)
			v->n.i = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
		else if (mag > (uint64_t)INT64_MAX)
			v->num = JSON_NUM_UINT, v->n.u = mag;
		else
			v->n.i = (int64_t)mag;
	}
	v->len = (size_t)(j->p - s);
	text = json_alloc(j->d, v->len + 1);
	if (!text)
		return nomem(j);
	memcpy(text, s, v->len);
	v->u.s = text;
	return 0;
}

static int push(struct jp *j, const struct json *v, size_t off)
{
	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 64;
		struct pending *s = realloc(j->stk, cap * sizeof(*s));

		if (!s)
			return nomem(j);
		j->stk = s;
		j->cap = cap;
	}
	j->stk[j->n].v = *v;
	j->stk[j->n++].off = off;
	return 0;
}

static int keycmp(const void *a, const void *b)
{
	const struct pending *x = *(const struct pending *const *)a, *y = *(const struct pending *const *)b;
	size_t n = x->v.keylen < y->v.keylen ? x->v.keylen : y->v.keylen;
	int c = memcmp(x->v.key, y->v.key, n);

	if (c)
		return c;
	if (x->v.keylen != y->v.keylen)
		return x->v.keylen < y->v.keylen ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* The first member (in document order) whose key an earlier one has. */
static int dup_keys(struct jp *j, size_t base)
{
	size_t n = j->n - base, i, worst = SIZE_MAX;
	struct pending **v;

	if (n < 2)
		return 0;
	v = malloc(n * sizeof(*v));
	if (!v)
		return nomem(j);
	for (i = 0; i < n; i++)
		v[i] = &j->stk[base + i];
	qsort(v, n, sizeof(*v), keycmp);
	for (i = 1; i < n; i++)
		if (v[i]->v.keylen == v[i - 1]->v.keylen &&
		    memcmp(v[i]->v.key, v[i - 1]->v.key, v[i]->v.keylen) == 0 &&
		    (worst == SIZE_MAX || v[i]->off < v[worst]->off))
			worst = i;
	if (worst != SIZE_MAX) {
		const struct pending *p = v[worst];

		free(v);
		return fail(j, j->start + p->off, "duplicate key \"%.*s\"",
			    p->v.keylen > 64 ? 64 : (int)p->v.keylen, p->v.key);
	}
	free(v);
	return 0;
}

static int value(struct jp *j, struct json *v);

/* An array or an object, p at its opening bracket. */
static int container(struct jp *j, struct json *v)
{
	int obj = *j->p == '{';
	char close = obj ? '}' : ']';
	const char *after = obj ? "',' or '}' after an object member" : "',' or ']' after an array element";
	size_t base = j->n, i;
	struct json *kids;

	if (++j->depth > JSON_MAX_DEPTH)
		return fail(j, j->p, "nesting deeper than %d levels", JSON_MAX_DEPTH);
	v->type = obj ? JSON_OBJECT : JSON_ARRAY;
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return 0;
	}
	for (;;) {
		struct json kid = { 0 };
		const char *key = NULL;
		size_t keylen = 0, off = (size_t)(j->p - j->start);

		if (obj) {
			if (j->p >= j->end || *j->p != '"')
				return unexpected(j, "a string (a member's name)");
			if (string(j, &key, &keylen) < 0)
				return -1;
			if (keylen > UINT32_MAX)
				return fail(j, j->start + off, "key too long");
			ws(j);
			if (j->p >= j->end || *j->p != ':')
				return unexpected(j, "':' after a member's name");
			j->p++;
			ws(j);
		}
		if (value(j, &kid) < 0)
			return -1;
		kid.key = key;
		kid.keylen = (unsigned)keylen;
		if (push(j, &kid, off) < 0)
			return -1;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			ws(j);
			if (j->p < j->end && *j->p == close)
				return fail(j, j->p, "trailing comma before '%c'", close);
			continue;
		}
		if (j->p < j->end && *j->p == close)
			break;
		return unexpected(j, after);
	}
	j->p++;
	j->depth--;
	if (obj && dup_keys(j, base) < 0)
		return -1;
	v->len = j->n - base;
	kids = json_alloc(j->d, v->len * sizeof(*kids));
	if (!kids)
		return nomem(j);
	for (i = 0; i < v->len; i++)
		kids[i] = j->stk[base + i].v;
	v->u.kids = kids;
	j->n = base;
	return 0;
}

static int value(struct jp *j, struct json *v)
{
	static const struct { const char *word; size_t len; int type; } lits[] = {
		{ "true", 4, JSON_TRUE }, { "false", 5, JSON_FALSE }, { "null", 4, JSON_NULL },
	};
	size_t i;

	if (j->p >= j->end)
		return unexpected(j, "a value");
	switch (*j->p) {
	case '{': case '[':
		return container(j, v);
	case '"':
		v->type = JSON_STRING;
		return string(j, &v->u.s, &v->len);
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return number(j, v);
	}
	for (i = 0; i < ARRAY_SIZE(lits); i++) {
		size_t n = lits[i].len;

		if (*j->p == lits[i].word[0]) {
			if ((size_t)(j->end - j->p) < n || memcmp(j->p, lits[i].word, n) != 0 ||
			    (j->end - j->p > (long)n && ((j->p[n] | 0x20) >= 'a' && (j->p[n] | 0x20) <= 'z')))
				return fail(j, j->p, "invalid literal (expected %s)", lits[i].word);
			v->type = (unsigned char)lits[i].type;
			j->p += n;
			return 0;
		}
	}
	return unexpected(j, "a value");
}

int json_parse(struct json_doc *d, const char *name, const char *buf, size_t len,
	       size_t max, struct bb_err *e)
{
	struct jp j = { 0 };
	struct json *root;
	int r = -1;

	memset(d, 0, sizeof(*d));
	if (len > max)
		return bb_err_set(e, EFBIG, "%s: %zu bytes, more than the limit of %zu", name, len, max);
	j.start = j.p = (const unsigned char *)buf;
	j.end = j.start + len;
	j.name = name;
	j.d = d;
	j.e = e;
	root = json_alloc(d, sizeof(*root));
	if (!root) {
		nomem(&j);
		goto out;
	}
	ws(&j);
	if (value(&j, root) < 0)
		goto out;
	ws(&j);
	if (j.p < j.end) {
		unexpected(&j, "the end of input after the value");
		goto out;
	}
	d->root = root;
	r = 0;
out:
	free(j.stk);
	if (r < 0)
		json_doc_free(d);
	return r;
}
