/* SHA-256 for bulk data (downloads): the CPU's SHA extensions where it
 * has them (x86-64's SHA-NI, ARMv8's SHA-2 instructions: several times
 * BearSSL's portable code), else BearSSL's br_sha256. Same results
 * either way. */
#ifndef CTBOX_SHA256_H
#define CTBOX_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl_hash.h>

struct bb_sha256 {
	int ni;                   /* the SHA-NI path (else br) */
	br_sha256_context br;
	uint32_t h[8];
	uint64_t bytes;
	unsigned char buf[64];    /* a block's start (bytes % 64 of it) */
};

void bb_sha256_init(struct bb_sha256 *c);
void bb_sha256_update(struct bb_sha256 *c, const void *p, size_t n);
/* The digest of what was given so far (c may go on). */
void bb_sha256_out(const struct bb_sha256 *c, unsigned char out[32]);
/* Whether this process hashes with the CPU's SHA extensions. */
int bb_sha256_accelerated(void);

#endif
