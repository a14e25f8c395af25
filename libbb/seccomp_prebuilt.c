/* The default policy's programs for a build without the policy compiler
 * (FEATURE_SECCOMP_PROFILE off), compiled when ctbox is built and kept
 * packed (scripts/secprebuilt.c says how: about 3.7 bytes an instruction
 * instead of 8, 1.9 KB less on x86_64). */
#include <stdlib.h>
#include <linux/filter.h>

#include "seccomp.h"
#include "seccomp_prebuilt.h"

unsigned sc_prebuilt_len(int v)
{
	return sc_prebuilt[v & 3].len;
}

int sc_prebuilt_program(int v, struct sc_prog *out)
{
	const unsigned char *p = sc_prebuilt_bytes + sc_prebuilt[v & 3].off;
	unsigned i, n = sc_prebuilt[v & 3].len, j, klen;

	out->len = 0;
	out->insns = calloc(n ? n : 1, sizeof(*out->insns));
	if (!out->insns)
		return -1;
	for (i = 0; i < n; i++) {
		struct sock_filter *f = &out->insns[i];
		unsigned b = *p++;

		f->code = sc_prebuilt_codes[b & 15];
		if (b & 0x10)
			f->jt = *p++;
		if (b & 0x20)
			f->jf = *p++;
		klen = (b >> 6) == 3 ? 4 : b >> 6;
		for (j = 0; j < klen; j++)
			f->k |= (unsigned)*p++ << (8 * j);
	}
	out->len = (unsigned short)n;
	return 0;
}
