/* Unit tests of memcpy, memmove and memset as short loops (libbb/
 * smallmem.c, SIZE_OVER_SPEED on aarch64), built into this test in place
 * of the C library's on every target: every length up to 80 at every
 * alignment, memmove's overlaps both ways and in place, memset's byte
 * value, and the bytes around the destination untouched. The reference
 * is a loop over volatile bytes, which the compiler leaves alone. */
#include "tap.h"

#ifdef __GLIBC__
int main(void)
{
	plan_skip_all("glibc (the sanitizer build): smallmem.c replaces musl's memcpy, memmove and memset only");
}
#else
#define CTBOX_OWN_LIBC 1
#define BB_SMALLMEM 1
#include "../../libbb/smallmem.c"

#define SZ 128

static void fill(volatile unsigned char *b, unsigned seed)
{
	size_t i;

	for (i = 0; i < SZ; i++)
		b[i] = (unsigned char)(seed * 31 + i * 7 + 1);
}

static int same(const volatile unsigned char *a, const volatile unsigned char *b)
{
	size_t i;

	for (i = 0; i < SZ; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* The reference memmove (a copy through a temporary buffer). */
static void ref_move(volatile unsigned char *b, size_t d, size_t s, size_t n)
{
	volatile unsigned char t[SZ];
	size_t i;

	for (i = 0; i < n; i++)
		t[i] = b[s + i];
	for (i = 0; i < n; i++)
		b[d + i] = t[i];
}

int main(void)
{
	static unsigned char got[SZ], src[SZ];
	static volatile unsigned char want[SZ];
	int cpy = 1, mov = 1, set = 1, ret = 1;
	size_t n, a, b, i;

	plan(5);
	for (n = 0; n <= 80; n++)
		for (a = 0; a < 8; a++)
			for (b = 0; b < 8; b++) {
				fill(got, 1);
				fill(want, 1);
				fill(src, 2);
				if (memcpy(got + a, src + b, n) != got + a)
					ret = 0;
				for (i = 0; i < n; i++)
					want[a + i] = src[b + i];
				if (!same(got, want))
					cpy = 0;

				/* Overlapping: forwards (a < b), backwards,
				 * and onto itself. */
				fill(got, 3);
				fill(want, 3);
				if (memmove(got + a + 20, got + b + 20, n) != got + a + 20)
					ret = 0;
				ref_move(want, a + 20, b + 20, n);
				if (!same(got, want))
					mov = 0;
				fill(got, 4);
				fill(want, 4);
				memmove(got + a, got + a + b * 3, n);
				ref_move(want, a, a + b * 3, n);
				memmove(got + a + b * 3, got + a, n);
				ref_move(want, a + b * 3, a, n);
				if (!same(got, want))
					mov = 0;

				fill(got, 5);
				fill(want, 5);
				if (memset(got + a, 0x1a5 + (int)b, n) != got + a)
					ret = 0;
				for (i = 0; i < n; i++)
					want[a + i] = (unsigned char)(0xa5 + b);
				if (!same(got, want))
					set = 0;
			}
	ok(cpy, "memcpy: every length to 80 at every alignment, nothing else touched");
	ok(mov, "memmove: overlaps both ways and onto itself");
	ok(set, "memset: the value's low byte, nothing else touched");
	ok(ret, "each returns its destination");
	fill(got, 6);
	fill(want, 6);
	memmove(got + 1, got, 0);
	memset(got, 0, 0);
	ok(same(got, want), "zero lengths touch nothing");
	return done_testing();
}
#endif
