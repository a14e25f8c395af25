/* deb822: Debian's control-file format (Packages, Release, control,
 * status, apt's .sources), parsed without copying.
 *
 * A paragraph is a run of "Name: value" lines with continuation lines
 * (starting with a space or tab); paragraphs are separated by blank lines;
 * '#' lines are comments (deb822 sources files). Field values point into
 * the caller's buffer: the first line's text without its leading blanks,
 * continuation lines included raw (with their newlines), no trailing
 * newline or blanks. A field whose first line is empty ("SHA256:" in
 * Release files) starts at its first continuation line (its leading blank
 * included). Lines may end with "\r\n": the '\r' is dropped from a
 * value's end, not from inside a multi-line value. A line of blanks ends
 * a paragraph; a '#' line inside one ends the field before it.
 */
#ifndef CTBOX_DEB822_H
#define CTBOX_DEB822_H

#include <stddef.h>

#include "libbb.h"

struct deb822_field {
	const char *name, *val;
	size_t namelen, vallen;
};

#define DEB822_MAX_FIELDS 64

struct deb822_para {
	struct deb822_field f[DEB822_MAX_FIELDS];
	unsigned n;
	unsigned line; /* line number of its first line, for messages */
	const char *start, *end; /* the paragraph's text */
};

struct deb822 {
	const char *p, *end;
	unsigned line;
	const char *name; /* for messages */
};

void deb822_init(struct deb822 *d, const char *buf, size_t len, const char *name);
/* The next paragraph: 1, 0 at the end, -1 with e ("NAME:LINE: why") for a
 * malformed line or more than DEB822_MAX_FIELDS fields. */
int deb822_next(struct deb822 *d, struct deb822_para *p, struct bb_err *e);
/* A field by name (case-insensitive), or NULL. */
const struct deb822_field *deb822_get(const struct deb822_para *p, const char *name);
/* A field's value as a malloc'd string, or NULL when absent. */
char *deb822_dup(const struct deb822_para *p, const char *name);

#endif
