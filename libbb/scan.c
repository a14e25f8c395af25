/* Numbers in line-oriented records (/etc/subuid, uid_map lines, ctbox's
 * own record files): plain decimal, no sign, no blank, bounded. */
#include "libbb.h"

int bb_scan_num(const char **p, char end, unsigned long long max, unsigned long long *v)
{
	const char *s = *p;
	unsigned long long n = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (n > (max - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	if (*s != end)
		return -1;
	*v = n;
	*p = s + 1;
	return 0;
}
