/* Ed25519 signature verification (RFC 8032 5.1), for OpenPGP keys that
 * use it. Verification only: everything it handles is public, so nothing
 * here needs to run in constant time. */
#ifndef CTBOX_ED25519_H
#define CTBOX_ED25519_H

#include <stddef.h>
#include <stdint.h>

/* Whether pub (32 octets) is the canonical encoding of a curve point. */
int ed25519_pub_ok(const uint8_t *pub);

/* Check sig (R || S, 64 octets) over msg with public key pub (32 octets):
 * 0 when [S]B = R + [SHA-512(R || A || msg) mod L]A holds (cofactorless),
 * -1 otherwise, and also when A or R is not a canonical point encoding
 * or S >= L (RFC 8032 5.1.7). */
int ed25519_verify(const uint8_t *sig, const uint8_t *pub, const void *msg, size_t len);

#endif
