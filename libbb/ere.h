/* POSIX extended regular expressions, as ls, monitor and top filter
 * container names with them (LXC: regcomp with REG_EXTENDED | REG_NOSUB):
 * whether a string matches, nothing more. Byte-wise, in the C locale;
 * glibc's answers for what POSIX leaves open (a ')' with no '(' is a
 * literal, a repetition with nothing before it an error). Linear time: a
 * compiled program run on all its threads at once. */
#ifndef CTBOX_ERE_H
#define CTBOX_ERE_H

#include "libbb.h"

struct bb_re {
	struct ere_inst *prog;
	unsigned char (*sets)[32]; /* the bytes each SET instruction takes */
	int n;
};

/* Compile pattern; on error, e says what is wrong ("unmatched '('" ...). */
int bb_re_compile(struct bb_re *re, const char *pattern, struct bb_err *e);
/* 1 when some part of s matches, else 0. */
int bb_re_match(const struct bb_re *re, const char *s);
void bb_re_free(struct bb_re *re);

#endif
