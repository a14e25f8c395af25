/* The resolver's checks on the closure (resolve_int.h): --exclude, which
 * drops packages and warns about each relation that leaves unsatisfied,
 * and Breaks/Conflicts between packages of the set (an error).
 */
#include <stdlib.h>
#include <string.h>

#include "resolve_int.h"

/* The excluded package that would satisfy the group, or NULL. */
static const struct pkg *culprit(const struct rs *r, unsigned rel, size_t i, size_t j,
		const unsigned char *gone)
{
	for (; i < j; i++) {
		struct pkg_atom a;
		const struct pkg *p;

		pkgidx_rel_atom(r->ix, rel, i, &a);
		if ((p = rs_sat_in(r, &a, gone)))
			return p;
	}
	return NULL;
}

/* Warn about each relation of p the exclusions leave unsatisfied. */
static void broken(struct rs *r, const struct pkg *p, const unsigned char *gone)
{
	static const unsigned kinds[] = { REL_PREDEPENDS, REL_DEPENDS };

	for (size_t k = 0; k < 2; k++) {
		unsigned rel = p->rel[kinds[k]];
		size_t n = pkgidx_rel_count(r->ix, rel);

		for (size_t i = 0, j; i < n; i = j) {
			const struct pkg *x;
			char g[300];

			j = rs_group_end(r, rel, i);
			if (rs_group_in_set(r, rel, i, j) || !(x = culprit(r, rel, i, j, gone)))
				continue;
			rs_group_text(r, rel, i, j, g, sizeof(g));
			rs_warn(r, "excluding %s breaks %s's %s: %s", x->name, p->name,
				rs_rel_name(kinds[k]), g);
		}
	}
}

void rs_exclude(struct rs *r, const char *const *ex)
{
	unsigned char *gone;
	const struct pkg **v;
	size_t n;

	if (!ex || !ex[0])
		return;
	gone = xzalloc(pkgidx_count(r->ix) ? pkgidx_count(r->ix) : 1);
	for (size_t i = 0; ex[i]; i++) {
		const struct pkg *p = pkgidx_find(r->ix, ex[i]);

		if (!p || !r->inset[p->id]) {
			rs_warn(r, "--exclude %s: %s", ex[i], p ? "not in the set" : "no such package");
			continue;
		}
		r->inset[p->id] = 0;
		gone[p->id] = 1;
	}
	v = rs_sorted(r, &n);
	for (size_t i = 0; i < n; i++)
		broken(r, v[i], gone);
	free(v);
	free(gone);
}

/* What in the set (other than p) a Breaks/Conflicts atom hits, or NULL. */
static const struct pkg *hits(const struct rs *r, const struct pkg *p, const struct pkg_atom *a)
{
	const struct pkg *c = pkgidx_cand(r->ix, a->name);

	if (c && c != p && r->inset[c->id] && rs_version_ok(c->version, a))
		return c;
	for (uint32_t i = r->prov_off[a->name]; i < r->prov_off[a->name + 1]; i++) {
		const struct pkg *q = pkgidx_at(r->ix, r->prov[i].pkg);

		/* an unversioned conflict hits every provider, a versioned one
		 * only a versioned Provides that satisfies it */
		if (q != p && r->inset[q->id] && rs_version_ok(r->prov[i].ver, a))
			return q;
	}
	return NULL;
}

int rs_conflicts(struct rs *r)
{
	static const unsigned kinds[] = { REL_CONFLICTS, REL_BREAKS };
	static const char *const verbs[] = { "Conflicts with", "Breaks" };
	const struct pkg **v;
	size_t n;
	int ret = 0;

	v = rs_sorted(r, &n);
	for (size_t i = 0; i < n && !ret; i++) {
		for (size_t k = 0; k < 2 && !ret; k++) {
			unsigned rel = v[i]->rel[kinds[k]];
			size_t m = pkgidx_rel_count(r->ix, rel);

			for (size_t j = 0; j < m && !ret; j++) {
				const struct pkg *q;
				struct pkg_atom a;
				char t[200];

				pkgidx_rel_atom(r->ix, rel, j, &a);
				if (!(q = hits(r, v[i], &a)))
					continue;
				pkgidx_atom_text(r->ix, &a, t, sizeof(t));
				ret = bb_err_set(r->e, 0, "%s %s %s %s (%s: %s)", v[i]->name,
						 verbs[k], q->name, q->version, rs_rel_name(kinds[k]), t);
			}
		}
	}
	free(v);
	return ret;
}
