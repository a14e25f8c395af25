/* libFuzzer harness of the OpenPGP code (make fuzz-pgp): the input as a
 * keyring, as armour, as a cleartext-signed message and as a detached
 * signature over a fixed text; the last two against the fixture keyring
 * (tests/unit/data/pgp/keyring.gpg under $CTBOX_SRC or ".", empty when
 * missing), so that signatures naming its keys reach the RSA and Ed25519
 * checks.
 * A keyring the input makes has its keys' signatures checked
 * (pgp_key_settle) after the input's copy it was loaded from is freed.
 * Nothing may crash or read out of bounds; results must be consistent
 * and every error must say something. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgp_int.h"

#define NOW 1704070800  /* an hour after the fixtures were made */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pgp_keyring *ring;
static char *doc;
static size_t doclen;

static void setup(void)
{
	const char *src = getenv("CTBOX_SRC");
	char path[4096];
	struct bb_err e;

	snprintf(path, sizeof(path), "%s/tests/unit/data/pgp/keyring.gpg", src ? src : ".");
	if (pgp_keyring_add_file(&ring, path, &e) < 0)
		fprintf(stderr, "fuzz-pgp: %s (going on without keys)\n", e.msg);
	snprintf(path, sizeof(path), "%s/tests/unit/data/pgp/data.bin", src ? src : ".");
	doc = read_file(path, 1 << 20, &doclen);
	if (!doc) {
		doc = strdup("detached\r\n");
		doclen = doc ? strlen(doc) : 0;
	}
}

static void check_err(const struct bb_err *e)
{
	if (!memchr(e->msg, 0, sizeof(e->msg)) || !e->msg[0])
		abort();
}

static void check_who(const struct pgp_signer *w)
{
	if (strlen(w->primary) != 40 || strlen(w->subkey) != 40 ||
			!memchr(w->uid, 0, sizeof(w->uid)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct pgp_keyring *kr = NULL;
	struct pgp_signer who;
	struct bb_err e;
	unsigned char *bin;
	size_t tl, i;
	char *buf, *copy, *text;
	int r;

	if (!ready) {
		setup();
		ready = 1;
	}
	/* an exact-size copy, so that ASan sees any read past the input */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);

	copy = malloc(size ? size : 1);
	if (!copy) {
		free(buf);
		return 0;
	}
	memcpy(copy, data, size);
	r = pgp_keyring_add(&kr, copy, size, "fuzz", &e);
	free(copy);
	if (r < 0 ? kr != NULL : (size_t)r != pgp_keyring_count(kr))
		abort();
	if (r < 0)
		check_err(&e);
	for (i = 0; kr && i < kr->n; i++)
		pgp_key_settle(kr, i);
	pgp_keyring_free(kr);

	if (pgp_dearmor(buf, size, NULL, &bin, &tl, &e) == 0) {
		if (tl > size)
			abort();
		free(bin);
	} else {
		check_err(&e);
	}

	memset(&who, 0, sizeof(who));
	if (pgp_verify_cleartext(ring, buf, size, NOW, &text, &tl, &who, &e) == 0) {
		if (strlen(text) != tl || tl > size)
			abort();
		check_who(&who);
		free(text);
	} else {
		check_err(&e);
	}

	memset(&who, 0, sizeof(who));
	if (pgp_verify_detached(ring, doc, doclen, buf, size, NOW, &who, &e) == 0)
		check_who(&who);
	else
		check_err(&e);
	free(buf);
	return 0;
}
