/* OpenPGP, as much as a Debian archive needs: keyrings of v4 public keys
 * (binary or ASCII-armoured), v4 signatures over InRelease (the cleartext
 * signature framework, dash-escaping) or Release (a detached Release.gpg),
 * RSA PKCS#1 v1.5 with SHA-1/SHA-256/SHA-512 (BearSSL's modular arithmetic
 * and hashes; the whole expected encoding is compared, never a loose parse
 * of the decrypted block) and Ed25519 (ed25519.c: algorithm 22 as GnuPG
 * and Debian's release keys use it, and RFC 9580's algorithm 27; digests
 * of at least 256 bits).
 *
 * A message is trusted when at least one of its signatures verifies with a
 * key of the keyring that is neither expired nor revoked at `now`, and the
 * signature itself has not expired. Signatures by other keys (unknown, or
 * of algorithms ctbox does not verify: DSA, ECDSA, Ed448, ...) are passed
 * over; when none is left, the error says why for each one ("signed by
 * unknown key FPR", "signature by FPR does not verify", "key FPR expired
 * on DATE", "key FPR is revoked", "DSA key FPR: not supported", "no
 * signature").
 */
#ifndef CTBOX_PGP_H
#define CTBOX_PGP_H

#include <stddef.h>
#include <time.h>

#include "libbb.h"

struct pgp_keyring;

/* Who signed: the primary key's fingerprint (40 hex digits, upper case),
 * the signing (sub)key's fingerprint, the first user id, and the time the
 * signature was made. */
struct pgp_signer {
	char primary[41];
	char subkey[41];
	char uid[128];
	time_t created;
};

/* Add the keys in data (a binary keyring or one or more ASCII-armoured
 * blocks) to *kr (allocated on first use); name is used in messages.
 * Returns the number of primary keys added, or -1 with e. The keyring
 * keeps its own copy: a key's own signatures (self-signatures, bindings,
 * revocations) are checked when it first signs something being verified,
 * which is why the verifying calls below take the keyring non-const. */
int pgp_keyring_add(struct pgp_keyring **kr, const void *data, size_t len,
		const char *name, struct bb_err *e);
/* The same from a file. */
int pgp_keyring_add_file(struct pgp_keyring **kr, const char *path, struct bb_err *e);
size_t pgp_keyring_count(const struct pgp_keyring *kr);
void pgp_keyring_free(struct pgp_keyring *kr);

/* Verify a cleartext-signed message (InRelease). On success returns 0,
 * sets *text (malloc'd, NUL-terminated, the signed text with dash-escaping
 * undone, its line endings as signed) and *textlen, and fills *who. Only
 * the signed text may be used afterwards: anything outside the signed
 * block is ignored. Returns -1 with e otherwise. */
int pgp_verify_cleartext(struct pgp_keyring *kr, const char *msg, size_t len,
		time_t now, char **text, size_t *textlen, struct pgp_signer *who,
		struct bb_err *e);

/* Verify a detached signature (binary or armoured, e.g. Release.gpg) over
 * data. Returns 0 and fills *who, or -1 with e. */
int pgp_verify_detached(struct pgp_keyring *kr, const void *data, size_t len,
		const void *sig, size_t siglen, time_t now, struct pgp_signer *who,
		struct bb_err *e);

/* ASCII armour: decode the first armoured block of kind `what` ("PUBLIC
 * KEY BLOCK", "SIGNATURE", ...; NULL: any) in text into *out (malloc'd),
 * checking the CRC-24 when present. Returns 0, or -1 with e. */
int pgp_dearmor(const char *text, size_t len, const char *what,
		unsigned char **out, size_t *outlen, struct bb_err *e);

#endif
