/* Numbers in line-oriented records (/etc/subuid, uid_map lines, ctbox's
 * own record files): plain decimal, no sign, no blank, bounded; and
 * plain decimal fractions (seconds). */
#include <string.h>

#include "libbb.h"

int bb_scan_num(const char **p, char end, unsigned long long max, unsigned long long *v)
{
	const char *s = *p;
	unsigned long long n = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (d > max || n > (max - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	if (*s != end)
		return -1;
	*v = n;
	*p = s + 1;
	return 0;
}

/* v and the power of ten both exact (v below 10^15 < 2^53, the power at
 * most 1e22): the one multiplication or division rounds as strtod does. */
int bb_parse_decimal(const char *s, int exponent, double *d)
{
	static const double pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
					 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21,
					 1e22 };
	unsigned long long v = 0;
	int sig = 0, frac = -1, any = 0, k;

	for (; *s && !(exponent && (*s == 'e' || *s == 'E')); s++) {
		if (*s == '.') {
			if (frac >= 0)
				return -1;
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9')
			return -1;
		any = 1;
		if (v || *s != '0')
			sig++;
		if (sig > 15 || (frac >= 0 && ++frac > 15))
			return -1;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	k = frac < 0 ? 0 : -frac;
	if (*s) {
		const char *x = s + 1 + (s[1] == '-' || s[1] == '+');
		int e = 0;

		if (!*x || strlen(x) > 3 || x[strspn(x, "0123456789")])
			return -1;
		for (; *x; x++)
			e = e * 10 + (*x - '0');
		k += s[1] == '-' ? -e : e;
	}
	if (!any || k > 22 || k < -22)
		return -1;
	*d = k >= 0 ? (double)v * pow10[k] : (double)v / pow10[-k];
	return 0;
}
