/* Signature checks over a document, and the two forms a Debian archive
 * uses: detached signatures (Release.gpg) and the cleartext signature
 * framework (InRelease; RFC 4880 7, RFC 9580 7). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "pgp_int.h"

static const char begin_signed[] = "-----BEGIN PGP SIGNED MESSAGE-----";
static const char begin_sig[] = "-----BEGIN PGP SIGNATURE-----";

static int line_is(const char *l, size_t n, const char *s)
{
	return n == strlen(s) && !memcmp(l, s, n);
}

/* A text document in canonical form: every line end CR LF. */
static void hash_text(const br_hash_class **h, const uint8_t *p, size_t n)
{
	size_t i, s = 0;

	for (i = 0; i < n; i++) {
		if (p[i] != '\n' || (i && p[i - 1] == '\r'))
			continue;
		(*h)->update(h, p + s, i - s);
		(*h)->update(h, "\r\n", 2);
		s = i + 1;
	}
	(*h)->update(h, p + s, n - s);
}

/* The date of t, as messages show it. */
static const char *day(char *out, size_t cap, long long t)
{
	time_t tt = t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, cap, "%Y-%m-%d", &tm))
		snprintf(out, cap, "@%lld", t);
	return out;
}

/* "FPR (uid)": how messages name a key. */
static void key_name(char *out, size_t cap, const struct pgp_keyring *kr, const struct pgp_key *k)
{
	const char *uid = kr->k[k->primary].uid;
	char fpr[41];

	pgp_hex(fpr, k->fpr, 20);
	if (uid[0])
		snprintf(out, cap, "%s (%s)", fpr, uid);
	else
		snprintf(out, cap, "%s", fpr);
}

static int why_not(char *why, size_t cap, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int why_not(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, cap, fmt, ap);
	va_end(ap);
	return -1;
}

/* Whether signature s, whose digest is d, is good by key k at now: 0, or
 * -1 and why not. */
static int check_key(struct pgp_keyring *kr, const struct pgp_key *k,
		const struct pgp_sig *s, const uint8_t *d, time_t now, char *why, size_t cap)
{
	const struct pgp_key *p = &kr->k[k->primary];
	long long exp, sexp = (long long)s->created + s->expires;
	char name[200], pname[200], date[32];

	key_name(name, sizeof(name), kr, k);
	key_name(pname, sizeof(pname), kr, p);
	if (!pgp_key_is_rsa(k) && !pgp_key_is_ed(k))
		return why_not(why, cap, "%s%s key %s: not supported",
				k->flags & PGP_K_BAD ? "invalid " :
				k->flags & PGP_K_BIG && k->algo <= 3 ? "big " : "",
				pgp_algo_name(k->algo), name);
	if (pgp_verify_digest(k, s, d) < 0)
		return why_not(why, cap, "signature by %s does not verify", name);
	/* what the key's own signatures say, from here on */
	pgp_key_settle(kr, k->primary);
	exp = p->expires;
	if (k->expires && (!exp || k->expires < exp))
		exp = k->expires;
	if (!(p->flags & PGP_K_BOUND))
		return why_not(why, cap, "key %s has no valid self-signature", pname);
	if (!(k->flags & PGP_K_BOUND))
		return why_not(why, cap, "subkey %s has no valid binding signature", name);
	if ((k->flags | p->flags) & PGP_K_REVOKED)
		return why_not(why, cap, "key %s is revoked", name);
	if (k->flags & PGP_K_NOSIGN)
		return why_not(why, cap, "key %s is not a signing key", name);
	if (exp && exp <= now)
		return why_not(why, cap, "key %s expired on %s", name, day(date, sizeof(date), exp));
	if (s->created < k->created)
		return why_not(why, cap, "signature by %s predates its key", name);
	if ((long long)s->created > (long long)now + PGP_FUTURE_SLACK)
		return why_not(why, cap, "signature by %s made in the future (%s)", name,
				day(date, sizeof(date), s->created));
	if (s->expires && sexp <= now)
		return why_not(why, cap, "signature by %s expired on %s", name,
				day(date, sizeof(date), sexp));
	return 0;
}

static int check_sig(struct pgp_keyring *kr, const uint8_t *b, size_t n,
		const void *data, size_t len, int text, time_t now,
		struct pgp_signer *who, char *why, size_t cap)
{
	br_hash_compat_context h;
	const br_hash_class *vt;
	struct pgp_sig s;
	const char *perr;
	char id[41] = "";
	uint8_t d[64];
	size_t i;
	int found = 0;

	if (pgp_sig_parse(b, n, &s, &perr) < 0) {
		snprintf(why, cap, "malformed signature: %s", perr);
		return -1;
	}
	pgp_hex(id, s.issuer, s.issuerlen);
	if (!s.issuerlen)
		snprintf(id, sizeof(id), "(no issuer)");
	if (s.type != 1 && (text || s.type != 0)) {
		snprintf(why, cap, "signature by %s is not a %s signature (type 0x%02x)", id,
				text ? "text" : "document", s.type);
		return -1;
	}
	vt = pgp_hash(s.hashalgo);
	if (!vt) {
		snprintf(why, cap, "signature by %s: unsupported hash algorithm %d", id, s.hashalgo);
		return -1;
	}
	vt->init(&h.vtable);
	if (s.type == 1)
		hash_text(&h.vtable, data, len);
	else
		vt->update(&h.vtable, data, len);
	pgp_sig_digest(&h.vtable, &s, d);
	/* Every key the issuer names (all of them when it names none). */
	for (i = 0; kr && i < kr->n; i++) {
		const struct pgp_key *k = &kr->k[i];

		if (s.issuerlen && memcmp(s.issuer, k->fpr + 20 - s.issuerlen, s.issuerlen))
			continue;
		if (check_key(kr, k, &s, d, now, why, cap) == 0) {
			pgp_hex(who->primary, kr->k[k->primary].fpr, 20);
			pgp_hex(who->subkey, k->fpr, 20);
			snprintf(who->uid, sizeof(who->uid), "%s", kr->k[k->primary].uid);
			who->created = s.created;
			return 0;
		}
		found = s.issuerlen != 0;
	}
	if (!found) {
		if (s.issuerlen)
			snprintf(why, cap, "signed by unknown key %s", id);
		else
			snprintf(why, cap, "signature without issuer: no key verifies it");
	}
	return -1;
}

int pgp_verify_packets(struct pgp_keyring *kr, const uint8_t *sig, size_t siglen,
		const void *data, size_t len, int text, time_t now,
		struct pgp_signer *who, struct bb_err *e)
{
	char all[sizeof(e->msg)] = "", one[sizeof(e->msg)];
	const uint8_t *p = sig;
	size_t left = siglen, al;
	struct pgp_pkt pk;
	const char *why;
	int r, nsig = 0;

	while ((r = pgp_packet_next(&p, &left, &pk, &why)) > 0) {
		if (pk.tag != 2 && pk.tag != 10)        /* marker packets are ignored */
			return bb_err_set(e, 0, "unexpected packet (tag %d) in a signature", pk.tag);
		nsig += pk.tag == 2;
	}
	if (r < 0)
		return bb_err_set(e, 0, "malformed signature: %s", why);
	if (!nsig)
		return bb_err_set(e, 0, "no signature");
	p = sig;
	left = siglen;
	while (pgp_packet_next(&p, &left, &pk, &why) > 0) {
		if (pk.tag != 2)
			continue;
		if (check_sig(kr, pk.body, pk.len, data, len, text, now, who, one, sizeof(one)) == 0)
			return 0;
		al = strlen(all);
		if (al && al + 3 < sizeof(all)) {
			memcpy(all + al, "; ", 3);
			al += 2;
		}
		snprintf(all + al, sizeof(all) - al, "%.*s", (int)(sizeof(all) - al - 1), one);
	}
	return bb_err_set(e, 0, "%s", all);
}

int pgp_verify_detached(struct pgp_keyring *kr, const void *data, size_t len,
		const void *sig, size_t siglen, time_t now, struct pgp_signer *who,
		struct bb_err *e)
{
	unsigned char *bin;
	size_t blen;
	int r;

	if (!siglen || (((const uint8_t *)sig)[0] & 0x80))
		return pgp_verify_packets(kr, sig, siglen, data, len, 0, now, who, e);
	if (pgp_dearmor(sig, siglen, "SIGNATURE", &bin, &blen, e) < 0)
		return -1;
	r = pgp_verify_packets(kr, bin, blen, data, len, 0, now, who, e);
	free(bin);
	return r;
}

/* The signed text of a cleartext message from *pos (after the BEGIN
 * line): headers, then the dash-escaped lines up to the signature's BEGIN
 * line, whose start goes to *sig. */
static int clear_text(const char *m, size_t len, size_t *pos, size_t *sig, char *out,
		size_t *olen, struct bb_err *e)
{
	size_t ls, ln, o = 0, skip;
	int first = 1;

	do {
		if (!pgp_line(m, len, pos, &ls, &ln))
			return bb_err_set(e, 0, "cleartext-signed message: no signature");
		if (ln && (ln < 5 || memcmp(m + ls, "Hash:", 5)))
			return bb_err_set(e, 0, "cleartext-signed message: unexpected header line");
	} while (ln);
	for (;;) {
		if (!pgp_line(m, len, pos, &ls, &ln))
			return bb_err_set(e, 0, "cleartext-signed message: no signature");
		if (line_is(m + ls, ln, begin_sig))
			break;
		skip = 0;
		if (ln && m[ls] == '-') {
			if (ls + 1 >= len || m[ls + 1] != ' ')
				return bb_err_set(e, 0, "cleartext-signed message: a line starting"
						" with '-' is not dash-escaped");
			skip = ln < 2 ? ln : 2;
		}
		if (!first)
			out[o++] = '\n';
		first = 0;
		memcpy(out + o, m + ls + skip, ln - skip);
		o += ln - skip;
	}
	*sig = ls;
	*olen = o;
	return 0;
}

int pgp_verify_cleartext(struct pgp_keyring *kr, const char *msg, size_t len,
		time_t now, char **text, size_t *textlen, struct pgp_signer *who,
		struct bb_err *e)
{
	size_t pos = 0, ls, ln, o = 0, sig = 0, end = 0, siglen = 0;
	unsigned char *bin = NULL;
	char *out;
	int r;

	do {            /* text before the BEGIN line is ignored */
		if (!pgp_line(msg, len, &pos, &ls, &ln))
			return bb_err_set(e, 0, "not a cleartext-signed message");
	} while (!line_is(msg + ls, ln, begin_signed));
	out = malloc(len - pos + 1);
	if (!out)
		return bb_err_set(e, ENOMEM, "cleartext-signed message");
	r = clear_text(msg, len, &pos, &sig, out, &o, e);
	if (r == 0 && pgp_armor_decode(msg + sig, len - sig, "SIGNATURE", &bin, &siglen, &end, e))
		r = -1;
	if (r == 0) {
		pos = sig + end;
		while (r == 0 && pgp_line(msg, len, &pos, &ls, &ln))
			if (ln)
				r = bb_err_set(e, 0, line_is(msg + ls, ln, begin_signed) ?
						"a second signed message after the first" :
						"text after the signature");
	}
	if (r == 0) {
		out[o] = 0;
		r = pgp_verify_packets(kr, bin, siglen, out, o, 1, now, who, e);
	}
	free(bin);
	if (r != 0) {
		free(out);
		return -1;
	}
	*text = out;
	*textlen = o;
	return 0;
}
