/* ASCII armour (RFC 4880 6, RFC 9580 6.2): a BEGIN line, armour headers,
 * base64 lines, an optional =CRC-24 line (checked), the matching END line. */
#include <errno.h>
#include <stdlib.h>

#include "pgp_int.h"

static int b64(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static uint32_t crc24(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xb704ce;
	int i;

	while (n--) {
		crc ^= (uint32_t)*p++ << 16;
		for (i = 0; i < 8; i++) {
			crc <<= 1;
			if (crc & 0x1000000)
				crc ^= 0x1864cfb;
		}
	}
	return crc & 0xffffff;
}

/* "-----BEGIN PGP KIND-----" with KIND what (NULL: any armour; the
 * cleartext framework's SIGNED MESSAGE is not one). */
static int is_begin(const char *l, size_t n, const char *what)
{
	size_t k;

	if (n < 21 || memcmp(l, "-----BEGIN PGP ", 15) || memcmp(l + n - 5, "-----", 5))
		return 0;
	k = n - 20;
	if (what)
		return strlen(what) == k && !memcmp(l + 15, what, k);
	return !(k == 14 && !memcmp(l + 15, "SIGNED MESSAGE", 14));
}

/* Base64 text of one line into out at *o; *pad counts the '=' seen. */
static int b64_line(const char *l, size_t n, uint8_t *out, size_t *o, uint32_t *acc,
		int *bits, int *pad)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int v = b64((unsigned char)l[i]);

		if (l[i] == '=') {
			(*pad)++;
			continue;
		}
		if (v < 0 || *pad)
			return -1;
		*acc = *acc << 6 | v;
		*bits += 6;
		if (*bits >= 8) {
			*bits -= 8;
			out[(*o)++] = *acc >> *bits;
		}
	}
	return 0;
}

int pgp_armor_decode(const char *t, size_t len, const char *what, unsigned char **out,
		size_t *outlen, size_t *end, struct bb_err *e)
{
	size_t pos = 0, ls, ln, o = 0, kind, kindlen;
	int bits = 0, pad = 0, headers = 1, crc_seen = 0;
	uint32_t acc = 0, crc = 0;
	const char *why = "no END line";
	uint8_t *buf;

	do {
		if (!pgp_line(t, len, &pos, &ls, &ln))
			return 1;
	} while (!is_begin(t + ls, ln, what));
	kind = ls + 15;
	kindlen = ln - 20;
	buf = malloc((len - pos) / 4 * 3 + 3);
	if (!buf)
		return bb_err_set(e, ENOMEM, "decoding the armour");
	while (pgp_line(t, len, &pos, &ls, &ln)) {
		const char *l = t + ls;

		if (headers && (!ln || memchr(l, ':', ln))) {
			headers = ln != 0;
			continue;
		}
		headers = 0;
		if (ln >= 9 && !memcmp(l, "-----END ", 9)) {
			if (ln != kindlen + 18 || memcmp(l + 9, "PGP ", 4) ||
					memcmp(l + 13, t + kind, kindlen) || memcmp(l + ln - 5, "-----", 5))
				why = "END line does not match its BEGIN line";
			else if (bits >= 6)
				why = "bad base64";
			else if (crc_seen && crc != crc24(buf, o))
				why = "CRC-24 checksum mismatch";
			else
				why = NULL;
			break;
		}
		if (crc_seen) {
			why = "text after the checksum";
			break;
		}
		if (ln == 5 && l[0] == '=') {
			uint8_t c[3];
			size_t co = 0;
			uint32_t ca = 0;
			int cb = 0, cp = 0;

			if (b64_line(l + 1, 4, c, &co, &ca, &cb, &cp) < 0 || co != 3) {
				why = "bad checksum line";
				break;
			}
			crc = (uint32_t)c[0] << 16 | c[1] << 8 | c[2];
			crc_seen = 1;
			continue;
		}
		if (b64_line(l, ln, buf, &o, &acc, &bits, &pad) < 0) {
			why = "bad base64";
			break;
		}
	}
	if (why) {
		free(buf);
		return bb_err_set(e, 0, "PGP %.*s armour: %s", (int)(kindlen > 40 ? 40 : kindlen),
				t + kind, why);
	}
	*out = buf;
	*outlen = o;
	*end = pos;
	return 0;
}

int pgp_dearmor(const char *text, size_t len, const char *what,
		unsigned char **out, size_t *outlen, struct bb_err *e)
{
	size_t end;
	int r = pgp_armor_decode(text, len, what, out, outlen, &end, e);

	if (r == 1)
		return bb_err_set(e, 0, "no armoured %s block", what ? what : "OpenPGP");
	return r;
}
