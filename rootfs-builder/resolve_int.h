/* What the resolver's files share (resolve.c, resolve_check.c,
 * resolve_order.c); not for other users. */
#ifndef CTBOX_RESOLVE_INT_H
#define CTBOX_RESOLVE_INT_H

#include <stdint.h>

#include "resolve.h"

struct rs_prov {
	uint32_t pkg;        /* a candidate that provides the name */
	const char *ver;     /* the version it provides ("= V"), or NULL */
};

struct rs_defer {
	uint32_t pkg, kind, at; /* a group with a choice: p->rel[kind] from atom at */
};

struct rs {
	const struct pkgidx *ix;
	const char *arch;
	const char *const *include;
	struct bb_err *e;
	unsigned char *inset;    /* by package id */
	uint32_t *queue;         /* added packages, in order; expanded up to qhead */
	size_t qhead, qtail;
	struct rs_defer *def;
	size_t ndef, capdef;
	uint32_t *prov_off;      /* by name id: prov[prov_off[id] .. prov_off[id + 1]) */
	struct rs_prov *prov;
	char **warn;             /* NULL-terminated */
	size_t nwarn;
};

const char *rs_rel_name(enum pkg_rel k);
/* The atoms of the group of rel starting at atom i end before the result. */
size_t rs_group_end(const struct rs *r, unsigned rel, size_t i);
/* a's real package if it satisfies a (version, architecture), else NULL. */
const struct pkg *rs_real(const struct rs *r, const struct pkg_atom *a);
/* What in the set satisfies a (its real package, else the provider first
 * by name), or NULL. */
const struct pkg *rs_sat_in_set(const struct rs *r, const struct pkg_atom *a);
/* The same against another set (by package id). */
const struct pkg *rs_sat_in(const struct rs *r, const struct pkg_atom *a,
		const unsigned char *set);
/* Does version v (NULL: none) satisfy a's version relation? */
int rs_version_ok(const char *v, const struct pkg_atom *a);
/* The packages of the set, sorted by name (malloc'd; *n set). */
const struct pkg **rs_sorted(const struct rs *r, size_t *n);
int rs_group_in_set(const struct rs *r, unsigned rel, size_t i, size_t j);
void rs_group_text(const struct rs *r, unsigned rel, size_t i, size_t j, char *buf, size_t n);
/* Is name on --include? */
int rs_wanted(const struct rs *r, const char *name);
void rs_warn(struct rs *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* resolve_check.c: --exclude (warnings), then Breaks/Conflicts (-1 with e). */
void rs_exclude(struct rs *r, const char *const *exclude);
int rs_conflicts(struct rs *r);
/* resolve_order.c: res->order from res->pkgs. */
int rs_order(struct rs *r, struct resolve_result *res);

#endif
