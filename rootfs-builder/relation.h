/* Relation fields (Depends, Pre-Depends, Provides, Breaks, Conflicts):
 * "a (>= 1) | b:any, c [amd64] <!nocheck>" read one alternative at a time,
 * without copying.
 */
#ifndef CTBOX_RELATION_H
#define CTBOX_RELATION_H

#include <stddef.h>

#include "debver.h"

struct rel_atom {
	const char *name, *ver, *qual, *archs; /* qual: after ':'; archs: inside [] */
	size_t namelen, verlen, quallen, archslen;
	enum debrel_op op;                      /* DEBREL_ANY without a version */
	int or_next;                            /* 1: the next atom is an alternative */
};

struct rel_iter {
	const char *p, *end;
};

void rel_init(struct rel_iter *it, const char *s, size_t len);
/* The next atom: 1, 0 at the end, -1 with *why for bad syntax. An atom
 * with or_next clear ends its group (the text had ',' or the end). */
int rel_next(struct rel_iter *it, struct rel_atom *a, const char **why);
/* Does an atom's "[arch list]" admit arch? (no list: yes) */
int rel_arch_ok(const struct rel_atom *a, const char *arch);
/* "<<", "<=" ... for messages; "" for DEBREL_ANY. */
const char *rel_op_str(enum debrel_op op);

#endif
