/* ctbox's TLS client profile (http.h): what a Debian mirror offers and
 * nothing more, so that the rest of BearSSL stays out of the binary.
 * TLS 1.2 only (BearSSL has no 1.3); ECDHE key exchange signed with RSA
 * or ECDSA; AES-GCM and ChaCha20-Poly1305 records; curves x25519, P-256
 * and P-384. No CBC, CCM, 3DES, static RSA or static ECDH: their code is
 * never referenced, so the linker drops it. Each algorithm uses BearSSL's
 * default implementation, the fastest constant-time one for the machine
 * (AES-NI and PCLMUL when the CPU has them, constant-time C otherwise). */
#include "http.h"

/* In BearSSL's order of preference (br_ssl_client_init_full): ChaCha20
 * before AES-GCM (fast and constant-time without AES-NI), AES-128 before
 * AES-256, ECDSA before RSA at each step. */
static const uint16_t suites[] = {
	BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
};

/* The handshake: the transcript and the PRF of the suites above, and
 * the hashes offered for the server's signature of its key share. */
struct hash {
	int id;
	const br_hash_class *impl;
};

static const struct hash tls_hashes[] = {
	{ br_sha256_ID, &br_sha256_vtable },
	{ br_sha384_ID, &br_sha384_vtable },
};

/* Certificate signatures: the roots of Debian's bundle sign with SHA-256,
 * SHA-384 and two with SHA-512. SHA-1 signatures are refused: CAs may not
 * issue them since 2016, and the 30 roots self-signed with SHA-1 still
 * work, as an anchor is trusted by its key, its signature never checked. */
static const struct hash x509_hashes[] = {
	{ br_sha256_ID, &br_sha256_vtable },
	{ br_sha384_ID, &br_sha384_vtable },
	{ br_sha512_ID, &br_sha512_vtable },
};

#define CURVES ((1u << BR_EC_curve25519) | (1u << BR_EC_secp256r1) | (1u << BR_EC_secp384r1))

/* BearSSL's default curve implementation (br_ec_all_m31, or m15 where
 * multiplications are slow), offering only CURVES: the client hello
 * lists what supported_curves says. The roots of Debian's bundle have
 * P-256 or P-384 keys, so certificates need no other curve either. */
static const unsigned char *ec_generator(int curve, size_t *len)
{
	return br_ec_get_default()->generator(curve, len);
}

static const unsigned char *ec_order(int curve, size_t *len)
{
	return br_ec_get_default()->order(curve, len);
}

static size_t ec_xoff(int curve, size_t *len)
{
	return br_ec_get_default()->xoff(curve, len);
}

static uint32_t ec_mul(unsigned char *g, size_t glen, const unsigned char *x, size_t xlen,
		int curve)
{
	return br_ec_get_default()->mul(g, glen, x, xlen, curve);
}

static size_t ec_mulgen(unsigned char *r, const unsigned char *x, size_t xlen, int curve)
{
	return br_ec_get_default()->mulgen(r, x, xlen, curve);
}

static uint32_t ec_muladd(unsigned char *a, const unsigned char *b, size_t len,
		const unsigned char *x, size_t xlen, const unsigned char *y, size_t ylen, int curve)
{
	return br_ec_get_default()->muladd(a, b, len, x, xlen, y, ylen, curve);
}

static const br_ec_impl tls_ec = {
	.supported_curves = CURVES,
	.generator = ec_generator,
	.order = ec_order,
	.xoff = ec_xoff,
	.mul = ec_mul,
	.mulgen = ec_mulgen,
	.muladd = ec_muladd,
};

void tls_profile_init(br_ssl_client_context *cc, br_x509_minimal_context *xc,
		const br_x509_trust_anchor *ta, size_t n)
{
	br_ssl_engine_context *eng = &cc->eng;
	br_ecdsa_vrfy ecdsa = br_ecdsa_vrfy_asn1_get_default();
	size_t i;

	br_ssl_client_zero(cc);
	br_ssl_engine_set_versions(eng, BR_TLS12, BR_TLS12);
	br_ssl_engine_set_suites(eng, suites, ARRAY_SIZE(suites));

	/* SHA-256 hashes names for comparison with the anchors'. */
	br_x509_minimal_init(xc, &br_sha256_vtable, ta, n);

	/* Signatures: RSA PKCS#1 and ECDSA, in the handshake and in the
	 * chain. No RSA encryption: no static RSA key exchange. */
	br_ssl_engine_set_default_rsavrfy(eng);
	br_ssl_engine_set_ec(eng, &tls_ec);
	br_ssl_engine_set_ecdsa(eng, ecdsa);
	br_x509_minimal_set_rsa(xc, br_ssl_engine_get_rsavrfy(eng));
	br_x509_minimal_set_ecdsa(xc, &tls_ec, ecdsa);

	for (i = 0; i < ARRAY_SIZE(tls_hashes); i++)
		br_ssl_engine_set_hash(eng, tls_hashes[i].id, tls_hashes[i].impl);
	for (i = 0; i < ARRAY_SIZE(x509_hashes); i++)
		br_x509_minimal_set_hash(xc, x509_hashes[i].id, x509_hashes[i].impl);
	br_ssl_engine_set_x509(eng, &xc->vtable);

	br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
	br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
	br_ssl_engine_set_default_aes_gcm(eng);
	br_ssl_engine_set_default_chapol(eng);
}
