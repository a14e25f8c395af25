/* strtol, strtoul, strtoll and strtoull, smaller than the C library's
 * (musl's read through a FILE: 2.4 KB of ctbox's static binary). As C
 * says: leading white space, a sign, "0x" for base 16 or 0, a leading 0
 * for octal in base 0; ERANGE and the limit on overflow; *end after the
 * last digit. As musl's, EINVAL for a bad base and when there is no digit
 * (*end is then s).
 *
 * Built as bb_strtol ...; in a static musl build (CTBOX_OWN_LIBC) they
 * are also the C library's strtol ... for the whole binary. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "libbb.h"

static unsigned digit(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	c |= 32;
	return c >= 'a' && c <= 'z' ? (unsigned)(c - 'a' + 10) : 99;
}

/* *negative: 1 for a minus sign, -1 after an overflow (the result is then
 * the limit). */
static unsigned long long scan(const char *s, char **end, int base, unsigned long long pos,
			       unsigned long long neg, int *negative)
{
	const char *p = s;
	unsigned long long v = 0, lim = pos;
	int over = 0, any = 0;
	unsigned d;

	*negative = 0;
	if (end)
		*end = (char *)s;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		return 0;
	}
	while (*p == ' ' || (unsigned char)(*p - '\t') < 5)
		p++;
	if (*p == '+' || *p == '-')
		if ((*negative = *p++ == '-'))
			lim = neg;
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && digit(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	for (; (d = digit(*p)) < (unsigned)base; p++, any = 1) {
		if (v > (lim - d) / (unsigned)base)
			over = 1;
		else
			v = v * (unsigned)base + d;
	}
	if (!any) {
		errno = EINVAL; /* as musl: no digits */
		return 0;
	}
	if (end)
		*end = (char *)p;
	if (over) {
		errno = ERANGE;
		*negative = -1;
		return lim;
	}
	return v;
}

unsigned long long bb_strtoull(const char *s, char **end, int base)
{
	int n;
	unsigned long long v = scan(s, end, base, ULLONG_MAX, ULLONG_MAX, &n);

	return n > 0 ? 0 - v : v;
}

unsigned long bb_strtoul(const char *s, char **end, int base)
{
	int n;
	unsigned long long v = scan(s, end, base, ULONG_MAX, ULONG_MAX, &n);

	return n > 0 ? 0 - (unsigned long)v : (unsigned long)v;
}

long long bb_strtoll(const char *s, char **end, int base)
{
	int n;
	unsigned long long v = scan(s, end, base, LLONG_MAX, (unsigned long long)LLONG_MAX + 1, &n);

	return n < 0 ? (v > LLONG_MAX ? LLONG_MIN : LLONG_MAX) : n ? (long long)(0 - v) : (long long)v;
}

long bb_strtol(const char *s, char **end, int base)
{
	int n;
	unsigned long long v = scan(s, end, base, LONG_MAX, (unsigned long long)LONG_MAX + 1, &n);

	return n < 0 ? (v > LONG_MAX ? LONG_MIN : LONG_MAX) : n ? (long)(0 - v) : (long)v;
}

#if defined(CTBOX_OWN_LIBC)
unsigned long long strtoull(const char *s, char **end, int base)
{
	return bb_strtoull(s, end, base);
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return bb_strtoul(s, end, base);
}

long long strtoll(const char *s, char **end, int base)
{
	return bb_strtoll(s, end, base);
}

long strtol(const char *s, char **end, int base)
{
	return bb_strtol(s, end, base);
}
#endif
