/* OpenPGP verification (rootfs-builder/pgp*.c) against the fixtures that
 * tests/unit/data/pgp/make-fixtures.sh and tests/unit/data/mk-ed25519.sh
 * made with gpg at 2024-01-01, and, when this host has them, Debian's
 * keyring and bookworm InRelease. */
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pgp_int.h"
#include "tap.h"

#define T0 1704067200L          /* when the fixtures were made */
#define NOW (T0 + 3600)
#define DAY 86400L

static char fprs[8][2][41];     /* good sub expiring revoked ed subrev other */
enum { GOOD, SUB, EXPIRING, REVOKED, ED, SUBREV, OTHER };
/* the Ed25519 fixtures (data/ed25519/fprs.txt) */
static char efprs[8][2][41];
enum { EDSIGN, EDSUB, EDEXP, EDREV, MIXED, RSA, ED27, ED22 };
#define EDDIR "../ed25519/"

static char *fixture(const char *name, size_t *len)
{
	const char *src = getenv("CTBOX_SRC");
	char path[4096];
	char *d;

	snprintf(path, sizeof(path), "%s/tests/unit/data/pgp/%s", src ? src : ".", name);
	d = read_file(path, 1 << 20, len);
	if (!d) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	return d;
}

static void load_fprs(const char *name, char (*f)[2][41])
{
	size_t len;
	char *d = fixture(name, &len), *line, *save = NULL;
	int i = 0;

	for (line = strtok_r(d, "\n", &save); line && i < 8; line = strtok_r(NULL, "\n", &save), i++)
		sscanf(line, "%*s %40s %40s", f[i][0], f[i][1]);
	free(d);
}

static struct pgp_keyring *ring(const char *name)
{
	struct pgp_keyring *kr = NULL;
	struct bb_err e;
	size_t len;
	char *d = fixture(name, &len);

	if (pgp_keyring_add(&kr, d, len, name, &e) < 0)
		diag("%s: %s", name, e.msg);
	free(d);
	return kr;
}

/* Verify a cleartext fixture (or buffer); 0 or -1 with the message in e. */
static int clear_buf(struct pgp_keyring *kr, const char *m, size_t len, long now,
		struct pgp_signer *who, struct bb_err *e, char **text)
{
	size_t tl;
	char *t = NULL;
	int r;

	memset(e, 0, sizeof(*e));
	r = pgp_verify_cleartext(kr, m, len, now, &t, &tl, who, e);
	if (r == 0 && (strlen(t) != tl))
		r = -2;
	if (text)
		*text = t;
	else
		free(t);
	return r;
}

static int clear(struct pgp_keyring *kr, const char *name, long now,
		struct pgp_signer *who, struct bb_err *e)
{
	size_t len;
	char *m = fixture(name, &len);
	int r = clear_buf(kr, m, len, now, who, e, NULL);

	free(m);
	return r;
}

/* The fail case: -1 and a message containing want (and want2). */
static void fails(int r, const struct bb_err *e, const char *want, const char *want2,
		const char *what)
{
	ok(r == -1 && strstr(e->msg, want) && (!want2 || strstr(e->msg, want2)), "%s", what);
	if (r != -1 || !strstr(e->msg, want) || (want2 && !strstr(e->msg, want2)))
		diag("r=%d msg=\"%s\" want \"%s\"", r, e->msg, want);
}

/* msg.txt as signed: trailing blanks gone, no final newline. */
static char *expected_text(void)
{
	size_t len, i, o = 0;
	char *d = fixture("msg.txt", &len);

	for (i = 0; i < len; i++) {
		if (d[i] == '\n')
			while (o && (d[o - 1] == ' ' || d[o - 1] == '\t'))
				o--;
		d[o++] = d[i];
	}
	while (o && d[o - 1] == '\n')
		o--;
	d[o] = 0;
	return d;
}

static void test_keyrings(void)
{
	struct pgp_keyring *kr = NULL;
	struct bb_err e;
	unsigned char *bin;
	size_t alen, glen, blen;
	char *asc = fixture("keyring.asc", &alen), *gpg = fixture("keyring.gpg", &glen);

	is_int(pgp_keyring_add(&kr, gpg, glen, "keyring.gpg", &e), 6, "binary keyring: 6 keys");
	is_int(pgp_keyring_add(&kr, asc, alen, "keyring.asc", &e), 6, "armoured keyring: 6 more");
	is_int(pgp_keyring_count(kr), 12, "count");
	pgp_keyring_free(kr);
	ok(pgp_dearmor(asc, alen, "PUBLIC KEY BLOCK", &bin, &blen, &e) == 0 && blen < glen &&
			!memcmp(bin, gpg, blen), "dearmor: the first block is the first key");
	free(bin);
	ok(pgp_dearmor(asc, alen, "SIGNATURE", &bin, &blen, &e) == -1 &&
			strstr(e.msg, "no armoured SIGNATURE"), "dearmor: no such block");
	/* a CRC line changed */
	{
		char *c = strstr(asc, "\n=");

		c[2] = c[2] == 'A' ? 'B' : 'A';
		kr = NULL;
		fails(pgp_keyring_add(&kr, asc, alen, "keyring.asc", &e), &e, "CRC-24", "keyring.asc",
				"armour: CRC error");
		ok(kr == NULL, "nothing allocated on error");
	}
	fails(pgp_keyring_add(&kr, "hello\n", 6, "x", &e), &e, "x: no OpenPGP public key", NULL,
			"not a keyring");
	fails(pgp_keyring_add(&kr, "", 0, "x", &e), &e, "no OpenPGP public key", NULL, "empty");
	{
		size_t sl;
		char *sig = fixture("data-sha1.sig", &sl);

		fails(pgp_keyring_add(&kr, sig, sl, "sig", &e), &e, "before any key", NULL,
				"a signature is not a keyring");
		free(sig);
	}
	ok(pgp_keyring_add_file(&kr, "/nonexistent/k.gpg", &e) == -1 && e.errnum &&
			strstr(e.msg, "/nonexistent/k.gpg"), "missing file");
	free(asc);
	free(gpg);
}

static void test_cleartext(void)
{
	struct pgp_keyring *kr = ring("keyring.gpg"), *other = ring("other.gpg");
	struct pgp_signer who;
	struct bb_err e;
	char *want = expected_text(), *text = NULL, *m;
	size_t len;
	int r;

	m = fixture("clear-good.asc", &len);
	r = clear_buf(kr, m, len, NOW, &who, &e, &text);
	ok(r == 0, "good cleartext%s", e.msg);
	is_str(text, want, "signed text: dash-unescaped, blanks stripped, no final newline");
	is_str(who.primary, fprs[GOOD][0], "signer");
	is_str(who.subkey, fprs[GOOD][0], "signed by the primary");
	is_str(who.uid, "Good Key <good@example.org>", "uid");
	is_int(who.created, T0, "created");
	free(text);

	/* one byte of the text changed */
	{
		char *p = strstr(m, "Origin: Test");

		p[8] = 'B';
		fails(clear_buf(kr, m, len, NOW, &who, &e, NULL), &e, "does not verify", fprs[GOOD][0],
				"tampered text");
		p[8] = 'T';
	}
	/* the signed text outlives nothing outside it: text before is ignored */
	{
		char *pre = xasprintf("Some junk\n-----BEGIN PGP SIGNATURE-----\n%s", m);

		ok(clear_buf(kr, pre, strlen(pre), NOW, &who, &e, NULL) == 0, "text before the message ignored");
		free(pre);
	}
	{
		char *two = xasprintf("%s%s", m, m);

		fails(clear_buf(kr, two, strlen(two), NOW, &who, &e, NULL), &e, "second signed message",
				NULL, "two signed messages");
		free(two);
		two = xasprintf("%sjunk\n", m);
		fails(clear_buf(kr, two, strlen(two), NOW, &who, &e, NULL), &e, "text after", NULL,
				"text after the signature");
		free(two);
	}
	{
		char *cut = strdup(m);

		*strstr(cut, "-----BEGIN PGP SIGNATURE") = 0;
		fails(clear_buf(kr, cut, strlen(cut), NOW, &who, &e, NULL), &e, "no signature", NULL,
				"missing signature");
		free(cut);
		cut = xasprintf("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n-x\n%s",
				strstr(m, "-----BEGIN PGP SIGNATURE"));
		fails(clear_buf(kr, cut, strlen(cut), NOW, &who, &e, NULL), &e, "dash-escaped", NULL,
				"unescaped dash line");
		free(cut);
		cut = xasprintf("-----BEGIN PGP SIGNED MESSAGE-----\nComment: x\n\nx\n%s",
				strstr(m, "-----BEGIN PGP SIGNATURE"));
		fails(clear_buf(kr, cut, strlen(cut), NOW, &who, &e, NULL), &e, "header", NULL,
				"armour header other than Hash:");
		free(cut);
	}
	/* CRLF line ends sign the same text */
	{
		char *crlf = malloc(2 * len), *p = crlf;
		size_t i;

		for (i = 0; i < len; i++) {
			if (m[i] == '\n')
				*p++ = '\r';
			*p++ = m[i];
		}
		r = clear_buf(kr, crlf, p - crlf, NOW, &who, &e, &text);
		ok(r == 0 && !strcmp(text, want), "CRLF message%s", e.msg);
		free(text);
		free(crlf);
	}
	fails(clear_buf(kr, m, len, T0 - 2 * DAY, &who, &e, NULL), &e, "made in the future",
			fprs[GOOD][0], "signature from the future");
	fails(clear_buf(other, m, len, NOW, &who, &e, NULL), &e, "signed by unknown key", fprs[GOOD][0],
			"wrong keyring: unknown key");
	fails(clear_buf(NULL, m, len, NOW, &who, &e, NULL), &e, "signed by unknown key", NULL,
			"no keyring");
	fails(clear_buf(kr, "hello", 5, NOW, &who, &e, NULL), &e, "not a cleartext", NULL,
			"not a signed message");
	free(m);

	ok(clear(kr, "clear-expiring.asc", NOW, &who, &e) == 0, "expiring key, in time%s", e.msg);
	fails(clear(kr, "clear-expiring.asc", T0 + 2 * DAY, &who, &e), &e, "expired on 2024-01-02",
			fprs[EXPIRING][0], "expired key");
	fails(clear(kr, "clear-revoked.asc", NOW, &who, &e), &e, "is revoked", fprs[REVOKED][0],
			"revoked key");
	ok(clear(kr, "clear-sigexp.asc", NOW, &who, &e) == 0, "expiring signature, in time%s", e.msg);
	fails(clear(kr, "clear-sigexp.asc", T0 + 2 * DAY, &who, &e), &e, "expired on 2024-01-02",
			"signature by", "signature expired");
	ok(clear(kr, "clear-ed.asc", NOW, &who, &e) == 0 && !strcmp(who.primary, fprs[ED][0]),
			"Ed25519 signature: verified%s", e.msg);
	ok(clear(kr, "clear-ed-rsa.asc", NOW, &who, &e) == 0 && !strcmp(who.primary, fprs[ED][0]),
			"Ed25519 and RSA signatures: the first, Ed25519, is enough%s", e.msg);
	ok(clear(other, "clear-ed-rsa.asc", NOW, &who, &e) == -1 && strstr(e.msg, fprs[ED][0]) &&
			strstr(e.msg, fprs[GOOD][0]), "... neither key known: both named");
	ok(clear(kr, "clear-two.asc", NOW, &who, &e) == 0 && !strcmp(who.primary, fprs[GOOD][0]),
			"two signatures, one by an unknown key%s", e.msg);
	fails(clear(other, "clear-good.asc", NOW, &who, &e), &e, fprs[GOOD][0], NULL, "...");
	fails(clear(kr, "clear-critical.asc", NOW, &who, &e), &e, "unknown critical subpacket", NULL,
			"unknown critical subpacket");
	ok(clear(kr, "clear-sub.asc", NOW, &who, &e) == 0, "signing subkey%s", e.msg);
	is_str(who.primary, fprs[SUB][0], "subkey: primary");
	is_str(who.subkey, fprs[SUB][1], "subkey: the signing subkey");
	fails(clear(kr, "clear-subrev.asc", NOW, &who, &e), &e, "is revoked", fprs[SUBREV][1],
			"revoked subkey");
	free(want);
	pgp_keyring_free(kr);
	pgp_keyring_free(other);
}

/* The key in the armoured block number `block` of fixture name with a
 * signature changed: 1 the subkey binding dropped, 2 its last byte
 * changed, 3 the last byte of its embedded back signature changed, 4 the
 * user id self-signature's last byte changed. */
static struct pgp_keyring *sub_variant(const char *name, int block, int how)
{
	struct pgp_keyring *kr = NULL;
	unsigned char *bin, *out;
	const uint8_t *p, *start;
	size_t len, blen, end, left, o = 0;
	struct pgp_pkt pk;
	struct pgp_sig s;
	struct bb_err e;
	const char *why;
	char *asc = fixture(name, &len);
	size_t off = 0;
	int prev = 0;

	for (;;) {
		if (pgp_armor_decode(asc + off, len - off, NULL, &bin, &blen, &end, &e) != 0)
			return NULL;
		if (!block--)
			break;
		free(bin);
		off += end;
	}
	out = malloc(blen);
	p = bin;
	left = blen;
	for (start = p; pgp_packet_next(&p, &left, &pk, &why) > 0; start = p) {
		size_t n = p - start, at = o;

		if (pk.tag != 2)
			prev = pk.tag;
		if (pk.tag == 2 && prev == 14 && how == 1)
			continue;
		memcpy(out + o, start, n);
		o += n;
		if (pk.tag == 2 && ((prev == 14 && how == 2) || (prev == 13 && how == 4)))
			out[o - 1] ^= 1;
		if (pk.tag == 2 && prev == 14 && how == 3 &&
				pgp_sig_parse(pk.body, pk.len, &s, &why) == 0 && s.embedded)
			out[at + (s.embedded - start) + s.embeddedlen - 1] ^= 1;
	}
	if (pgp_keyring_add(&kr, out, o, "sub", &e) < 0)
		diag("%s", e.msg);
	free(out);
	free(bin);
	free(asc);
	return kr;
}

static void test_key_sigs(void)
{
	static const char *const what[] = { "", "binding signature missing",
		"binding signature changed", "back signature changed" };
	struct pgp_keyring *kr;
	struct pgp_signer who;
	struct bb_err e;
	int i;

	kr = sub_variant("keyring.asc", 1, 0);
	fails(clear(kr, "clear-critical.asc", NOW, &who, &e), &e, "unknown critical subpacket", NULL,
			"unknown critical subpacket");
	ok(clear(kr, "clear-sub.asc", NOW, &who, &e) == 0, "sub key copied as is%s", e.msg);
	pgp_keyring_free(kr);
	for (i = 1; i <= 3; i++) {
		kr = sub_variant("keyring.asc", 1, i);
		fails(clear(kr, "clear-sub.asc", NOW, &who, &e), &e, "no valid binding signature",
				fprs[SUB][1], what[i]);
		pgp_keyring_free(kr);
	}
	kr = sub_variant("keyring.asc", 1, 4);
	fails(clear(kr, "clear-sub.asc", NOW, &who, &e), &e, "no valid self-signature",
			fprs[SUB][0], "user id self-signature changed");
	pgp_keyring_free(kr);
}

static void test_detached(void)
{
	static const char *const sigs[] = { "data-sha1.sig", "data-sha512.sig", "data.asc",
		"data-text.sig" };
	struct pgp_keyring *kr = ring("keyring.gpg");
	struct pgp_signer who;
	struct bb_err e;
	size_t dl, sl, i;
	char *data = fixture("data.bin", &dl), *sig;

	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		sig = fixture(sigs[i], &sl);
		memset(&e, 0, sizeof(e));
		ok(pgp_verify_detached(kr, data, dl, sig, sl, NOW, &who, &e) == 0, "detached %s%s",
				sigs[i], e.msg);
		is_str(who.primary, fprs[i == 2 ? SUB : GOOD][0], "... signer");
		data[3] ^= 1;
		fails(pgp_verify_detached(kr, data, dl, sig, sl, NOW, &who, &e), &e,
				"does not verify", NULL, "... tampered data");
		data[3] ^= 1;
		free(sig);
	}
	fails(pgp_verify_detached(kr, data, dl, "", 0, NOW, &who, &e), &e, "no signature", NULL,
			"empty signature");
	sig = fixture("keyring.gpg", &sl);
	fails(pgp_verify_detached(kr, data, dl, sig, sl, NOW, &who, &e), &e, "unexpected packet",
			NULL, "a key is not a signature");
	free(sig);
	free(data);
	pgp_keyring_free(kr);
}

/* Every prefix of a valid input: never a crash; an error, or (the whole
 * input, or all but its final blank space) a clean result. The keys: the
 * one with a subkey (binary), the first armoured block and a bit more. */
static int truncated_ring(const char *d, size_t len)
{
	size_t n, bad = 0;

	for (n = 0; n < len; n++) {
		struct pgp_keyring *t = NULL;
		char *c = malloc(n + 1);
		struct bb_err e;
		int r;

		memcpy(c, d, n);
		r = pgp_keyring_add(&t, c, n, "t", &e);
		if (!(r == -1 ? t == NULL && e.msg[0] : r >= 0 && r <= 2))
			bad++;
		pgp_keyring_free(t);
		free(c);
	}
	return bad;
}

static void test_truncated(void)
{
	struct pgp_keyring *kr = ring("keyring.gpg");
	struct pgp_signer who;
	struct bb_err e;
	unsigned char *bin;
	size_t len, dl, n, bad, blen, end;
	char *d, *data = fixture("data.bin", &dl), *want = expected_text();

	d = fixture("keyring.asc", &len);
	if (pgp_armor_decode(d, len, NULL, &bin, &blen, &end, &e) == 0) {
		free(bin);
		is_int(truncated_ring(d, end + 100), 0, "armoured keys truncated at every length");
		if (pgp_armor_decode(d + end, len - end, NULL, &bin, &blen, &end, &e) == 0) {
			is_int(truncated_ring((char *)bin, blen), 0, "binary key truncated at every length");
			free(bin);
		}
	}
	free(d);
	d = fixture("data-sha512.sig", &len);
	for (bad = 0, n = 0; n < len; n++) {
		char *c = malloc(n + 1);

		memcpy(c, d, n);
		if (pgp_verify_detached(kr, data, dl, c, n, NOW, &who, &e) != -1 || !e.msg[0])
			bad++;
		free(c);
	}
	is_int(bad, 0, "binary signature truncated at every length");
	free(d);
	d = fixture("clear-good.asc", &len);
	for (bad = 0, n = 0; n <= len; n++) {
		char *c = malloc(n + 1), *text = NULL;
		int r;

		memcpy(c, d, n);
		r = clear_buf(kr, c, n, NOW, &who, &e, &text);
		if (r == 0 ? strcmp(text, want) || n < len - 1 : r != -1 || !e.msg[0])
			bad++;
		free(text);
		free(c);
	}
	is_int(bad, 0, "cleartext message truncated at every length");
	free(d);
	free(want);
	free(data);
	pgp_keyring_free(kr);
}

/* release.txt as signed: no final newline. */
static char *ed_text(void)
{
	size_t len;
	char *d = fixture(EDDIR "release.txt", &len);

	while (len && d[len - 1] == '\n')
		d[--len] = 0;
	return d;
}

/* Ed25519 keys and signatures made by gpg (algorithm 22) and by
 * mk-byhand.py (algorithm 27; algorithm 22 with short MPIs), next to RSA
 * ones in the same keyring. */
static void test_ed25519(void)
{
	static const char *const sigs[] = { "release.sig", "release.asc", "release27.sig",
		"release22-shortr.sig", "release22-shorts.sig" };
	static const int signer[] = { EDSIGN, EDSUB, ED27, ED22, ED22 };
	struct pgp_keyring *kr = NULL;
	struct pgp_signer who;
	struct bb_err e;
	char *want = ed_text(), *text = NULL, *m, *d, *sig, name[64];
	size_t len, dl, sl, i;
	int r;

	d = fixture(EDDIR "keyring.gpg", &len);
	is_int(pgp_keyring_add(&kr, d, len, "ed keyring", &e), 6, "Ed25519 and RSA keyring: 6 keys");
	free(d);
	d = fixture(EDDIR "key27.gpg", &len);
	is_int(pgp_keyring_add(&kr, d, len, "key27", &e), 1, "algorithm 27 key: 1 more");
	free(d);
	d = fixture(EDDIR "key22.gpg", &len);
	is_int(pgp_keyring_add(&kr, d, len, "key22", &e), 1, "algorithm 22 key made by hand: 1 more");
	free(d);

	m = fixture(EDDIR "clear-ed.asc", &len);
	r = clear_buf(kr, m, len, NOW, &who, &e, &text);
	ok(r == 0, "Ed25519 cleartext (SHA-512)%s", e.msg);
	is_str(text, want, "... the signed text");
	is_str(who.primary, efprs[EDSIGN][0], "... signer");
	is_str(who.subkey, efprs[EDSIGN][0], "... signed by the primary");
	is_str(who.uid, "Ed Primary <edsign@example.org>", "... uid");
	is_int(who.created, T0, "... created");
	free(text);
	{
		char *p = strstr(m, "Suite: stable");

		p[7] = 'S';
		fails(clear_buf(kr, m, len, NOW, &who, &e, NULL), &e, "does not verify",
				efprs[EDSIGN][0], "Ed25519: tampered text");
		p[7] = 's';
		ok(clear_buf(kr, m, len, NOW, &who, &e, NULL) == 0, "... put back: verifies");
	}
	free(m);
	ok(clear(kr, EDDIR "clear-sha256.asc", NOW, &who, &e) == 0 &&
			!strcmp(who.primary, efprs[EDSIGN][0]), "Ed25519 cleartext (SHA-256)%s", e.msg);
	ok(clear(kr, EDDIR "clear-sub.asc", NOW, &who, &e) == 0, "Ed25519 signing subkey%s", e.msg);
	is_str(who.primary, efprs[EDSUB][0], "... primary");
	is_str(who.subkey, efprs[EDSUB][1], "... the signing subkey");
	ok(clear(kr, EDDIR "clear-mixed.asc", NOW, &who, &e) == 0, "Ed25519 subkey of an RSA key%s",
			e.msg);
	is_str(who.primary, efprs[MIXED][0], "... primary (RSA)");
	is_str(who.subkey, efprs[MIXED][1], "... the Ed25519 subkey");
	ok(clear(kr, EDDIR "clear-exp.asc", NOW, &who, &e) == 0, "expiring Ed25519 key, in time%s",
			e.msg);
	fails(clear(kr, EDDIR "clear-exp.asc", T0 + 2 * DAY, &who, &e), &e, "expired on 2024-01-02",
			efprs[EDEXP][0], "expired Ed25519 key");
	fails(clear(kr, EDDIR "clear-rev.asc", NOW, &who, &e), &e, "is revoked", efprs[EDREV][0],
			"revoked Ed25519 key");
	ok(clear(kr, EDDIR "clear-both.asc", NOW, &who, &e) == 0, "RSA and Ed25519 signatures%s",
			e.msg);
	ok(clear(kr, EDDIR "clear27.asc", NOW, &who, &e) == 0, "algorithm 27 cleartext%s", e.msg);
	is_str(who.primary, efprs[ED27][0], "... signer");

	d = fixture(EDDIR "release.txt", &dl);
	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		snprintf(name, sizeof(name), EDDIR "%s", sigs[i]);
		sig = fixture(name, &sl);
		if (signer[i] == ED22) {        /* r, then s, is shorter than 32 octets */
			struct pgp_pkt pk;
			struct pgp_sig ps;
			const uint8_t *p = (const uint8_t *)sig;
			size_t left = sl;
			const char *why;

			ok(pgp_packet_next(&p, &left, &pk, &why) > 0 &&
					pgp_sig_parse(pk.body, pk.len, &ps, &why) == 0 &&
					(strstr(sigs[i], "shortr") ? ps.mpilen : ps.mpi2len) < 32,
					"%s: the MPI is short", sigs[i]);
		}
		memset(&e, 0, sizeof(e));
		ok(pgp_verify_detached(kr, d, dl, sig, sl, NOW, &who, &e) == 0 &&
				!strcmp(who.primary, efprs[signer[i]][0]), "detached %s%s", sigs[i], e.msg);
		d[5] ^= 1;
		fails(pgp_verify_detached(kr, d, dl, sig, sl, NOW, &who, &e), &e, "does not verify",
				efprs[signer[i]][signer[i] == EDSUB], "... tampered data");
		d[5] ^= 1;
		free(sig);
	}
	sig = fixture(EDDIR "release27-sha1.sig", &sl);
	fails(pgp_verify_detached(kr, d, dl, sig, sl, NOW, &who, &e), &e, "does not verify",
			efprs[ED27][0], "Ed25519 over a SHA-1 digest: refused");
	free(sig);
	free(d);
	pgp_keyring_free(kr);

	/* a keyring without the Ed25519 signers: both signatures named */
	kr = ring("other.gpg");
	fails(clear(kr, EDDIR "clear-both.asc", NOW, &who, &e), &e, efprs[EDSIGN][0], efprs[RSA][0],
			"neither signer known");
	pgp_keyring_free(kr);
	free(want);
}

/* The first key packet of the Ed25519 keyring (gpg's, algorithm 22)
 * changed by how: 0 as is, 1 the curve's OID changed, 2 the point not on
 * the curve, 3 cut short by an octet. Loads it alone into *kr. */
static int ed_key_variant(int how, struct pgp_keyring **kr, struct bb_err *e)
{
	const uint8_t *p;
	struct pgp_pkt pk;
	const char *why;
	uint8_t buf[256];
	size_t len, left;
	char *d = fixture(EDDIR "keyring.gpg", &len);
	int r = -1;

	p = (const uint8_t *)d;
	left = len;
	if (pgp_packet_next(&p, &left, &pk, &why) > 0 && pk.tag == 6 && pk.len == 51 &&
			pk.body[6] == 9 && pk.body[16] == 1 && pk.body[17] == 7 && pk.body[18] == 0x40) {
		buf[0] = 0xc6;
		buf[1] = pk.len - (how == 3);
		memcpy(buf + 2, pk.body, pk.len);
		if (how == 1)
			buf[2 + 15] ^= 1;               /* the OID's last octet */
		if (how == 2) {                         /* y = 2: no x for it */
			memset(buf + 2 + 19, 0, 32);
			buf[2 + 19] = 2;
		}
		r = pgp_keyring_add(kr, buf, 2 + buf[1], "variant", e);
	}
	free(d);
	return r;
}

static void test_ed25519_keys(void)
{
	static const char *const what[] = { "", "binding signature missing",
		"binding signature changed", "back signature changed" };
	struct pgp_keyring *kr;
	struct pgp_signer who;
	struct bb_err e;
	size_t len, dl, n, bad, blen, end;
	unsigned char *bin;
	char *d, *data;
	int i;

	kr = sub_variant(EDDIR "edsub.asc", 0, 0);
	ok(clear(kr, EDDIR "clear-sub.asc", NOW, &who, &e) == 0, "Ed25519 key copied as is%s", e.msg);
	pgp_keyring_free(kr);
	for (i = 1; i <= 3; i++) {
		kr = sub_variant(EDDIR "edsub.asc", 0, i);
		fails(clear(kr, EDDIR "clear-sub.asc", NOW, &who, &e), &e, "no valid binding signature",
				efprs[EDSUB][1], what[i]);
		pgp_keyring_free(kr);
	}
	kr = sub_variant(EDDIR "edsub.asc", 0, 4);
	fails(clear(kr, EDDIR "clear-sub.asc", NOW, &who, &e), &e, "no valid self-signature",
			efprs[EDSUB][0], "Ed25519 user id self-signature changed");
	pgp_keyring_free(kr);

	for (i = 0; i < 3; i++) {
		static const char *const how[] = { "as is", "another curve", "not a point" };

		kr = NULL;
		ok(ed_key_variant(i, &kr, &e) == 1 && pgp_key_is_ed(&kr->k[0]) == (i == 0),
				"Ed25519 key packet, %s: %s", how[i], i ? "loaded, not usable" : "usable");
		pgp_keyring_free(kr);
	}
	kr = NULL;
	fails(ed_key_variant(3, &kr, &e), &e, "malformed Ed25519 key", NULL,
			"Ed25519 key packet cut short");

	d = fixture(EDDIR "edsub.asc", &len);
	if (pgp_armor_decode(d, len, NULL, &bin, &blen, &end, &e) == 0) {
		is_int(truncated_ring(d, len), 0, "armoured Ed25519 key truncated at every length");
		is_int(truncated_ring((char *)bin, blen), 0, "binary Ed25519 key truncated at every length");
		free(bin);
	}
	free(d);
	kr = ring(EDDIR "keyring.gpg");
	data = fixture(EDDIR "release.txt", &dl);
	d = fixture(EDDIR "release.sig", &len);
	for (bad = 0, n = 0; n < len; n++) {
		char *c = malloc(n + 1);

		memcpy(c, d, n);
		if (pgp_verify_detached(kr, data, dl, c, n, NOW, &who, &e) != -1 || !e.msg[0])
			bad++;
		free(c);
	}
	is_int(bad, 0, "Ed25519 signature truncated at every length");
	free(d);
	free(data);
	pgp_keyring_free(kr);
}

static void test_debian(void)
{
	const char *path = "/usr/share/keyrings/debian-archive-keyring.gpg";
	struct pgp_keyring *kr = NULL, *ed = NULL;
	struct pgp_signer who;
	struct bb_err e;
	glob_t g;
	size_t len, tl;
	char *m, *text;
	int n, r;

	if (access(path, R_OK) != 0) {
		skip("no Debian archive keyring");
		skip("no Debian archive keyring");
		skip("no Debian archive keyring");
		return;
	}
	n = pgp_keyring_add_file(&kr, path, &e);
	ok(n > 0, "Debian keyring: %d keys (%s)", n, n < 0 ? e.msg : "");
	if (glob("/var/lib/apt/lists/*_dists_bookworm_InRelease", 0, NULL, &g) != 0 ||
			!(m = read_file(g.gl_pathv[0], 64 << 20, &len))) {
		skip("no bookworm InRelease");
		skip("no bookworm InRelease");
	} else {
		r = pgp_verify_cleartext(kr, m, len, time(NULL), &text, &tl, &who, &e);
		ok(r == 0, "%s verifies (%s)", g.gl_pathv[0], r ? e.msg : who.uid);
		if (r == 0)
			free(text);
		if (pgp_keyring_add_file(&ed, "/usr/share/keyrings/debian-archive-bookworm-stable.gpg",
				&e) > 0) {
			r = pgp_verify_cleartext(ed, m, len, time(NULL), &text, &tl, &who, &e);
			ok(r == 0, "only the Ed25519 release key: verifies (%s)", r ? e.msg : who.uid);
			if (r == 0)
				free(text);
		} else {
			skip("no bookworm stable key");
		}
		free(m);
		pgp_keyring_free(ed);
	}
	globfree(&g);
	pgp_keyring_free(kr);
}

/* A key's own signatures are checked when it first signs, from the
 * keyring's copy of what was loaded: the caller's buffer may be gone. */
static size_t settled(const struct pgp_keyring *kr)
{
	size_t i, n = 0;

	for (i = 0; i < kr->n; i++)
		n += kr->k[i].primary == i && kr->k[i].settled;
	return n;
}

static void test_lazy(void)
{
	struct pgp_keyring *kr = NULL;
	struct pgp_signer who;
	struct bb_err e;
	size_t alen;
	char *asc = fixture("keyring.asc", &alen);

	is_int(pgp_keyring_add(&kr, asc, alen, "keyring.asc", &e), 6, "lazy: armoured keyring");
	memset(asc, 0, alen);
	free(asc);
	is_int(settled(kr), 0, "lazy: loading checks no key's signatures");
	ok(clear(kr, "clear-good.asc", NOW, &who, &e) == 0 && !strcmp(who.primary, fprs[GOOD][0]),
	   "lazy: a good message, the caller's buffer gone%s", e.msg);
	is_int(settled(kr), 1, "lazy: the signer's key only is checked");
	fails(clear(kr, "clear-revoked.asc", NOW, &who, &e), &e, "is revoked", fprs[REVOKED][0],
	      "lazy: a revocation is found when the key signs");
	fails(clear(kr, "clear-expiring.asc", T0 + 2 * DAY, &who, &e), &e, "expired on 2024-01-02",
	      fprs[EXPIRING][0], "lazy: and an expiry");
	ok(clear(kr, "clear-expiring.asc", NOW, &who, &e) == 0,
	   "lazy: the same key in time, its check kept%s", e.msg);
	is_int(settled(kr), 3, "lazy: three keys signed, three checked");
	ok(clear(kr, "clear-good.asc", NOW, &who, &e) == 0, "lazy: the first key again%s", e.msg);
	pgp_keyring_free(kr);
}

int main(void)
{
	load_fprs("fprs.txt", fprs);
	load_fprs(EDDIR "fprs.txt", efprs);
	test_keyrings();
	test_cleartext();
	test_lazy();
	test_key_sigs();
	test_detached();
	test_truncated();
	test_ed25519();
	test_ed25519_keys();
	test_debian();
	return done_testing();
}
