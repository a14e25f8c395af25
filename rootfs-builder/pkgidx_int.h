/* The package index's insides, shared by pkgidx.c (feeding, the API),
 * pkgidx_stanza.c (one Packages stanza) and pkgidx_store.c (strings,
 * names, atoms and relation fields, kept once each). Not for other users.
 *
 * Memory:
 *  - packages in blocks of PKG_BLOCK (pointers stay valid while more is fed);
 *  - strings (names, versions, file names, qualifiers) in ARENA_BLOCK
 *    blocks, referenced by 32-bit handles (block << ARENA_SHIFT | offset);
 *  - names numbered (struct name: its string and candidate);
 *  - relation atoms (name id, operator, version, qualifier) each once;
 *  - relation fields as runs in pool[]: a count, then atom ids (the top
 *    bit: "the next one is an alternative"), each distinct run once;
 *  - Section interned (pkg->section: its handle + 1); the Priority
 *    text only where the enum cannot say it (no field, or a word dpkg
 *    would keep as it came), in odd[] by package index;
 *  - hash tables of 8-byte slots (value, hash) for the interning. The ones only needed
 *    while feeding (atoms, runs) are dropped by pkgidx_end and rebuilt by
 *    the next pkgidx_begin; the strings' one stays (rebuilding it would
 *    take a handle per version, which struct pkg does not keep).
 */
#ifndef CTBOX_PKGIDX_INT_H
#define CTBOX_PKGIDX_INT_H

#include <stdint.h>

#include "deb822.h"
#include "pkgidx.h"

#define PKG_BLOCK 1024
#define ARENA_SHIFT 18
#define ARENA_BLOCK (1u << ARENA_SHIFT)
#define ARENA_BIG (ARENA_BLOCK / 16)   /* bigger strings get a block of their own */
#define ARENA_MAXBLOCKS (1u << (32 - ARENA_SHIFT))
#define PARA_MAX (1u << 20)            /* an unfinished paragraph longer than this is hostile */
#define NAMES_MAX (1u << 24)           /* struct pkg's name_id */
#define ATOMS_MAX (1u << 31)           /* the top bit of a pool entry is taken */
#define OP_SHIFT 29                    /* struct atom: name | op << OP_SHIFT */
#define OR_NEXT 0x80000000u
#define NO_REF 0xffffffffu

struct arena {
	char **blk;
	size_t nblk, capblk, used, bytes; /* used: of the shared block */
	uint32_t cur;                     /* the shared block being filled */
};

struct name {
	uint32_t str;   /* arena handle */
	uint32_t cand;  /* index + 1 of the highest version, 0: virtual */
};

struct atom {
	uint32_t name_op, ver, qual; /* ver: arena handle or NO_REF; qual: handle + 1 or 0 */
};

/* A package whose Priority the enum cannot say. */
struct odd_prio {
	uint32_t pkg;   /* its index */
	uint32_t text;  /* arena handle, NO_REF: no Priority field */
};

/* Open addressing, power-of-two sizes; a slot holds value + 1 (0: empty)
 * and its key's hash. */
struct table {
	struct { uint32_t v, h; } *slot;
	size_t cap, n;
};

struct pkgidx {
	char *arch;
	size_t archlen;
	struct pkg **blk;
	size_t n, capblk;
	struct name *names;
	size_t nnames, capnames;
	struct atom *atoms;
	size_t natoms, capatoms;
	uint32_t *pool;
	size_t npool, cappool;
	struct odd_prio *odd;  /* sorted by pkg (packages are added in order) */
	size_t nodd, capodd;
	struct table name_tab, str_tab, atom_tab, run_tab;
	struct arena ar;
	int full;            /* out of handles: the index is too big */
	uint16_t by_len[16]; /* the fields kept, as bits, by the length of their name */
	/* feeding */
	char *feedname;      /* the index being fed, for messages */
	char *buf;           /* an unfinished paragraph */
	size_t len, cap, scanned; /* scanned: start of buf's incomplete last line */
	unsigned line;       /* line number of buf[0] */
	uint32_t *run, *grp; /* a relation field and a group being built */
	size_t caprun, capgrp;
};


static inline struct pkg *pix_pkg(const struct pkgidx *ix, size_t i)
{
	return &ix->blk[i / PKG_BLOCK][i % PKG_BLOCK];
}

static inline const char *pix_str(const struct pkgidx *ix, uint32_t ref)
{
	return ix->ar.blk[ref >> ARENA_SHIFT] + (ref & (ARENA_BLOCK - 1));
}

/* ---- pkgidx_store.c ---- */

/* A copy of s (a handle), NO_REF when the index is full (ix->full set). */
uint32_t pix_put(struct pkgidx *ix, const char *s, size_t len);
/* The same, kept once (versions, qualifiers). */
uint32_t pix_intern(struct pkgidx *ix, const char *s, size_t len);
/* A name's id, made when new; NO_REF when full. */
uint32_t pix_name(struct pkgidx *ix, const char *s, size_t len);
/* Record package id's odd Priority (text: a handle or NO_REF). */
void pix_odd_prio(struct pkgidx *ix, uint32_t id, uint32_t text);
/* A known name's id: 0, or -1. */
int pix_find_name(const struct pkgidx *ix, const char *s, size_t len, uint32_t *id);
/* A relation field as a run handle in *out (0: absent or empty); -1 with
 * *why for bad syntax; ix->full when out of room. */
int pix_relation(struct pkgidx *ix, const struct deb822_field *f, uint32_t *out,
		const char **why);
/* The interning tables pkgidx_end dropped, rebuilt (pkgidx_begin). */
void pix_rebuild(struct pkgidx *ix);
/* Drop what only feeding needs, arrays to their size (pkgidx_end). */
void pix_trim(struct pkgidx *ix);
void pix_store_free(struct pkgidx *ix);
size_t pix_store_bytes(const struct pkgidx *ix);

/* ---- pkgidx_stanza.c ---- */

/* One paragraph of a Packages file: a package kept, or skipped (another
 * architecture); -1 with e naming the line. */
int pix_add_para(struct pkgidx *ix, const struct deb822_para *para, struct bb_err *e);
/* ix->by_len for pix_add_para (pkgidx_new). */
void pix_fields_init(struct pkgidx *ix);

#endif
