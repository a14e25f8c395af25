/* Ed25519 verification, written from RFC 8032 (5.1.3 decoding, 5.1.4
 * point addition, 5.1.7 verification). Field elements mod p = 2^255 - 19
 * are five 51-bit limbs whose products add up in 128-bit accumulators
 * kept as two 64-bit halves (32-bit targets such as armhf have no
 * __int128, and one code path is the one the tests check); points are
 * extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z. The check is
 * the cofactorless one, [S]B = R + [h]A, with A and R decoded strictly and
 * S < L, as libsodium and OpenSSL do; RFC 8032 allows either. Speed is not
 * a goal (a few signatures per run): one complete addition law does the
 * doubling too, exponents are plain square-and-multiply. */
#include <string.h>

#include <bearssl.h>

#include "ed25519.h"

#define MASK51 ((1ULL << 51) - 1)

struct fe {
	uint64_t v[5];          /* value: sum of v[i] * 2^(51 i), limbs < 2^52 */
};

struct pt {
	struct fe x, y, z, t;
};

/* The curve's constants, computed per call rather than tabled: 2d, d,
 * sqrt(-1) and the base point. */
struct curve {
	struct fe d, d2, sqrtm1;
	struct pt b;
};

/* L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
static const uint8_t order[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
};

static uint64_t load64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void fe_set(struct fe *r, uint64_t n)
{
	memset(r, 0, sizeof(*r));
	r->v[0] = n;
}

/* Carry every limb into the next (the top one times 19 into the bottom,
 * as 2^255 = 19), twice: then all limbs are below 2^51 + 19. */
static void fe_carry(struct fe *r)
{
	uint64_t c;
	int i, k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < 4; i++) {
			c = r->v[i] >> 51;
			r->v[i] &= MASK51;
			r->v[i + 1] += c;
		}
		c = r->v[4] >> 51;
		r->v[4] &= MASK51;
		r->v[0] += 19 * c;
	}
}

static void fe_add(struct fe *r, const struct fe *a, const struct fe *b)
{
	int i;

	for (i = 0; i < 5; i++)
		r->v[i] = a->v[i] + b->v[i];
	fe_carry(r);
}

/* a - b as a + 4p - b: every limb of 4p exceeds any limb of b. */
static void fe_sub(struct fe *r, const struct fe *a, const struct fe *b)
{
	int i;

	r->v[0] = a->v[0] + 4 * (MASK51 - 18) - b->v[0];
	for (i = 1; i < 5; i++)
		r->v[i] = a->v[i] + 4 * MASK51 - b->v[i];
	fe_carry(r);
}

struct acc {
	uint64_t lo, hi;
};

/* t += a * b, the 128-bit product from four 32-bit halves. */
static void acc_mul_add(struct acc *t, uint64_t a, uint64_t b)
{
	uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0;
	uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
	uint64_t lo = mid << 32 | (uint32_t)p00;

	t->lo += lo;
	t->hi += a1 * b1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32) + (t->lo < lo);
}

static void acc_add(struct acc *t, uint64_t v)
{
	t->lo += v;
	t->hi += t->lo < v;
}

/* t >> 51: below 2^64, as fe_mul's sums stay below 2^115. */
static uint64_t acc_shr51(const struct acc *t)
{
	return t->lo >> 51 | t->hi << 13;
}

/* Limbs below 2^52 (2^56.3 times 19): each sum of five products stays
 * below 2^111, the top one (no wrap) below 2^107, so its carry times 19
 * fits 64 bits. */
static void fe_mul(struct fe *r, const struct fe *a, const struct fe *b)
{
	struct acc t[5];
	uint64_t c;
	int i, j;

	memset(t, 0, sizeof(t));
	/* a limb product past 2^255 wraps around times 19 */
	for (i = 0; i < 5; i++)
		for (j = 0; j < 5; j++)
			acc_mul_add(&t[(i + j) % 5], a->v[i], i + j < 5 ? b->v[j] : 19 * b->v[j]);
	for (i = 0; i < 4; i++) {
		acc_add(&t[i + 1], acc_shr51(&t[i]));
		r->v[i] = t[i].lo & MASK51;
	}
	r->v[4] = t[4].lo & MASK51;
	c = acc_shr51(&t[4]) * 19 + r->v[0];
	r->v[0] = c & MASK51;
	r->v[1] += c >> 51;
	fe_carry(r);
}

/* a^e, e a 256-bit little-endian exponent. */
static void fe_pow(struct fe *r, const struct fe *a, const uint8_t *e)
{
	struct fe x;
	int i;

	fe_set(&x, 1);
	for (i = 255; i >= 0; i--) {
		fe_mul(&x, &x, &x);
		if (e[i / 8] >> (i % 8) & 1)
			fe_mul(&x, &x, a);
	}
	*r = x;
}

/* a^(2^k - c) for the exponents below (k < 256, c < 256). */
static void fe_pow2k(struct fe *r, const struct fe *a, int k, int c)
{
	uint8_t e[32];

	memset(e, 0xff, sizeof(e));
	e[0] = 256 - c;
	e[31] = (1 << (k - 248)) - 1;
	fe_pow(r, a, e);
}

static void fe_inv(struct fe *r, const struct fe *a)
{
	fe_pow2k(r, a, 255, 21);        /* a^(p-2) */
}

/* The canonical 32-octet little-endian encoding (value mod p). */
static void fe_tobytes(uint8_t *s, const struct fe *a)
{
	struct fe t = *a;
	uint64_t acc = 0, c; /* under 8 bits left over, plus a limb: 59 bits */
	int i, bits = 0, o = 0;

	fe_carry(&t);
	/* t < 2p now; c = 1 exactly when t >= p, i.e. t + 19 >= 2^255 */
	c = (t.v[0] + 19) >> 51;
	for (i = 1; i < 5; i++)
		c = (t.v[i] + c) >> 51;
	t.v[0] += 19 * c;
	for (i = 0; i < 4; i++) {
		t.v[i + 1] += t.v[i] >> 51;
		t.v[i] &= MASK51;
	}
	t.v[4] &= MASK51;               /* drops the 2^255 of t - p + 2^255 */
	for (i = 0; i < 5; i++) {
		acc |= t.v[i] << bits;
		for (bits += 51; bits >= 8; bits -= 8) {
			s[o++] = (uint8_t)acc;
			acc >>= 8;
		}
	}
	s[o] = (uint8_t)acc;
}

/* The low 255 bits of s (bit 255, x's sign in a point, is left out). */
static void fe_frombytes(struct fe *r, const uint8_t *s)
{
	r->v[0] = load64(s) & MASK51;
	r->v[1] = load64(s + 6) >> 3 & MASK51;
	r->v[2] = load64(s + 12) >> 6 & MASK51;
	r->v[3] = load64(s + 19) >> 1 & MASK51;
	r->v[4] = load64(s + 24) >> 12 & MASK51;
}

static int fe_eq(const struct fe *a, const struct fe *b)
{
	uint8_t x[32], y[32];

	fe_tobytes(x, a);
	fe_tobytes(y, b);
	return !memcmp(x, y, 32);
}

/* "Negative": odd, in the canonical encoding (RFC 8032 5.1.2). */
static int fe_odd(const struct fe *a)
{
	uint8_t x[32];

	fe_tobytes(x, a);
	return x[0] & 1;
}

/* RFC 8032 5.1.4: the addition law, complete on this curve (a = -1, d
 * not a square), so it serves for doubling and the neutral element too. */
static void pt_add(struct pt *r, const struct pt *p, const struct pt *q, const struct curve *cv)
{
	struct fe a, b, c, d, e, f, g, h, t;

	fe_sub(&a, &p->y, &p->x);
	fe_sub(&t, &q->y, &q->x);
	fe_mul(&a, &a, &t);
	fe_add(&b, &p->y, &p->x);
	fe_add(&t, &q->y, &q->x);
	fe_mul(&b, &b, &t);
	fe_mul(&c, &p->t, &q->t);
	fe_mul(&c, &c, &cv->d2);
	fe_mul(&d, &p->z, &q->z);
	fe_add(&d, &d, &d);
	fe_sub(&e, &b, &a);
	fe_sub(&f, &d, &c);
	fe_add(&g, &d, &c);
	fe_add(&h, &b, &a);
	fe_mul(&r->x, &e, &f);
	fe_mul(&r->y, &g, &h);
	fe_mul(&r->t, &e, &h);
	fe_mul(&r->z, &f, &g);
}

/* RFC 8032 5.1.3: y from the low 255 bits (refused unless below p), x
 * from x^2 = (y^2 - 1) / (d y^2 + 1) with the sign bit 255 says. */
static int pt_decode(struct pt *p, const uint8_t *s, const struct curve *cv)
{
	struct fe u, v, v3, w, x2, one;
	uint8_t chk[32];
	int sign = s[31] >> 7;

	fe_frombytes(&p->y, s);
	fe_tobytes(chk, &p->y);
	chk[31] |= sign << 7;
	if (memcmp(chk, s, 32))
		return -1;
	fe_set(&one, 1);
	fe_mul(&u, &p->y, &p->y);
	fe_mul(&v, &u, &cv->d);
	fe_sub(&u, &u, &one);
	fe_add(&v, &v, &one);
	/* x = u v^3 (u v^7)^((p-5)/8) */
	fe_mul(&v3, &v, &v);
	fe_mul(&v3, &v3, &v);
	fe_mul(&w, &v3, &v3);
	fe_mul(&w, &w, &v);
	fe_mul(&w, &w, &u);
	fe_pow2k(&w, &w, 252, 3);
	fe_mul(&w, &w, &v3);
	fe_mul(&p->x, &w, &u);
	fe_mul(&x2, &p->x, &p->x);
	fe_mul(&x2, &x2, &v);
	if (!fe_eq(&x2, &u)) {
		fe_set(&w, 0);
		fe_sub(&u, &w, &u);
		if (!fe_eq(&x2, &u))
			return -1;      /* no square root: not a point */
		fe_mul(&p->x, &p->x, &cv->sqrtm1);
	}
	fe_set(&w, 0);
	if (fe_odd(&p->x) != sign) {
		if (fe_eq(&p->x, &w))
			return -1;      /* x = 0 with the sign bit set */
		fe_sub(&p->x, &w, &p->x);
	}
	fe_set(&p->z, 1);
	fe_mul(&p->t, &p->x, &p->y);
	return 0;
}

static void pt_encode(uint8_t *s, const struct pt *p)
{
	struct fe zi, x, y;

	fe_inv(&zi, &p->z);
	fe_mul(&x, &p->x, &zi);
	fe_mul(&y, &p->y, &zi);
	fe_tobytes(s, &y);
	s[31] |= fe_odd(&x) << 7;
}

static void curve_init(struct curve *cv)
{
	/* B's encoding: y = 4/5, x even */
	static const uint8_t base[32] = {
		0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		0x66, 0x66, 0x66, 0x66,
	};
	struct fe a, b;

	/* d = -121665 / 121666 */
	fe_set(&a, 0);
	fe_set(&b, 121665);
	fe_sub(&a, &a, &b);
	fe_set(&b, 121666);
	fe_inv(&b, &b);
	fe_mul(&cv->d, &a, &b);
	fe_add(&cv->d2, &cv->d, &cv->d);
	/* sqrt(-1) = 2^((p-1)/4) */
	fe_set(&a, 2);
	fe_pow2k(&cv->sqrtm1, &a, 253, 5);
	pt_decode(&cv->b, base, cv);
}

/* Whether the 256-bit little-endian s is below L. */
static int below_order(const uint8_t *s)
{
	int i;

	for (i = 31; i >= 0; i--)
		if (s[i] != order[i])
			return s[i] < order[i];
	return 0;
}

/* out = the 512-bit little-endian in mod L, bit by bit from the top:
 * r = 2r + bit, less L when that reaches L (r < L < 2^253 throughout). */
static void reduce_order(uint8_t *out, const uint8_t *in)
{
	uint64_t r[4] = { 0 }, l[4], t[4], borrow;
	int i, j;

	for (j = 0; j < 4; j++)
		l[j] = load64(order + 8 * j);
	for (i = 511; i >= 0; i--) {
		for (j = 3; j > 0; j--)
			r[j] = r[j] << 1 | r[j - 1] >> 63;
		r[0] = r[0] << 1 | (in[i / 8] >> (i % 8) & 1);
		for (borrow = 0, j = 0; j < 4; j++) {
			t[j] = r[j] - l[j] - borrow;
			borrow = r[j] < l[j] || (r[j] == l[j] && borrow);
		}
		if (!borrow)
			memcpy(r, t, sizeof(r));
	}
	for (i = 0; i < 32; i++)
		out[i] = (uint8_t)(r[i / 8] >> (8 * (i % 8)));
}

int ed25519_pub_ok(const uint8_t *pub)
{
	struct curve cv;
	struct pt a;

	curve_init(&cv);
	return pt_decode(&a, pub, &cv) == 0;
}

int ed25519_verify(const uint8_t *sig, const uint8_t *pub, const void *msg, size_t len)
{
	const uint8_t *s = sig + 32;
	br_sha512_context h;
	struct curve cv;
	struct pt a, r, q;
	uint8_t dig[64], k[32], chk[32];
	struct fe zero;
	int i;

	if (!below_order(s))
		return -1;
	curve_init(&cv);
	if (pt_decode(&a, pub, &cv) < 0 || pt_decode(&r, sig, &cv) < 0)
		return -1;
	br_sha512_init(&h);
	br_sha512_update(&h, sig, 32);
	br_sha512_update(&h, pub, 32);
	br_sha512_update(&h, msg, len);
	br_sha512_out(&h, dig);
	reduce_order(k, dig);
	/* q = [S]B + [k](-A), both scalars at once (Straus), then compared
	 * with R by encoding: R's own encoding was checked canonical. */
	fe_set(&zero, 0);
	fe_sub(&a.x, &zero, &a.x);
	fe_sub(&a.t, &zero, &a.t);
	fe_set(&q.x, 0);
	fe_set(&q.y, 1);
	fe_set(&q.z, 1);
	fe_set(&q.t, 0);
	for (i = 255; i >= 0; i--) {
		pt_add(&q, &q, &q, &cv);
		if (s[i / 8] >> (i % 8) & 1)
			pt_add(&q, &q, &cv.b, &cv);
		if (k[i / 8] >> (i % 8) & 1)
			pt_add(&q, &q, &a, &cv);
	}
	pt_encode(chk, &q);
	return memcmp(chk, sig, 32) ? -1 : 0;
}
