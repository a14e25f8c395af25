/* One stanza of a Packages file into the package index (pkgidx_int.h):
 * the fields struct pkg keeps, checked (a name dpkg accepts, a valid
 * version, a relative Filename without "..", Size, SHA256), the strings
 * and relations through the store, and the name's candidate updated.
 * Also the archive's Priority and Section as dpkg writes them
 * (pkgidx_priority, pkgidx_section).
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "debver.h"
#include "pkgidx_int.h"

enum { F_PACKAGE, F_VERSION, F_ARCH, F_FILENAME, F_SIZE, F_SHA256, F_PRIORITY, F_SECTION,
	F_ESSENTIAL, F_MA, F_PREDEPENDS, F_DEPENDS, F_PROVIDES, F_BREAKS, F_CONFLICTS, F_N };

#define FIELD(s) { s, sizeof(s) - 1 }
static const struct {
	const char *s;
	size_t len;
} fields[F_N] = {
	FIELD("Package"), FIELD("Version"), FIELD("Architecture"), FIELD("Filename"),
	FIELD("Size"), FIELD("SHA256"), FIELD("Priority"), FIELD("Section"),
	FIELD("Essential"), FIELD("Multi-Arch"), FIELD("Pre-Depends"), FIELD("Depends"),
	FIELD("Provides"), FIELD("Breaks"), FIELD("Conflicts"),
};

struct word {
	const char *s;
	size_t len;
};

#define WORD(s) { s, sizeof(s) - 1 }
static const struct word prios[] = {
	WORD("extra"), WORD("optional"), WORD("standard"), WORD("important"), WORD("required"),
};
static const struct word mas[] = { WORD("no"), WORD("same"), WORD("foreign"), WORD("allowed") };

_Static_assert(F_N <= 16, "by_len holds 16 bits");

void pix_fields_init(struct pkgidx *ix)
{
	for (int j = 0; j < F_N; j++)
		if (fields[j].len < ARRAY_SIZE(ix->by_len))
			ix->by_len[fields[j].len] |= (uint16_t)(1u << j);
}

/* The index in w[] of the field's value, else dflt. */
static int lookup(const struct deb822_field *f, const struct word *w, int n, int dflt)
{
	for (int i = 0; f && i < n; i++)
		if (w[i].len == f->vallen && !strncasecmp(w[i].s, f->val, f->vallen))
			return i;
	return dflt;
}

static int is(const struct deb822_field *f, const char *s, size_t len)
{
	return f && f->vallen == len && !memcmp(f->val, s, len);
}

/* dpkg's rule: lowercase letters, digits, "+-.", starting alphanumeric. */
static int name_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      (i && (c == '+' || c == '-' || c == '.'))))
			return 0;
	}
	return len > 0;
}

/* A relative path without "..", blanks or control characters. */
static int path_ok(const char *s, size_t len)
{
	if (!len || *s == '/')
		return 0;
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
		if (s[i] == '.' && i + 1 < len && s[i + 1] == '.' && (!i || s[i - 1] == '/') &&
		    (i + 2 == len || s[i + 2] == '/'))
			return 0;
	}
	return 1;
}

static int size_ok(const struct deb822_field *f, unsigned long long *out)
{
	unsigned long long n = 0;

	if (!f || !f->vallen)
		return 0;
	for (size_t i = 0; i < f->vallen; i++) {
		unsigned d = (unsigned)(f->val[i] - '0');

		if (d > 9 || n > (~0ULL - d) / 10)
			return 0;
		n = n * 10 + d;
	}
	*out = n;
	return 1;
}

/* Hex digits: value + 1, 0 for anything else. */
static const unsigned char hexv[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
	['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
	['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static int sha_ok(const struct deb822_field *f, unsigned char *out)
{
	const unsigned char *s;

	if (!f || f->vallen != 64)
		return 0;
	s = (const unsigned char *)f->val;
	for (int i = 0; i < 32; i++) {
		unsigned hi = hexv[s[2 * i]], lo = hexv[s[2 * i + 1]];

		if (!hi || !lo)
			return 0;
		out[i] = (unsigned char)((hi - 1) << 4 | (lo - 1));
	}
	return 1;
}

/* The mandatory fields, checked; NULL when they are fine. */
static const char *check(const struct deb822_field **g, struct pkg *p)
{
	const char *why;

	if (!g[F_PACKAGE] || !name_ok(g[F_PACKAGE]->val, g[F_PACKAGE]->vallen))
		return g[F_PACKAGE] ? "bad package name" : "no Package field";
	if (!g[F_VERSION])
		return "no Version field";
	if (!debver_valid(g[F_VERSION]->val, g[F_VERSION]->vallen, &why))
		return why;
	if (!g[F_FILENAME] || !path_ok(g[F_FILENAME]->val, g[F_FILENAME]->vallen))
		return g[F_FILENAME] ? "bad Filename" : "no Filename field";
	if (!size_ok(g[F_SIZE], &p->size))
		return g[F_SIZE] ? "bad Size" : "no Size field";
	if (!sha_ok(g[F_SHA256], p->sha256))
		return g[F_SHA256] ? "bad SHA256" : "no SHA256 field";
	return NULL;
}

/* The slot for the next package (counted by the caller once it is whole). */
static struct pkg *next_pkg(struct pkgidx *ix)
{
	if (ix->n == ix->capblk * PKG_BLOCK) {
		ix->blk = xrealloc(ix->blk, (ix->capblk + 1) * sizeof(*ix->blk));
		ix->blk[ix->capblk++] = xmalloc(PKG_BLOCK * sizeof(struct pkg));
	}
	return pix_pkg(ix, ix->n);
}

/* Fill p's strings and relations from the stanza; -1: see *why or ix->full. */
static int fill(struct pkgidx *ix, struct pkg *p, const struct deb822_field **g,
		const char **why)
{
	uint32_t name = pix_name(ix, g[F_PACKAGE]->val, g[F_PACKAGE]->vallen), v, fn, sect, odd;
	int prio;

	v = pix_intern(ix, g[F_VERSION]->val, g[F_VERSION]->vallen);
	fn = pix_put(ix, g[F_FILENAME]->val, g[F_FILENAME]->vallen);
	if (name == NO_REF || v == NO_REF || fn == NO_REF)
		return -1;
	p->name = pix_str(ix, ix->names[name].str);
	p->name_id = name;
	p->version = pix_str(ix, v);
	p->filename = pix_str(ix, fn);
	p->arch = is(g[F_ARCH], "all", 3) ? "all" : ix->arch;
	/* an unknown word counts as optional for choosing packages; dpkg
	 * writes it as it came, so its text is kept aside (below) */
	prio = lookup(g[F_PRIORITY], prios, 5, -1);
	p->prio = (enum pkg_prio)(prio < 0 ? PRIO_OPTIONAL : prio);
	if (g[F_SECTION] && g[F_SECTION]->vallen) {
		if ((sect = pix_intern(ix, g[F_SECTION]->val, g[F_SECTION]->vallen)) == NO_REF)
			return -1;
		p->section = sect + 1;
	}
	p->ma = (enum pkg_ma)lookup(g[F_MA], mas, 4, MA_NO);
	p->essential = g[F_ESSENTIAL] && g[F_ESSENTIAL]->vallen == 3 &&
		!strncasecmp(g[F_ESSENTIAL]->val, "yes", 3);
	for (int r = 0; r < REL_N; r++) {
		if (pix_relation(ix, g[F_PREDEPENDS + r], &p->rel[r], why) < 0)
			return -2 - r;
		if (ix->full)
			return -1;
	}
	if (prio < 0) {
		/* last: a package that fails is not kept, nor is this */
		odd = g[F_PRIORITY] && g[F_PRIORITY]->vallen ?
			pix_intern(ix, g[F_PRIORITY]->val, g[F_PRIORITY]->vallen) : NO_REF;
		if (ix->full)
			return -1;
		pix_odd_prio(ix, p->id, odd);
	}
	return 0;
}

const char *pkgidx_priority(const struct pkgidx *ix, const struct pkg *p)
{
	size_t lo = 0, hi = ix->nodd;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->odd[mid].pkg == p->id)
			return ix->odd[mid].text == NO_REF ? NULL : pix_str(ix, ix->odd[mid].text);
		if (ix->odd[mid].pkg < p->id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return prios[p->prio].s;
}

const char *pkgidx_section(const struct pkgidx *ix, const struct pkg *p)
{
	return p->section ? pix_str(ix, p->section - 1) : NULL;
}

/* The new package becomes its name's candidate if its version is higher. */
static void candidate(struct pkgidx *ix, const struct pkg *p)
{
	struct name *nm = &ix->names[p->name_id];

	if (nm->cand) {
		const struct pkg *old = pix_pkg(ix, nm->cand - 1);

		if (debver_cmp(p->version, strlen(p->version), old->version,
			       strlen(old->version)) <= 0)
			return;
	}
	nm->cand = p->id + 1;
}

int pix_add_para(struct pkgidx *ix, const struct deb822_para *para, struct bb_err *e)
{
	const struct deb822_field *g[F_N] = { 0 };
	const struct deb822_field *a, *pk;
	const char *why = NULL;
	struct pkg *p;
	int r, pklen;

	for (unsigned i = 0; i < para->n; i++) {
		const struct deb822_field *f = &para->f[i];
		unsigned m = f->namelen < ARRAY_SIZE(ix->by_len) ? ix->by_len[f->namelen] : 0;

		for (; m; m &= m - 1) {
			int j = __builtin_ctz(m);

			if (!g[j] && !strncasecmp(f->name, fields[j].s, fields[j].len)) {
				g[j] = f;
				break;
			}
		}
	}
	a = g[F_ARCH];
	pk = g[F_PACKAGE];
	pklen = pk ? (int)(pk->vallen < 64 ? pk->vallen : 64) : 0; /* for messages */
	if (!a)
		return bb_err_set(e, 0, "%s:%u: no Architecture field", ix->feedname, para->line);
	if (!is(a, ix->arch, ix->archlen) && !is(a, "all", 3))
		return 0;
	if (ix->n >= 0xfffffffeu)
		return bb_err_set(e, 0, "%s:%u: too many packages", ix->feedname, para->line);
	p = next_pkg(ix);
	memset(p, 0, sizeof(*p));
	p->id = (unsigned)ix->n;
	if ((why = check(g, p)))
		return bb_err_set(e, 0, "%s:%u: %s%.*s%s%s", ix->feedname, para->line,
				  pk ? "package " : "", pklen, pk ? pk->val : "",
				  pk ? ": " : "", why);
	r = fill(ix, p, g, &why);
	if (r == -1 || ix->full)
		return bb_err_set(e, 0, "%s:%u: the index is too big", ix->feedname, para->line);
	if (r < 0)
		return bb_err_set(e, 0, "%s:%u: package %.*s: %s: %s", ix->feedname, para->line,
				  pklen, pk->val, fields[F_PREDEPENDS - 2 - r].s, why);
	candidate(ix, p);
	ix->n++;
	return 0;
}
