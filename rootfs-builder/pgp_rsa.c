/* OpenPGP hashing (v4 signature trailer, key packets) and RSA PKCS#1 v1.5
 * signature checks: BearSSL's raw public operation, then the whole block
 * compared with the one expected, 00 01 FF..FF 00 DigestInfo digest. */
#include "pgp_int.h"

/* The DER DigestInfo headers (RFC 8017 9.2, RFC 4880 5.2.2). */
static const uint8_t di_sha1[] = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
	0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14 };
#define DI_SHA2(id, a, b) { 0x30, a, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, \
	0x65, 0x03, 0x04, 0x02, id, 0x05, 0x00, 0x04, b }
static const uint8_t di_sha256[] = DI_SHA2(1, 0x31, 0x20);
static const uint8_t di_sha384[] = DI_SHA2(2, 0x41, 0x30);
static const uint8_t di_sha512[] = DI_SHA2(3, 0x51, 0x40);
static const uint8_t di_sha224[] = DI_SHA2(4, 0x2d, 0x1c);

static const struct {
	uint8_t algo, dlen, dilen;
	const br_hash_class *vt;
	const uint8_t *di;
} hashes[] = {
	{ 2, 20, sizeof(di_sha1), &br_sha1_vtable, di_sha1 },
	{ 8, 32, sizeof(di_sha256), &br_sha256_vtable, di_sha256 },
	{ 9, 48, sizeof(di_sha384), &br_sha384_vtable, di_sha384 },
	{ 10, 64, sizeof(di_sha512), &br_sha512_vtable, di_sha512 },
	{ 11, 28, sizeof(di_sha224), &br_sha224_vtable, di_sha224 },
};

static int hash_index(int algo)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hashes); i++)
		if (hashes[i].algo == algo)
			return i;
	return -1;
}

const br_hash_class *pgp_hash(int algo)
{
	int i = hash_index(algo);

	return i < 0 ? NULL : hashes[i].vt;
}

void pgp_hash_key(const br_hash_class **h, const uint8_t *body, size_t len)
{
	uint8_t hd[3] = { 0x99, len >> 8, len };

	(*h)->update(h, hd, 3);
	(*h)->update(h, body, len);
}

void pgp_sig_digest(const br_hash_class **h, const struct pgp_sig *s, uint8_t *out)
{
	size_t n = s->hashedlen;
	uint8_t tr[6] = { 4, 0xff, n >> 24, n >> 16, n >> 8, n };

	(*h)->update(h, s->hashed, n);
	(*h)->update(h, tr, 6);
	(*h)->out(h, out);
}

int pgp_rsa_verify(const struct pgp_key *k, const struct pgp_sig *s, const uint8_t *digest)
{
	uint8_t x[PGP_RSA_MAX], want[PGP_RSA_MAX];
	br_rsa_public_key pk = { (unsigned char *)k->n, k->nlen, (unsigned char *)k->e, k->elen };
	size_t nlen = k->nlen, tlen, ff;
	int i = hash_index(s->hashalgo);

	if (i < 0 || !pgp_key_is_rsa(k) || (s->pkalgo != 1 && s->pkalgo != 3))
		return -1;
	if (memcmp(digest, s->left16, 2) != 0 || s->mpilen > nlen)
		return -1;
	tlen = hashes[i].dilen + hashes[i].dlen;
	if (nlen < tlen + 11)
		return -1;
	memset(x, 0, nlen - s->mpilen);
	memcpy(x + nlen - s->mpilen, s->mpi, s->mpilen);
	if (!br_rsa_i31_public(x, nlen, &pk))
		return -1;
	ff = nlen - tlen - 3;
	want[0] = 0;
	want[1] = 1;
	memset(want + 2, 0xff, ff);
	want[2 + ff] = 0;
	memcpy(want + 3 + ff, hashes[i].di, hashes[i].dilen);
	memcpy(want + 3 + ff + hashes[i].dilen, digest, hashes[i].dlen);
	return memcmp(x, want, nlen) ? -1 : 0;
}

void pgp_hex(char *out, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = 0;
}
