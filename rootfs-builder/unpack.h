/* Downloading and unpacking at once: the fetcher runs in a thread of its
 * own (the biggest .debs first) and hands each verified .deb to a pool of
 * unpacking workers (the calling thread and up to 3 more, one per online
 * CPU; the environment's CTBOX_UNPACK_WORKERS=N sets N, 1: one package at
 * a time; together within a budget of decoder memory), which unpack it
 * into the target while the next ones arrive. The tree comes out as if
 * the packages were unpacked one by one in their order in pkgs
 * (claims.h); where only that order can settle a path, the call fails
 * with conflict set and the caller unpacks again with ordered. */
#ifndef CTBOX_UNPACK_H
#define CTBOX_UNPACK_H

#include "deb.h"
#include "fetch.h"
#include "pkgidx.h"

struct rb_unpacked {
	const struct pkg *pkg;
	struct deb_info info;
	int ok;
};

struct rb_pipeline {
	struct fetcher *f;
	const struct pkg *const *pkgs;
	size_t n;
	const char *debdir;      /* where the .debs are kept */
	int rootfd;
	unsigned deb_flags;
	volatile int *stop;
	/* Called after each package is unpacked (progress), may be NULL. */
	void (*unpacked)(void *ctx, size_t done, size_t n, const struct pkg *p);
	void *ctx;
	struct rb_unpacked *out;  /* n entries, filled */
	size_t reused;            /* .debs found verified in debdir */
	const char *const *aliases; /* merged /usr's symlinks (claims.h), or NULL */
	int ordered;              /* one worker, strictly in pkgs' order */
	int conflict;             /* out: failed on a conflict (see above) */
};

/* Fetch and unpack every package. Returns 0, or -1 with e (the first
 * failure of either side; the other side is stopped). */
int rb_fetch_unpack(struct rb_pipeline *pl, struct bb_err *e);
/* The cache file name of a package: NAME_VERSION_ARCH.deb with ':' as %3a. */
char *rb_deb_name(const struct pkg *p);

#endif
