/* Ed25519 in OpenPGP (RFC 9580): v4 keys of algorithm 22 (EdDSALegacy,
 * as GnuPG makes them: the curve's OID, then the point as an MPI, 0x40
 * and the 32 octets) and 27 (Ed25519: the 32 octets); signatures of
 * algorithm 22 (two MPIs r and s: the native encodings read as big-endian
 * numbers, so leading zero octets are lost and come back as padding) and
 * 27 (64 raw octets). What EdDSA signs is the digest itself, never the
 * data. */
#include "ed25519.h"
#include "pgp_int.h"

/* 1.3.6.1.4.1.11591.15.1: Ed25519's OID in OpenPGP */
static const uint8_t oid_ed25519[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01 };

int pgp_ed_key(struct pgp_key *k, const uint8_t *p, size_t left)
{
	const uint8_t *v;
	size_t vlen;

	if (k->algo == 27) {
		if (left != 32)
			return -1;
		v = p;
	} else {
		if (left < 1 || p[0] == 0 || p[0] == 0xff || p[0] > left - 1)
			return -1;
		if (p[0] != sizeof(oid_ed25519) || memcmp(p + 1, oid_ed25519, p[0])) {
			k->flags |= PGP_K_BIG;  /* another curve: not ours */
			return 0;
		}
		left -= 1 + p[0];
		p += 1 + p[0];
		if (pgp_mpi(&p, &left, &v, &vlen) < 0 || left)
			return -1;
		if (vlen != 33 || v[0] != 0x40) {
			k->flags |= PGP_K_BAD;
			return 0;
		}
		v++;
	}
	memcpy(k->ed, v, 32);
	if (!ed25519_pub_ok(k->ed))
		k->flags |= PGP_K_BAD;
	return 0;
}

int pgp_ed_verify(const struct pgp_key *k, const struct pgp_sig *s, const uint8_t *digest)
{
	const br_hash_class *vt = pgp_hash(s->hashalgo);
	uint8_t sig[64] = { 0 };
	size_t dlen;

	if (!vt || !pgp_key_is_ed(k) || s->pkalgo != k->algo)
		return -1;
	dlen = vt->desc >> BR_HASHDESC_OUT_OFF & BR_HASHDESC_OUT_MASK;
	/* no digest shorter than the curve's 256 bits (SHA-1, SHA-224) */
	if (dlen < 32 || memcmp(digest, s->left16, 2) != 0)
		return -1;
	if (s->pkalgo == 27) {
		if (s->mpilen != 64)
			return -1;
		memcpy(sig, s->mpi, 64);
	} else {
		if (s->mpilen > 32 || s->mpi2len > 32)
			return -1;
		memcpy(sig + 32 - s->mpilen, s->mpi, s->mpilen);
		memcpy(sig + 64 - s->mpi2len, s->mpi2, s->mpi2len);
	}
	return ed25519_verify(sig, k->ed, digest, dlen);
}
