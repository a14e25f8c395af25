/* Raw LZMA, decoded in one go into a buffer of the known size: what the
 * unpacker of a packed ctbox needs (pack/loader.c), small rather than
 * fast. The stream is a range coder over adaptive bit probabilities: a
 * literal (coded against the byte one match distance back after a match),
 * a match (length, then distance slot and its extra bits), or one of four
 * recent distances (a one-byte "short rep" or a length). */
#include <string.h>

#include "unlzma.h"

/* Where each group of probabilities starts in the one array. */
enum {
	P_MATCH = 0,			/* [state][pos state] */
	P_REP = P_MATCH + 12 * 16,	/* [state] */
	P_REP0 = P_REP + 12,
	P_REP1 = P_REP0 + 12,
	P_REP2 = P_REP1 + 12,
	P_REP0_LONG = P_REP2 + 12,	/* [state][pos state] */
	P_SLOT = P_REP0_LONG + 12 * 16, /* [length state][64] */
	P_SPEC = P_SLOT + 4 * 64,	/* the extra bits of slots 4..13 */
	P_ALIGN = P_SPEC + 115,		/* the low 4 bits of slots 14.. */
	P_LEN = P_ALIGN + 16,		/* a length coder each: */
	P_REP_LEN = P_LEN + 514,	/*   two choices, low, mid, high */
	P_LIT = P_REP_LEN + 514,	/* [lp and lc context][0x300] */
	P_MAX = P_LIT + (0x300 << 4),	/* lc + lp <= 4 */
};

struct rc {
	const uint8_t *p, *end;
	uint32_t range, code;
	int bad;
};

static void rc_norm(struct rc *rc)
{
	if (rc->range >= 1U << 24)
		return;
	rc->range <<= 8;
	rc->code <<= 8;
	if (rc->p < rc->end)
		rc->code |= *rc->p++;
	else
		rc->bad = 1;
}

static unsigned rc_bit(struct rc *rc, uint16_t *prob)
{
	uint32_t bound;

	rc_norm(rc);
	bound = (rc->range >> 11) * *prob;
	if (rc->code < bound) {
		rc->range = bound;
		*prob += (2048 - *prob) >> 5;
		return 0;
	}
	rc->range -= bound;
	rc->code -= bound;
	*prob -= *prob >> 5;
	return 1;
}

/* Bits of even probability, most significant first. */
static uint32_t rc_direct(struct rc *rc, unsigned n)
{
	uint32_t r = 0, b;

	while (n--) {
		rc_norm(rc);
		rc->range >>= 1;
		b = rc->code >= rc->range;
		rc->code -= rc->range & (0 - b);
		r = r << 1 | b;
	}
	return r;
}

/* A symbol of n bits down a tree of probabilities (node 1 the root),
 * most significant bit first, or least significant first (rev). */
static unsigned rc_tree(struct rc *rc, uint16_t *probs, unsigned n, int rev)
{
	unsigned m = 1, r = 0, i, b;

	for (i = 0; i < n; i++) {
		b = rc_bit(rc, probs + m);
		m = m << 1 | b;
		r |= b << i;
	}
	return rev ? r : m - (1U << n);
}

static unsigned rc_len(struct rc *rc, uint16_t *probs, unsigned ps)
{
	if (!rc_bit(rc, probs))
		return rc_tree(rc, probs + 2 + ps * 8, 3, 0);
	if (!rc_bit(rc, probs + 1))
		return 8 + rc_tree(rc, probs + 130 + ps * 8, 3, 0);
	return 16 + rc_tree(rc, probs + 258, 8, 0);
}

static uint32_t rc_distance(struct rc *rc, uint16_t *p, unsigned len)
{
	unsigned slot = rc_tree(rc, p + P_SLOT + (len < 3 ? len : 3) * 64, 6, 0), n;
	uint32_t d;

	if (slot < 4)
		return slot;
	n = (slot >> 1) - 1;
	d = (2 | (slot & 1)) << n;
	if (slot < 14)
		return d + rc_tree(rc, p + P_SPEC + d - slot, n, 1);
	return d + (rc_direct(rc, n - 4) << 4) + rc_tree(rc, p + P_ALIGN, 4, 1);
}

int unlzma_raw(const uint8_t *in, size_t inlen, uint8_t *out, size_t outlen, unsigned props)
{
	uint16_t p[P_MAX];
	unsigned lc = props % 9, lp = props / 9 % 5, pb = props / 45, st = 0, len, s, i;
	uint32_t rep[4] = { 0, 0, 0, 0 }, d;
	struct rc rc = { in + 5, in + inlen, 0xFFFFFFFF, 0, 0 };
	size_t pos = 0;

	if (props >= 9 * 5 * 5 || lc + lp > 4 || inlen < 5 || in[0])
		return -1;
	for (i = 0; i < P_MAX; i++)
		p[i] = 1024;
	for (i = 1; i < 5; i++)
		rc.code = rc.code << 8 | in[i];
	while (pos < outlen && !rc.bad) {
		unsigned ps = pos & ((1U << pb) - 1);

		if (!rc_bit(&rc, p + P_MATCH + st * 16 + ps)) {
			uint16_t *lit = p + P_LIT + 0x300 * (((pos & ((1U << lp) - 1)) << lc) +
							   ((pos ? out[pos - 1] : 0U) >> (8 - lc)));
			s = 1;
			if (st >= 7) {
				/* After a match: against the byte rep0 back, until
				 * the first bit that differs. */
				unsigned mb = out[pos - rep[0] - 1], m, b;

				do {
					m = mb >> 7 & 1;
					mb <<= 1;
					b = rc_bit(&rc, lit + 0x100 + (m << 8) + s);
					s = s << 1 | b;
				} while (b == m && s < 0x100);
			}
			while (s < 0x100)
				s = s << 1 | rc_bit(&rc, lit + s);
			out[pos++] = (uint8_t)s;
			st = st < 4 ? 0 : st < 10 ? st - 3 : st - 6;
			continue;
		}
		if (!rc_bit(&rc, p + P_REP + st)) {
			rep[3] = rep[2];
			rep[2] = rep[1];
			rep[1] = rep[0];
			len = rc_len(&rc, p + P_LEN, ps);
			st = st < 7 ? 7 : 10;
			rep[0] = rc_distance(&rc, p, len);
			if (rep[0] == 0xFFFFFFFF)
				break;	/* the end marker, before the end */
		} else if (!rc_bit(&rc, p + P_REP0 + st)) {
			if (!rc_bit(&rc, p + P_REP0_LONG + st * 16 + ps)) {
				if (rep[0] >= pos)
					return -1;
				out[pos] = out[pos - rep[0] - 1];
				pos++;
				st = st < 7 ? 9 : 11;
				continue;
			}
			len = rc_len(&rc, p + P_REP_LEN, ps);
			st = st < 7 ? 8 : 11;
		} else {
			if (!rc_bit(&rc, p + P_REP1 + st)) {
				d = rep[1];
			} else {
				if (!rc_bit(&rc, p + P_REP2 + st)) {
					d = rep[2];
				} else {
					d = rep[3];
					rep[3] = rep[2];
				}
				rep[2] = rep[1];
			}
			rep[1] = rep[0];
			rep[0] = d;
			len = rc_len(&rc, p + P_REP_LEN, ps);
			st = st < 7 ? 8 : 11;
		}
		if (rep[0] >= pos)
			return -1;
		for (len += 2; len && pos < outlen; len--, pos++)
			out[pos] = out[pos - rep[0] - 1];
	}
	return rc.bad || pos != outlen ? -1 : 0;
}

static uint32_t get32(const uint8_t *b)
{
	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

/* x86: a call or jmp (E8, E9) whose 32-bit displacement is within 16 MiB
 * (its top byte 00 or FF) gets the target's address, modulo 32 MiB, with
 * bit 24 spread over the top byte again: the filtered bytes pass the same
 * test, so both directions visit the same places and invert each other.
 * arm64: a BL's 26-bit word offset becomes the target's word address. */
void branch_filter(uint8_t *b, size_t len, int kind, int encode)
{
	uint32_t v, at;
	size_t i;

	if (kind == BRANCH_X86) {
		for (i = 0; i + 5 <= len; i++) {
			if ((b[i] & 0xFE) != 0xE8 || (uint8_t)(b[i + 4] + 1) > 1)
				continue;
			at = (uint32_t)(i + 5);
			v = get32(b + i + 1);
			v = encode ? v + at : v - at;
			put32(b + i + 1, (v & 0xFFFFFF) | (0 - (v >> 24 & 1)) << 24);
			i += 4;
		}
	} else if (kind == BRANCH_ARM64) {
		for (i = 0; i + 4 <= len; i += 4) {
			v = get32(b + i);
			if (v >> 26 != 0x25)
				continue;
			at = (uint32_t)(i >> 2);
			put32(b + i, 0x94000000 | ((encode ? v + at : v - at) & 0x03FFFFFF));
		}
	}
}
