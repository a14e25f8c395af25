/* JSON strings: UTF-8 decoding (strict, as RFC 3629 has it) and the
 * escaping every JSON output uses (applets' --json, the writer). */
#include <string.h>

#include "json.h"

size_t json_utf8(const unsigned char *s, size_t n, unsigned *cp, const char **why)
{
	static const unsigned min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned c = s[0], len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
	if (!len || c >= 0xf8) {
		*why = c < 0xc0 ? "a continuation byte without a lead byte" : "a byte never used in UTF-8";
		return 0;
	}
	c &= 0x3f >> (len - 1);
	for (i = 1; i < len; i++) {
		if (i >= n || (s[i] & 0xc0) != 0x80) {
			*why = "truncated sequence";
			return 0;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min[len])
		*why = "overlong encoding";
	else if (c >= 0xd800 && c <= 0xdfff)
		*why = "encoded surrogate";
	else if (c > 0x10ffff)
		*why = "beyond U+10FFFF";
	else {
		*cp = c;
		return len;
	}
	return 0;
}

void json_put_strn(FILE *f, const char *s, size_t n)
{
	static const char short_esc[] = "\bb\ff\nn\rr\tt\"\"\\\\";
	size_t i = 0;

	fputc('"', f);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *why, *p;
		unsigned cp;
		size_t len;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			fputc(c, f);
			i++;
		} else if (c < 0x80) {
			p = c ? memchr(short_esc, c, sizeof(short_esc) - 1) : NULL;
			if (p && (p - short_esc) % 2 == 0)
				fprintf(f, "\\%c", p[1]);
			else
				fprintf(f, "\\u%04x", c);
			i++;
		} else if ((len = json_utf8((const unsigned char *)s + i, n - i, &cp, &why)) != 0) {
			fwrite(s + i, 1, len, f);
			i += len;
		} else {
			fputs("\xef\xbf\xbd", f);
			i++;
		}
	}
	fputc('"', f);
}

void json_put_str(FILE *f, const char *s)
{
	json_put_strn(f, s, strlen(s));
}
