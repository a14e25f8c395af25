/* deb822 paragraphs parsed in place (deb822.h): one pass over the lines,
 * fields recorded as slices of the caller's buffer.
 *
 * Lines end with "\n" or "\r\n" (the '\r' is dropped from the ends of
 * values, not from inside multi-line ones). A line of only blanks ends a
 * paragraph; a line starting with '#' is a comment wherever it appears
 * (it ends the field before it: a continuation line after it is an
 * error). A field whose first line is empty ("SHA256:") starts its value
 * at its first continuation line.
 */
#include <string.h>
#include <strings.h>

#include "deb822.h"

struct line {
	const char *s, *e, *next; /* text, its end (no "\r\n"), the next line */
};

static void get_line(const struct deb822 *d, struct line *l)
{
	const char *nl = d->p;

	/* lines are short: a plain loop beats memchr's setup */
	while (nl < d->end && *nl != '\n')
		nl++;
	l->s = d->p;
	l->e = nl;
	l->next = nl < d->end ? nl + 1 : d->end;
	if (l->e > l->s && l->e[-1] == '\r')
		l->e--;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int blank_line(const struct line *l)
{
	for (const char *s = l->s; s < l->e; s++)
		if (!is_blank(*s))
			return 0;
	return 1;
}

static void advance(struct deb822 *d, const struct line *l)
{
	d->p = l->next;
	d->line++;
}

static const char *trim_end(const char *s, const char *e)
{
	while (e > s && is_blank(e[-1]))
		e--;
	return e;
}

void deb822_init(struct deb822 *d, const char *buf, size_t len, const char *name)
{
	d->p = buf ? buf : "";
	d->end = d->p + (buf ? len : 0);
	d->line = 1;
	d->name = name ? name : "(deb822)";
}

static int bad(const struct deb822 *d, struct bb_err *e, const char *why)
{
	return bb_err_set(e, 0, "%s:%u: %s", d->name, d->line, why);
}

/* "Name: value": a new field. */
static int field_line(struct deb822 *d, struct deb822_para *p, const struct line *l,
		struct bb_err *e)
{
	const char *colon = memchr(l->s, ':', (size_t)(l->e - l->s)), *v;
	struct deb822_field *f;

	if (!colon)
		return bad(d, e, "no ':' in a field line");
	if (colon == l->s)
		return bad(d, e, "empty field name");
	for (const char *s = l->s; s < colon; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return bad(d, e, "blank or control character in a field name");
	if (p->n >= DEB822_MAX_FIELDS)
		return bad(d, e, "too many fields in one paragraph");
	f = &p->f[p->n++];
	f->name = l->s;
	f->namelen = (size_t)(colon - l->s);
	v = colon + 1;
	while (v < l->e && is_blank(*v))
		v++;
	f->val = v;
	f->vallen = (size_t)(trim_end(v, l->e) - v);
	return 0;
}

/* A continuation line: the open field's value grows to its end. */
static int cont_line(struct deb822 *d, struct deb822_field *f, const struct line *l,
		struct bb_err *e)
{
	if (!f)
		return bad(d, e, "continuation line without a field");
	if (!f->vallen)
		f->val = l->s;
	f->vallen = (size_t)(trim_end(f->val, l->e) - f->val);
	return 0;
}

int deb822_next(struct deb822 *d, struct deb822_para *p, struct bb_err *e)
{
	struct deb822_field *open = NULL;
	struct line l;

	p->n = 0;
	for (; d->p < d->end; advance(d, &l)) {
		get_line(d, &l);
		if (!blank_line(&l) && *l.s != '#')
			break;
	}
	p->start = p->end = d->p;
	p->line = d->line;
	if (d->p >= d->end)
		return 0;
	for (; d->p < d->end; advance(d, &l)) {
		get_line(d, &l);
		if (blank_line(&l))
			break;
		if (*l.s == '#') {
			open = NULL;
		} else if (*l.s == ' ' || *l.s == '\t') {
			if (cont_line(d, open, &l, e) < 0)
				return -1;
		} else {
			if (field_line(d, p, &l, e) < 0)
				return -1;
			open = &p->f[p->n - 1];
		}
		p->end = l.e;
	}
	return 1;
}

const struct deb822_field *deb822_get(const struct deb822_para *p, const char *name)
{
	size_t len = strlen(name);

	for (unsigned i = 0; i < p->n; i++)
		if (p->f[i].namelen == len && !strncasecmp(p->f[i].name, name, len))
			return &p->f[i];
	return NULL;
}

char *deb822_dup(const struct deb822_para *p, const char *name)
{
	const struct deb822_field *f = deb822_get(p, name);
	char *s;

	if (!f)
		return NULL;
	s = xmalloc(f->vallen + 1);
	memcpy(s, f->val, f->vallen);
	s[f->vallen] = '\0';
	return s;
}
