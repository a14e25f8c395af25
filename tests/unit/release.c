/* Unit tests: Release parsing, the unchecked InRelease body, hex, and the
 * mirror found in apt sources (rootfs-builder/release.c, mirror.c). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rb.h"
#include "tap.h"

static const char release[] =
	"Origin: Debian\n"
	"Label: Debian\n"
	"Suite: stable\n"
	"Codename: bookworm\n"
	"Date: Sat, 10 Jun 2023 08:53:33 UTC\n"
	"Valid-Until: Sat, 17 Jun 2023 08:53:33 UTC\n"
	"Architectures: all amd64 arm64\n"
	"Components: main contrib\n"
	"MD5Sum:\n"
	" 0123456789abcdef0123456789abcdef 1234 main/binary-amd64/Packages\n"
	"SHA256:\n"
	" 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 1234 main/binary-amd64/Packages\n"
	" ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100 99 main/binary-amd64/Packages.xz\n";

static int parse(const char *text, time_t now, struct rb_release *r, struct bb_err *e)
{
	char *t = strdup(text);
	int ret = rb_release_parse(r, t, now, "Release", e);

	if (ret < 0)
		free(t);
	return ret;
}

static void test_release(void)
{
	struct rb_release r;
	struct bb_err e = { 0, "" };
	const struct rb_index *x;
	char *bad;

	is_int(parse(release, 1686400000, &r, &e), 0, "Release parses");
	is_int((int)r.nidx, 2, "two SHA256 entries");
	is_str(r.codename, "bookworm", "Codename");
	is_str(r.architectures, "all amd64 arm64", "Architectures");
	ok(r.date == 1686387213, "Date parsed (%ld)", (long)r.date);
	x = rb_release_find(&r, "main/binary-amd64/Packages.xz");
	ok(x && x->size == 99 && x->sha256[0] == 0xff && x->sha256[31] == 0x00, "index entry found");
	ok(!rb_release_find(&r, "main/binary-arm64/Packages"), "absent index");
	rb_release_free(&r);

	is_int(parse(release, 1687000000, &r, &e), -1, "expired Valid-Until refused");
	ok(strstr(e.msg, "Valid-Until") != NULL, "message names Valid-Until: %s", e.msg);
	is_int(parse(release, 1600000000, &r, &e), -1, "Date in the future refused");
	ok(strstr(e.msg, "future") != NULL, "message: %s", e.msg);

	bad = strdup(release);
	*strstr(bad, "SHA256:") = 'X';
	is_int(parse(bad, 1686400000, &r, &e), -1, "no SHA256 refused");
	free(bad);
	bad = strdup(release);
	memcpy(strstr(bad, " 99 main"), " zz", 3);
	is_int(parse(bad, 1686400000, &r, &e), -1, "bad size refused");
	free(bad);
	bad = strdup(release);
	strstr(bad, "0011")[1] = 'g';
	is_int(parse(bad, 1686400000, &r, &e), -1, "bad hash refused: %s", e.msg);
	free(bad);
	is_int(parse("Date: Sat, 10 Xyz 2023 08:53:33 UTC\nSHA256:\n", 1686400000, &r, &e), -1,
	       "bad month refused");
	is_int(parse("", 1686400000, &r, &e), -1, "empty Release refused");
}

static void test_cleartext(void)
{
	const char msg[] = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"
			   "Origin: Debian\n- -dashed\nlast\n"
			   "-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n";
	struct bb_err e;
	char *t = rb_cleartext_body(msg, strlen(msg), &e);

	is_str(t, "Origin: Debian\n-dashed\nlast", "cleartext body, dash-unescaped");
	free(t);
	ok(!rb_cleartext_body("Origin: x\n", 10, &e), "not a signed message refused");
}

static void test_hex(void)
{
	unsigned char b[2];

	ok(!rb_hex_decode("aB09", 4, b, 2) && b[0] == 0xab && b[1] == 0x09, "hex decodes");
	ok(rb_hex_decode("aB0", 3, b, 2) < 0, "odd length refused");
	ok(rb_hex_decode("aBx9", 4, b, 2) < 0, "non-hex refused");
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p;
	int fd;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		exit(1);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		exit(1);
	close(fd);
	free(p);
}

static void test_mirror(void)
{
	char dir[] = "/tmp/ctbox-release-test.XXXXXX", sub[64];
	struct bb_err e;
	char *m;

	if (!mkdtemp(dir))
		exit(1);
	snprintf(sub, sizeof(sub), "%s/sources.list.d", dir);
	mkdir(sub, 0755);
	m = rb_mirror_from_apt(dir, &e);
	ok(!m && strstr(e.msg, "--mirror"), "no sources: error asks for --mirror");
	put(sub, "b.sources", "# comment\nTypes: deb\nURIs: http://security.example/debian-security\n"
	    "Suites: x-security\nComponents: main\n\nTypes: deb-src deb\n"
	    "URIs: https://mirror.example/debian/\nSuites: x\n");
	put(sub, "a.list", "deb-src http://src.example/debian x main\n"
	    "deb [signed-by=/k.gpg arch=amd64] http://list.example/pub/debian x main\n");
	m = rb_mirror_from_apt(dir, &e);
	is_str(m, "http://list.example/pub/debian", "a .list in name order first, options skipped");
	free(m);
	put(sub, "a.list", "# nothing\n");
	m = rb_mirror_from_apt(dir, &e);
	is_str(m, "https://mirror.example/debian", "deb822: security passed over, slash dropped");
	free(m);
	put(sub, "b.sources", "Types: deb\nEnabled: no\nURIs: http://off.example/debian\n");
	put(dir, "sources.list", "deb http://main.example/debian x main\n");
	m = rb_mirror_from_apt(dir, &e);
	is_str(m, "http://main.example/debian", "sources.list first");
	free(m);
	put(dir, "sources.list", "deb ftp://old.example/debian x main\n");
	m = rb_mirror_from_apt(dir, &e);
	ok(!m, "disabled and non-http entries passed over");
	free(m);
	snprintf(sub, sizeof(sub), "rm -rf '%s'", dir);
	if (system(sub) != 0)
		diag("could not remove %s", dir);
}

int main(void)
{
	plan(26);
	test_release();
	test_cleartext();
	test_hex();
	test_mirror();
	return done_testing();
}
