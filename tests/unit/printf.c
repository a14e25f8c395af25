/* Unit tests of ctbox's printf formatting (libbb/printf.c): each format
 * against the C library's own vsnprintf (musl's in the static unit build,
 * glibc's in the sanitizer build), text and return value; long output
 * through the buffer; a write error; and what the C library has no
 * reference for here (%m with a saved errno, %n). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libbb.h"
#include "tap.h"

/* ours FMT ...: bb_vformat's text (malloc'd) and count. */
static char *ours(int *count, const char *fmt, va_list ap)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	*count = bb_vformat(f, fmt, ap);
	fclose(f);
	return buf;
}

static int bad;

static void same(const char *fmt, ...)
{
	char ref[1024], *got;
	int n_ref, n_got;
	va_list ap, aq;

	va_start(ap, fmt);
	va_copy(aq, ap);
	n_ref = vsnprintf(ref, sizeof(ref), fmt, ap);
	got = ours(&n_got, fmt, aq);
	va_end(aq);
	va_end(ap);
	if (!got || n_got != n_ref || strcmp(got, ref) != 0) {
		diag("format \"%s\": want \"%s\" (%d), got \"%s\" (%d)", fmt, ref, n_ref,
		     got ? got : "(null)", n_got);
		bad++;
	}
	free(got);
}

static void test_ints(void)
{
	static const long long v[] = { 0, 1, -1, 7, 8, 42, -42, 255, 4096, 65535, 2147483647,
					-2147483647 - 1, 4294967295LL, 1099511627776LL, LLONG_MAX, LLONG_MIN };
	static const char *const f[] = { "%lld", "%5lld", "%-5lld|", "%05lld", "%+lld", "% lld",
					 "%.3lld", "%8.3lld", "%-8.3lld|", "%+08lld", "%.0lld", "%llx",
					 "%#llx", "%08llX", "%#10llx", "%llo", "%#llo", "%#.0llo",
					 "%llu", "%20llu", "%-+6lld|" };
	size_t i, j;

	bad = 0;
	for (i = 0; i < ARRAY_SIZE(f); i++)
		for (j = 0; j < ARRAY_SIZE(v); j++)
			same(f[i], v[j]);
	for (j = 0; j < ARRAY_SIZE(v); j++) {
		same("%d %i %u %x %X %o", (int)v[j], (int)v[j], (unsigned)v[j], (unsigned)v[j],
		     (unsigned)v[j], (unsigned)v[j]);
		same("%ld %lu %lx", (long)v[j], (unsigned long)v[j], (unsigned long)v[j]);
		same("%hd %hu %hx %hhd %hhu %hhx", (int)v[j], (int)v[j], (int)v[j], (int)v[j], (int)v[j],
		     (int)v[j]);
		same("%zu %zd %zx %jd %ju %td", (size_t)v[j], (ssize_t)v[j], (size_t)v[j], (intmax_t)v[j],
		     (uintmax_t)v[j], (ptrdiff_t)v[j]);
		same("%*d|%-*d|%.*d|%*.*d", 6, (int)v[j], 6, (int)v[j], 4, (int)v[j], 9, 4, (int)v[j]);
		same("%*d|", -6, (int)v[j]);
	}
	is_int(bad, 0, "integers: every flag, width, precision and length as the C library");
}

static void test_strings(void)
{
	char big[600];

	bad = 0;
	same("");
	same("plain text, no conversion");
	same("%s", "");
	same("%s|%10s|%-10s|%.3s|%10.3s|%-10.3s|", "hello", "hello", "hello", "hello", "hello", "hello");
	same("%.*s|%*s|%-*s|", 2, "hello", 8, "ab", 8, "ab");
	same("%.*s", -1, "negative precision: all of it");
	same("%c%c%c|%3c|%-3c|", 'a', 'b', 'c', 'x', 'y');
	same("100%% %s%%", "sure");
	same("%s %d %s %u %s", "mixed", -5, "args", 5u, "end");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	same("[%s] [%s]", big, big + 300);
	same("%700s|", "right");
	same("%-700s|", "left");
	is_int(bad, 0, "strings and characters: width, precision, %%, output longer than the buffer");
}

static void test_floats(void)
{
	static const double v[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.125, 0.375, 0.1, 0.9999,
				     123.456, -123.456, 1e6, 1234567.875, 3.14159265358979, 99.995,
				     1e15 + 0.25, 1e-7, 5e-7, 18446744073709551615.0, 1e20, 1e300 };
	static const char *const f[] = { "%f", "%.0f", "%.1f", "%.2f", "%.3f", "%12.2f", "%-12.2f|",
					 "%012.2f", "%+.2f", "% .1f", "%#.0f", "%.10f", "%F" };
	size_t i, j;

	bad = 0;
	for (i = 0; i < ARRAY_SIZE(f); i++)
		for (j = 0; j < ARRAY_SIZE(v); j++)
			same(f[i], v[j]);
	same("%f %F %f", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 * 0.0);
	same("%5.1f MB/s, %.0f s left", 12.34, 7.5);
	is_int(bad, 0, "%%f: precision, width, flags, ties, large values, inf and nan as the C library");
}

/* bb_vformat into f, its arguments in the call. */
static int fmt_to(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = bb_vformat(f, fmt, ap);
	va_end(ap);
	return r;
}

/* bb_vformat with its arguments in the call. */
static char *fmt_ours(int *count, const char *fmt, ...)
{
	va_list ap;
	char *r;

	va_start(ap, fmt);
	r = ours(count, fmt, ap);
	va_end(ap);
	return r;
}

static void test_other(void)
{
	char want[256], *got;
	int n, at = -1;
	FILE *f;

	snprintf(want, sizeof(want), "open: %s", strerror(ENOENT));
	errno = ENOENT;
	got = fmt_ours(&n, "open: %m");
	ok(got && strcmp(got, want) == 0 && n == (int)strlen(want), "%%m: strerror(errno)");
	free(got);
	got = fmt_ours(&n, "abc%ndef", &at);
	ok(got && strcmp(got, "abcdef") == 0 && at == 3, "%%n stores the count so far");
	free(got);
	got = fmt_ours(&n, "%e|%g", 1.5, 2.25);
	ok(got && strcmp(got, "1.500000|2.250000") == 0, "%%e and %%g print as %%f");
	free(got);
	got = fmt_ours(&n, "%Lf|%d", 1.5L, 7);
	ok(got && strcmp(got, "%Lf|7") == 0, "%%Lf takes its long double and prints as written");
	free(got);
	got = fmt_ours(&n, "%y%s", "z");
	ok(got && strcmp(got, "%yz") == 0, "an unknown conversion prints as written");
	free(got);
	got = fmt_ours(&n, "trailing %");
	ok(got && strcmp(got, "trailing %") == 0, "a lone %% at the end prints as written");
	free(got);
	got = fmt_ours(&n, "%s", (char *)NULL);
	ok(got && strcmp(got, "(null)") == 0, "a NULL string prints (null)");
	free(got);
	f = fopen("/dev/full", "w");
	if (f) {
		char big[4096];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		setvbuf(f, NULL, _IONBF, 0);
		ok(fmt_to(f, "%s", big) < 0, "a write error is -1");
		fclose(f);
	} else {
		skip("no /dev/full");
	}
}

int main(void)
{
	test_ints();
	test_strings();
	test_floats();
	test_other();
	return done_testing();
}
