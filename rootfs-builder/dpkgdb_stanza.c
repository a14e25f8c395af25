/* Control-file paragraphs for dpkg's database (dpkgdb_int.h): parsed from
 * a package's control file or an existing status file, put in dpkg's field
 * order, written as dpkg writes them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dpkgdb_int.h"

#define FIELDS_MAX 1000

/* dpkg's own fields, in the order it writes them (lib/dpkg/parse.c);
 * others follow in the order they came. */
static const char *const dpkg_order[] = {
	"Package", "Essential", "Protected", "Status", "Priority", "Section",
	"Installed-Size", "Origin", "Maintainer", "Bugs", "Architecture", "Multi-Arch",
	"Source", "Version", "Config-Version", "Replaces", "Provides", "Depends",
	"Pre-Depends", "Recommends", "Suggests", "Breaks", "Conflicts", "Enhances",
	"Conffiles", "Filename", "Size", "MD5sum", "MSDOS-Filename", "Description",
	"Triggers-Pending", "Triggers-Awaited",
};

/* Fields that describe an installation or an archive, not the package:
 * never taken from a control file. */
static const char *const db_only[] = {
	"Status", "Conffiles", "Config-Version", "Filename", "Size", "MD5sum",
	"MSDOS-Filename", "Triggers-Pending", "Triggers-Awaited",
};

/* Written only when not "no" (dpkg's booleans and Multi-Arch). */
static const char *const default_no[] = { "Essential", "Protected", "Multi-Arch" };

static int in_list(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(name, list[i]) == 0)
			return 1;
	return 0;
}

void stanza_free(struct stanza *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		free(st->f[i].name);
		free(st->f[i].val);
	}
	free(st->f);
	st->f = NULL;
	st->n = 0;
}

const char *stanza_get(const struct stanza *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (strcasecmp(st->f[i].name, name) == 0)
			return st->f[i].val;
	return NULL;
}

static int add_field(struct stanza *st, char *name, char *val)
{
	struct field *f;

	if (!name || !val || !(f = realloc(st->f, (st->n + 1) * sizeof(*f)))) {
		free(name);
		free(val);
		return -1;
	}
	st->f = f;
	f[st->n].name = name;
	f[st->n].val = val;
	st->n++;
	return 0;
}

int stanza_set(struct stanza *st, const char *name, const char *val)
{
	size_t i;
	char *v;

	for (i = 0; i < st->n; i++) {
		if (strcasecmp(st->f[i].name, name) != 0)
			continue;
		if (!(v = strdup(val)))
			return -1;
		free(st->f[i].val);
		st->f[i].val = v;
		return 0;
	}
	return add_field(st, strdup(name), strdup(val));
}

static int line_blank(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r')) {
		s++;
		n--;
	}
	return n == 0;
}

static int bad(const char *text, size_t at, const char *what, const char *why, struct bb_err *e)
{
	unsigned line = 1;
	size_t i;

	for (i = 0; i < at; i++)
		line += text[i] == '\n';
	return bb_err_set(e, 0, "%s:%u: %s", what, line, why);
}

/* Append a continuation line to the last field. */
static int continue_field(struct stanza *st, const char *line, size_t n)
{
	struct field *f = &st->f[st->n - 1];
	size_t old = strlen(f->val);
	char *v = realloc(f->val, old + 1 + n + 1);

	if (!v)
		return -1;
	v[old] = '\n';
	memcpy(v + old + 1, line, n);
	v[old + 1 + n] = '\0';
	f->val = v;
	return 0;
}

/* A "Name: value" line. */
static int start_field(struct stanza *st, const char *line, size_t n, const char **why)
{
	const char *colon = memchr(line, ':', n), *v;
	size_t i, nlen;

	if (!colon) {
		*why = "a line without a colon";
		return -1;
	}
	nlen = colon - line;
	for (i = 0; i < nlen; i++)
		if (line[i] <= ' ' || line[i] > '~')
			break;
	if (nlen == 0 || i < nlen) {
		*why = "a bad field name";
		return -1;
	}
	for (i = 0; i < st->n; i++) {
		if (strlen(st->f[i].name) == nlen && strncasecmp(st->f[i].name, line, nlen) == 0) {
			*why = "a duplicate field";
			return -1;
		}
	}
	if (st->n >= FIELDS_MAX) {
		*why = "too many fields";
		return -1;
	}
	for (v = colon + 1; v < line + n && (*v == ' ' || *v == '\t'); v++)
		;
	if (add_field(st, strndup(line, nlen), strndup(v, line + n - v)) < 0) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}

static void trim_values(struct stanza *st)
{
	size_t i, n;

	for (i = 0; i < st->n; i++) {
		char *v = st->f[i].val;

		for (n = strlen(v); n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' ||
					  v[n - 1] == '\r'); n--)
			;
		v[n] = '\0';
	}
}

int stanza_parse(const char *text, size_t len, size_t *pos, const char *what,
		 struct stanza *st, struct bb_err *e)
{
	size_t p = *pos;
	const char *why;

	stanza_free(st);
	while (p < len) { /* blank lines before it */
		const char *eol = memchr(text + p, '\n', len - p);
		size_t n = eol ? (size_t)(eol - (text + p)) : len - p;

		if (!line_blank(text + p, n))
			break;
		p += n + (eol != NULL);
	}
	if (p >= len) {
		*pos = p;
		return 0;
	}
	while (p < len) {
		const char *line = text + p, *eol = memchr(line, '\n', len - p);
		size_t n = eol ? (size_t)(eol - line) : len - p;

		if (line_blank(line, n)) {
			p += n + (eol != NULL);
			break;
		}
		if (memchr(line, '\0', n)) {
			why = "a NUL byte";
			goto fail;
		}
		if (line[0] == ' ' || line[0] == '\t') {
			why = "a continuation line without a field";
			if (!st->n)
				goto fail;
			why = "out of memory";
			if (continue_field(st, line, n) < 0)
				goto fail;
		} else if (start_field(st, line, n, &why) < 0) {
			goto fail;
		}
		p += n + (eol != NULL);
	}
	trim_values(st);
	*pos = p;
	return 1;
fail:
	bad(text, p, what, why, e);
	stanza_free(st);
	return -1;
}

static int copy_field(struct stanza *out, const char *name, const char *val)
{
	if (!val[0] || (in_list(name, default_no, ARRAY_SIZE(default_no)) && strcasecmp(val, "no") == 0))
		return 0;
	return add_field(out, strdup(name), strdup(val));
}

int stanza_dpkg_order(const struct stanza *in, const struct stanza *extra, struct stanza *out)
{
	const struct stanza *src[2] = { in, extra };
	size_t i, k, s;

	stanza_free(out);
	for (k = 0; k < ARRAY_SIZE(dpkg_order); k++) {
		for (s = 0; s < 2; s++) {
			const char *v = src[s] ? stanza_get(src[s], dpkg_order[k]) : NULL;

			if (!v || (s == 0 && in_list(dpkg_order[k], db_only, ARRAY_SIZE(db_only))))
				continue;
			if (copy_field(out, dpkg_order[k], v) < 0)
				goto oom;
			break;
		}
	}
	for (s = 0; s < 2; s++) {
		for (i = 0; src[s] && i < src[s]->n; i++) {
			const struct field *f = &src[s]->f[i];

			if (in_list(f->name, dpkg_order, ARRAY_SIZE(dpkg_order)))
				continue;
			if (copy_field(out, f->name, f->val) < 0)
				goto oom;
		}
	}
	return 0;
oom:
	stanza_free(out);
	return -1;
}

void stanza_write(FILE *f, const struct stanza *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		fprintf(f, st->f[i].val[0] == '\n' ? "%s:%s\n" : "%s: %s\n", st->f[i].name,
			st->f[i].val);
	fputc('\n', f);
}
