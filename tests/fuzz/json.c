/* libFuzzer harness of the JSON parser and writer and of the OCI spec
 * parser and translation (make fuzz-json).
 *
 * Input: one byte of mode, then a document. Bit 0 of the mode: the text
 * goes through json_parse; what parses must write back (compact and
 * indented) to text that parses again and writes the same. Otherwise it
 * goes through oci_spec_parse and, when that works, oci_conf. Nothing may
 * crash or leak; every error must say where. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "oci_spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static char *write_back(const struct json *v, const char *indent, size_t *len)
{
	struct json_w w;
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	check(f != NULL);
	jw_init(&w, f, indent);
	jw_value(&w, NULL, v);
	check(jw_end(&w) == 0);
	fclose(f);
	return out;
}

static void json_round(const char *text, size_t len)
{
	struct json_doc d, d2;
	struct bb_err e;
	char *out, *again;
	size_t olen, alen;
	int k;

	if (json_parse(&d, "f", text, len, 1 << 20, &e) < 0) {
		check(strncmp(e.msg, "f:", 2) == 0);
		return;
	}
	for (k = 0; k < 2; k++) {
		out = write_back(d.root, k ? "\t" : NULL, &olen);
		check(json_parse(&d2, "g", out, olen, 1 << 22, &e) == 0);
		again = write_back(d2.root, k ? "\t" : NULL, &alen);
		check(alen == olen && memcmp(out, again, olen) == 0);
		free(again);
		free(out);
		json_doc_free(&d2);
	}
	json_doc_free(&d);
}

static void oci(const char *text, size_t len, unsigned mode)
{
	const char *note;
	struct bb_err e;
	struct oci_spec *s = oci_spec_parse(text, len, "config.json", &e);
	struct lxc_conf *c;

	if (!s) {
		check(e.msg[0] != '\0');
		return;
	}
	c = conf_new();
	if (oci_conf(c, s, "/b", (mode >> 1) & OCI_X_ALL, &note, &e) < 0)
		check(e.msg[0] != '\0');
	conf_free(c);
	oci_spec_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		json_round((const char *)data + 1, size - 1);
	else
		oci((const char *)data + 1, size - 1, data[0] | (data[0] & 0x80 ? 0xff00u : 0));
	return 0;
}
