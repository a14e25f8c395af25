/* libFuzzer harness of the config parser (make fuzz).
 *
 * Feeds the bytes to conf_load_buf; what loads must dump, load back and
 * dump the same (a round trip), and every error must name the input.
 * Inputs that mention "include" are skipped: lxc.include reads files, and a
 * fuzzer would find /dev/zero, FIFOs and /proc; includes are covered by
 * tests/unit/conf_files.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dump(const struct lxc_conf *c, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f || conf_dump(c, f) < 0)
		abort();
	fclose(f);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lxc_conf *c, *c2;
	struct bb_err e;
	char *d1, *d2;
	size_t l1, l2;

	if (memmem(data, size, "include", 7))
		return 0;
	c = conf_new();
	if (!c)
		return 0;
	if (conf_load_buf(c, (const char *)data, size, "fuzz", &e) < 0) {
		if (strncmp(e.msg, "fuzz", 4) != 0 || strlen(e.msg) >= sizeof(e.msg))
			abort(); /* every error names the input */
		conf_free(c);
		return 0;
	}
	d1 = dump(c, &l1);
	c2 = conf_new();
	if (!c2 || conf_load_buf(c2, d1, l1, "dump", &e) < 0) {
		fprintf(stderr, "the dump does not load: %s\n---\n%s---\n", e.msg, d1);
		abort();
	}
	d2 = dump(c2, &l2);
	if (l1 != l2 || memcmp(d1, d2, l1) != 0) {
		fprintf(stderr, "the dump changes when loaded again:\n---\n%s---\n%s---\n", d1, d2);
		abort();
	}
	free(d1);
	free(d2);
	conf_free(c2);
	conf_free(c);
	return 0;
}
