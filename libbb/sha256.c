/* SHA-256 (sha256.h): FIPS 180-4's compression function on x86-64's SHA
 * instructions (sha256rnds2 does two rounds on the state held as ABEF
 * and CDGH; sha256msg1/msg2 extend the message schedule four words at a
 * time) or on ARMv8's, BearSSL's code elsewhere. */
#include <string.h>

#include "sha256.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#include <sys/auxv.h>
#endif

#if defined(__x86_64__) || defined(__aarch64__)
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};
#endif

#if defined(__x86_64__)

#define NI __attribute__((target("sha,sse4.1,ssse3")))

/* n 64-byte blocks of p into h. */
NI static void blocks(uint32_t h[8], const unsigned char *p, size_t n)
{
	/* the message's big-endian words as little-endian lanes */
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i abef, cdgh, t;

	/* h: A B C D | E F G H, lane 0 first; the instructions: ABEF, CDGH
	 * (A in lane 3) */
	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0xb1);          /* B A D C */
	cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(h + 4)), 0x1b); /* H G F E */
	abef = _mm_alignr_epi8(t, cdgh, 8);                                         /* F E B A */
	cdgh = _mm_blend_epi16(cdgh, t, 0xf0);                                      /* H G D C */
	for (; n; n--, p += 64) {
		__m128i w[4], a0 = abef, c0 = cdgh;
		int r;

		for (r = 0; r < 4; r++)
			w[r] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * r)), swap);
		/* 16 times 4 rounds; w[r % 4]: words 4r .. 4r+3 of the schedule */
		for (r = 0; r < 16; r++) {
			__m128i wk = _mm_add_epi32(w[r & 3], _mm_loadu_si128((const __m128i *)&K[4 * r]));

			/* two rounds give the new ABEF; the old ABEF is the new CDGH */
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0e));
			if (r < 12) { /* words 4r+16 .. 4r+19 replace 4r .. 4r+3 */
				t = _mm_sha256msg1_epu32(w[r & 3], w[(r + 1) & 3]);
				t = _mm_add_epi32(t, _mm_alignr_epi8(w[(r + 3) & 3], w[(r + 2) & 3], 4));
				w[r & 3] = _mm_sha256msg2_epu32(t, w[(r + 3) & 3]);
			}
		}
		abef = _mm_add_epi32(abef, a0);
		cdgh = _mm_add_epi32(cdgh, c0);
	}
	t = _mm_shuffle_epi32(abef, 0x1b);                                /* A B E F */
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1);                             /* G H C D */
	_mm_storeu_si128((__m128i *)h, _mm_blend_epi16(t, cdgh, 0xf0));   /* A B C D */
	_mm_storeu_si128((__m128i *)(h + 4), _mm_alignr_epi8(cdgh, t, 8)); /* E F G H */
}

/* CPUID: leaf 7's EBX bit 29 (SHA), leaf 1's ECX bits 19 and 9 (SSE4.1,
 * SSSE3). Asked once, when first needed (not at every exec, as libgcc's
 * __builtin_cpu_init would). */
int bb_sha256_accelerated(void)
{
	static int known = -1;
	int k = __atomic_load_n(&known, __ATOMIC_RELAXED);
	unsigned a, b, c, d;

	if (k >= 0)
		return k;
	k = __get_cpuid(1, &a, &b, &c, &d) && (c >> 19 & 1) && (c >> 9 & 1) &&
		__get_cpuid_count(7, 0, &a, &b, &c, &d) && (b >> 29 & 1);
	__atomic_store_n(&known, k, __ATOMIC_RELAXED);
	return k;
}
#elif defined(__aarch64__)
/* ARMv8's SHA-2 instructions keep the state as ABCD and EFGH, in order:
 * sha256h and sha256h2 do four rounds, sha256su0 and su1 extend the
 * schedule four words at a time. */
__attribute__((target("+crypto"))) static void blocks(uint32_t h[8], const unsigned char *p,
						       size_t n)
{
	uint32x4_t abcd = vld1q_u32(h), efgh = vld1q_u32(h + 4);

	for (; n; n--, p += 64) {
		uint32x4_t w[4], a0 = abcd, e0 = efgh;
		int r;

		for (r = 0; r < 4; r++)
			w[r] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16 * r)));
		/* 16 times 4 rounds; w[r % 4]: words 4r .. 4r+3 of the schedule */
		for (r = 0; r < 16; r++) {
			uint32x4_t wk = vaddq_u32(w[r & 3], vld1q_u32(&K[4 * r])), t = abcd;

			abcd = vsha256hq_u32(abcd, efgh, wk);
			efgh = vsha256h2q_u32(efgh, t, wk);
			if (r < 12) /* words 4r+16 .. 4r+19 replace 4r .. 4r+3 */
				w[r & 3] = vsha256su1q_u32(vsha256su0q_u32(w[r & 3], w[(r + 1) & 3]),
							   w[(r + 2) & 3], w[(r + 3) & 3]);
		}
		abcd = vaddq_u32(abcd, a0);
		efgh = vaddq_u32(efgh, e0);
	}
	vst1q_u32(h, abcd);
	vst1q_u32(h + 4, efgh);
}

/* The kernel's HWCAP_SHA2 (asm/hwcap.h): the CPU has the instructions. */
int bb_sha256_accelerated(void)
{
	return !!(getauxval(AT_HWCAP) & (1ul << 6));
}
#else
static void blocks(uint32_t h[8], const unsigned char *p, size_t n)
{
	(void)h;
	(void)p;
	(void)n;
}

int bb_sha256_accelerated(void)
{
	return 0;
}
#endif

static const uint32_t H0[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
	0x5be0cd19,
};

void bb_sha256_init(struct bb_sha256 *c)
{
	c->ni = bb_sha256_accelerated();
	c->bytes = 0;
	if (c->ni)
		memcpy(c->h, H0, sizeof(H0));
	else
		br_sha256_init(&c->br);
}

void bb_sha256_update(struct bb_sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t fill = c->bytes % 64, take;

	if (!c->ni) {
		br_sha256_update(&c->br, data, n);
		return;
	}
	c->bytes += n;
	if (fill) {
		take = 64 - fill < n ? 64 - fill : n;
		memcpy(c->buf + fill, p, take);
		p += take;
		n -= take;
		if (fill + take < 64)
			return;
		blocks(c->h, c->buf, 1);
	}
	blocks(c->h, p, n / 64);
	memcpy(c->buf, p + n / 64 * 64, n % 64);
}

void bb_sha256_out(const struct bb_sha256 *c, unsigned char out[32])
{
	unsigned char last[128] = { 0 };
	size_t fill = c->bytes % 64, len = fill < 56 ? 64 : 128, i;
	uint64_t bits = c->bytes * 8;
	uint32_t h[8];

	if (!c->ni) {
		br_sha256_out(&c->br, out);
		return;
	}
	memcpy(h, c->h, sizeof(h));
	memcpy(last, c->buf, fill);
	last[fill] = 0x80;
	for (i = 0; i < 8; i++)
		last[len - 1 - i] = (unsigned char)(bits >> (8 * i));
	blocks(h, last, len / 64);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(h[i] >> 8);
		out[4 * i + 3] = (unsigned char)h[i];
	}
}
