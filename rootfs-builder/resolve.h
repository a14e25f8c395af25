/* The resolver: which packages a variant plus --include/--exclude needs,
 * and in which order to configure them.
 *
 * Variants as debootstrap and mmdebstrap define them:
 *   essential  Essential: yes
 *   required   Priority: required (and Essential: yes)
 *   minbase    required + apt (debootstrap's minbase)
 *   apt        essential + apt (mmdebstrap's apt)
 *   important  required + Priority: important (debootstrap's default)
 *   standard   important + Priority: standard
 * then the closure over Depends and Pre-Depends: versioned relations,
 * Provides and virtual packages, Multi-Arch (:any, foreign, allowed),
 * Breaks/Conflicts checked on the result. --exclude removes packages
 * after the closure and reports (as warnings) what they leave unsatisfied.
 *
 * Choices (resolve.c): only each name's candidate (highest version)
 * counts. A group the set already satisfies needs nothing; a group without
 * a choice (one atom, one package satisfying it) adds that package at
 * once; groups with a choice wait until nothing else is left to add, so
 * an alternative the set gets anyway wins; then the first waiting group
 * still open takes its first alternative that exists and satisfies: its
 * real package, else its best provider (Essential, then the higher
 * Priority, then the name). "usrmerge" is taken only when nothing else in
 * its group can be: it converts a live system to merged /usr, which a new
 * tree does not need (debootstrap excludes it too and installs
 * usr-is-merged). For bookworm amd64 this gives debootstrap's minbase and
 * default sets exactly, and mmdebstrap's sets but for usrmerge.
 *
 * Order (resolve_order.c): each group gives an edge to the package of the
 * set satisfying it; strongly connected components come out dependencies
 * first (packages and edges visited by name); inside a cycle the next
 * package is the one with the fewest Pre-Depends, then Depends, on
 * unplaced members of the cycle, then the first by name. Then the
 * Essential packages with everything they need move to the front, as
 * mmdebstrap installs that set first: packages need not declare their
 * dependency on an Essential package, so their scripts may count on the
 * whole set being configured.
 */
#ifndef CTBOX_RESOLVE_H
#define CTBOX_RESOLVE_H

#include <stdint.h>

#include "pkgidx.h"

enum rb_variant { VAR_ESSENTIAL, VAR_REQUIRED, VAR_MINBASE, VAR_APT, VAR_IMPORTANT, VAR_STANDARD };

/* "minbase" -> VAR_MINBASE; -1 for an unknown name. */
int rb_variant_parse(const char *s);
const char *rb_variant_name(enum rb_variant v);

struct resolve_req {
	enum rb_variant variant;
	const char *const *include; /* NULL-terminated names, or NULL */
	const char *const *exclude;
};

struct resolve_result {
	const struct pkg **pkgs;   /* the set, sorted by name */
	size_t n;
	const struct pkg **order;  /* configure order: dependencies first
				      (Pre-Depends before Depends), cycles
				      broken deterministically */
	uint32_t *need;            /* order[i] needs order[need[j]] configured
				      first, for need_first[i] <= j <
				      need_first[i + 1]: its dependencies
				      placed before it (a cycle's edge back
				      is left out) */
	size_t *need_first;
	size_t n_base;             /* order[0 .. n_base): the Essential
				      packages and all they need, first (the
				      others may count on them configured, as
				      policy says) */
	char **warnings;           /* NULL-terminated, messages for the user */
	unsigned long long bytes;  /* sum of the .deb sizes */
};

/* Returns 0, or -1 with e naming the package and the relation that cannot
 * be satisfied ("PKG: Depends: libfoo (>= 2): no such package",
 * "... only version 1.0 is available", "PKG Conflicts with OTHER"). */
int resolve(const struct pkgidx *ix, const struct resolve_req *rq,
		struct resolve_result *res, struct bb_err *e);
void resolve_result_free(struct resolve_result *res);

#endif
