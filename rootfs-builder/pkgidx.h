/* The package index: what a Packages file says, kept compactly for the
 * resolver (the bookworm amd64 main index is about 63k stanzas and 45-50
 * MB of text; the index keeps only the fields below, in under 20 MB).
 *
 * Text is fed in chunks of any size (straight from the xz or gzip
 * decoder), so the whole Packages file is never held in memory. Several
 * Packages files (components) may be fed one after another.
 *
 * Relation fields (Depends and friends) are kept parsed: every distinct
 * atom ("libc6 (>= 2.34)", "perl:any") once, every distinct field once as
 * a list of atoms; pkg->rel[] holds handles to them. Keeping them as text
 * took 8 MB of the budget. Names (of packages and of what relations
 * mention: virtual packages) are numbered: name ids.
 */
#ifndef CTBOX_PKGIDX_H
#define CTBOX_PKGIDX_H

#include <stddef.h>

#include "debver.h"
#include "libbb.h"

enum pkg_prio { PRIO_EXTRA, PRIO_OPTIONAL, PRIO_STANDARD, PRIO_IMPORTANT, PRIO_REQUIRED };
enum pkg_ma { MA_NO, MA_SAME, MA_FOREIGN, MA_ALLOWED };

enum pkg_rel { REL_PREDEPENDS, REL_DEPENDS, REL_PROVIDES, REL_BREAKS, REL_CONFLICTS, REL_N };

struct pkg {
	const char *name, *version, *arch; /* arch: the native one or "all" */
	const char *filename;              /* path under the mirror's root */
	unsigned char sha256[32];
	unsigned long long size;
	unsigned rel[REL_N];               /* relation fields: handles for
					      pkgidx_rel_*(), 0 when absent */
	enum pkg_prio prio : 4;            /* (widths that hold the values */
	enum pkg_ma ma : 3;                /* even where enums are signed) */
	unsigned essential : 1;
	unsigned name_id : 24;             /* see pkgidx_name() */
	unsigned id;                       /* index in pkgidx_at() */
	unsigned section;                  /* see pkgidx_section() (in what
					      was padding) */
};

/* One alternative of a relation field. */
struct pkg_atom {
	unsigned name;        /* name id */
	enum debrel_op op;
	const char *version;  /* NULL with DEBREL_ANY */
	const char *qual;     /* the architecture qualifier ("any" of "perl:any"), or NULL */
	int or_next;          /* the next atom is an alternative of this one */
};

struct pkgidx;

/* arch: the native architecture (packages for it and for "all" are kept). */
struct pkgidx *pkgidx_new(const char *arch);
void pkgidx_free(struct pkgidx *ix);
/* name: the index's name for messages ("main/binary-amd64/Packages"). */
int pkgidx_begin(struct pkgidx *ix, const char *name, struct bb_err *e);
int pkgidx_feed(struct pkgidx *ix, const char *buf, size_t len, struct bb_err *e);
/* End of one Packages file (a last paragraph without a blank line ends
 * here). A stanza without Package, Version, Filename, Size or a valid
 * SHA256 is an error naming its line. */
int pkgidx_end(struct pkgidx *ix, struct bb_err *e);

size_t pkgidx_count(const struct pkgidx *ix);
const struct pkg *pkgidx_at(const struct pkgidx *ix, size_t i);
/* The candidate for a name: the highest version (NULL if none). */
const struct pkg *pkgidx_find(const struct pkgidx *ix, const char *name);
/* pkgidx_find for a name that is not NUL-terminated. */
const struct pkg *pkgidx_findn(const struct pkgidx *ix, const char *name, size_t len);
/* The native architecture given to pkgidx_new. */
const char *pkgidx_arch(const struct pkgidx *ix);

/* The Priority and Section the index gives p, as dpkg writes them
 * (Priority's known words in lowercase, others as they came): the
 * archive's override, which may differ from the package's control file.
 * NULL where the stanza had none. */
const char *pkgidx_priority(const struct pkgidx *ix, const struct pkg *p);
const char *pkgidx_section(const struct pkgidx *ix, const struct pkg *p);

/* Names: ids 0 .. pkgidx_names()-1. */
size_t pkgidx_names(const struct pkgidx *ix);
const char *pkgidx_name(const struct pkgidx *ix, unsigned id);
/* The candidate (highest version) named id; NULL for a purely virtual name. */
const struct pkg *pkgidx_cand(const struct pkgidx *ix, unsigned id);
/* A name's id: 0, or -1 when no package or relation mentions it. */
int pkgidx_name_id(const struct pkgidx *ix, const char *name, size_t len, unsigned *id);

/* A relation field (a handle from pkg->rel[]): how many atoms, atom i,
 * and its text as dpkg writes it ("a (>= 1) | b, c:any", malloc'd; NULL
 * for handle 0). Atoms with an architecture list ("[amd64]") that
 * excludes the native architecture were dropped when indexing. */
size_t pkgidx_rel_count(const struct pkgidx *ix, unsigned rel);
void pkgidx_rel_atom(const struct pkgidx *ix, unsigned rel, size_t i, struct pkg_atom *a);
char *pkgidx_rel_text(const struct pkgidx *ix, unsigned rel);
/* One atom as text ("libc6 (>= 2.34)"), into buf (truncated to n). */
void pkgidx_atom_text(const struct pkgidx *ix, const struct pkg_atom *a, char *buf, size_t n);
/* Bytes the index holds (for the memory budget). */
size_t pkgidx_bytes(const struct pkgidx *ix);

#endif
