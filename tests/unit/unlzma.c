/* libbb/unlzma.c: raw LZMA against what xz writes, hostile streams, and
 * the branch filters of a packed build (Config.in: PACK). */
#include <stdint.h>

#include "tap.h"
#include "unlzma.h"

static char dir[] = "/tmp/unlzma.t.XXXXXX";

static uint32_t seed = 12345;
static uint8_t rnd(void)
{
	seed = seed * 1103515245 + 12345;
	return (uint8_t)(seed >> 16);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

/* xz's raw LZMA1 of buf with the options opts, or NULL. */
static uint8_t *xz(const uint8_t *buf, size_t len, const char *opts, size_t *zlen)
{
	char in[64], out[64], cmd[256];
	FILE *f;

	snprintf(in, sizeof(in), "%s/in", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	f = fopen(in, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f))
		return NULL;
	snprintf(cmd, sizeof(cmd), "xz --format=raw --lzma1=%s -c %s > %s", opts, in, out);
	if (system(cmd) != 0)
		return NULL;
	return slurp(out, zlen);
}

static const struct {
	const char *opts;
	unsigned props;
} props[] = {
	{ "preset=9e,lc=3,lp=0,pb=0", UNLZMA_PROPS(3, 0, 0) },
	{ "preset=6,lc=3,lp=0,pb=2", UNLZMA_PROPS(3, 0, 2) },
	{ "preset=9e,lc=2,lp=2,pb=2", UNLZMA_PROPS(2, 2, 2) },
	{ "preset=1,lc=0,lp=4,pb=4", UNLZMA_PROPS(0, 4, 4) },
	{ "preset=6,lc=4,lp=0,pb=1", UNLZMA_PROPS(4, 0, 1) },
};

static void round_trip(const char *what, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		size_t zlen = 0;
		uint8_t *z = xz(buf, len, props[i].opts, &zlen), *out = malloc(len + 1);

		ok(z && unlzma_raw(z, zlen, out, len, props[i].props) == 0 && memcmp(out, buf, len) == 0,
		   "%s (%zu bytes) with %s: decoded back", what, len, props[i].opts);
		free(z);
		free(out);
	}
}

static void hostile(const uint8_t *buf, size_t len)
{
	size_t zlen = 0, i, k;
	uint8_t *z = xz(buf, len, props[0].opts, &zlen), *out = malloc(len + 64), *bad;
	int refused = 0, differs = 0, wrong = 0, tries = 0;

	if (!z) {
		ok(0, "xz ran");
		return;
	}
	/* Cut short (by more than the end marker and the coder's flush):
	 * refused, never a read past the end. */
	for (i = 0; i + 16 < zlen; i += zlen / 97 + 1, tries++)
		refused += unlzma_raw(z, i, out, len, props[0].props) < 0;
	ok(tries > 90 && refused == tries, "%d streams cut short: %d refused", tries, refused);
	refused = 0;
	/* Bytes changed: refused or decoded to something else, never out of
	 * the buffers (the sanitizer build watches). */
	bad = malloc(zlen);
	for (k = 0; k < 300; k++) {
		memcpy(bad, z, zlen);
		for (i = 0; i < 1 + k % 4; i++)
			bad[1 + (rnd() | rnd() << 8) % (zlen - 1)] ^= (uint8_t)(1 + rnd() % 255);
		if (unlzma_raw(bad, zlen, out, len, props[0].props) < 0)
			refused++;
		else if (memcmp(out, buf, len) != 0)
			differs++;
		else
			wrong++;
	}
	ok(wrong < 10, "300 damaged streams: %d refused, %d decoded differently, %d the same",
	   refused, differs, wrong);
	ok(unlzma_raw(z, zlen, out, len + 64, props[0].props) < 0, "more output asked than the stream has: refused");
	ok(unlzma_raw(z, zlen, out, len / 2, props[0].props) == 0 && memcmp(out, buf, len / 2) == 0,
	   "less output asked: the first part");
	memcpy(bad, z, zlen);
	bad[0] = 1;
	ok(unlzma_raw(bad, zlen, out, len, props[0].props) < 0, "a first byte other than 0: refused");
	ok(unlzma_raw(z, zlen, out, len, UNLZMA_PROPS(3, 2, 0)) < 0, "lc + lp > 4: refused");
	ok(unlzma_raw(z, zlen, out, len, 225) < 0, "props over 224: refused");
	ok(unlzma_raw(z, 4, out, len, props[0].props) < 0, "a stream of 4 bytes: refused");
	free(bad);
	free(z);
	free(out);
}

static void filters(void)
{
	uint8_t a[4096], b[4096];
	uint8_t call[] = { 0x90, 0xE8, 0x10, 0, 0, 0, 0xE9, 0xE0, 0xFF, 0xFF, 0xFF, 0xE8, 1, 2, 3, 4 };
	uint8_t want[] = { 0x90, 0xE8, 0x16, 0, 0, 0, 0xE9, 0xEB, 0xFF, 0xFF, 0xFF, 0xE8, 1, 2, 3, 4 };
	uint8_t bl[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x97, 0x05, 0, 0, 0x14 };
	uint8_t blwant[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0x94, 0x05, 0, 0, 0x14 };
	int kind, changed;
	size_t i;

	branch_filter(call, sizeof(call), BRANCH_X86, 1);
	ok(memcmp(call, want, sizeof(want)) == 0,
	   "x86: call +0x10 at 1 and jmp -0x20 at 6 become their targets, a far one is left");
	branch_filter(bl, sizeof(bl), BRANCH_ARM64, 1);
	ok(memcmp(bl, blwant, sizeof(blwant)) == 0, "arm64: BL -1 at word 2 becomes word 1, B is left");
	for (kind = BRANCH_X86; kind <= BRANCH_ARM64; kind++) {
		static const uint8_t pick[] = { 0xE8, 0xE9, 0x00, 0xFF, 0x94, 0x97, 0x12, 0x80 };

		for (i = 0; i < sizeof(a); i++)
			a[i] = pick[rnd() % sizeof(pick)];
		memcpy(b, a, sizeof(a));
		branch_filter(b, sizeof(b), kind, 1);
		changed = memcmp(a, b, sizeof(a)) != 0;
		branch_filter(b, sizeof(b), kind, 0);
		ok(changed && memcmp(a, b, sizeof(a)) == 0, "%s: dense branches filtered and back",
		   kind == BRANCH_X86 ? "x86" : "arm64");
	}
	memcpy(b, a, sizeof(a));
	branch_filter(b, sizeof(b), BRANCH_NONE, 1);
	ok(memcmp(a, b, sizeof(a)) == 0, "none: nothing changes");
}

int main(void)
{
	size_t len, zlen;
	uint8_t *buf, *self, *z, *out;
	int kind = BRANCH_NONE;

	if (!mkdtemp(dir))
		plan_skip_all("no temporary directory");
	plan(35);
	filters();
	if (system("xz --version >/dev/null 2>&1") != 0) {
		for (int i = 0; i < 30; i++)
			skip("no xz here (xz-utils)");
		rmdir(dir);
		return done_testing();
	}
	buf = calloc(1, 200000);
	round_trip("zeros", buf, 200000);
	for (len = 0; len < 150000; len++)
		buf[len] = rnd();
	round_trip("random bytes", buf, 150000);
	for (len = 0; len < 100000; len++)
		buf[len] = "the branch filters of a packed build\n"[len % 37] ^ (rnd() % 50 == 0);
	round_trip("text", buf, 100000);
	round_trip("one byte", buf, 1);
	self = slurp("/proc/self/exe", &len);
#if defined(__x86_64__)
	kind = BRANCH_X86;
#elif defined(__aarch64__)
	kind = BRANCH_ARM64;
#endif
	branch_filter(self, len, kind, 1);
	z = xz(self, len, props[0].opts, &zlen);
	out = malloc(len);
	ok(z && unlzma_raw(z, zlen, out, len, props[0].props) == 0 && (branch_filter(out, len, kind, 0), 1) &&
	   (branch_filter(self, len, kind, 0), memcmp(out, self, len) == 0),
	   "this test's own binary, filtered, compressed, decoded and unfiltered: the same");
	{
		size_t zero = 0;
		uint8_t *e = xz(buf, 0, props[0].opts, &zero);

		ok(e && unlzma_raw(e, zero, out, 0, props[0].props) == 0, "an empty stream decodes to nothing");
		free(e);
	}
	hostile(self, len);
	free(self);
	free(z);
	free(out);
	free(buf);
	snprintf((char *)(buf = malloc(128)), 128, "rm -rf %s", dir);
	if (system((char *)buf) != 0)
		diag("could not remove %s", dir);
	free(buf);
	return done_testing();
}
