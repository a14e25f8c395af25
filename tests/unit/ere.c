/* Unit tests of libbb/ere.c: POSIX extended regular expressions, match or
 * no match. The expected answers are glibc's regcomp(REG_EXTENDED |
 * REG_NOSUB) + regexec on the same patterns and strings (LXC's, on a
 * Debian host); the patterns glibc refuses are refused, with a reason. */
#include <stdlib.h>
#include <string.h>

#include "ere.h"
#include "tap.h"

static const struct { const char *re, *s; int match; } cases[] = {
	{ "abc", "abc", 1 },
	{ "abc", "xabcx", 1 },
	{ "abc", "ab", 0 },
	{ "abc", "", 0 },
	{ "^abc$", "abc", 1 },
	{ "^abc$", "abcd", 0 },
	{ "^abc$", "xabc", 0 },
	{ "a.c", "abc", 1 },
	{ "a.c", "a-c", 1 },
	{ "a.c", "ac", 0 },
	{ "a.c", "a\tc", 1 },
	{ "a\\.c", "a.c", 1 },
	{ "a\\.c", "abc", 0 },
	{ "\\\\.", "\\x", 1 },
	{ "\\\\.", "x", 0 },
	{ "ab*c", "ac", 1 },
	{ "ab*c", "abc", 1 },
	{ "ab*c", "abbbc", 1 },
	{ "ab*c", "adc", 0 },
	{ "ab+c", "ac", 0 },
	{ "ab+c", "abc", 1 },
	{ "ab+c", "abbbc", 1 },
	{ "ab?c", "ac", 1 },
	{ "ab?c", "abc", 1 },
	{ "ab?c", "abbc", 0 },
	{ "a|b", "a", 1 },
	{ "a|b", "b", 1 },
	{ "a|b", "c", 0 },
	{ "a|b", "", 0 },
	{ "^(web|db)[0-9]+$", "web1", 1 },
	{ "^(web|db)[0-9]+$", "db22", 1 },
	{ "^(web|db)[0-9]+$", "web", 0 },
	{ "^(web|db)[0-9]+$", "webx1", 0 },
	{ "^(web|db)[0-9]+$", "mail1", 0 },
	{ "^(web|db)[0-9]+$", "db1x", 0 },
	{ "^(a|b)$", "a", 1 },
	{ "^(a|b)$", "b", 1 },
	{ "^(a|b)$", "ab", 0 },
	{ "^(a|b)$", "", 0 },
	{ "^a{2}$", "a", 0 },
	{ "^a{2}$", "aa", 1 },
	{ "^a{2}$", "aaa", 0 },
	{ "^a{2,}$", "a", 0 },
	{ "^a{2,}$", "aa", 1 },
	{ "^a{2,}$", "aaaaa", 1 },
	{ "^a{1,3}$", "", 0 },
	{ "^a{1,3}$", "a", 1 },
	{ "^a{1,3}$", "aaa", 1 },
	{ "^a{1,3}$", "aaaa", 0 },
	{ "^a{,2}$", "", 1 },
	{ "^a{,2}$", "aa", 1 },
	{ "^a{,2}$", "aaa", 0 },
	{ "^a{0}b$", "b", 1 },
	{ "^a{0}b$", "ab", 0 },
	{ "^(ab){2}$", "abab", 1 },
	{ "^(ab){2}$", "ab", 0 },
	{ "^(ab){2}$", "ababab", 0 },
	{ "^(a*)*$", "", 1 },
	{ "^(a*)*$", "aaa", 1 },
	{ "^(a*)*$", "ab", 0 },
	{ "^(a|)+b$", "b", 1 },
	{ "^(a|)+b$", "aab", 1 },
	{ "^(a|)+b$", "c", 0 },
	{ "[abc]", "a", 1 },
	{ "[abc]", "d", 0 },
	{ "[abc]", "xcx", 1 },
	{ "^[^abc]+$", "def", 1 },
	{ "^[^abc]+$", "dad", 0 },
	{ "^[^abc]+$", "", 0 },
	{ "^[]a]+$", "]a]", 1 },
	{ "^[]a]+$", "b", 0 },
	{ "^[^]a]$", "]", 0 },
	{ "^[^]a]$", "b", 1 },
	{ "^[a-]$", "a", 1 },
	{ "^[a-]$", "-", 1 },
	{ "^[a-]$", "b", 0 },
	{ "^[-a]$", "a", 1 },
	{ "^[-a]$", "-", 1 },
	{ "^[-a]$", "b", 0 },
	{ "^[a-c-]$", "b", 1 },
	{ "^[a-c-]$", "-", 1 },
	{ "^[a-c-]$", "d", 0 },
	{ "^[[:digit:]]+$", "123", 1 },
	{ "^[[:digit:]]+$", "12a", 0 },
	{ "^[[:alpha:][:digit:]_-]+$", "c1_x-2", 1 },
	{ "^[[:alpha:][:digit:]_-]+$", "c 1", 0 },
	{ "^[[:upper:]]", "Abc", 1 },
	{ "^[[:upper:]]", "abc", 0 },
	{ "^[[:space:]]", " a", 1 },
	{ "^[[:space:]]", "a", 0 },
	{ "^[[:punct:]]$", ".", 1 },
	{ "^[[:punct:]]$", "a", 0 },
	{ "^[[:xdigit:]]+$", "deadBEEF", 1 },
	{ "^[[:xdigit:]]+$", "xyz", 0 },
	{ "^[[.a.]-c]$", "b", 1 },
	{ "^[[.a.]-c]$", "d", 0 },
	{ "^[[=a=]]$", "a", 1 },
	{ "^[[=a=]]$", "b", 0 },
	{ ")", ")", 1 },
	{ ")", "a", 0 },
	{ "a)", "a)", 1 },
	{ "a)", "a", 0 },
	{ "()", "", 1 },
	{ "()", "x", 1 },
	{ "^()$", "", 1 },
	{ "^()$", "x", 0 },
	{ "a|", "", 1 },
	{ "a|", "b", 1 },
	{ "a**", "", 1 },
	{ "a**", "b", 1 },
	{ "a$b", "a$b", 0 },
	{ "a$b", "ab", 0 },
	{ "^a^", "a^", 0 },
	{ "^a^", "a", 0 },
	{ "\\(", "(", 1 },
	{ "\\(", "a", 0 },
	{ "x*", "", 1 },
	{ "x*", "abc", 1 },
	{ "^.*$", "", 1 },
	{ "^.*$", "anything", 1 },
	{ "^c[0-9]{1,2}(-[a-z]+)?$", "c1", 1 },
	{ "^c[0-9]{1,2}(-[a-z]+)?$", "c12-web", 1 },
	{ "^c[0-9]{1,2}(-[a-z]+)?$", "c123", 0 },
	{ "^c[0-9]{1,2}(-[a-z]+)?$", "c1-", 0 },
	{ "^c[0-9]{1,2}(-[a-z]+)?$", "c1-web2", 0 },
	{ "(a|ab)(c|bcd)(d*)", "abcd", 1 },
	{ "(a|ab)(c|bcd)(d*)", "acd", 1 },
	{ "(a|ab)(c|bcd)(d*)", "ab", 0 },
	{ "^(.*)(b)", "aab", 1 },
	{ "^(.*)(b)", "a", 0 },
	{ "[.]", ".", 1 },
	{ "[.]", "a", 0 },
	{ "[*+?{]", "{", 1 },
	{ "[*+?{]", "a", 0 },
	{ "^\\{$", "{", 1 },
	{ "^\\{$", "a", 0 },
};
static const char *const bad[] = {
	"*a",
	"(*a)",
	"a|*b",
	"^*a",
	"a{",
	"a{1",
	"a{1,2",
	"a{2,1}",
	"{",
	"a{x}",
	"a{}",
	"(",
	"(a",
	"a(b|c",
	"[",
	"[a",
	"[]",
	"[^]",
	"[z-a]",
	"[[:foo:]]",
	"[[:alpha:]",
	"[[.ab.]]",
	"a\\",
	"a{32768}",
};

/* A string of n times c. */
static char *times(size_t n, char c)
{
	char *s = malloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* n '(' then n ')'. */
static char *nested(size_t n)
{
	char *s = malloc(2 * n + 1);

	memset(s, '(', n);
	memset(s + n, ')', n);
	s[2 * n] = '\0';
	return s;
}

int main(void)
{
	static const struct {
		const char *re, *why;
	} reasons[] = {
		{ "*a", "nothing to repeat" },
		{ "a{1", "unmatched '{'" },
		{ "a{2,1}", "invalid content of '{}'" },
		{ "(a", "unmatched '('" },
		{ "[a", "unmatched '['" },
		{ "[z-a]", "invalid range end" },
		{ "[[:foo:]]", "invalid character class name" },
		{ "[[.ab.]]", "invalid collating element" },
		{ "a\\", "trailing backslash" },
		{ "(a{1000}){1000}", "too big" },
	};
	struct bb_re re;
	struct bb_err e;
	size_t i;
	char *s, *p;

	plan((int)(ARRAY_SIZE(cases) + ARRAY_SIZE(bad) + ARRAY_SIZE(reasons) + 5));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (bb_re_compile(&re, cases[i].re, &e) < 0) {
			ok(0, "'%s' compiles: %s", cases[i].re, e.msg);
			continue;
		}
		ok(bb_re_match(&re, cases[i].s) == cases[i].match, "'%s' %s '%s'", cases[i].re,
		   cases[i].match ? "matches" : "does not match", cases[i].s);
		bb_re_free(&re);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int r = bb_re_compile(&re, bad[i], &e);

		ok(r < 0, "'%s' is refused (%s)", bad[i], r < 0 ? e.msg : "compiled");
		if (r == 0)
			bb_re_free(&re);
	}
	for (i = 0; i < ARRAY_SIZE(reasons); i++) {
		int r = bb_re_compile(&re, reasons[i].re, &e);

		ok(r < 0 && !strcmp(e.msg, reasons[i].why), "'%s': %s (%s)", reasons[i].re,
		   reasons[i].why, r < 0 ? e.msg : "compiled");
		if (r == 0)
			bb_re_free(&re);
	}
	/* Nested groups: 64 deep compile, 65 do not. */
	p = nested(64);
	ok(bb_re_compile(&re, p, &e) == 0 && bb_re_match(&re, "x"), "64 nested groups");
	bb_re_free(&re);
	free(p);
	p = nested(65);
	ok(bb_re_compile(&re, p, &e) < 0, "65 nested groups are refused (%s)", e.msg);
	free(p);
	/* What takes a backtracking matcher exponential time. */
	s = times(5000, 'a');
	ok(bb_re_compile(&re, "^(a*)*b$", &e) == 0 && !bb_re_match(&re, s),
	   "(a*)*b against 5000 a: no match, at once");
	bb_re_free(&re);
	ok(bb_re_compile(&re, "^(a|aa)+$", &e) == 0 && bb_re_match(&re, s), "(a|aa)+ against 5000 a");
	bb_re_free(&re);
	ok(bb_re_compile(&re, "a{1000}b|a{5000}$", &e) == 0 && bb_re_match(&re, s),
	   "a{1000}b|a{5000}$ against 5000 a");
	bb_re_free(&re);
	free(s);
	return done_testing();
}
