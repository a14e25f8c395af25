/* Unit tests of ctbox's TLS client profile (rootfs-builder/tls_profile.c)
 * through tls_start (tls.c): the ClientHello the engine sends, read
 * field by field (RFC 5246 7.4.1.2, RFC 8422 5.1, RFC 6066 3), and the
 * algorithms left configured in the engine and the X.509 validator.
 * The handshakes themselves are in tests/integration/fetch.t. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "tap.h"

/* The suites, in order; their IANA numbers (RFC 5289, RFC 7905). */
static const unsigned suites[] = {
	0xCCA9, /* ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 */
	0xCCA8, /* ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 */
	0xC02B, /* ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
	0xC02F, /* ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
	0xC02C, /* ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 */
	0xC030, /* ECDHE_RSA_WITH_AES_256_GCM_SHA384 */
};

/* secp256r1, secp384r1, x25519 (RFC 8422), in BearSSL 0.6's order:
 * ascending numbers. */
static const unsigned groups[] = { 23, 24, 29 };

/* Hash then signature (RFC 5246 7.4.1.4.1): ECDSA then RSA, SHA-256
 * then SHA-384. */
static const unsigned sigalgs[] = { 0x0403, 0x0503, 0x0401, 0x0501 };

struct reader {
	const unsigned char *p;
	size_t len, off;
	int bad;
};

static unsigned get(struct reader *r, size_t n)
{
	unsigned v = 0;

	if (r->bad || n > r->len - r->off) {
		r->bad = 1;
		return 0;
	}
	while (n--)
		v = v << 8 | r->p[r->off++];
	return v;
}

/* A sub-reader over the next n bytes. */
static struct reader sub(struct reader *r, size_t n)
{
	struct reader s = { r->p + r->off, n, 0, 0 };

	if (r->bad || n > r->len - r->off) {
		r->bad = 1;
		s.len = 0;
		s.bad = 1;
		return s;
	}
	r->off += n;
	return s;
}

/* Does the list of 16-bit values in r (a whole vector body) equal want? */
static int list16_is(struct reader r, const unsigned *want, size_t n)
{
	size_t i;

	if (r.len != 2 * n)
		return 0;
	for (i = 0; i < n; i++)
		if (get(&r, 2) != want[i])
			return 0;
	return !r.bad;
}

/* On a failure: what the list held. */
static void diag16(const char *what, struct reader r)
{
	char buf[256];
	size_t n = 0;

	buf[0] = 0;
	while (r.off + 2 <= r.len && n + 8 < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %04x", get(&r, 2));
	diag("%s:%s", what, buf);
}

struct hello {
	unsigned version;
	struct reader suites, groups, sigalgs, sni;
	int has_groups, has_sigalgs, has_sni, bad;
};

static void parse_hello(const unsigned char *rec, size_t len, struct hello *h)
{
	struct reader r = { rec, len, 0, 0 }, hs, ext;

	memset(h, 0, sizeof(*h));
	if (get(&r, 1) != 22) { /* handshake record */
		h->bad = 1;
		return;
	}
	get(&r, 2);
	hs = sub(&r, get(&r, 2));
	if (get(&hs, 1) != 1) { /* client_hello */
		h->bad = 1;
		return;
	}
	hs = sub(&hs, get(&hs, 3));
	h->version = get(&hs, 2);
	sub(&hs, 32);              /* random */
	sub(&hs, get(&hs, 1));     /* session_id */
	h->suites = sub(&hs, get(&hs, 2));
	sub(&hs, get(&hs, 1));     /* compression methods */
	ext = sub(&hs, get(&hs, 2));
	while (!ext.bad && ext.off < ext.len) {
		unsigned type = get(&ext, 2);
		struct reader body = sub(&ext, get(&ext, 2));

		switch (type) {
		case 0:
			h->sni = body;
			h->has_sni = 1;
			break;
		case 10:
			h->groups = sub(&body, get(&body, 2));
			h->has_groups = 1;
			break;
		case 13:
			h->sigalgs = sub(&body, get(&body, 2));
			h->has_sigalgs = 1;
			break;
		}
	}
	h->bad = r.bad || hs.bad || ext.bad;
}

static void test_hello(void)
{
	struct tls_anchors a = { 0 };
	struct tls_conn *t = calloc(1, sizeof(*t));
	struct bb_err e = { 0 };
	struct hello h;
	unsigned char *rec;
	size_t len = 0;

	if (!t) {
		ok(0, "memory for a connection");
		return;
	}
	ok(tls_start(t, &a, "deb.example", &e) == 0, "tls_start with no anchors");
	rec = br_ssl_engine_sendrec_buf(&t->sc.eng, &len);
	ok(rec && len > 0, "the engine has a ClientHello to send (%zu bytes)", len);
	parse_hello(rec ? rec : (const unsigned char *)"", len, &h);
	ok(!h.bad, "... and it parses");
	is_int((int)h.version, 0x0303, "... TLS 1.2, the highest version offered");
	if (!ok(list16_is(h.suites, suites, ARRAY_SIZE(suites)),
			"... exactly ECDHE_ECDSA/ECDHE_RSA with ChaCha20-Poly1305 and AES-GCM"
			" (no CBC, CCM, 3DES, static RSA or ECDH)"))
		diag16("suites", h.suites);
	if (!ok(h.has_groups && list16_is(h.groups, groups, ARRAY_SIZE(groups)),
			"... curves x25519, P-256, P-384 only"))
		diag16("groups", h.groups);
	if (!ok(h.has_sigalgs && list16_is(h.sigalgs, sigalgs, ARRAY_SIZE(sigalgs)),
			"... signatures ECDSA and RSA with SHA-256 or SHA-384 (no SHA-1, MD5)"))
		diag16("signature algorithms", h.sigalgs);
	ok(h.has_sni && h.sni.len > 5 && h.sni.len - 5 == strlen("deb.example") &&
			memcmp(h.sni.p + 5, "deb.example", h.sni.len - 5) == 0,
			"... the host name as SNI");
	free(t);
}

static void test_engine(void)
{
	struct tls_anchors a = { 0 };
	struct tls_conn *t = calloc(1, sizeof(*t));
	struct bb_err e = { 0 };
	br_ssl_engine_context *eng;
	br_multihash_context *xh;

	if (!t || tls_start(t, &a, "deb.example", &e) < 0) {
		ok(0, "tls_start: %s", t ? e.msg : "no memory");
		free(t);
		return;
	}
	eng = &t->sc.eng;
	xh = &t->xc.mhash;
	ok(eng->version_min == BR_TLS12 && eng->version_max == BR_TLS12, "TLS 1.2 only");
	ok(eng->igcm_in && eng->igcm_out && eng->ichapol_in && eng->ichapol_out,
			"GCM and ChaCha20-Poly1305 records");
	ok(!eng->icbc_in && !eng->icbc_out && !eng->iccm_in && !eng->iccm_out &&
			!eng->iaes_cbcdec && !eng->iaes_cbcenc && !eng->ides_cbcdec &&
			!eng->ides_cbcenc, "no CBC, CCM or 3DES code");
	ok(!t->sc.irsapub && !eng->prf10, "no static RSA key exchange, no TLS 1.0 PRF");
	ok(eng->irsavrfy && eng->iecdsa && eng->iec, "RSA and ECDSA signatures, ECDHE");
	ok(br_ssl_engine_get_hash(eng, br_sha256_ID) && br_ssl_engine_get_hash(eng, br_sha384_ID) &&
			!br_ssl_engine_get_hash(eng, br_md5_ID) &&
			!br_ssl_engine_get_hash(eng, br_sha1_ID),
			"handshake hashes SHA-256 and SHA-384, not MD5 or SHA-1");
	ok(br_multihash_getimpl(xh, br_sha256_ID) && br_multihash_getimpl(xh, br_sha384_ID) &&
			br_multihash_getimpl(xh, br_sha512_ID) &&
			!br_multihash_getimpl(xh, br_sha1_ID) && !br_multihash_getimpl(xh, br_md5_ID),
			"certificates signed with SHA-256/384/512, not SHA-1 or MD5");
	/* Certificates on P-256 and P-384 keys (every EC root of Debian's
	 * bundle) verify; the curve code is BearSSL's default. */
	ok((eng->iec->supported_curves >> BR_EC_secp256r1 & 1) &&
			(eng->iec->supported_curves >> BR_EC_secp384r1 & 1) &&
			!(eng->iec->supported_curves >> BR_EC_secp521r1 & 1),
			"ECDSA keys on P-256 and P-384");
	free(t);
}

static void test_errors(void)
{
	char buf[64];

	is_str(tls_error_text(BR_ERR_UNSUPPORTED_VERSION, buf, sizeof(buf)),
			"TLS: no protocol version in common (ctbox speaks TLS 1.2)",
			"a server without TLS 1.2");
	is_str(tls_error_text(BR_ERR_RECV_FATAL_ALERT + 40, buf, sizeof(buf)),
			"TLS: the server sent alert 40", "an alert from the server");
}

int main(void)
{
	test_hello();
	test_engine();
	test_errors();
	return done_testing();
}
