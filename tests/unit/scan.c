/* Unit tests of libbb/scan.c and libbb/sscanf.c: bb_scan_num,
 * bb_parse_decimal (the same doubles as strtod) and bb_sscanf (sscanf's
 * answers for the formats ctbox uses, stricter about numbers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libbb.h"
#include "tap.h"

static void decimals(void)
{
	static const char *const good[] = {
		"0", "300", "2.5", ".5", "5.", "0.29", "12.345", "0.0001", "86400", "4294967.295",
		"0.1", "0.7", "1.15", "999999999999999", "0.000000000000001", "123456.789012345",
	};
	static const char *const good_exp[] = { "1e1", "25E-1", "1e+2", "1.5e-3", "3e22", "1e-22", "7E0" };
	static const char *const bad[] = {
		"", ".", "-1", "+1", " 1", "1 ", "1s", "0x10", "nan", "inf", "1..2", "1.2.3",
		"1234567890123456", "0.1234567890123456", "1e1",
	};
	static const char *const bad_exp[] = { "1e", "1e-", "1e1000", "1e23", "1e-23", "e1", "1e1.5", "1e+" };
	size_t i;
	double d;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		ok(bb_parse_decimal(good[i], 0, &d) == 0 && d == strtod(good[i], NULL),
		   "'%s' is strtod's %.17g", good[i], strtod(good[i], NULL));
	for (i = 0; i < ARRAY_SIZE(good_exp); i++)
		ok(bb_parse_decimal(good_exp[i], 1, &d) == 0 && d == strtod(good_exp[i], NULL),
		   "'%s' with exponent is strtod's %.17g", good_exp[i], strtod(good_exp[i], NULL));
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ok(bb_parse_decimal(bad[i], 0, &d) < 0, "'%s' is refused", bad[i]);
	for (i = 0; i < ARRAY_SIZE(bad_exp); i++)
		ok(bb_parse_decimal(bad_exp[i], 1, &d) < 0, "'%s' is refused with exponent", bad_exp[i]);
}

static void scan_nums(void)
{
	unsigned long long v = 0;
	const char *p = "42 7:";

	ok(bb_scan_num(&p, ' ', 100, &v) == 0 && v == 42 && !strcmp(p, "7:"), "scan_num 42, then the rest");
	ok(bb_scan_num(&p, ':', 6, &v) < 0 && !strcmp(p, "7:"), "scan_num over max: refused, p unchanged");
	p = "-1 ";
	ok(bb_scan_num(&p, ' ', 100, &v) < 0, "scan_num: no sign");
}

/* bb_sscanf against the C library's sscanf, where both agree. */
static void against_libc(void)
{
	static const char *const lines[] = {
		"RUNNING 1234 98765432101 1200 10",
		"STOPPED 0 0 1200 15",
		"  veth  vethA1  eth0  -  ",
		"state c1 RUNNING",
		"state c1 RUNNING extra",
		"x",
		"",
		"   ",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		char w1[16] = "", w2[16] = "", w3[16] = "", w4[16] = "", v1[16] = "", v2[16] = "", v3[16] = "",
		     v4[16] = "";
		int a = -1, b = -1, c = -1, x = -1, y = -1, z = -1;
		unsigned long long s1 = 0, s2 = 0;
		int r1 = bb_sscanf(lines[i], "%15s %d %llu %d %d", w1, &a, &s1, &b, &c);
		int r2 = sscanf(lines[i], "%15s %d %llu %d %d", v1, &x, &s2, &y, &z);

		ok(r1 == r2 && !strcmp(w1, v1) && a == x && s1 == s2 && b == y && c == z,
		   "'%s' as a state record: %d conversions, as sscanf", lines[i], r1);
		r1 = bb_sscanf(lines[i], "%15s %15s %15s %15s", w1, w2, w3, w4);
		r2 = sscanf(lines[i], "%15s %15s %15s %15s", v1, v2, v3, v4);
		ok(r1 == r2 && !strcmp(w1, v1) && !strcmp(w2, v2) && !strcmp(w3, v3) && !strcmp(w4, v4),
		   "'%s' as four words: %d conversions, as sscanf", lines[i], r1);
	}
}

int main(void)
{
	char s1[8], s2[300], perms[8], c, tail;
	unsigned long lo = 0, hi = 0;
	unsigned maj = 0, min = 0;
	unsigned long long n = 0, a = 0, b = 0;
	long long ll = 0;
	int k = -1, d = 0, r;

	plan(16 + 7 + 15 + 8 + 3 + 16 + 22);
	decimals();
	scan_nums();
	against_libc();

	r = bb_sscanf("7f00a000-7f00c000 r-xp 00000000 08:01 1234    /usr/bin/ctbox (deleted)\n",
		      "%lx-%lx %7s %*s %*s %*s %299[^\n]", &lo, &hi, perms, s2);
	ok(r == 4 && lo == 0x7f00a000 && hi == 0x7f00c000 && !strcmp(perms, "r-xp") &&
	   !strcmp(s2, "/usr/bin/ctbox (deleted)"), "a maps line, its path with a blank");
	s2[0] = '\0';
	r = bb_sscanf("7f00a000-7f00c000 rw-p 00000000 00:00 0 \n", "%lx-%lx %7s %*s %*s %*s %299[^\n]", &lo,
		      &hi, perms, s2);
	ok(r == 3 && !s2[0], "an anonymous mapping: three conversions");
	ok(bb_sscanf("8:16 1048576", "%u:%u %llu%c", &maj, &min, &n, &tail) == 3 && maj == 8 && min == 16 &&
	   n == 1048576, "MAJ:MIN VALUE");
	ok(bb_sscanf("8:16 1048576x", "%u:%u %llu%c", &maj, &min, &n, &tail) == 4 && tail == 'x',
	   "MAJ:MIN VALUE with a tail: four");
	ok(bb_sscanf("8-16 1", "%u:%u", &maj, &min) == 1, "a literal that differs ends the scan");
	ok(bb_sscanf("max 100000", "%7s %lld%c", s1, &ll, &tail) == 2 && !strcmp(s1, "max") && ll == 100000,
	   "QUOTA PERIOD");
	ok(bb_sscanf("b 100000 65536 100", "%c %llu %llu %llu", &c, &n, &a, &b) == 4 && c == 'b' &&
	   n == 100000 && a == 65536 && b == 100, "an idmap: %%c and three numbers");
	ok(bb_sscanf("console 2", "console %d", &k) == 1 && k == 2, "a literal word, then a number");
	ok(bb_sscanf("consolex 2", "console %d", &k) == 0, "a different word: nothing");
	ok(bb_sscanf("stop -1 3", "stop %d %u", &k, &maj) == 2 && k == -1 && maj == 3, "signed and unsigned");
	ok(bb_sscanf("stop 5 -3", "stop %d %u", &k, &maj) == 1, "an unsigned number takes no sign");
	ok(bb_sscanf("stop 99999999999 1", "stop %d %u", &k, &maj) == 0, "an int that does not fit: nothing");
	ok(bb_sscanf("2 Dec 2026 22:03:35 UTC", "%d %3s %d %d:%d:%d %7s%n", &d, s1, &k, &r, &r, &r, s2, &k) == 7 &&
	   k == 23, "a Release date, %%n at the end");
	ok(bb_sscanf("abcdefghij", "%4s", s1) == 1 && !strcmp(s1, "abcd"), "a width takes that many bytes");
	ok(bb_sscanf("", "%d", &k) == EOF, "empty input: EOF");
	ok(bb_sscanf("  ", "%4s", s1) == EOF, "blank input: EOF");
	ok(bb_sscanf("12", "%d %d", &k, &d) == 1 && k == 12, "input ends after one: one");
	ok(bb_sscanf("0x1F", "%x", &maj) == 1 && maj == 0x1f, "%%x with 0x");
	ok(bb_sscanf("ab", "%c%c", &c, &tail) == 2 && c == 'a' && tail == 'b', "%%c%%c");
	ok(bb_sscanf("x y", "%*s %1s", s1) == 1 && !strcmp(s1, "y"), "%%*s is not counted");
	ok(bb_sscanf("18446744073709551615 1", "%llu %llu", &n, &a) == 2 && n == ~0ULL, "the largest unsigned long long");
	ok(bb_sscanf("18446744073709551616", "%llu", &n) == 0, "one more: nothing");
	return done_testing();
}
