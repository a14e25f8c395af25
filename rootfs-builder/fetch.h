/* Downloads from one mirror over http:// or https:// (BearSSL: the
 * system CA bundle or --ca FILE; certificate chain and host name
 * verified), several keep-alive connections in parallel, resumable
 * (Range), sizes enforced while reading (a server sending more than
 * expected is cut off), SHA-256 checked before a file is put in place.
 *
 * One fetcher is used by one thread at a time; nothing is global, so a
 * fetcher may run in a thread of its own.
 */
#ifndef CTBOX_FETCH_H
#define CTBOX_FETCH_H

#include <stddef.h>

#include "libbb.h"

struct url {
	int https;
	char host[256];
	unsigned port;
	char *path; /* malloc'd, starts with '/', no trailing '/' kept for a base */
};

/* http://HOST[:PORT][/PATH] or https://...; user:password@ and IPv6
 * literals [::1] accepted. Returns 0, or -1 with e. */
int url_parse(const char *s, struct url *u, struct bb_err *e);
void url_free(struct url *u);

struct fetch_opts {
	unsigned conns;       /* parallel connections (0: 4) */
	unsigned timeout_s;   /* no progress for this long is an error (0: 30) */
	const char *ca_file;  /* NULL: the system bundle */
	/* Called with the bytes received so far (all files), at most a few
	 * times a second, from the fetching thread; may be NULL. */
	void (*progress)(void *ctx, unsigned long long bytes);
	void *progress_ctx;
};

struct fetcher;

/* base: the mirror's root URL (".../debian"); paths are relative to it. */
struct fetcher *fetcher_new(const char *base, const struct fetch_opts *o, struct bb_err *e);
void fetcher_free(struct fetcher *f);

/* GET base/path into memory (*buf malloc'd and NUL-terminated, at most max
 * bytes: more is an error). Returns 200, or 404 for "not found" (so that a
 * caller can fall back, e.g. InRelease -> Release), or -1 with e for any
 * other status or failure ("URL: HTTP 500 Internal Server Error",
 * "URL: no data for 30 s", "URL: connection closed after 1234 of 5678
 * bytes", "URL: certificate: ..."). */
int fetch_mem(struct fetcher *f, const char *path, size_t max, char **buf, size_t *len,
		struct bb_err *e);

struct fetch_item {
	const char *path;           /* under base */
	const char *dest;           /* the file to make */
	unsigned long long size;    /* exact size expected */
	unsigned char sha256[32];   /* expected SHA-256 */
	int done;                   /* out: 1 once verified and in place */
	int reused;                 /* out: dest already existed and verified */
	void *user;
	/* May be NULL. Called from the fetching thread with the file's bytes
	 * as they arrive, in order from its first byte (a resumed DEST.part's
	 * own bytes first), before they are verified; (NULL, 0): what it was
	 * given is void (the file is fetched again from zero, or an existing
	 * DEST was reused): read DEST once the item is done instead. */
	void (*stream)(struct fetch_item *it, const char *p, size_t n);
};

/* Fetch the items over up to conns connections. Each file is written to
 * DEST.part, then checked (size, SHA-256) and renamed to DEST. An existing
 * DEST that verifies is reused without a request; an existing DEST.part is
 * resumed with a Range request (from zero if the server ignores Range or
 * the result fails the check; a corrupt DEST.part is not trusted).
 * done(ctx, item, e) is called, from the calling thread, as each item is in
 * place; it may return -1 with e to stop everything. *stop (may be NULL)
 * becoming non-zero stops with an error. Returns 0, or -1 with e naming
 * the file and the reason ("pool/main/x/x_1_all.deb: SHA-256 mismatch",
 * "...: size mismatch: the server sent more than the 1234 bytes
 * expected", "...: HTTP 404").
 * No DEST.part is left for a file that failed its check. */
int fetch_files(struct fetcher *f, struct fetch_item *items, size_t n,
		int (*done)(void *ctx, struct fetch_item *it, struct bb_err *e), void *ctx,
		volatile int *stop, struct bb_err *e);

#endif
