/* memcpy, memmove and memset as short loops, for a build that moves
 * little data (SIZE_OVER_SPEED, as tiny_defconfig) on aarch64, where
 * musl's are about 1 KB of assembly and C: 0.9 KB less. ctbox copies
 * configuration lines, paths and messages there, never bulk data (the
 * console and pty relays read and write without copying). Built only in
 * a static musl build (CTBOX_OWN_LIBC), where they replace the C
 * library's.
 *
 * The loops must not become calls of the functions they define: gcc
 * turns such a loop into memcpy or memset unless told not to. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "autoconf.h"
#include "libbb.h"

#if BB_SMALLMEM
#define LOOP __attribute__((optimize("no-tree-loop-distribute-patterns")))

LOOP void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

LOOP void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n) /* d below s, or past its end */
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

LOOP void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
#endif
