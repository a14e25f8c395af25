/* Keyrings: transferable v4 public keys (RFC 4880 11.1), binary or in
 * armoured blocks. For RSA and Ed25519 primaries the self-signatures,
 * subkey bindings (with the subkey's back signature) and revocations are
 * checked here, so that each key carries whether it is bound, revoked,
 * signs, and when it expires. Keys of other versions are skipped.
 *
 * Loading reads the keys only; a primary's signatures are checked when a
 * signature by it or one of its subkeys is first checked
 * (pgp_key_settle): a keyring holds many keys and signs with few, and
 * each check of a 4096-bit RSA signature is a millisecond or more (the
 * Debian archive keyring's 9 keys: 49 ms on x86_64). The keyring keeps
 * the packets it was loaded from for that. */
#include <errno.h>
#include <stdlib.h>

#include "pgp_int.h"

enum { CTX_KEY, CTX_UID, CTX_ATTR, CTX_SUB };

struct load {
	struct pgp_keyring *kr;
	long prim, sub;                 /* current primary and subkey, -1: none */
	const uint8_t *pbody, *sbody;   /* their packets, for hashing */
	size_t plen, slen;
	const uint8_t *uid;
	size_t uidlen;
	int ctx, skip;                  /* skip: inside a key that is not loaded */
	int settle;                     /* replaying one key's block: its signatures */
	size_t next;                    /* settle: the slot of the next key */
	const uint8_t *at;              /* the key packet's start, and the bytes from there */
	size_t atlen;
};

static const struct {
	uint8_t id;
	const char *name;
} algos[] = {
	{ 1, "RSA" }, { 2, "RSA" }, { 3, "RSA" }, { 16, "Elgamal" }, { 17, "DSA" },
	{ 18, "ECDH" }, { 19, "ECDSA" }, { 22, "EdDSA" }, { 25, "X25519" },
	{ 26, "X448" }, { 27, "Ed25519" }, { 28, "Ed448" },
};

const char *pgp_algo_name(int algo)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(algos); i++)
		if (algos[i].id == algo)
			return algos[i].name;
	return "unknown algorithm";
}

int pgp_key_is_rsa(const struct pgp_key *k)
{
	return k->algo >= 1 && k->algo <= 3 && !(k->flags & PGP_K_BIG) && k->nlen;
}

int pgp_key_is_ed(const struct pgp_key *k)
{
	return (k->algo == 22 || k->algo == 27) && !(k->flags & (PGP_K_BIG | PGP_K_BAD));
}

int pgp_verify_digest(const struct pgp_key *k, const struct pgp_sig *s, const uint8_t *digest)
{
	if (pgp_key_is_ed(k))
		return pgp_ed_verify(k, s, digest);
	return pgp_rsa_verify(k, s, digest);
}

/* A user id as shown to users: control characters replaced, cut short on
 * a character boundary. */
static void uid_copy(char *dst, size_t cap, const uint8_t *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < cap; i++)
		dst[o++] = s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	if (i < n) {
		while (o && ((uint8_t)dst[o - 1] & 0xc0) == 0x80)
			o--;
		if (o && ((uint8_t)dst[o - 1] & 0xc0) == 0xc0)
			o--;
	}
	dst[o] = 0;
}

/* The key in slot i, whose packet is b, is now the current primary or
 * subkey; returns primary. */
static int key_enter(struct load *L, const uint8_t *b, size_t len, int primary, size_t i)
{
	if (primary) {
		L->prim = (long)i;
		L->pbody = b;
		L->plen = len;
		L->skip = 0;
	} else {
		L->sub = (long)i;
		L->sbody = b;
		L->slen = len;
		L->ctx = CTX_SUB;
	}
	return primary;
}

/* A key packet: 1 when a primary key was added, 0 when skipped. */
static int key_add(struct load *L, const uint8_t *b, size_t len, int primary,
		const char *name, struct bb_err *e)
{
	struct pgp_keyring *kr = L->kr;
	br_sha1_context h;
	struct pgp_key *k;
	const uint8_t *p, *n, *x;
	size_t left, nlen, xlen;

	L->ctx = CTX_KEY;
	L->sub = -1;
	if (!primary && (L->skip || L->prim < 0))
		return 0;
	if (len < 1 || b[0] != 4) {     /* v3, v5, v6: not ours */
		if (primary)
			L->skip = 1;
		return 0;
	}
	if (L->settle)                  /* loaded before: its slot, in order */
		return key_enter(L, b, len, primary, L->next++);
	if (len < 6 || len > 0xffff)
		return bb_err_set(e, 0, "%s: malformed key packet", name);
	if (kr->n == kr->cap) {
		size_t cap = kr->cap ? 2 * kr->cap : 16;
		struct pgp_key *nk = realloc(kr->k, cap * sizeof(*nk));

		if (!nk)
			return bb_err_set(e, ENOMEM, "%s", name);
		kr->k = nk;
		kr->cap = cap;
	}
	k = &kr->k[kr->n];
	memset(k, 0, sizeof(*k));
	k->created = pgp_be32(b + 1);
	k->algo = b[5];
	br_sha1_init(&h);
	pgp_hash_key(&h.vtable, b, len);
	br_sha1_out(&h, k->fpr);
	if (k->algo >= 1 && k->algo <= 3) {
		p = b + 6;
		left = len - 6;
		if (pgp_mpi(&p, &left, &n, &nlen) < 0 || pgp_mpi(&p, &left, &x, &xlen) < 0)
			return bb_err_set(e, 0, "%s: malformed RSA key", name);
		if (!nlen || nlen > sizeof(k->n) || !xlen || xlen > sizeof(k->e)) {
			k->flags |= PGP_K_BIG;
		} else {
			memcpy(k->n, n, nlen);
			memcpy(k->e, x, xlen);
			k->nlen = nlen;
			k->elen = xlen;
		}
		if (k->algo == 2)
			k->flags |= PGP_K_NOSIGN;
	} else if ((k->algo == 22 || k->algo == 27) && pgp_ed_key(k, b + 6, len - 6) < 0) {
		return bb_err_set(e, 0, "%s: malformed Ed25519 key", name);
	}
	k->primary = primary ? kr->n : (size_t)L->prim;
	if (primary) {
		k->blk = L->at;
		k->blklen = L->atlen;
		kr->nprimary++;
	}
	return key_enter(L, b, len, primary, kr->n++);
}

/* Hash what a key signature covers: the primary key, then the subkey or
 * the user id. */
static void hash_target(struct load *L, br_hash_compat_context *h, int type, int alg)
{
	pgp_hash(alg)->init(&h->vtable);
	pgp_hash_key(&h->vtable, L->pbody, L->plen);
	if (type == 0x18 || type == 0x19 || type == 0x28) {
		pgp_hash_key(&h->vtable, L->sbody, L->slen);
	} else if (type >= 0x10 && type <= 0x13) {
		size_t n = L->uidlen;
		uint8_t hd[5] = { 0xb4, n >> 24, n >> 16, n >> 8, n };

		h->vtable->update(&h->vtable, hd, 5);
		h->vtable->update(&h->vtable, L->uid, n);
	}
}

/* The subkey's own signature over the binding (type 0x19, embedded in
 * the binding signature), required when the subkey signs. */
static int backsig_ok(struct load *L, const struct pgp_sig *s, const struct pgp_key *k)
{
	br_hash_compat_context h;
	struct pgp_sig b;
	const char *why;
	uint8_t d[64];

	if (s->has_flags && !(s->flags & 2))
		return 1;
	if (!s->embedded || pgp_sig_parse(s->embedded, s->embeddedlen, &b, &why) < 0 ||
			b.type != 0x19 || !pgp_hash(b.hashalgo))
		return 0;
	hash_target(L, &h, 0x19, b.hashalgo);
	pgp_sig_digest(&h.vtable, &b, d);
	return pgp_verify_digest(k, &b, d) == 0;
}

/* A signature inside a key: self-signatures, bindings and revocations by
 * the primary are checked and applied; anything else is passed over. */
static void key_sig(struct load *L, const uint8_t *b, size_t len)
{
	br_hash_compat_context h;
	struct pgp_key *p, *k;
	struct pgp_sig s;
	const char *why;
	uint8_t d[64];
	int t;

	if (L->prim < 0 || L->skip || pgp_sig_parse(b, len, &s, &why) < 0 || !pgp_hash(s.hashalgo))
		return;
	k = p = &L->kr->k[L->prim];
	t = s.type;
	if ((!pgp_key_is_rsa(p) && !pgp_key_is_ed(p)) ||
			(s.issuerlen && memcmp(s.issuer, p->fpr + 20 - s.issuerlen, s.issuerlen)))
		return;
	if (t == 0x18 || t == 0x28) {
		if (L->ctx != CTX_SUB)
			return;
		k = &L->kr->k[L->sub];
	} else if (t >= 0x10 && t <= 0x13) {
		if (L->ctx != CTX_UID)
			return;
	} else if (t != 0x1f && t != 0x20) {
		return;
	}
	hash_target(L, &h, t, s.hashalgo);
	pgp_sig_digest(&h.vtable, &s, d);
	if (pgp_verify_digest(p, &s, d) < 0)
		return;
	if (t == 0x20 || t == 0x28) {
		k->flags |= PGP_K_REVOKED;
		return;
	}
	if (t == 0x18 && !backsig_ok(L, &s, k))
		return;
	/* The latest self-signature says when the key expires and what it
	 * may do; a direct-key one only when it says so. */
	if ((t == 0x1f && !s.has_keyexp && !s.has_flags) ||
			((k->flags & PGP_K_BOUND) && s.created < k->best)) {
		k->flags |= PGP_K_BOUND;
		return;
	}
	k->flags |= PGP_K_BOUND;
	k->best = s.created;
	k->expires = s.has_keyexp && s.keyexp ? (long long)k->created + s.keyexp : 0;
	k->flags &= ~PGP_K_NOSIGN;
	if ((s.has_flags && !(s.flags & 2)) || k->algo == 2)
		k->flags |= PGP_K_NOSIGN;
}

/* The packets at p: loading (L->settle 0) adds the keys and passes over
 * their signatures; settling replays one primary's block, from its key
 * packet to the next primary's, and checks the signatures. */
static int walk(struct load *L, const uint8_t *p, size_t len, const char *name,
		struct bb_err *e)
{
	struct pgp_keyring *kr = L->kr;
	struct pgp_pkt pk;
	const char *why;
	int r, added = 0;

	for (;;) {
		L->at = p;
		L->atlen = len;
		if ((r = pgp_packet_next(&p, &len, &pk, &why)) <= 0)
			break;
		if (L->settle && pk.tag == 6 && L->prim >= 0)
			return 0;
		if (pk.tag != 6 && pk.tag != 14 && pk.tag != 13 && pk.tag != 17 &&
				pk.tag != 2 && pk.tag != 12)
			return bb_err_set(e, 0, "%s: unexpected packet (tag %d) in a keyring", name, pk.tag);
		if (pk.tag != 6 && L->prim < 0 && !L->skip)
			return bb_err_set(e, 0, "%s: packet (tag %d) before any key", name, pk.tag);
		switch (pk.tag) {
		case 6: case 14:
			r = key_add(L, pk.body, pk.len, pk.tag == 6, name, e);
			if (r < 0)
				return -1;
			added += r;
			break;
		case 13:
			L->ctx = CTX_UID;
			L->uid = pk.body;
			L->uidlen = pk.len;
			if (!L->skip && !kr->k[L->prim].uid[0])
				uid_copy(kr->k[L->prim].uid, sizeof(kr->k[0].uid), pk.body, pk.len);
			break;
		case 17:
			L->ctx = CTX_ATTR;
			break;
		case 2:
			if (L->settle)
				key_sig(L, pk.body, pk.len);
			break;
		}
	}
	if (r < 0)
		return bb_err_set(e, 0, "%s: %s", name, why);
	return added;
}

static int load_binary(struct pgp_keyring *kr, const uint8_t *p, size_t len,
		const char *name, struct bb_err *e)
{
	struct load L = { .kr = kr, .prim = -1, .sub = -1 };

	return walk(&L, p, len, name, e);
}

void pgp_key_settle(struct pgp_keyring *kr, size_t i)
{
	struct pgp_key *k = &kr->k[kr->k[i].primary];
	struct load L = { .kr = kr, .prim = -1, .sub = -1, .settle = 1,
			  .next = k->primary };
	struct bb_err e;

	if (k->settled)
		return;
	k->settled = 1;
	/* the bytes were read once: no error is left to find */
	walk(&L, k->blk, k->blklen, "", &e);
}

/* The keyring holds on to buf (the packets its keys point into): 0, or
 * -1 (buf freed). */
static int keep(struct pgp_keyring *kr, uint8_t *buf, const char *name, struct bb_err *e)
{
	uint8_t **nb = realloc(kr->blob, (kr->nblob + 1) * sizeof(*nb));

	if (!nb) {
		free(buf);
		return bb_err_set(e, ENOMEM, "%s", name);
	}
	kr->blob = nb;
	kr->blob[kr->nblob++] = buf;
	return 0;
}

/* Every PUBLIC KEY BLOCK in t. */
static int load_armored(struct pgp_keyring *kr, const char *t, size_t len,
		const char *name, struct bb_err *e)
{
	size_t off = 0, end, blen;
	unsigned char *bin;
	int r, n, total = 0, blocks = 0;

	while ((r = pgp_armor_decode(t + off, len - off, "PUBLIC KEY BLOCK", &bin, &blen,
			&end, e)) == 0) {
		n = load_binary(kr, bin, blen, name, e);
		if (n < 0) {
			free(bin);
			return -1;
		}
		if (keep(kr, bin, name, e) < 0)
			return -1;
		total += n;
		off += end;
		blocks++;
	}
	if (r < 0) {
		char m[sizeof(e->msg)];

		memcpy(m, e->msg, sizeof(m));
		return bb_err_set(e, 0, "%s: %s", name, m);
	}
	if (!blocks)
		return bb_err_set(e, 0, "%s: no OpenPGP public key", name);
	return total;
}

int pgp_keyring_add(struct pgp_keyring **krp, const void *data, size_t len,
		const char *name, struct bb_err *e)
{
	struct pgp_keyring *kr = *krp;
	size_t old_n, old_np, old_nb;
	uint8_t *copy;
	int r;

	if (!kr) {
		kr = calloc(1, sizeof(*kr));
		if (!kr)
			return bb_err_set(e, ENOMEM, "%s", name);
	}
	old_n = kr->n;
	old_np = kr->nprimary;
	old_nb = kr->nblob;
	if (!len) {
		r = bb_err_set(e, 0, "%s: no OpenPGP public key", name);
	} else if (((const uint8_t *)data)[0] & 0x80) {
		if (!(copy = malloc(len)))
			r = bb_err_set(e, ENOMEM, "%s", name);
		else if ((r = load_binary(kr, memcpy(copy, data, len), len, name, e)) < 0)
			free(copy);
		else if (keep(kr, copy, name, e) < 0)
			r = -1;
	} else {
		r = load_armored(kr, data, len, name, e);
	}
	if (r < 0) {
		kr->n = old_n;
		kr->nprimary = old_np;
		while (kr->nblob > old_nb)
			free(kr->blob[--kr->nblob]);
		if (!*krp)
			pgp_keyring_free(kr);
		return -1;
	}
	*krp = kr;
	return r;
}

int pgp_keyring_add_file(struct pgp_keyring **kr, const char *path, struct bb_err *e)
{
	size_t len;
	char *d = read_file(path, 64 << 20, &len);
	int r;

	if (!d)
		return bb_err_set(e, errno, "reading %s", path);
	r = pgp_keyring_add(kr, d, len, path, e);
	free(d);
	return r;
}

size_t pgp_keyring_count(const struct pgp_keyring *kr)
{
	return kr ? kr->nprimary : 0;
}

void pgp_keyring_free(struct pgp_keyring *kr)
{
	if (kr) {
		while (kr->nblob)
			free(kr->blob[--kr->nblob]);
		free(kr->blob);
		free(kr->k);
		free(kr);
	}
}
