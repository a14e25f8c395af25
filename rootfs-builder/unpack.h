/* Downloading and unpacking at once: the fetcher runs in a thread of its
 * own and hands each verified .deb to the calling thread, which unpacks it
 * into the target while the next ones arrive. */
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
};

/* Fetch and unpack every package. Returns 0, or -1 with e (the first
 * failure of either side; the other side is stopped). */
int rb_fetch_unpack(struct rb_pipeline *pl, struct bb_err *e);
/* The cache file name of a package: NAME_VERSION_ARCH.deb with ':' as %3a. */
char *rb_deb_name(const struct pkg *p);

#endif
