/* The package index (pkgidx.h): Packages text fed in chunks, paragraphs
 * handed to pkgidx_stanza.c, and the API over what is kept (pkgidx_int.h
 * says how).
 *
 * Feeding: whole paragraphs are parsed straight from the caller's chunk;
 * only an unfinished last paragraph is copied, to be completed by the
 * next chunk (or ended by pkgidx_end).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "pkgidx_int.h"
#include "relation.h"

/* ---- feeding ---- */

static int parse(struct pkgidx *ix, const char *s, size_t len, struct bb_err *e)
{
	struct deb822_para para;
	struct deb822 d;
	int r;

	deb822_init(&d, s, len, ix->feedname);
	d.line = ix->line;
	while ((r = deb822_next(&d, &para, e)) > 0)
		if (pix_add_para(ix, &para, e) < 0)
			return -1;
	ix->line = d.line;
	return r;
}

static int blank_line(const char *s, const char *e)
{
	for (; s < e; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return 0;
	return 1;
}

/* Over the whole lines of s[from, len) (from: a line start): the end of
 * the last blank line (0: none); *tail: where the unfinished line starts. */
static size_t last_break(const char *s, size_t from, size_t len, size_t *tail)
{
	size_t cut = 0;
	const char *nl;

	while (from < len && (nl = memchr(s + from, '\n', len - from))) {
		size_t next = (size_t)(nl - s) + 1;

		if (blank_line(s + from, nl))
			cut = next;
		from = next;
	}
	*tail = from;
	return cut;
}

/* The end of the last blank line of s (s starts a line), 0: none;
 * scanned backwards, so usually only the last paragraph is looked at. */
static size_t last_break_back(const char *s, size_t len)
{
	const char *nl = memrchr(s, '\n', len);

	while (nl) {
		const char *prev = nl > s ? memrchr(s, '\n', (size_t)(nl - s)) : NULL;

		if (blank_line(prev ? prev + 1 : s, nl))
			return (size_t)(nl - s) + 1;
		nl = prev;
	}
	return 0;
}

/* The end of the first blank line of s (whole lines from 0), 0: none. */
static size_t first_break(const char *s, size_t len)
{
	size_t from = 0;
	const char *nl;

	while (from < len && (nl = memchr(s + from, '\n', len - from))) {
		if (blank_line(s + from, nl))
			return (size_t)(nl - s) + 1;
		from = (size_t)(nl - s) + 1;
	}
	return 0;
}

static void keep(struct pkgidx *ix, const char *s, size_t len)
{
	if (!len)
		return;
	if (ix->len + len > ix->cap) {
		ix->cap = (ix->len + len) * 2;
		ix->buf = xrealloc(ix->buf, ix->cap);
	}
	memcpy(ix->buf + ix->len, s, len);
	ix->len += len;
}

/* Parse and drop buf[0, cut). */
static int flush(struct pkgidx *ix, size_t cut, struct bb_err *e)
{
	if (parse(ix, ix->buf, cut, e) < 0)
		return -1;
	memmove(ix->buf, ix->buf + cut, ix->len - cut);
	ix->len -= cut;
	ix->scanned -= cut;
	return 0;
}

static int too_long(const struct pkgidx *ix, struct bb_err *e)
{
	if (ix->len <= PARA_MAX)
		return 0;
	return bb_err_set(e, 0, "%s:%u: a paragraph longer than %u bytes", ix->feedname, ix->line,
			  PARA_MAX);
}

/* A chunk while an unfinished paragraph waits in buf: complete it.
 * Returns how much of the chunk was taken, or -1. */
static ssize_t complete(struct pkgidx *ix, const char *s, size_t len, struct bb_err *e)
{
	const char *nl = memchr(s, '\n', len);
	size_t n, cut, tail;

	if (!nl) {
		keep(ix, s, len);
		return too_long(ix, e) < 0 ? -1 : (ssize_t)len;
	}
	n = (size_t)(nl - s) + 1;
	keep(ix, s, n);
	cut = last_break(ix->buf, ix->scanned, ix->len, &tail);
	ix->scanned = tail;
	if (cut && flush(ix, cut, e) < 0)
		return -1;
	if (!ix->len)
		return (ssize_t)n;
	cut = first_break(s + n, len - n);
	if (!cut) {
		keep(ix, s + n, len - n);
		last_break(ix->buf, ix->scanned, ix->len, &ix->scanned);
		return too_long(ix, e) < 0 ? -1 : (ssize_t)len;
	}
	keep(ix, s + n, cut);
	ix->scanned = ix->len;
	if (flush(ix, ix->len, e) < 0)
		return -1;
	return (ssize_t)(n + cut);
}

int pkgidx_feed(struct pkgidx *ix, const char *s, size_t len, struct bb_err *e)
{
	size_t cut, tail;

	if (!ix->feedname)
		return bb_err_set(e, 0, "pkgidx_feed before pkgidx_begin");
	if (ix->len) {
		ssize_t used = complete(ix, s, len, e);

		if (used < 0)
			return -1;
		s += used;
		len -= (size_t)used;
		if (ix->len)
			return 0;
	}
	if (!len)
		return 0;
	/* buf is empty: s starts at a line start */
	cut = last_break_back(s, len);
	if (cut && parse(ix, s, cut, e) < 0)
		return -1;
	keep(ix, s + cut, len - cut);
	last_break(ix->buf, 0, ix->len, &tail);
	ix->scanned = tail;
	return too_long(ix, e);
}

int pkgidx_begin(struct pkgidx *ix, const char *name, struct bb_err *e)
{
	free(ix->feedname);
	ix->feedname = xstrdup(name ? name : "Packages");
	ix->len = ix->scanned = 0;
	ix->line = 1;
	pix_rebuild(ix);
	return 0;
}

int pkgidx_end(struct pkgidx *ix, struct bb_err *e)
{
	int r = 0;

	if (!ix->feedname)
		return bb_err_set(e, 0, "pkgidx_end before pkgidx_begin");
	if (ix->len)
		r = parse(ix, ix->buf, ix->len, e);
	/* keep what the index needs, at its size */
	free(ix->buf);
	ix->buf = NULL;
	ix->len = ix->cap = ix->scanned = 0;
	pix_trim(ix);
	free(ix->feedname);
	ix->feedname = NULL;
	return r < 0 ? -1 : 0;
}

/* ---- the index ---- */

struct pkgidx *pkgidx_new(const char *arch)
{
	struct pkgidx *ix = xzalloc(sizeof(*ix));

	ix->arch = xstrdup(arch);
	ix->archlen = strlen(arch);
	ix->ar.cur = NO_REF;
	pix_fields_init(ix);
	return ix;
}

void pkgidx_free(struct pkgidx *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->capblk; i++)
		free(ix->blk[i]);
	free(ix->blk);
	pix_store_free(ix);
	free(ix->buf);
	free(ix->feedname);
	free(ix->arch);
	free(ix);
}

size_t pkgidx_count(const struct pkgidx *ix)
{
	return ix->n;
}

const struct pkg *pkgidx_at(const struct pkgidx *ix, size_t i)
{
	return i < ix->n ? pix_pkg(ix, i) : NULL;
}

int pkgidx_name_id(const struct pkgidx *ix, const char *name, size_t len, unsigned *id)
{
	uint32_t v;

	if (pix_find_name(ix, name, len, &v) < 0)
		return -1;
	*id = v;
	return 0;
}

const struct pkg *pkgidx_findn(const struct pkgidx *ix, const char *name, size_t len)
{
	unsigned id;

	return pkgidx_name_id(ix, name, len, &id) < 0 ? NULL : pkgidx_cand(ix, id);
}

const struct pkg *pkgidx_find(const struct pkgidx *ix, const char *name)
{
	return pkgidx_findn(ix, name, strlen(name));
}

const char *pkgidx_arch(const struct pkgidx *ix)
{
	return ix->arch;
}

size_t pkgidx_names(const struct pkgidx *ix)
{
	return ix->nnames;
}

const char *pkgidx_name(const struct pkgidx *ix, unsigned id)
{
	return id < ix->nnames ? pix_str(ix, ix->names[id].str) : NULL;
}

const struct pkg *pkgidx_cand(const struct pkgidx *ix, unsigned id)
{
	/* a package still being added is not a candidate yet */
	if (id >= ix->nnames || !ix->names[id].cand || ix->names[id].cand > ix->n)
		return NULL;
	return pix_pkg(ix, ix->names[id].cand - 1);
}

size_t pkgidx_rel_count(const struct pkgidx *ix, unsigned rel)
{
	return rel && rel < ix->npool ? ix->pool[rel] : 0;
}

void pkgidx_rel_atom(const struct pkgidx *ix, unsigned rel, size_t i, struct pkg_atom *a)
{
	uint32_t v = ix->pool[rel + 1 + i];
	const struct atom *t = &ix->atoms[v & ~OR_NEXT];

	a->name = t->name_op & ((1u << OP_SHIFT) - 1);
	a->op = (enum debrel_op)(t->name_op >> OP_SHIFT);
	a->version = t->ver == NO_REF ? NULL : pix_str(ix, t->ver);
	a->qual = t->qual ? pix_str(ix, t->qual - 1) : NULL;
	a->or_next = !!(v & OR_NEXT);
}

void pkgidx_atom_text(const struct pkgidx *ix, const struct pkg_atom *a, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s%s%s%s", pkgidx_name(ix, a->name), a->qual ? ":" : "",
		 a->qual ? a->qual : "", a->version ? " (" : "", rel_op_str(a->op),
		 a->version ? " " : "", a->version ? a->version : "");
	if (a->version && strlen(buf) + 2 <= n)
		strcat(buf, ")");
}

char *pkgidx_rel_text(const struct pkgidx *ix, unsigned rel)
{
	size_t n = pkgidx_rel_count(ix, rel), len = 0, cap = 256;
	char *s, one[512];

	if (!n)
		return NULL;
	s = xmalloc(cap);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		struct pkg_atom a;
		size_t k;

		pkgidx_rel_atom(ix, rel, i, &a);
		pkgidx_atom_text(ix, &a, one, sizeof(one));
		k = strlen(one);
		if (len + k + 4 > cap) {
			cap = (len + k + 4) * 2;
			s = xrealloc(s, cap);
		}
		memcpy(s + len, one, k);
		len += k;
		if (i + 1 < n) {
			memcpy(s + len, a.or_next ? " | " : ", ", 3);
			len += a.or_next ? 3 : 2;
		}
		s[len] = '\0';
	}
	return s;
}

size_t pkgidx_bytes(const struct pkgidx *ix)
{
	size_t b = sizeof(*ix) + strlen(ix->arch) + 1;

	b += ix->capblk * (sizeof(*ix->blk) + PKG_BLOCK * sizeof(struct pkg));
	return b + pix_store_bytes(ix) + ix->cap;
}
