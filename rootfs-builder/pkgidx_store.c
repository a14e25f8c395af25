/* The package index's store (pkgidx_int.h): an arena of strings, hash
 * tables of 4-byte slots, and what is kept once through them: names,
 * versions, relation atoms and relation fields (runs of atoms).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pkgidx_int.h"
#include "relation.h"

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	*cap = need < 64 ? 64 : need * 2;
	return xrealloc(p, *cap * size);
}

static void *fit(void *p, size_t *cap, size_t n, size_t size)
{
	*cap = n;
	return xrealloc(p, (n ? n : 1) * size);
}

/* ---- arena ---- */

static void arena_push(struct arena *a, char *b, size_t size)
{
	a->blk = grow(a->blk, &a->capblk, a->nblk + 1, sizeof(*a->blk));
	a->blk[a->nblk++] = b;
	a->bytes += size;
}

/* Copy len bytes plus a NUL; returns the handle, NO_REF when full. */
static uint32_t arena_put(struct arena *a, const char *s, size_t len)
{
	size_t need = len + 1, off;
	char *p;

	if (a->nblk >= ARENA_MAXBLOCKS - 1 || len >= ARENA_BLOCK * 64)
		return NO_REF;
	if (need > ARENA_BIG) {
		p = xmalloc(need);
		arena_push(a, p, need);
		memcpy(p, s, len);
		p[len] = '\0';
		return (uint32_t)((a->nblk - 1) << ARENA_SHIFT);
	}
	if (a->cur == NO_REF || a->used + need > ARENA_BLOCK) {
		arena_push(a, xmalloc(ARENA_BLOCK), ARENA_BLOCK);
		a->cur = (uint32_t)(a->nblk - 1);
		a->used = 0;
	}
	off = a->used;
	p = a->blk[a->cur] + off;
	memcpy(p, s, len);
	p[len] = '\0';
	a->used += need;
	return (a->cur << ARENA_SHIFT) | (uint32_t)off;
}

static void arena_free(struct arena *a)
{
	for (size_t i = 0; i < a->nblk; i++)
		free(a->blk[i]);
	free(a->blk);
}

/* ---- hash tables ---- */

#define HASH_INIT 2166136261u

/* FNV-1a, fed piece by piece. */
static uint32_t hash_add(uint32_t h, const void *k, size_t len)
{
	const unsigned char *s = k;

	for (size_t i = 0; i < len; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

/* Mix the high bits down: tables use the low ones. */
static uint32_t hash_end(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

static uint32_t hash(const void *k, size_t len)
{
	return hash_end(hash_add(HASH_INIT, k, len));
}

/* How a table finds its keys: is value v the key k? */
struct table_ops {
	int (*eq)(const struct pkgidx *ix, uint32_t v, const void *k, size_t len);
};

/* The slot for key k (hashing to h): its entry, or the empty slot where
 * it would go. Only entries with k's hash are compared. */
static size_t table_slot(const struct pkgidx *ix, const struct table *t,
		const struct table_ops *ops, uint32_t h, const void *k, size_t len)
{
	size_t i = h & (t->cap - 1);

	/* without ops: the first empty slot (the key is known to be new) */
	while (t->slot[i].v && (!ops || t->slot[i].h != h || !ops->eq(ix, t->slot[i].v - 1, k, len)))
		i = (i + 1) & (t->cap - 1);
	return i;
}

static uint32_t table_put(struct table *t, size_t i, uint32_t v, uint32_t h)
{
	t->slot[i].v = v;
	t->slot[i].h = h;
	t->n++;
	return v;
}

static void table_resize(struct table *t, size_t cap)
{
	struct table old = *t;

	t->cap = cap;
	t->n = 0;
	t->slot = xzalloc(cap * sizeof(*t->slot));
	for (size_t i = 0; i < old.cap; i++)
		if (old.slot[i].v)
			table_put(t, table_slot(NULL, t, NULL, old.slot[i].h, NULL, 0), old.slot[i].v,
				  old.slot[i].h);
	free(old.slot);
}

/* Room for one more at a load of at most 3/4. */
static void table_room(struct table *t)
{
	if (!t->cap || (t->n + 1) * 4 > t->cap * 3)
		table_resize(t, t->cap ? t->cap * 2 : 1024);
}

/* table_slot with room made for the key, should it be new. */
static size_t table_find(const struct pkgidx *ix, struct table *t, const struct table_ops *ops,
		uint32_t h, const void *k, size_t len)
{
	table_room(t);
	return table_slot(ix, t, ops, h, k, len);
}

static void table_free(struct table *t)
{
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* Is the stored string str the slice s? (never reads past str's NUL) */
static int str_eq(const char *str, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (str[i] != s[i] || !str[i])
			return 0;
	return !str[len];
}

static int name_eq(const struct pkgidx *ix, uint32_t v, const void *k, size_t len)
{
	return str_eq(pix_str(ix, ix->names[v].str), k, len);
}

static int str_eqv(const struct pkgidx *ix, uint32_t v, const void *k, size_t len)
{
	return str_eq(pix_str(ix, v), k, len);
}

/* Atoms are looked up by their text (a struct rel_atom), so that a
 * repeated one costs one lookup, not one per part. */
static uint32_t atom_text_hash(const char *name, size_t nlen, enum debrel_op op, const char *ver,
		size_t vlen, const char *qual, size_t qlen)
{
	uint32_t h = hash_add(HASH_INIT, name, nlen);
	unsigned char o = (unsigned char)op;

	h = hash_add(h, &o, 1);
	h = hash_add(h, ver, vlen);
	h = hash_add(h, ":", 1);
	return hash_end(hash_add(h, qual, qlen));
}

static int opt_eq(const struct pkgidx *ix, uint32_t ref, const char *s, size_t len)
{
	return ref == NO_REF ? !s : s && str_eq(pix_str(ix, ref), s, len);
}

static int atom_eq(const struct pkgidx *ix, uint32_t v, const void *k, size_t len)
{
	const struct atom *a = &ix->atoms[v];
	const struct rel_atom *r = k;

	return a->name_op >> OP_SHIFT == (uint32_t)r->op &&
		str_eq(pix_str(ix, ix->names[a->name_op & ((1u << OP_SHIFT) - 1)].str),
		       r->name, r->namelen) &&
		opt_eq(ix, a->ver, r->op == DEBREL_ANY ? NULL : r->ver, r->verlen) &&
		opt_eq(ix, a->qual - 1, r->qual, r->quallen);
}

static uint32_t atom_hash(const struct pkgidx *ix, uint32_t v)
{
	const struct atom *a = &ix->atoms[v];
	const char *n = pix_str(ix, ix->names[a->name_op & ((1u << OP_SHIFT) - 1)].str);
	const char *ver = a->ver == NO_REF ? "" : pix_str(ix, a->ver);
	const char *q = a->qual ? pix_str(ix, a->qual - 1) : "";

	return atom_text_hash(n, strlen(n), (enum debrel_op)(a->name_op >> OP_SHIFT), ver,
			      strlen(ver), q, strlen(q));
}

static int run_eq(const struct pkgidx *ix, uint32_t v, const void *k, size_t len)
{
	return ix->pool[v] == len / 4 - 1 && !memcmp(&ix->pool[v], k, len);
}

static uint32_t run_hash(const struct pkgidx *ix, uint32_t v)
{
	return hash(&ix->pool[v], (ix->pool[v] + 1) * sizeof(uint32_t));
}

static const struct table_ops name_ops = { name_eq }, str_ops = { str_eqv },
	atom_ops = { atom_eq }, run_ops = { run_eq };

/* ---- interning ---- */

uint32_t pix_put(struct pkgidx *ix, const char *s, size_t len)
{
	uint32_t ref = arena_put(&ix->ar, s, len);

	if (ref == NO_REF)
		ix->full = 1;
	return ref;
}

uint32_t pix_intern(struct pkgidx *ix, const char *s, size_t len)
{
	struct table *t = &ix->str_tab;
	uint32_t h = hash(s, len), ref;
	size_t i;

	i = table_find(ix, t, &str_ops, h, s, len);
	if (t->slot[i].v)
		return t->slot[i].v - 1;
	if ((ref = pix_put(ix, s, len)) == NO_REF)
		return NO_REF;
	return table_put(t, i, ref + 1, h) - 1;
}

uint32_t pix_name(struct pkgidx *ix, const char *s, size_t len)
{
	struct table *t = &ix->name_tab;
	uint32_t h = hash(s, len), ref;
	size_t i;

	i = table_find(ix, t, &name_ops, h, s, len);
	if (t->slot[i].v)
		return t->slot[i].v - 1;
	if (ix->nnames >= NAMES_MAX - 1 || (ref = pix_put(ix, s, len)) == NO_REF) {
		ix->full = 1;
		return NO_REF;
	}
	ix->names = grow(ix->names, &ix->capnames, ix->nnames + 1, sizeof(*ix->names));
	ix->names[ix->nnames].str = ref;
	ix->names[ix->nnames].cand = 0;
	return table_put(t, i, (uint32_t)++ix->nnames, h) - 1;
}

void pix_odd_prio(struct pkgidx *ix, uint32_t id, uint32_t text)
{
	ix->odd = grow(ix->odd, &ix->capodd, ix->nodd + 1, sizeof(*ix->odd));
	ix->odd[ix->nodd].pkg = id;
	ix->odd[ix->nodd++].text = text;
}

/* The id of the atom r says, made when new; NO_REF when full. */
static uint32_t atom_id(struct pkgidx *ix, const struct rel_atom *r)
{
	size_t vlen = r->op == DEBREL_ANY ? 0 : r->verlen;
	uint32_t h = atom_text_hash(r->name, r->namelen, r->op, r->ver, vlen, r->qual, r->quallen);
	struct table *t = &ix->atom_tab;
	uint32_t name;
	struct atom a;
	size_t i;

	i = table_find(ix, t, &atom_ops, h, r, 0);
	if (t->slot[i].v)
		return t->slot[i].v - 1;
	name = pix_name(ix, r->name, r->namelen);
	a.ver = r->op == DEBREL_ANY ? NO_REF : pix_intern(ix, r->ver, r->verlen);
	a.qual = r->qual ? pix_intern(ix, r->qual, r->quallen) + 1 : 0;
	if (name == NO_REF || (r->op != DEBREL_ANY && a.ver == NO_REF) || (r->qual && !a.qual) ||
	    ix->natoms >= ATOMS_MAX - 1) {
		ix->full = 1;
		return NO_REF;
	}
	a.name_op = name | (uint32_t)r->op << OP_SHIFT;
	/* pix_name/pix_intern may have grown other tables, not this one: i holds */
	ix->atoms = grow(ix->atoms, &ix->capatoms, ix->natoms + 1, sizeof(*ix->atoms));
	ix->atoms[ix->natoms] = a;
	return table_put(t, i, (uint32_t)++ix->natoms, h) - 1;
}

/* A run (count + atom ids) kept once: its offset in pool (never 0). */
static uint32_t run_id(struct pkgidx *ix, const uint32_t *run, size_t len)
{
	size_t bytes = len * sizeof(*run), i;
	struct table *t = &ix->run_tab;
	uint32_t h = hash(run, bytes);

	i = table_find(ix, t, &run_ops, h, run, bytes);
	if (t->slot[i].v)
		return t->slot[i].v - 1;
	if (!ix->npool)
		ix->npool = 1; /* offset 0: "absent" */
	if (ix->npool + len >= 0xfffffff0u) {
		ix->full = 1;
		return 0;
	}
	ix->pool = grow(ix->pool, &ix->cappool, ix->npool + len, sizeof(*ix->pool));
	memcpy(ix->pool + ix->npool, run, bytes);
	table_put(t, i, (uint32_t)ix->npool + 1, h);
	ix->npool += len;
	return t->slot[i].v - 1;
}

/* v + 1 into t under hash h (a key known to be new). */
static void rebuild_one(struct table *t, uint32_t v, uint32_t h)
{
	table_room(t);
	table_put(t, table_slot(NULL, t, NULL, h, NULL, 0), v + 1, h);
}

void pix_rebuild(struct pkgidx *ix)
{
	if (ix->atom_tab.cap)
		return;
	for (uint32_t i = 0; i < ix->natoms; i++)
		rebuild_one(&ix->atom_tab, i, atom_hash(ix, i));
	for (size_t off = 1; off < ix->npool; off += ix->pool[off] + 1)
		rebuild_one(&ix->run_tab, (uint32_t)off, run_hash(ix, (uint32_t)off));
}

/* ---- relation fields ---- */

/* Append the atoms of one group (those the arch lists admit). */
static size_t end_group(struct pkgidx *ix, size_t nrun, size_t ngrp)
{
	for (size_t i = 0; i < ngrp; i++)
		ix->run[nrun++] = ix->grp[i] | (i + 1 < ngrp ? OR_NEXT : 0);
	return nrun;
}

int pix_relation(struct pkgidx *ix, const struct deb822_field *f, uint32_t *out,
		const char **why)
{
	size_t nrun = 1, ngrp = 0;
	struct rel_iter it;
	struct rel_atom r;
	int k;

	*out = 0;
	if (!f || !f->vallen)
		return 0;
	rel_init(&it, f->val, f->vallen);
	while ((k = rel_next(&it, &r, why)) > 0) {
		uint32_t id;

		ix->run = grow(ix->run, &ix->caprun, nrun + ngrp + 1, sizeof(*ix->run));
		ix->grp = grow(ix->grp, &ix->capgrp, ngrp + 1, sizeof(*ix->grp));
		if (rel_arch_ok(&r, ix->arch)) {
			if ((id = atom_id(ix, &r)) == NO_REF)
				return 0; /* ix->full says it */
			ix->grp[ngrp++] = id;
		}
		if (!r.or_next) {
			nrun = end_group(ix, nrun, ngrp);
			ngrp = 0;
		}
	}
	if (k < 0)
		return -1;
	if (nrun == 1)
		return 0;
	ix->run[0] = (uint32_t)(nrun - 1);
	*out = run_id(ix, ix->run, nrun);
	return 0;
}

int pix_find_name(const struct pkgidx *ix, const char *s, size_t len, uint32_t *id)
{
	const struct table *t = &ix->name_tab;
	size_t i;

	if (!t->cap)
		return -1;
	i = table_slot(ix, t, &name_ops, hash(s, len), s, len);
	if (!t->slot[i].v)
		return -1;
	*id = t->slot[i].v - 1;
	return 0;
}

void pix_trim(struct pkgidx *ix)
{
	free(ix->run);
	free(ix->grp);
	ix->run = ix->grp = NULL;
	ix->caprun = ix->capgrp = 0;
	table_free(&ix->atom_tab);
	table_free(&ix->run_tab);
	ix->names = fit(ix->names, &ix->capnames, ix->nnames, sizeof(*ix->names));
	ix->atoms = fit(ix->atoms, &ix->capatoms, ix->natoms, sizeof(*ix->atoms));
	ix->pool = fit(ix->pool, &ix->cappool, ix->npool, sizeof(*ix->pool));
	ix->odd = fit(ix->odd, &ix->capodd, ix->nodd, sizeof(*ix->odd));
}

void pix_store_free(struct pkgidx *ix)
{
	free(ix->names);
	free(ix->atoms);
	free(ix->pool);
	free(ix->odd);
	free(ix->run);
	free(ix->grp);
	table_free(&ix->name_tab);
	table_free(&ix->str_tab);
	table_free(&ix->atom_tab);
	table_free(&ix->run_tab);
	arena_free(&ix->ar);
}

size_t pix_store_bytes(const struct pkgidx *ix)
{
	const struct table *t[] = { &ix->name_tab, &ix->str_tab, &ix->atom_tab, &ix->run_tab };
	size_t b = ix->capnames * sizeof(*ix->names) + ix->capatoms * sizeof(*ix->atoms);

	b += ix->cappool * sizeof(*ix->pool) + ix->capodd * sizeof(*ix->odd);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		b += t[i]->cap * sizeof(*t[i]->slot);
	b += ix->ar.bytes + ix->ar.capblk * sizeof(char *);
	return b + (ix->caprun + ix->capgrp) * sizeof(uint32_t);
}
