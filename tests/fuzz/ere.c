/* libFuzzer harness of the extended regular expressions (make fuzz-ere).
 *
 * Input: a pattern, a NUL byte, a string. The pattern compiles or says
 * why not; a compiled one matches the string or not, without a crash, a
 * leak or a long run. And it answers as glibc's regcomp(REG_EXTENDED |
 * REG_NOSUB) + regexec do (the fuzzer's libc), where both take the pattern
 * and it has no GNU extension (a backslash before a letter or digit:
 * \w, \b, \1 ...) nor what takes glibc's regcomp too long (an interval
 * bound of two digits or more, more than six repetitions, a repetition
 * of a repetition). */
#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ere.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int not_for_glibc(const char *p)
{
	int reps = 0;

	for (; *p; p++) {
		if (*p && strchr("*+?{", *p) && (++reps > 6 || (p[1] && strchr("*+?{", p[1]))))
			return 1;
		if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9')
			return 1;
		if (*p != '\\')
			continue;
		if (!p[1])
			return 0;
		if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
		    (p[1] >= '0' && p[1] <= '9') || p[1] == '`' || p[1] == '\'')
			return 1;
		p++;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	char *pat, *str;
	struct bb_re re;
	struct bb_err e;
	regex_t g;
	int ours;

	if (!nul)
		return 0;
	pat = strndup((const char *)data, (size_t)(nul - data));
	str = strndup((const char *)nul + 1, size - (size_t)(nul - data) - 1);
	if (!pat || !str)
		abort();
	if (bb_re_compile(&re, pat, &e) < 0) {
		if (!e.msg[0])
			abort();
	} else {
		ours = bb_re_match(&re, str);
		if (!not_for_glibc(pat) && regcomp(&g, pat, REG_EXTENDED | REG_NOSUB) == 0) {
			if ((regexec(&g, str, 0, NULL, 0) == 0) != ours)
				abort();
			regfree(&g);
		}
		bb_re_free(&re);
	}
	free(pat);
	free(str);
	return 0;
}
