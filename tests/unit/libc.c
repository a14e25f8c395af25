/* Unit tests of the C library functions ctbox brings (libbb/strtol.c,
 * qsort.c, strstr.c), each against the C library's own (musl's in the
 * static unit build, glibc's in the sanitizer build): strtol's four
 * widths over bases, signs, prefixes, white space and overflow, with the
 * end pointer and errno; qsort on random arrays of several element sizes,
 * and its stability; strstr over every position of a text; the user and
 * group databases (passwd.c) read from files of this test's own; gmtime_r
 * over four centuries and both sides of 1970; realpath through symbolic
 * links, "..", and paths that do not exist. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <limits.h>

#include "libbb.h"
#include "tap.h"

static const char *const numbers[] = {
	"0", "1", "-1", "+7", "  42", "\t\n\v\f\r 9", "- 1", "+-1", "", " ", "x", "0x", "0x1f", "0X1F",
	"0xg", "0x 1", "017", "08", "09", "0", "00", "-0", "z", "Z", "zz", "10abc", "777777",
	"2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
	"-4294967295", "-4294967296", "9223372036854775807", "9223372036854775808",
	"-9223372036854775808", "-9223372036854775809", "18446744073709551615",
	"18446744073709551616", "-18446744073709551615", "-18446744073709551616",
	"99999999999999999999999999", "-99999999999999999999999999", "0x7fffffffffffffff",
	"0xffffffffffffffff", "0x10000000000000000", "-0x8000000000000000", "1z", "zZ9",
	"0b101", "1e5", "12 34",
};
static const int bases[] = { 0, 2, 8, 10, 16, 36, 1, 37, -1 };

/* The end pointer is compared for valid bases only (glibc moves it past a
 * sign and white space for an invalid one). errno: as the C library's, except where C leaves it open: no digits
 * (musl says EINVAL, glibc nothing; ctbox's as musl). */
static int same_errno(int ours, int theirs, int none)
{
	return none ? ours == EINVAL && (theirs == 0 || theirs == EINVAL) : ours == theirs;
}

#define SAME(T, ours, theirs, fmt)                                                    \
	do {                                                                          \
		char *e1, *e2;                                                        \
		T v1, v2;                                                             \
		int er1, er2;                                                         \
		errno = 0;                                                            \
		v1 = ours(s, &e1, b);                                                 \
		er1 = errno;                                                          \
		errno = 0;                                                            \
		v2 = theirs(s, &e2, b);                                               \
		er2 = errno;                                                          \
		if (v1 != v2 || (valid && e1 != e2) || !same_errno(er1, er2, e1 == s)) { \
			bad++;                                                        \
			diag(#theirs "(\"%s\", %d): " fmt " end+%td errno %d, libc " fmt \
			     " end+%td errno %d", s, b, v1, e1 - s, er1, v2, e2 - s, er2); \
		}                                                                     \
	} while (0)

static void strtols(void)
{
	int bad = 0;

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		for (size_t j = 0; j < sizeof(bases) / sizeof(bases[0]); j++) {
			const char *s = numbers[i];
			int b = bases[j], valid = b >= 0 && b != 1 && b <= 36;

			SAME(long, bb_strtol, strtol, "%ld");
			SAME(unsigned long, bb_strtoul, strtoul, "%lu");
			SAME(long long, bb_strtoll, strtoll, "%lld");
			SAME(unsigned long long, bb_strtoull, strtoull, "%llu");
		}
	ok(bad == 0, "strtol, strtoul, strtoll, strtoull: %zu texts in %zu bases as the C library",
	   sizeof(numbers) / sizeof(numbers[0]), sizeof(bases) / sizeof(bases[0]));
	errno = 0;
	ok(bb_strtol("1", NULL, 37) == 0 && errno == EINVAL, "base 37: EINVAL");
}

struct rec {
	int key;
	int seq;
	char pad[5];
};

static int by_key(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

static int by_byte(const void *a, const void *b)
{
	return *(const unsigned char *)a - *(const unsigned char *)b;
}

static void sorts(void)
{
	static struct rec v[5000];
	static unsigned char bytes[3001];
	uint32_t r = 99;
	int sorted = 1, stable = 1;

	for (size_t n = 0; n <= 5000; n = n < 20 ? n + 1 : n * 3) {
		for (size_t i = 0; i < n; i++) {
			r = r * 1664525 + 1013904223;
			v[i].key = (int)(r >> 24) % 50;
			v[i].seq = (int)i;
		}
		bb_qsort(v, n, sizeof(v[0]), by_key);
		for (size_t i = 1; i < n; i++) {
			if (v[i - 1].key > v[i].key)
				sorted = 0;
			if (v[i - 1].key == v[i].key && v[i - 1].seq > v[i].seq)
				stable = 0;
		}
	}
	ok(sorted, "qsort sorts 0 to 4860 records of %zu bytes", sizeof(v[0]));
	ok(stable, "equal keys keep their order");
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)(i * 37 % 251);
	bb_qsort(bytes, sizeof(bytes), 1, by_byte);
	for (size_t i = 1; i < sizeof(bytes); i++)
		if (bytes[i - 1] > bytes[i])
			sorted = 0;
	ok(sorted, "qsort sorts single bytes (an odd count)");
}

static void strstrs(void)
{
	static const char text[] = "aaab abab ababc a.b* \n ctbox: ctbox; --";
	static const char *const words[] = {
		"", "a", "b", "aab", "abab", "ababc", "abc", "c", "x", "ctbox;", "ctbox:", "--", "-", "\n",
		"aaab abab ababc a.b* \n ctbox: ctbox; --", "aaab abab ababc a.b* \n ctbox: ctbox; --!",
	};
	int bad = 0;

	for (size_t off = 0; off < sizeof(text); off++)
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (bb_strstr(text + off, words[i]) != strstr(text + off, words[i]))
				bad++;
	ok(bad == 0, "strstr finds what the C library finds, from every offset");
}

static void databases(void)
{
	char pwf[] = "/tmp/ctbox-passwd.XXXXXX", grf[] = "/tmp/ctbox-group.XXXXXX";
	int a = mkstemp(pwf), b = mkstemp(grf), n;
	FILE *f = a >= 0 ? fdopen(a, "w") : NULL, *g = b >= 0 ? fdopen(b, "w") : NULL;
	struct passwd *pw;
	struct group *gr;
	gid_t gids[8];

	if (!f || !g) {
		ok(0, "temporary files: %m");
		return;
	}
	fputs("root:x:0:0:root:/root:/bin/sh\n"
	      "broken:x:12\n"
	      "bad:x:1x:1:bad:/:/bin/sh\n"
	      "alice:x:1000:100:Alice A.,,,:/home/alice:/bin/bash\n"
	      "\n"
	      "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin", f);
	fputs("root:x:0:\n"
	      "users:x:100:\n"
	      "audio:x:29:bob,alice\n"
	      "video:x:44:alice\n"
	      "bad:x:y:alice\n"
	      "staff:x:50:alicex,xalice\n", g);
	fclose(f);
	fclose(g);
	pw = bb_pw_find(pwf, NULL, 1000);
	ok(pw && strcmp(pw->pw_name, "alice") == 0 && pw->pw_gid == 100 &&
	   strcmp(pw->pw_gecos, "Alice A.,,,") == 0 && strcmp(pw->pw_dir, "/home/alice") == 0 &&
	   strcmp(pw->pw_shell, "/bin/bash") == 0, "passwd by uid: every field");
	pw = bb_pw_find(pwf, "nobody", 0);
	ok(pw && pw->pw_uid == 65534 && strcmp(pw->pw_shell, "/usr/sbin/nologin") == 0,
	   "passwd by name, a last line without a newline");
	ok(!bb_pw_find(pwf, "broken", 0) && !bb_pw_find(pwf, "bad", 0) && !bb_pw_find(pwf, NULL, 12),
	   "lines with missing fields or a bad id are skipped");
	errno = 0;
	ok(!bb_pw_find(pwf, "carol", 0) && errno == 0, "no such user: NULL, errno untouched");
	gr = bb_gr_find(grf, "audio", 0);
	ok(gr && gr->gr_gid == 29 && gr->gr_mem[0] && strcmp(gr->gr_mem[0], "bob") == 0 &&
	   gr->gr_mem[1] && strcmp(gr->gr_mem[1], "alice") == 0 && !gr->gr_mem[2],
	   "group by name, its members");
	gr = bb_gr_find(grf, NULL, 100);
	ok(gr && strcmp(gr->gr_name, "users") == 0 && !gr->gr_mem[0], "group by gid, no members");
	n = 8;
	ok(bb_grouplist(grf, "alice", 100, gids, &n) == 3 && n == 3 && gids[0] == 100 &&
	   gids[1] == 29 && gids[2] == 44, "alice's groups: 100 first, then 29 and 44 (not staff)");
	n = 2;
	ok(bb_grouplist(grf, "alice", 100, gids, &n) == -1 && n == 3, "too small an array: -1 and the count");
	unlink(pwf);
	unlink(grf);
}

static void times(void)
{
	int bad = 0;
	time_t t;

	for (t = -4102444800LL * 3; t < 4102444800LL * 3; t += 86400 * 37 + 3607) {
		struct tm a, b;

		if (!bb_gmtime_r(&t, &a) || !gmtime_r(&t, &b) || a.tm_year != b.tm_year ||
		    a.tm_mon != b.tm_mon || a.tm_mday != b.tm_mday || a.tm_hour != b.tm_hour ||
		    a.tm_min != b.tm_min || a.tm_sec != b.tm_sec || a.tm_wday != b.tm_wday ||
		    a.tm_yday != b.tm_yday || a.tm_isdst != b.tm_isdst) {
			if (bad++ < 5)
				diag("gmtime_r(%lld): %d-%d-%d %d:%d:%d wday %d yday %d, libc %d-%d-%d %d:%d:%d wday %d yday %d",
				     (long long)t, a.tm_year, a.tm_mon, a.tm_mday, a.tm_hour, a.tm_min, a.tm_sec,
				     a.tm_wday, a.tm_yday, b.tm_year, b.tm_mon, b.tm_mday, b.tm_hour, b.tm_min,
				     b.tm_sec, b.tm_wday, b.tm_yday);
		}
	}
	ok(bad == 0, "gmtime_r as the C library's, 1580 to 2360");
	t = 951782400; /* 2000-02-29 */
	{
		struct tm a;

		ok(bb_gmtime_r(&t, &a) && a.tm_mon == 1 && a.tm_mday == 29 && a.tm_yday == 59 && a.tm_wday == 2,
		   "2000-02-29: a leap day, a Tuesday");
	}
}

static void paths(void)
{
	char dir[] = "/tmp/ctbox-realpath.XXXXXX", base[200], p[PATH_MAX], want[PATH_MAX], got[PATH_MAX];
	static const char *const tries[] = {
		"", "/a", "/a/b", "/a/../a/b/", "/l", "/l/", "/l/b", "/a/b/up/b", "/rel", "/a/none",
		"/none/x", "/loop", "/file/x", "/file", "//a//b//",
	};
	int bad = 0;

	if (!mkdtemp(dir)) {
		ok(0, "temporary directory: %m");
		return;
	}
	if (!realpath(dir, base)) {
		ok(0, "realpath %s: %m", base);
		return;
	}
	snprintf(p, sizeof(p), "%s/a", base);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/a/b", base);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/l", base);
	(void)!symlink("a", p);
	snprintf(p, sizeof(p), "%s/a/b/up", base);
	(void)!symlink("..", p);
	snprintf(p, sizeof(p), "%s/rel", base);
	(void)!symlink("l/b/up/b", p);
	snprintf(p, sizeof(p), "%s/loop", base);
	(void)!symlink("loop", p);
	snprintf(p, sizeof(p), "%s/file", base);
	close(creat(p, 0600));
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		char *r1, *r2;
		int e1, e2;

		snprintf(p, sizeof(p), "%s%s", *tries[i] ? base : "", tries[i]);
		errno = 0;
		r1 = bb_realpath(p, got);
		e1 = errno;
		errno = 0;
		r2 = realpath(p, want);
		e2 = errno;
		if (!r1 != !r2 || (r1 && strcmp(got, want)) || (!r1 && e1 != e2)) {
			bad++;
			diag("realpath(%s): %s (%d), libc %s (%d)", p, r1 ? got : "NULL", e1, r2 ? want : "NULL", e2);
		}
	}
	ok(bad == 0, "realpath as the C library's: %zu paths", sizeof(tries) / sizeof(tries[0]));
	{
		char *m;

		snprintf(p, sizeof(p), "%s/l/b/up", base);
		m = bb_realpath(p, NULL);
		snprintf(want, sizeof(want), "%s/a", base);
		ok(m && strcmp(m, want) == 0, "realpath without a buffer: malloc'd");
		free(m);
	}
	for (size_t i = 0; i < 6; i++) {
		static const char *const rm[] = { "/a/b/up", "/a/b", "/a", "/l", "/rel", "/loop" };

		snprintf(p, sizeof(p), "%s%s", base, rm[i]);
		if (unlink(p) < 0)
			rmdir(p);
	}
	snprintf(p, sizeof(p), "%s/file", base);
	unlink(p);
	rmdir(base);
}

int main(void)
{
	plan(18);
	strtols();
	sorts();
	strstrs();
	databases();
	times();
	paths();
	return done_testing();
}
