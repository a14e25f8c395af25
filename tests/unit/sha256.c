/* Unit tests: libbb/sha256.c against BearSSL's SHA-256 and FIPS 180-4's
 * examples, for every length up to a few blocks and every way of
 * cutting the input in two, on whichever path this CPU takes. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

static void hex(char *out, const unsigned char *d)
{
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static int digest_is(const char *msg, size_t len, const char *want)
{
	struct bb_sha256 c;
	unsigned char d[32];
	char got[65];

	bb_sha256_init(&c);
	bb_sha256_update(&c, msg, len);
	bb_sha256_out(&c, d);
	hex(got, d);
	if (strcmp(got, want))
		diag("got %s", got);
	return !strcmp(got, want);
}

int main(void)
{
	enum { MAX = 300 };
	unsigned char *buf = malloc(1 << 20), a[32], b[32];
	unsigned x = 12345;
	size_t len, cut, bad = 0;
	br_sha256_context ref;
	struct bb_sha256 c;
	char *million;

	plan(6);
	diag("this CPU's path: %s", bb_sha256_accelerated() ? "its SHA instructions" : "BearSSL");
	for (len = 0; len < 1 << 20; len++) {
		x = x * 1103515245 + 12345;
		buf[len] = (unsigned char)(x >> 16);
	}
	ok(digest_is("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
	   "the empty message");
	ok(digest_is("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
	   "\"abc\" (FIPS 180-4)");
	ok(digest_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
		     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
	   "the two-block example (56 bytes: the length spills into a second block)");
	million = malloc(1000000);
	memset(million, 'a', 1000000);
	ok(digest_is(million, 1000000,
		     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	   "a million 'a'");
	free(million);
	for (len = 0; len <= MAX; len++)
		for (cut = 0; cut <= len; cut++) {
			bb_sha256_init(&c);
			bb_sha256_update(&c, buf, cut);
			bb_sha256_update(&c, buf + cut, len - cut);
			bb_sha256_out(&c, a);
			br_sha256_init(&ref);
			br_sha256_update(&ref, buf, len);
			br_sha256_out(&ref, b);
			bad += memcmp(a, b, 32) != 0;
		}
	ok(!bad, "as BearSSL for every length up to %d, cut anywhere (%zu differ)", MAX, bad);
	bb_sha256_init(&c);
	br_sha256_init(&ref);
	for (len = 0; len < 16; len++) {
		bb_sha256_update(&c, buf + len * 65536, 65536 - len);
		br_sha256_update(&ref, buf + len * 65536, 65536 - len);
		bb_sha256_out(&c, a); /* the digest so far; hashing goes on */
	}
	bb_sha256_out(&c, a);
	br_sha256_out(&ref, b);
	ok(!memcmp(a, b, 32), "as BearSSL for 1 MiB in odd pieces, with digests on the way");
	free(buf);
	return done_testing();
}
