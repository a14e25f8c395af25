/* OpenPGP packet framing, MPIs and v4 signature packets (RFC 4880 4.2,
 * 5.2.3; RFC 9580 4.2, 5.2.3). */
#include "pgp_int.h"

int pgp_packet_next(const uint8_t **pp, size_t *left, struct pgp_pkt *pk, const char **why)
{
	const uint8_t *p = *pp;
	size_t n = *left, hl, len = 0, i;

	if (!n)
		return 0;
	if (!(p[0] & 0x80)) {
		*why = "not an OpenPGP packet";
		return -1;
	}
	if (p[0] & 0x40) {              /* new format */
		pk->tag = p[0] & 0x3f;
		if (n >= 2 && p[1] < 192) {
			hl = 2;
			len = p[1];
		} else if (n >= 3 && p[1] < 224) {
			hl = 3;
			len = ((size_t)(p[1] - 192) << 8) + p[2] + 192;
		} else if (n >= 6 && p[1] == 255) {
			hl = 6;
			len = pgp_be32(p + 2);
		} else {
			*why = n >= 2 && p[1] >= 224 && p[1] < 255 ?
				"partial body length" : "truncated packet";
			return -1;
		}
	} else {                        /* old format: 1, 2 or 4 length octets */
		pk->tag = (p[0] >> 2) & 0xf;
		if ((p[0] & 3) == 3) {
			*why = "indeterminate packet length";
			return -1;
		}
		hl = 1 + (1u << (p[0] & 3));
		if (n < hl) {
			*why = "truncated packet";
			return -1;
		}
		for (i = 1; i < hl; i++)
			len = len << 8 | p[i];
	}
	if (len > n - hl) {
		*why = "truncated packet";
		return -1;
	}
	if (pk->tag == 0) {
		*why = "packet with the reserved tag 0";
		return -1;
	}
	pk->body = p + hl;
	pk->len = len;
	*pp = p + hl + len;
	*left = n - hl - len;
	return 1;
}

int pgp_mpi(const uint8_t **p, size_t *left, const uint8_t **v, size_t *vlen)
{
	size_t bytes;

	if (*left < 2)
		return -1;
	bytes = (((size_t)(*p)[0] << 8 | (*p)[1]) + 7) / 8;
	if (bytes > *left - 2)
		return -1;
	*v = *p + 2;
	*vlen = bytes;
	*p += 2 + bytes;
	*left -= 2 + bytes;
	while (*vlen && !**v) {
		(*v)++;
		(*vlen)--;
	}
	return 0;
}

/* Subpacket types understood well enough that a critical one is fine:
 * the ones read below, and preferences and notes that change nothing
 * about a signature's meaning. Anything else marked critical makes the
 * signature invalid (RFC 4880 5.2.3.1). */
static const uint8_t known_sub[] = {
	2, 3, 4, 7, 9, 11, 12, 16, 21, 22, 23, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 39,
};

static int is_known(int type)
{
	size_t i;

	for (i = 0; i < sizeof(known_sub); i++)
		if (known_sub[i] == type)
			return 1;
	return 0;
}

/* One subpacket of the hashed (hashed = 1) or unhashed area. Only the
 * issuer and the embedded signature are taken from the unhashed area:
 * hints that the verification itself confirms. */
static int sub_one(struct pgp_sig *s, int type, const uint8_t *d, size_t n, int hashed,
		const char **why)
{
	if (!hashed) {
		if ((type == 16 || type == 33) && s->issuerlen)
			return 0;
		if (type == 32 && s->embedded)
			return 0;
		if (type != 16 && type != 33 && type != 32)
			return 0;
	}
	switch (type) {
	case 2: case 3: case 9:
		if (n != 4)
			break;
		if (type == 2)
			s->created = pgp_be32(d);
		else if (type == 3)
			s->expires = pgp_be32(d);
		else {
			s->keyexp = pgp_be32(d);
			s->has_keyexp = 1;
		}
		return 0;
	case 27:
		s->has_flags = 1;
		s->flags = n ? d[0] : 0;
		return 0;
	case 16:
		if (n != 8)
			break;
		memcpy(s->issuer, d, 8);
		s->issuerlen = 8;
		return 0;
	case 33:                /* version 4: 20 octets; others are not ours */
		if (n == 21 && d[0] == 4) {
			memcpy(s->issuer, d + 1, 20);
			s->issuerlen = 20;
		}
		return 0;
	case 32:
		s->embedded = d;
		s->embeddedlen = n;
		return 0;
	default:
		return 0;
	}
	*why = "bad subpacket length";
	return -1;
}

static int subpackets(struct pgp_sig *s, const uint8_t *p, size_t n, int hashed, const char **why)
{
	while (n) {
		size_t len, hl;
		int type;

		if (p[0] < 192) {
			hl = 1;
			len = p[0];
		} else if (p[0] < 255 && n >= 2) {
			hl = 2;
			len = ((size_t)(p[0] - 192) << 8) + p[1] + 192;
		} else if (p[0] == 255 && n >= 5) {
			hl = 5;
			len = pgp_be32(p + 1);
		} else {
			goto bad;
		}
		if (len == 0 || len > n - hl)
			goto bad;
		type = p[hl] & 0x7f;
		if (hashed && (p[hl] & 0x80) && !is_known(type)) {
			*why = "unknown critical subpacket";
			return -1;
		}
		if (sub_one(s, type, p + hl + 1, len - 1, hashed, why) < 0)
			return -1;
		p += hl + len;
		n -= hl + len;
	}
	return 0;
bad:
	*why = "bad subpacket length";
	return -1;
}

int pgp_sig_parse(const uint8_t *b, size_t len, struct pgp_sig *s, const char **why)
{
	size_t hlen, ulen, left;
	const uint8_t *p;

	memset(s, 0, sizeof(*s));
	if (len < 1 || b[0] != 4) {
		*why = len ? "only version 4 signatures are supported" : "empty signature";
		return -1;
	}
	if (len < 6)
		goto trunc;
	s->type = b[1];
	s->pkalgo = b[2];
	s->hashalgo = b[3];
	hlen = (size_t)b[4] << 8 | b[5];
	if (hlen > len - 6 || len - 6 - hlen < 2)
		goto trunc;
	s->hashed = b;
	s->hashedlen = 6 + hlen;
	if (subpackets(s, b + 6, hlen, 1, why) < 0)
		return -1;
	p = b + 6 + hlen;
	ulen = (size_t)p[0] << 8 | p[1];
	left = len - 8 - hlen;
	if (ulen > left || left - ulen < 2)
		goto trunc;
	if (subpackets(s, p + 2, ulen, 0, why) < 0)
		return -1;
	p += 2 + ulen;
	left -= ulen;
	memcpy(s->left16, p, 2);
	p += 2;
	left -= 2;
	if (!s->created) {
		*why = "no creation time";
		return -1;
	}
	if (s->pkalgo == 1 || s->pkalgo == 3) {
		if (pgp_mpi(&p, &left, &s->mpi, &s->mpilen) < 0 || left)
			goto trunc;
	} else if (s->pkalgo == 22) {
		if (pgp_mpi(&p, &left, &s->mpi, &s->mpilen) < 0 ||
				pgp_mpi(&p, &left, &s->mpi2, &s->mpi2len) < 0 || left)
			goto trunc;
	} else if (s->pkalgo == 27) {
		if (left != 64)
			goto trunc;
		s->mpi = p;
		s->mpilen = left;
	} else {
		s->mpi = p;
		s->mpilen = left;
	}
	return 0;
trunc:
	*why = "truncated signature";
	return -1;
}
