/* Debian version numbers: [epoch:]upstream[-revision], compared as dpkg
 * does (epochs, '~' sorting before everything, letters before non-letters,
 * digit runs numerically). */
#ifndef CTBOX_DEBVER_H
#define CTBOX_DEBVER_H

#include <stddef.h>

/* <0, 0, >0 like strcmp. Lengths allow comparing unterminated slices. */
int debver_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* 1 when the syntax is valid (dpkg's rules), else 0 with *why set. */
int debver_valid(const char *v, size_t len, const char **why);

/* Relation operators of Depends and friends. */
enum debrel_op { DEBREL_ANY, DEBREL_LT, DEBREL_LE, DEBREL_EQ, DEBREL_GE, DEBREL_GT };
/* Does version v satisfy "op want"? */
int debver_satisfies(const char *v, size_t vlen, enum debrel_op op,
		const char *want, size_t wantlen);

#endif
