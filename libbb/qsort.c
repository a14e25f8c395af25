/* qsort, smaller than the C library's (musl's smoothsort: 2.1 KB of
 * ctbox's static binary): a merge sort, so elements that compare equal
 * keep their order. It works in a buffer as big as the array; without
 * one (no memory), it sorts in place by insertion, slowly but correctly.
 *
 * Built as bb_qsort; in a static musl build (CTBOX_OWN_LIBC) it is also
 * the C library's qsort, for the whole binary. */
#include <stdlib.h>
#include <string.h>

#include "libbb.h"

typedef int (*cmp_fn)(const void *, const void *);

static void swap(char *a, char *b, size_t w)
{
	while (w--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

void bb_qsort(void *base, size_t n, size_t w, cmp_fn cmp)
{
	char *a = base, *t;
	size_t run, lo;

	if (n < 2 || !w)
		return;
	t = malloc(n * w);
	if (!t) {
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j && cmp(a + (j - 1) * w, a + j * w) > 0; j--)
				swap(a + (j - 1) * w, a + j * w, w);
		return;
	}
	for (run = 1; run < n; run *= 2) {
		for (lo = 0; lo < n; lo += 2 * run) {
			size_t mid = lo + run < n ? lo + run : n;
			size_t hi = mid + run < n ? mid + run : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi) {
				size_t from = cmp(a + j * w, a + i * w) < 0 ? j++ : i++;

				memcpy(t + k++ * w, a + from * w, w);
			}
			memcpy(t + k * w, a + i * w, (mid - i) * w);
			memcpy(t + (k + mid - i) * w, a + j * w, (hi - j) * w);
		}
		memcpy(a, t, n * w);
	}
	free(t);
}

#if defined(CTBOX_OWN_LIBC)
void qsort(void *base, size_t n, size_t w, cmp_fn cmp)
{
	bb_qsort(base, n, w, cmp);
}
#endif
