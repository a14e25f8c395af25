/* The rootfs builder: a verified, minimal debootstrap in-process.
 *
 *   mirror.c   which mirror: --mirror, else the host's apt sources
 *   release.c  InRelease / Release + Release.gpg: signature, dates, index hashes
 *   build.c    the whole run: indexes, resolver, downloads, unpack, configure
 *   unpack.c   downloads in a thread of their own, unpacked as they arrive
 *   claims.c   who owns each path while several packages unpack at once
 *   stage2.c   maintainer scripts inside the new root (a private mount namespace)
 *   finish.c   the files a new Debian root needs (hostname, hosts, apt sources ...)
 *
 * The builder runs in the applet's own process (never in a monitor or a
 * forked child), so it uses libbb's x-functions for memory: running out
 * of memory ends the command like any other error.
 */
#ifndef CTBOX_RB_H
#define CTBOX_RB_H

#include "libbb.h"
#include "resolve.h"

#define RB_DEFAULT_KEYRING "/usr/share/keyrings/debian-archive-keyring.gpg"
#define RB_DEFAULT_CACHE "/var/cache/ctbox/debian"

struct rb_opts {
	const char *suite;
	const char *target;      /* the directory to make (NULL with tar) */
	const char *tar;         /* write a tarball instead */
	const char *mirror;      /* NULL: the host's apt sources */
	const char *security_mirror; /* also in the root's apt sources */
	const char *arch;        /* NULL: the host's */
	const char *components;  /* "main,contrib"; NULL: main */
	const char *keyring;     /* NULL: RB_DEFAULT_KEYRING */
	const char *ca_file;
	const char *cache_dir;   /* NULL: RB_DEFAULT_CACHE */
	const char *hostname;    /* NULL: the suite's name */
	const char *const *include, *const *exclude; /* NULL-terminated */
	enum rb_variant variant;
	unsigned conns, timeout_s;
	unsigned jobs;           /* maintainer scripts at once; 0: one per CPU */
	int no_check_sig, no_cache, flush_cache, slim, no_merged_usr, quiet;
	volatile int *stop;      /* a signal handler's flag */
};

/* Build o->target (or o->tar). On failure nothing is left: a target this
 * call created is removed. Returns 0, or -1 with e. */
int rb_build(const struct rb_opts *o, struct bb_err *e);

/* ---- rbopts.c ---- */

enum { RB_CLI_TEMPLATE = 1 }; /* create -t debian: -r/--release, no --tar */
/* Parse the builder's options (argv[0] is a program name) into o (zeroed
 * by the caller). Returns the index of the first operand, -1 with e for
 * a bad option, -2 for --help. */
int rb_cli_parse(int argc, char **argv, struct rb_opts *o, unsigned flags, struct bb_err *e);

/* ---- mirror.c ---- */

/* The first Debian archive among the apt sources under etc_apt (normally
 * "/etc/apt": sources.list, sources.list.d/ *.list and *.sources, in apt's
 * order), as a malloc'd URL without a trailing '/'. Returns NULL with e
 * when there is none. */
char *rb_mirror_from_apt(const char *etc_apt, struct bb_err *e);

/* ---- release.c ---- */

struct rb_index {
	char *path;              /* "main/binary-amd64/Packages.xz" */
	unsigned long long size;
	unsigned char sha256[32];
};

struct rb_release {
	char *text;              /* the (verified) Release text */
	time_t date, valid_until; /* 0 when absent */
	char *suite, *codename, *architectures, *components;
	struct rb_index *idx;
	size_t nidx;
	char signer[200];        /* "FPR (uid)" or "unverified" */
};

/* Parse a Release text (taken over by r on success) and check Date and
 * Valid-Until against now. Returns 0, or -1 with e. */
int rb_release_parse(struct rb_release *r, char *text, time_t now, const char *what,
		struct bb_err *e);
const struct rb_index *rb_release_find(const struct rb_release *r, const char *path);
void rb_release_free(struct rb_release *r);
/* The text of a cleartext-signed message without checking it (only for
 * --no-check-sig): malloc'd, or NULL with e. */
char *rb_cleartext_body(const char *msg, size_t len, struct bb_err *e);
/* Decode lowercase or uppercase hex of 2*n digits. Returns 0 or -1. */
int rb_hex_decode(const char *s, size_t len, unsigned char *out, size_t n);

#endif
