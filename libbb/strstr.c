/* strstr, smaller than the C library's (musl's two-way search: 1.3 KB of
 * ctbox's static binary). ctbox looks for short words in short texts,
 * where the plain search is as fast.
 *
 * Built as bb_strstr; in a static musl build (CTBOX_OWN_LIBC) it is also
 * the C library's strstr, for the whole binary. */
#include <string.h>

#include "libbb.h"

char *bb_strstr(const char *h, const char *n)
{
	size_t k = strlen(n);

	if (!k)
		return (char *)h;
	for (; (h = strchr(h, *n)); h++)
		if (!strncmp(h, n, k))
			return (char *)h;
	return NULL;
}

#if defined(CTBOX_OWN_LIBC)
char *strstr(const char *h, const char *n)
{
	return bb_strstr(h, n);
}
#endif
