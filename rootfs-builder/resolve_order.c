/* The configure order of a resolved set (resolve_int.h): dependencies
 * before the packages that need them.
 *
 * Each Pre-Depends or Depends group of a package gives an edge to the
 * package of the set that satisfies it (its first alternative that the
 * set satisfies). The strongly connected components of that graph
 * (Tarjan, packages and edges visited in name order) come out
 * dependencies first. Inside a cycle, the next package is the one with
 * the fewest Pre-Depends on packages of the cycle not yet placed, then
 * the fewest such Depends, then the first by name: with no pending edges
 * that is plain topological order, and Pre-Depends, which dpkg needs
 * configured before unpacking, are the last edges to be broken.
 */
#include <stdlib.h>
#include <string.h>

#include "resolve_int.h"

#define NONE 0xffffffffu

struct edge {
	uint32_t from, to, pre; /* pre: a Pre-Depends edge */
};

struct graph {
	size_t n, ne;
	struct edge *e;          /* sorted by from, to */
	size_t *first;           /* e[first[u] .. first[u + 1]) leave u */
};

static int by_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return (int)y->pre - (int)x->pre; /* the Pre-Depends one first */
}

/* The edges of package u (index in pkgs), appended to g->e. */
static void edges_of(const struct rs *r, const struct pkg *p, uint32_t u, const uint32_t *pos,
		struct graph *g, size_t *cap)
{
	static const unsigned kinds[] = { REL_PREDEPENDS, REL_DEPENDS };

	for (size_t k = 0; k < 2; k++) {
		unsigned rel = p->rel[kinds[k]];
		size_t n = pkgidx_rel_count(r->ix, rel);

		for (size_t i = 0; i < n; i++) {
			const struct pkg *s;
			struct pkg_atom a;

			pkgidx_rel_atom(r->ix, rel, i, &a);
			if (!(s = rs_sat_in_set(r, &a))) {
				continue; /* an excluded package's: the next alternative may do */
			}
			if (s != p) {
				if (g->ne == *cap) {
					*cap = *cap ? *cap * 2 : 256;
					g->e = xrealloc(g->e, *cap * sizeof(*g->e));
				}
				g->e[g->ne].from = u;
				g->e[g->ne].to = pos[s->id];
				g->e[g->ne].pre = kinds[k] == REL_PREDEPENDS;
				g->ne++;
			}
			i = rs_group_end(r, rel, i) - 1; /* the group is done */
		}
	}
}

static void build(const struct rs *r, const struct resolve_result *res, struct graph *g)
{
	uint32_t *pos = xmalloc((pkgidx_count(r->ix) + 1) * sizeof(*pos));
	size_t cap = 0, w = 0;

	memset(g, 0, sizeof(*g));
	g->n = res->n;
	for (size_t i = 0; i < res->n; i++)
		pos[res->pkgs[i]->id] = (uint32_t)i;
	for (size_t i = 0; i < res->n; i++)
		edges_of(r, res->pkgs[i], (uint32_t)i, pos, g, &cap);
	free(pos);
	if (g->ne)
		qsort(g->e, g->ne, sizeof(*g->e), by_edge);
	for (size_t i = 0; i < g->ne; i++) /* duplicates: the strongest stays */
		if (!w || g->e[w - 1].from != g->e[i].from || g->e[w - 1].to != g->e[i].to)
			g->e[w++] = g->e[i];
	g->ne = w;
	g->first = xzalloc((g->n + 1) * sizeof(*g->first));
	for (size_t i = 0; i < g->ne; i++)
		g->first[g->e[i].from + 1]++;
	for (size_t u = 0; u < g->n; u++)
		g->first[u + 1] += g->first[u];
}

/* How many edges from u to unplaced members of u's component: Pre-Depends
 * ones in *pre, others in *dep. */
static void pending(const struct graph *g, uint32_t u, const uint32_t *comp,
		const unsigned char *placed, size_t *pre, size_t *dep)
{
	*pre = *dep = 0;
	for (size_t i = g->first[u]; i < g->first[u + 1]; i++) {
		uint32_t v = g->e[i].to;

		if (comp[v] == comp[u] && !placed[v])
			++*(g->e[i].pre ? pre : dep);
	}
}

/* Place a component's members (m[0..k), ascending = by name). */
static void place_component(const struct graph *g, const uint32_t *m, size_t k,
		const uint32_t *comp, unsigned char *placed, const struct pkg **pkgs,
		const struct pkg **out, uint32_t *opos, size_t *nout)
{
	for (size_t left = k; left; left--) {
		size_t best = NONE, bpre = 0, bdep = 0;

		for (size_t i = 0; i < k; i++) {
			size_t pre, dep;

			if (placed[m[i]])
				continue;
			pending(g, m[i], comp, placed, &pre, &dep);
			if (best == NONE || pre < bpre || (pre == bpre && dep < bdep)) {
				best = i;
				bpre = pre;
				bdep = dep;
			}
		}
		placed[m[best]] = 1;
		opos[m[best]] = (uint32_t)*nout;
		out[(*nout)++] = pkgs[m[best]];
	}
}

struct tarjan {
	const struct graph *g;
	uint32_t *index, *low, *stack, *comp, *opos;
	unsigned char *on;
	size_t sp, next, ncomp;
	struct frame {
		uint32_t u;
		size_t ei;
	} *call;
};

static void visit(struct tarjan *t, uint32_t u)
{
	t->index[u] = t->low[u] = (uint32_t)t->next++;
	t->stack[t->sp++] = u;
	t->on[u] = 1;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* One depth-first search from root; components out as they close. */
static void strongconnect(struct tarjan *t, uint32_t root, const struct pkg **pkgs,
		unsigned char *placed, const struct pkg **out, size_t *nout)
{
	const struct graph *g = t->g;
	size_t depth = 0;

	visit(t, root);
	t->call[depth++] = (struct frame){ root, g->first[root] };
	while (depth) {
		struct frame *f = &t->call[depth - 1];
		uint32_t u = f->u;

		if (f->ei < g->first[u + 1]) {
			uint32_t v = g->e[f->ei++].to;

			if (t->index[v] == NONE) {
				visit(t, v);
				t->call[depth++] = (struct frame){ v, g->first[v] };
			} else if (t->on[v] && t->index[v] < t->low[u]) {
				t->low[u] = t->index[v];
			}
			continue;
		}
		depth--;
		if (depth && t->low[u] < t->low[t->call[depth - 1].u])
			t->low[t->call[depth - 1].u] = t->low[u];
		if (t->low[u] == t->index[u]) {
			size_t k = 0;
			uint32_t *m;

			do
				k++;
			while (t->stack[t->sp - k] != u);
			m = &t->stack[t->sp - k];
			for (size_t i = 0; i < k; i++) {
				t->on[m[i]] = 0;
				t->comp[m[i]] = (uint32_t)t->ncomp;
			}
			t->ncomp++;
			qsort(m, k, sizeof(*m), cmp_u32);
			place_component(g, m, k, t->comp, placed, pkgs, out, t->opos, nout);
			t->sp -= k;
		}
	}
}

/* The Essential packages and what they need (Pre-Depends, Depends,
 * through any depth) to the front of the order, the rest after them, each
 * part in the order it had: the closure holds only edges within itself,
 * so both parts keep dependencies first. res->n_base: its size. */
static void essential_first(const struct graph *g, struct resolve_result *res,
		const struct pkg **pkgs, uint32_t *opos)
{
	unsigned char *in = xzalloc(g->n + 1);
	uint32_t *stack = xmalloc((g->n + 1) * sizeof(*stack)), *at;
	const struct pkg **out = res->order;
	size_t sp = 0, k = 0;

	for (uint32_t u = 0; u < g->n; u++)
		if (pkgs[u]->essential && !in[u]) {
			in[u] = 1;
			stack[sp++] = u;
		}
	while (sp) {
		uint32_t u = stack[--sp];

		for (size_t i = g->first[u]; i < g->first[u + 1]; i++)
			if (!in[g->e[i].to]) {
				in[g->e[i].to] = 1;
				stack[sp++] = g->e[i].to;
			}
	}
	at = xmalloc((g->n + 1) * sizeof(*at));
	for (uint32_t u = 0; u < g->n; u++)
		at[opos[u]] = u;
	res->order = xmalloc((g->n + 1) * sizeof(*res->order));
	for (int part = 1; part >= 0; part--)
		for (size_t i = 0; i < g->n; i++)
			if (in[at[i]] == part) {
				opos[at[i]] = (uint32_t)k;
				res->order[k++] = out[i];
			}
	for (size_t i = 0; i < g->n; i++)
		res->n_base += in[i];
	free(out);
	free(at);
	free(stack);
	free(in);
}

/* res->need from the edges: those to packages placed earlier. */
static void needs(const struct graph *g, const uint32_t *opos, struct resolve_result *res)
{
	uint32_t *at = xmalloc((g->n + 1) * sizeof(*at));
	size_t k = 0;

	for (uint32_t u = 0; u < g->n; u++)
		at[opos[u]] = u;
	res->need = xmalloc((g->ne + 1) * sizeof(*res->need));
	res->need_first = xmalloc((g->n + 1) * sizeof(*res->need_first));
	for (size_t i = 0; i < g->n; i++) {
		uint32_t u = at[i];

		res->need_first[i] = k;
		for (size_t j = g->first[u]; j < g->first[u + 1]; j++)
			if (opos[g->e[j].to] < i)
				res->need[k++] = opos[g->e[j].to];
	}
	res->need_first[g->n] = k;
	free(at);
}

int rs_order(struct rs *r, struct resolve_result *res)
{
	size_t n = res->n, nout = 0;
	unsigned char *placed;
	struct tarjan t;
	struct graph g;

	build(r, res, &g);
	memset(&t, 0, sizeof(t));
	t.g = &g;
	t.index = xmalloc((n + 1) * sizeof(*t.index));
	t.low = xmalloc((n + 1) * sizeof(*t.low));
	t.stack = xmalloc((n + 1) * sizeof(*t.stack));
	t.comp = xmalloc((n + 1) * sizeof(*t.comp));
	t.call = xmalloc((n + 1) * sizeof(*t.call));
	t.opos = xmalloc((n + 1) * sizeof(*t.opos));
	t.on = xzalloc(n + 1);
	placed = xzalloc(n + 1);
	memset(t.index, 0xff, (n + 1) * sizeof(*t.index));
	memset(t.comp, 0xff, (n + 1) * sizeof(*t.comp));
	res->order = xmalloc((n + 1) * sizeof(*res->order));
	for (uint32_t u = 0; u < n; u++)
		if (t.index[u] == NONE)
			strongconnect(&t, u, res->pkgs, placed, res->order, &nout);
	essential_first(&g, res, res->pkgs, t.opos);
	needs(&g, t.opos, res);
	free(t.opos);
	free(t.index);
	free(t.low);
	free(t.stack);
	free(t.comp);
	free(t.call);
	free(t.on);
	free(placed);
	free(g.e);
	free(g.first);
	return 0;
}
