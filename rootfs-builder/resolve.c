/* The resolver (resolve.h, whose comment states the rules): the variant's
 * packages, their closure over Pre-Depends and Depends, then --exclude
 * and Breaks/Conflicts (resolve_check.c) and the configure order
 * (resolve_order.c).
 *
 * The closure: a queue of added packages, each expanded once; groups with
 * a choice wait in def[] until the queue is empty, then the first still
 * open picks and the queue runs again. never_pick[]: names taken only as
 * a group's last resort (usrmerge: see resolve.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resolve.h"
#include "resolve_int.h"

static const char *const never_pick[] = { "usrmerge" };

static const char *const variants[] = {
	[VAR_ESSENTIAL] = "essential", [VAR_REQUIRED] = "required", [VAR_MINBASE] = "minbase",
	[VAR_APT] = "apt", [VAR_IMPORTANT] = "important", [VAR_STANDARD] = "standard",
};

static const char *const rel_names[REL_N] = {
	[REL_PREDEPENDS] = "Pre-Depends", [REL_DEPENDS] = "Depends", [REL_PROVIDES] = "Provides",
	[REL_BREAKS] = "Breaks", [REL_CONFLICTS] = "Conflicts",
};

int rb_variant_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		if (!strcmp(s, variants[i]))
			return (int)i;
	return -1;
}

const char *rb_variant_name(enum rb_variant v)
{
	return (unsigned)v < sizeof(variants) / sizeof(variants[0]) ? variants[v] : "?";
}

const char *rs_rel_name(enum pkg_rel k)
{
	return rel_names[k];
}

/* ---- relations against the index and the set ---- */

size_t rs_group_end(const struct rs *r, unsigned rel, size_t i)
{
	size_t n = pkgidx_rel_count(r->ix, rel);
	struct pkg_atom a;

	do
		pkgidx_rel_atom(r->ix, rel, i++, &a);
	while (a.or_next && i < n);
	return i;
}

/* May p satisfy a's architecture qualifier? (single-architecture: every
 * package is native or "all", as an unqualified relation wants). */
static int arch_ok(const struct rs *r, const struct pkg *p, const struct pkg_atom *a)
{
	if (!a->qual || !strcmp(a->qual, "native") || !strcmp(a->qual, r->arch))
		return 1;
	if (!strcmp(a->qual, "any"))
		return p->ma == MA_ALLOWED || p->ma == MA_FOREIGN;
	return p->ma == MA_FOREIGN; /* another architecture */
}

int rs_version_ok(const char *v, const struct pkg_atom *a)
{
	if (a->op == DEBREL_ANY)
		return 1;
	return v && debver_satisfies(v, strlen(v), a->op, a->version, strlen(a->version));
}

/* a's real package if it satisfies a, else NULL. */
const struct pkg *rs_real(const struct rs *r, const struct pkg_atom *a)
{
	const struct pkg *c = pkgidx_cand(r->ix, a->name);

	return c && rs_version_ok(c->version, a) && arch_ok(r, c, a) ? c : NULL;
}

/* Does provider i of a's name satisfy a? */
static int prov_ok(const struct rs *r, size_t i, const struct pkg_atom *a)
{
	return rs_version_ok(r->prov[i].ver, a) && arch_ok(r, pkgidx_at(r->ix, r->prov[i].pkg), a);
}

const struct pkg *rs_sat_in(const struct rs *r, const struct pkg_atom *a,
		const unsigned char *set)
{
	const struct pkg *c = rs_real(r, a);
	const struct pkg *best = NULL;

	if (c && set[c->id])
		return c;
	for (uint32_t i = r->prov_off[a->name]; i < r->prov_off[a->name + 1]; i++) {
		const struct pkg *p = pkgidx_at(r->ix, r->prov[i].pkg);

		if (set[p->id] && prov_ok(r, i, a) && (!best || strcmp(p->name, best->name) < 0))
			best = p;
	}
	return best;
}

const struct pkg *rs_sat_in_set(const struct rs *r, const struct pkg_atom *a)
{
	return rs_sat_in(r, a, r->inset);
}

int rs_group_in_set(const struct rs *r, unsigned rel, size_t i, size_t j)
{
	for (; i < j; i++) {
		struct pkg_atom a;

		pkgidx_rel_atom(r->ix, rel, i, &a);
		if (rs_sat_in_set(r, &a))
			return 1;
	}
	return 0;
}

/* Is p a better provider than q? Essential, then Priority, then name. */
static int better(const struct pkg *p, const struct pkg *q)
{
	if (p->essential != q->essential)
		return p->essential;
	if (p->prio != q->prio)
		return p->prio > q->prio;
	return strcmp(p->name, q->name) < 0;
}

/* The best provider satisfying a (NULL: none); *count: how many do. */
static const struct pkg *best_provider(const struct rs *r, const struct pkg_atom *a,
		unsigned *count)
{
	const struct pkg *best = NULL;

	*count = 0;
	for (uint32_t i = r->prov_off[a->name]; i < r->prov_off[a->name + 1]; i++) {
		const struct pkg *p = pkgidx_at(r->ix, r->prov[i].pkg);

		if (!prov_ok(r, i, a))
			continue;
		++*count;
		if (!best || better(p, best))
			best = p;
	}
	return best;
}

/* What satisfies atom a if added: its real package, else its best provider. */
static const struct pkg *pick_atom(const struct rs *r, const struct pkg_atom *a, unsigned *count)
{
	const struct pkg *c = rs_real(r, a);

	if (c) {
		*count = 1;
		return c;
	}
	return best_provider(r, a, count);
}

static int never(const struct rs *r, unsigned name)
{
	const char *s = pkgidx_name(r->ix, name);

	for (size_t i = 0; i < sizeof(never_pick) / sizeof(never_pick[0]); i++)
		if (!strcmp(s, never_pick[i]) && !rs_wanted(r, s))
			return 1;
	return 0;
}

/* The package a group takes: the first alternative that exists and
 * satisfies, never_pick[] ones last. */
static const struct pkg *pick_group(const struct rs *r, unsigned rel, size_t i, size_t j)
{
	const struct pkg *fallback = NULL;

	for (; i < j; i++) {
		struct pkg_atom a;
		const struct pkg *p;
		unsigned n;

		pkgidx_rel_atom(r->ix, rel, i, &a);
		if (!(p = pick_atom(r, &a, &n)))
			continue;
		if (!never(r, a.name))
			return p;
		if (!fallback)
			fallback = p;
	}
	return fallback;
}

/* Without a choice: one atom, one package satisfying it. */
static int no_choice(const struct rs *r, unsigned rel, size_t i, size_t j)
{
	struct pkg_atom a;
	unsigned n;

	if (j - i != 1)
		return 0;
	pkgidx_rel_atom(r->ix, rel, i, &a);
	return pick_atom(r, &a, &n) && n == 1;
}

/* "a (>= 1) | b" into buf. */
void rs_group_text(const struct rs *r, unsigned rel, size_t i, size_t j, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (; i < j && len + 1 < n; i++) {
		struct pkg_atom a;

		pkgidx_rel_atom(r->ix, rel, i, &a);
		if (len)
			len += (size_t)snprintf(buf + len, n - len, " | ");
		if (len + 1 < n)
			pkgidx_atom_text(r->ix, &a, buf + len, n - len);
		len = strlen(buf);
	}
}

/* Why nothing satisfies a group's first atom, for the message. */
static void why_not(const struct rs *r, unsigned rel, size_t i, size_t j, char *buf, size_t n)
{
	struct pkg_atom a;
	const struct pkg *c;

	pkgidx_rel_atom(r->ix, rel, i, &a);
	c = pkgidx_cand(r->ix, a.name);
	if (j - i > 1)
		snprintf(buf, n, "none of the alternatives is available");
	else if (c && !rs_version_ok(c->version, &a))
		snprintf(buf, n, "only version %s is available", c->version);
	else if (c)
		snprintf(buf, n, "%s is not Multi-Arch: %s", c->name,
			 a.qual && !strcmp(a.qual, "any") ? "allowed" : "foreign");
	else if (r->prov_off[a.name] < r->prov_off[a.name + 1])
		snprintf(buf, n, "no provider satisfies it");
	else
		snprintf(buf, n, "no such package");
}

/* ---- the closure ---- */

static void add(struct rs *r, const struct pkg *p)
{
	if (r->inset[p->id])
		return;
	r->inset[p->id] = 1;
	r->queue[r->qtail++] = p->id;
}

static void defer(struct rs *r, const struct pkg *p, unsigned kind, size_t i)
{
	if (r->ndef == r->capdef) {
		r->capdef = r->capdef ? r->capdef * 2 : 64;
		r->def = xrealloc(r->def, r->capdef * sizeof(*r->def));
	}
	r->def[r->ndef].pkg = p->id;
	r->def[r->ndef].kind = kind;
	r->def[r->ndef].at = (uint32_t)i;
	r->ndef++;
}

static int unsat(struct rs *r, const struct pkg *p, unsigned kind, size_t i, size_t j)
{
	char g[300], why[200];

	rs_group_text(r, p->rel[kind], i, j, g, sizeof(g));
	why_not(r, p->rel[kind], i, j, why, sizeof(why));
	return bb_err_set(r->e, 0, "%s: %s: %s: %s", p->name, rel_names[kind], g, why);
}

/* One package's Pre-Depends and Depends. */
static int expand(struct rs *r, const struct pkg *p)
{
	static const unsigned kinds[] = { REL_PREDEPENDS, REL_DEPENDS };

	for (size_t k = 0; k < 2; k++) {
		unsigned rel = p->rel[kinds[k]];
		size_t n = pkgidx_rel_count(r->ix, rel);

		for (size_t i = 0, j; i < n; i = j) {
			j = rs_group_end(r, rel, i);
			if (rs_group_in_set(r, rel, i, j))
				continue;
			if (!pick_group(r, rel, i, j))
				return unsat(r, p, kinds[k], i, j);
			if (no_choice(r, rel, i, j))
				add(r, pick_group(r, rel, i, j));
			else
				defer(r, p, kinds[k], i);
		}
	}
	return 0;
}

static int closure(struct rs *r)
{
	size_t d = 0;

	for (;;) {
		while (r->qhead < r->qtail)
			if (expand(r, pkgidx_at(r->ix, r->queue[r->qhead++])) < 0)
				return -1;
		/* the first waiting group still open takes its pick */
		for (; d < r->ndef; d++) {
			const struct pkg *p = pkgidx_at(r->ix, r->def[d].pkg);
			unsigned rel = p->rel[r->def[d].kind];
			size_t i = r->def[d].at, j = rs_group_end(r, rel, i);

			if (!rs_group_in_set(r, rel, i, j)) {
				add(r, pick_group(r, rel, i, j));
				break;
			}
		}
		if (d >= r->ndef)
			return 0;
	}
}

/* ---- seeds ---- */

static int seed_ok(const struct pkg *p, enum rb_variant v)
{
	switch (v) {
	case VAR_ESSENTIAL:
	case VAR_APT:
		return p->essential;
	case VAR_REQUIRED:
	case VAR_MINBASE:
		return p->essential || p->prio >= PRIO_REQUIRED;
	case VAR_IMPORTANT:
		return p->essential || p->prio >= PRIO_IMPORTANT;
	case VAR_STANDARD:
		return p->essential || p->prio >= PRIO_STANDARD;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	const struct pkg *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* One wanted name: its package, or its best provider. */
static int want(struct rs *r, const char *name, const char *what)
{
	struct pkg_atom a;
	const struct pkg *p = NULL;
	unsigned n;

	memset(&a, 0, sizeof(a));
	if (pkgidx_name_id(r->ix, name, strlen(name), &a.name) == 0)
		p = pick_atom(r, &a, &n);
	if (!p)
		return bb_err_set(r->e, 0, "%s: %s: no such package", what, name);
	add(r, p);
	return 0;
}

static int seed(struct rs *r, const struct resolve_req *rq)
{
	size_t n = 0, m = pkgidx_names(r->ix);
	const struct pkg **s = xmalloc((m ? m : 1) * sizeof(*s));
	int ret = 0;

	for (unsigned id = 0; id < m; id++) {
		const struct pkg *p = pkgidx_cand(r->ix, id);

		if (p && seed_ok(p, rq->variant))
			s[n++] = p;
	}
	qsort(s, n, sizeof(*s), by_name);
	for (size_t i = 0; i < n; i++)
		add(r, s[i]);
	free(s);
	if (rq->variant == VAR_MINBASE || rq->variant == VAR_APT)
		ret = want(r, "apt", rb_variant_name(rq->variant));
	for (size_t i = 0; !ret && rq->include && rq->include[i]; i++)
		ret = want(r, rq->include[i], "--include");
	return ret;
}

int rs_wanted(const struct rs *r, const char *name)
{
	for (size_t i = 0; r->include && r->include[i]; i++)
		if (!strcmp(r->include[i], name))
			return 1;
	return 0;
}

/* ---- providers ---- */

/* Who provides each name: candidates only, as a table by name id. */
static void providers(struct rs *r)
{
	size_t m = pkgidx_names(r->ix), n = pkgidx_count(r->ix), total = 0;
	uint32_t *fill;

	r->prov_off = xzalloc((m + 2) * sizeof(*r->prov_off));
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct pkg *p = pkgidx_at(r->ix, i);
			unsigned rel = p->rel[REL_PROVIDES];
			size_t k = pkgidx_rel_count(r->ix, rel);

			if (!k || pkgidx_cand(r->ix, p->name_id) != p)
				continue;
			for (size_t j = 0; j < k; j++) {
				struct pkg_atom a;

				pkgidx_rel_atom(r->ix, rel, j, &a);
				if (!pass) {
					r->prov_off[a.name + 2]++;
					continue;
				}
				fill = &r->prov_off[a.name + 1];
				r->prov[*fill].pkg = p->id;
				r->prov[*fill].ver = a.op == DEBREL_EQ ? a.version : NULL;
				++*fill;
			}
		}
		if (pass)
			break;
		/* prov_off[id + 2] counts -> prov_off[id + 1] starts */
		for (size_t id = 0; id < m; id++)
			r->prov_off[id + 2] += r->prov_off[id + 1];
		total = r->prov_off[m + 1];
		r->prov = xmalloc((total ? total : 1) * sizeof(*r->prov));
	}
	/* filling moved each start to the next one's: prov_off[id] starts id */
}

/* ---- result ---- */

void rs_warn(struct rs *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	r->warn = xrealloc(r->warn, (r->nwarn + 2) * sizeof(*r->warn));
	r->warn[r->nwarn++] = s;
	r->warn[r->nwarn] = NULL;
}

static void rs_free(struct rs *r)
{
	free(r->inset);
	free(r->queue);
	free(r->def);
	free(r->prov_off);
	free(r->prov);
	if (r->warn)
		for (size_t i = 0; r->warn[i]; i++)
			free(r->warn[i]);
	free(r->warn);
}

const struct pkg **rs_sorted(const struct rs *r, size_t *n)
{
	const struct pkg **v = xmalloc((r->qtail ? r->qtail : 1) * sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < r->qtail; i++)
		if (r->inset[r->queue[i]])
			v[(*n)++] = pkgidx_at(r->ix, r->queue[i]);
	qsort(v, *n, sizeof(*v), by_name);
	return v;
}

static void result(struct rs *r, struct resolve_result *res)
{
	res->pkgs = rs_sorted(r, &res->n);
	res->bytes = 0;
	for (size_t i = 0; i < res->n; i++)
		res->bytes += res->pkgs[i]->size;
}

int resolve(const struct pkgidx *ix, const struct resolve_req *rq,
		struct resolve_result *res, struct bb_err *e)
{
	size_t n = pkgidx_count(ix);
	struct rs r;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	if ((unsigned)rq->variant > VAR_STANDARD)
		return bb_err_set(e, 0, "resolve: unknown variant %d", (int)rq->variant);
	r.ix = ix;
	r.arch = pkgidx_arch(ix);
	r.e = e;
	r.include = rq->include;
	r.inset = xzalloc(n ? n : 1);
	r.queue = xmalloc((n ? n : 1) * sizeof(*r.queue));
	providers(&r);
	if (seed(&r, rq) < 0 || closure(&r) < 0)
		goto fail;
	rs_exclude(&r, rq->exclude);
	if (rs_conflicts(&r) < 0)
		goto fail;
	result(&r, res);
	if (rs_order(&r, res) < 0)
		goto fail;
	res->warnings = r.warn ? r.warn : xzalloc(sizeof(char *));
	r.warn = NULL;
	rs_free(&r);
	return 0;
fail:
	rs_free(&r);
	resolve_result_free(res);
	return -1;
}

void resolve_result_free(struct resolve_result *res)
{
	free(res->pkgs);
	free(res->order);
	free(res->need);
	free(res->need_first);
	if (res->warnings)
		for (size_t i = 0; res->warnings[i]; i++)
			free(res->warnings[i]);
	free(res->warnings);
	memset(res, 0, sizeof(*res));
}
