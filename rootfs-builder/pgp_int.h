/* OpenPGP internals shared by the pgp_*.c files: packet framing,
 * signature packets, keys, hashing, RSA and Ed25519 checks (see pgp.h). */
#ifndef CTBOX_PGP_INT_H
#define CTBOX_PGP_INT_H

#include <stdint.h>
#include <string.h>

#include <bearssl.h>

#include "pgp.h"

#define PGP_RSA_MAX 512         /* modulus bytes: BearSSL's i31 limit, 4096 bits */
#define PGP_FUTURE_SLACK 86400  /* clock skew allowed on signature creation */

static inline uint32_t pgp_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The line at *pos of t as [*ls, *ls + *ln), without its '\n' and
 * trailing blanks (space, tab, CR); *pos moves past it. 0 at the end. */
static inline int pgp_line(const char *t, size_t len, size_t *pos, size_t *ls, size_t *ln)
{
	const char *nl;
	size_t s = *pos, n;

	if (s >= len)
		return 0;
	nl = memchr(t + s, '\n', len - s);
	n = nl ? (size_t)(nl - (t + s)) : len - s;
	*pos = s + n + (nl != NULL);
	while (n && (t[s + n - 1] == ' ' || t[s + n - 1] == '\t' || t[s + n - 1] == '\r'))
		n--;
	*ls = s;
	*ln = n;
	return 1;
}

/* ---- packets (pgp_packet.c) ---- */

struct pgp_pkt {
	int tag;
	const uint8_t *body;
	size_t len;
};

/* The next packet of *p (*left bytes), which then move past it: 1, or 0
 * at the end, or -1 with why (partial and indeterminate lengths are
 * refused: no key or signature packet may use them). */
int pgp_packet_next(const uint8_t **p, size_t *left, struct pgp_pkt *pk, const char **why);

/* One MPI at *p: its bytes without leading zeros in *v, *vlen. */
int pgp_mpi(const uint8_t **p, size_t *left, const uint8_t **v, size_t *vlen);

/* A v4 signature packet: what its subpackets say, and where its parts are. */
struct pgp_sig {
	int type, pkalgo, hashalgo;
	const uint8_t *hashed;      /* version .. end of the hashed subpackets */
	size_t hashedlen;
	uint32_t created, expires;  /* expires: seconds after created, 0: never */
	uint32_t keyexp;            /* key expiration: seconds after the key's creation */
	int has_keyexp, has_flags;
	unsigned flags;             /* first key-flags octet */
	uint8_t issuer[20];
	size_t issuerlen;           /* 0, 8 (key id) or 20 (fingerprint) */
	uint8_t left16[2];
	const uint8_t *mpi;         /* RSA: the value; EdDSA (22): r; Ed25519 (27): all 64 */
	size_t mpilen;
	const uint8_t *mpi2;        /* EdDSA (22): s */
	size_t mpi2len;
	const uint8_t *embedded;    /* an embedded signature (subpacket 32) */
	size_t embeddedlen;
};

/* Parse a signature packet body: 0, or -1 with why. */
int pgp_sig_parse(const uint8_t *b, size_t len, struct pgp_sig *s, const char **why);

/* ---- keys (pgp_keyring.c) ---- */

enum {
	PGP_K_BOUND = 1,    /* a valid self-signature (primary) or binding (subkey) */
	PGP_K_REVOKED = 2,
	PGP_K_NOSIGN = 4,   /* its key flags say it does not sign */
	PGP_K_BIG = 8,      /* RSA bigger than BearSSL handles, EdDSA on another curve */
	PGP_K_BAD = 16,     /* Ed25519, but not a point of the curve */
};

struct pgp_key {
	uint8_t fpr[20];
	uint8_t n[PGP_RSA_MAX], e[8];
	uint16_t nlen, elen;
	uint8_t ed[32];         /* Ed25519 (algorithms 22, 27): the point A */
	uint8_t algo, flags;
	uint32_t created;
	uint32_t best;          /* creation of the self-signature in force */
	long long expires;      /* absolute; 0: never */
	size_t primary;         /* index of its primary key in the ring */
	char uid[128];          /* primaries: the first user id */
	const uint8_t *blk;     /* primaries: the packets from the key's own on */
	size_t blklen;
	int settled;            /* primaries: its signatures checked (flags above set) */
};

struct pgp_keyring {
	struct pgp_key *k;
	size_t n, cap, nprimary;
	uint8_t **blob;         /* the packets loaded, which keys point into */
	size_t nblob;
};

/* Check the signatures of key i's primary (self-signatures, bindings,
 * revocations) once, setting its and its subkeys' PGP_K_BOUND,
 * PGP_K_REVOKED, PGP_K_NOSIGN and expiry; until then they are unset. */
void pgp_key_settle(struct pgp_keyring *kr, size_t i);
/* Whether the key is RSA that BearSSL can use. */
int pgp_key_is_rsa(const struct pgp_key *k);
/* Whether the key is a usable Ed25519 key. */
int pgp_key_is_ed(const struct pgp_key *k);
/* Check digest (of s's hash algorithm, the data and s's trailer) against
 * signature s with key k, whatever its algorithm: 0, or -1. */
int pgp_verify_digest(const struct pgp_key *k, const struct pgp_sig *s, const uint8_t *digest);
/* The algorithm's name ("RSA", "Ed25519", ...). */
const char *pgp_algo_name(int algo);

/* ---- hashing and RSA (pgp_rsa.c) ---- */

/* The hash for an OpenPGP hash algorithm id, or NULL. */
const br_hash_class *pgp_hash(int algo);
/* Hash a key packet body as signatures and fingerprints do (0x99, len16). */
void pgp_hash_key(const br_hash_class **h, const uint8_t *body, size_t len);
/* Finish a v4 signature's hash (its hashed part and trailer) into out
 * (64 bytes); the caller has hashed what it signs. */
void pgp_sig_digest(const br_hash_class **h, const struct pgp_sig *s, uint8_t *out);
/* Check digest (of s's hash algorithm) against s with RSA key k: 0 or -1. */
int pgp_rsa_verify(const struct pgp_key *k, const struct pgp_sig *s, const uint8_t *digest);

/* Hex of a fingerprint or key id (upper case). */
void pgp_hex(char *out, const uint8_t *p, size_t n);

/* ---- Ed25519 (pgp_ed25519.c) ---- */

/* The key material of Ed25519 key k (algorithm 22 or 27, already set),
 * the left octets at p after the creation time and algorithm: 0 (k->ed
 * set, or PGP_K_BIG or PGP_K_BAD flagged), or -1 when malformed. */
int pgp_ed_key(struct pgp_key *k, const uint8_t *p, size_t left);
/* Check digest against Ed25519 signature s with key k: 0 or -1. */
int pgp_ed_verify(const struct pgp_key *k, const struct pgp_sig *s, const uint8_t *digest);

/* ---- armour (pgp_armor.c) ---- */

/* Decode the first armoured block of kind what (NULL: any) in t; *end
 * gets the offset just past its END line. 0, 1 when there is none, or -1
 * with e. */
int pgp_armor_decode(const char *t, size_t len, const char *what, unsigned char **out,
		size_t *outlen, size_t *end, struct bb_err *e);

/* ---- verification (pgp.c) ---- */

/* Check the signature packets in sig over data: type 0x01 (canonical
 * text) only when text, else 0x00 or 0x01. */
int pgp_verify_packets(struct pgp_keyring *kr, const uint8_t *sig, size_t siglen,
		const void *data, size_t len, int text, time_t now,
		struct pgp_signer *who, struct bb_err *e);

#endif
