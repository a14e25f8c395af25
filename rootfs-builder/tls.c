/* TLS for fetch.c with BearSSL (http.h): trust anchors made from the
 * certificates of a PEM bundle, a client engine per connection (ctbox's
 * profile, tls_profile.c) that checks the chain, the host name and the
 * validity dates against the current time, and words for why an engine
 * closed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "http.h"

#define BUNDLE_MAX (16u << 20)
/* Days from 1 January of year 0 (BearSSL's epoch) to 1970-01-01. */
#define DAYS_TO_UNIX 719528u

static const char *const system_bundles[] = {
	"/etc/ssl/certs/ca-certificates.crt", /* Debian, Alpine, Arch */
	"/etc/ssl/cert.pem",                  /* Alpine (LibreSSL), macOS */
	"/etc/pki/tls/certs/ca-bundle.crt",   /* Fedora */
};

struct bytes {
	unsigned char *p;
	size_t len, cap;
	int oom;
};

/* A BearSSL destination callback: append to a struct bytes. */
static void append(void *ctx, const void *src, size_t len)
{
	struct bytes *b = ctx;

	if (b->oom)
		return;
	if (len > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 1024;
		unsigned char *p;

		while (cap - b->len < len) {
			if (cap > BUNDLE_MAX) {
				b->oom = 1;
				return;
			}
			cap *= 2;
		}
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, src, len);
	b->len += len;
}

static void discard(void *ctx, const void *src, size_t len)
{
}

/* The certificate in der as an anchor: its subject, its key, CA or not.
 * One block holds the DN and the key bytes. Returns 1 added, 0 skipped,
 * -1 out of memory. */
static int add_anchor(struct tls_anchors *a, const struct bytes *der)
{
	br_x509_decoder_context dc;
	struct bytes dn = { 0 };
	const br_x509_pkey *pk;
	br_x509_trust_anchor ta = { 0 };
	size_t klen;
	unsigned char *blk;

	br_x509_decoder_init(&dc, append, &dn);
	br_x509_decoder_push(&dc, der->p, der->len);
	pk = br_x509_decoder_get_pkey(&dc);
	if (!pk || dn.oom) {
		free(dn.p);
		return dn.oom ? -1 : 0;
	}
	if (pk->key_type == BR_KEYTYPE_RSA)
		klen = pk->key.rsa.nlen + pk->key.rsa.elen;
	else
		klen = pk->key.ec.qlen;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		br_x509_trust_anchor *v = realloc(a->v, cap * sizeof(*v));

		if (!v) {
			free(dn.p);
			return -1;
		}
		a->v = v;
		a->cap = cap;
	}
	blk = malloc(dn.len + klen + 1);
	if (!blk) {
		free(dn.p);
		return -1;
	}
	memcpy(blk, dn.p, dn.len);
	free(dn.p);
	ta.dn.data = blk;
	ta.dn.len = dn.len;
	ta.flags = br_x509_decoder_isCA(&dc) ? BR_X509_TA_CA : 0;
	ta.pkey = *pk;
	if (pk->key_type == BR_KEYTYPE_RSA) {
		ta.pkey.key.rsa.n = blk + dn.len;
		memcpy(ta.pkey.key.rsa.n, pk->key.rsa.n, pk->key.rsa.nlen);
		ta.pkey.key.rsa.e = ta.pkey.key.rsa.n + pk->key.rsa.nlen;
		memcpy(ta.pkey.key.rsa.e, pk->key.rsa.e, pk->key.rsa.elen);
	} else {
		ta.pkey.key.ec.q = blk + dn.len;
		memcpy(ta.pkey.key.ec.q, pk->key.ec.q, pk->key.ec.qlen);
	}
	a->v[a->n++] = ta;
	return 1;
}

static int is_cert_name(const char *name)
{
	return strcmp(name, "CERTIFICATE") == 0 || strcmp(name, "X509 CERTIFICATE") == 0;
}

int tls_anchors_add_pem(struct tls_anchors *a, const char *pem, size_t len, struct bb_err *e)
{
	br_pem_decoder_context pc;
	struct bytes der = { 0 };
	int in_cert = 0, added = 0, r = 0, last = 0;
	size_t off = 0;

	br_pem_decoder_init(&pc);
	/* A final newline ends an object whose END line lacks one. */
	while (r >= 0 && (off < len || !last)) {
		const char *p = off < len ? pem + off : "\n";
		size_t n = off < len ? len - off : 1;

		if (off >= len)
			last = 1;
		size_t used = br_pem_decoder_push(&pc, p, n);
		int ev = br_pem_decoder_event(&pc);

		if (!used && !ev)
			break; /* cannot happen: each event is taken as it comes */
		off += used;
		switch (ev) {
		case BR_PEM_BEGIN_OBJ:
			in_cert = is_cert_name(br_pem_decoder_name(&pc));
			der.len = 0;
			der.oom = 0;
			br_pem_decoder_setdest(&pc, in_cert ? append : discard, &der);
			break;
		case BR_PEM_END_OBJ:
			if (in_cert && der.oom)
				r = -1;
			else if (in_cert && (r = add_anchor(a, &der)) > 0)
				added++;
			in_cert = 0;
			break;
		case BR_PEM_ERROR:
			/* Skip the broken object: start afresh after it. */
			br_pem_decoder_init(&pc);
			in_cert = 0;
			break;
		}
	}
	free(der.p);
	if (r < 0)
		return bb_err_set(e, ENOMEM, "loading certificates");
	return added;
}

int tls_anchors_load(struct tls_anchors *a, const char *file, struct bb_err *e)
{
	size_t i, len;
	char *pem = NULL;
	int n;

	for (i = 0; !file && i < ARRAY_SIZE(system_bundles); i++) {
		pem = read_file(system_bundles[i], BUNDLE_MAX, &len);
		if (pem)
			file = system_bundles[i];
	}
	if (!file)
		return bb_err_set(e, ENOENT, "no CA bundle (%s): give one with --ca",
				system_bundles[0]);
	if (!pem && !(pem = read_file(file, BUNDLE_MAX, &len)))
		return bb_err_set(e, errno, "CA bundle %s", file);
	n = tls_anchors_add_pem(a, pem, len, e);
	free(pem);
	if (n < 0)
		return bb_err_set(e, e->errnum, "CA bundle %s: %s", file, strerror(e->errnum));
	if (!n)
		return bb_err_set(e, 0, "CA bundle %s: no certificates in it", file);
	return 0;
}

void tls_anchors_free(struct tls_anchors *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].dn.data);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

int tls_start(struct tls_conn *t, const struct tls_anchors *a, const char *host,
		struct bb_err *e)
{
	unsigned char seed[32];
	time_t now = time(NULL);
	char why[64];

	tls_profile_init(&t->sc, &t->xc, a->v, a->n);
	br_ssl_engine_set_buffer(&t->sc.eng, t->buf, sizeof(t->buf), 1);
	br_x509_minimal_set_time(&t->xc, (uint32_t)(now / 86400 + DAYS_TO_UNIX),
			(uint32_t)(now % 86400));
	/* BearSSL seeds itself too; this makes it independent of /dev. */
	if (getrandom(seed, sizeof(seed), 0) == (ssize_t)sizeof(seed))
		br_ssl_engine_inject_entropy(&t->sc.eng, seed, sizeof(seed));
	if (!br_ssl_client_reset(&t->sc, host, 0))
		return bb_err_set(e, 0, "%s", tls_error_text(br_ssl_engine_last_error(&t->sc.eng),
				why, sizeof(why)));
	return 0;
}

static const struct {
	int err;
	const char *text;
} errors[] = {
	{ BR_ERR_X509_NOT_TRUSTED, "certificate: not signed by a trusted CA" },
	{ BR_ERR_X509_BAD_SERVER_NAME, "certificate: not for this host name" },
	{ BR_ERR_X509_EXPIRED, "certificate: expired or not yet valid" },
	{ BR_ERR_X509_TIME_UNKNOWN, "certificate: the current time is unknown" },
	{ BR_ERR_X509_BAD_SIGNATURE, "certificate: bad signature" },
	{ BR_ERR_X509_NOT_CA, "certificate: issued by a non-CA" },
	{ BR_ERR_X509_WEAK_PUBLIC_KEY, "certificate: weak public key" },
	{ BR_ERR_X509_CRITICAL_EXTENSION, "certificate: unsupported critical extension" },
	{ BR_ERR_X509_FORBIDDEN_KEY_USAGE, "certificate: key usage forbids TLS" },
	{ BR_ERR_X509_UNSUPPORTED, "certificate: unsupported algorithm" },
	{ BR_ERR_X509_EMPTY_CHAIN, "certificate: none sent" },
	{ BR_ERR_UNSUPPORTED_VERSION, "TLS: no protocol version in common (ctbox speaks TLS 1.2)" },
	{ BR_ERR_BAD_VERSION, "TLS: unsupported protocol version" },
	{ BR_ERR_BAD_CIPHER_SUITE, "TLS: no cipher suite in common" },
	{ BR_ERR_NO_RANDOM, "TLS: no random source" },
	{ BR_ERR_BAD_MAC, "TLS: bad record MAC" },
	{ BR_ERR_IO, "TLS: I/O error" },
};

const char *tls_error_text(int err, char *buf, size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(errors); i++)
		if (errors[i].err == err)
			return errors[i].text;
	if (err >= BR_ERR_SEND_FATAL_ALERT)
		snprintf(buf, size, "TLS: handshake failed (alert %d sent)",
				err - BR_ERR_SEND_FATAL_ALERT);
	else if (err >= BR_ERR_RECV_FATAL_ALERT)
		snprintf(buf, size, "TLS: the server sent alert %d", err - BR_ERR_RECV_FATAL_ALERT);
	else if (err >= BR_ERR_X509_OK && err < BR_ERR_X509_OK + 32)
		snprintf(buf, size, "certificate: invalid (BearSSL error %d)", err);
	else
		snprintf(buf, size, "TLS: error %d", err);
	return buf;
}
