/* The whole build (rb.h): mirror, trust (InRelease), indexes, resolver,
 * downloads unpacked as they arrive, dpkg's database, maintainer scripts,
 * the finishing files; the cache; and nothing half-made on failure. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bearssl_hash.h>

#include "autoconf.h"
#include "create.h"
#include "dpkgdb.h"
#include "fetch.h"
#include "finish.h"
#include "index_load.h"
#include "pgp.h"
#include "progress.h"
#include "rb.h"
#include "stage2.h"
#include "tar_write.h"
#include "unpack.h"
#include "unz.h"

#define RELEASE_MAX (32u << 20)

struct run {
	const struct rb_opts *o;
	char *mirror;
	const char *arch;
	char *cdir;              /* CACHE/SUITE-ARCH (NULL with --no-cache) */
	char *work;              /* downloads when there is no cache */
	char *debdir, *listdir, *log;
	int lockfd;
	struct fetcher *f;
	struct pgp_keyring *kr;
	struct rb_release rel;
	struct pkgidx *ix;
	struct resolve_result res;
	char *target;            /* the root being built */
	int target_made, rootfd;
	struct rb_unpacked *unp;
	struct pkg *own;         /* the resolved packages, the index freed */
	char **prio, **sect;     /* their archive Priority and Section */
	unsigned char *cls;      /* archive_classified()'s */
	const char *aliases[9];  /* merged /usr's links (claims.h), NULL-ended */
	struct rb_progress pr;
	time_t now;
};

/* Debian's name for the machine's architecture. */
static const char *host_arch(void)
{
	static const char *const map[][2] = {
		{ "x86_64", "amd64" }, { "aarch64", "arm64" }, { "armv7l", "armhf" },
		{ "armv6l", "armel" }, { "i686", "i386" }, { "i586", "i386" },
		{ "ppc64le", "ppc64el" }, { "s390x", "s390x" }, { "riscv64", "riscv64" },
		{ "mips64", "mips64el" }, { "loongarch64", "loong64" },
	};
	static struct utsname u;
	size_t i;

	uname(&u);
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(u.machine, map[i][0]))
			return map[i][1];
	return u.machine;
}

static int mkdir_p(const char *path, mode_t mode, struct bb_err *e)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			bb_err_set(e, errno, "can't create '%s'", p);
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		return bb_err_set(e, errno, "can't create '%s'", path);
	return 0;
}

/* The cache (locked: one build per suite and architecture at a time), or
 * a work directory beside the target with --no-cache. */
static int setup_dirs(struct run *r, struct bb_err *e)
{
	const struct rb_opts *o = r->o;
	const char *top = o->cache_dir ? o->cache_dir : RB_DEFAULT_CACHE;

	if (o->no_cache) {
		char *parent = xstrdup(o->tar ? o->tar : o->target), *slash = strrchr(parent, '/');

		if (slash)
			slash[slash == parent] = 0;
		r->work = xasprintf("%s/.ctbox-rootfs.XXXXXX", slash ? parent : ".");
		free(parent);
		if (!mkdtemp(r->work))
			return bb_err_set(e, errno, "can't create '%s'", r->work);
		r->debdir = xasprintf("%s/debs", r->work);
		r->listdir = xasprintf("%s/lists", r->work);
		r->log = xasprintf("/tmp/ctbox-rootfs-%s.log", o->suite);
	} else {
		r->cdir = xasprintf("%s/%s-%s", top, o->suite, r->arch);
		r->debdir = xasprintf("%s/debs", r->cdir);
		r->listdir = xasprintf("%s/lists", r->cdir);
		r->log = xasprintf("%s/last-build.log", r->cdir);
	}
	if (mkdir_p(r->debdir, 0755, e) < 0 || mkdir_p(r->listdir, 0755, e) < 0)
		return -1;
	if (r->cdir) {
		char *lock = xasprintf("%s/.lock", r->cdir);

		r->lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		free(lock);
		if (r->lockfd < 0 || flock(r->lockfd, LOCK_EX) < 0)
			return bb_err_set(e, errno, "can't lock the cache %s", r->cdir);
	}
	return 0;
}

/* ---- trust: InRelease, or Release + Release.gpg ---- */

static int get_release_text(struct run *r, char **text, struct bb_err *e)
{
	const struct rb_opts *o = r->o;
	char *in = xasprintf("dists/%s/InRelease", o->suite);
	char *plain = xasprintf("dists/%s/Release", o->suite);
	char *gpg = xasprintf("dists/%s/Release.gpg", o->suite);
	char *buf = NULL, *sig = NULL;
	size_t len = 0, siglen = 0;
	struct pgp_signer who;
	int st, ret = -1;

	st = fetch_mem(r->f, in, RELEASE_MAX, &buf, &len, e);
	if (st == 200) {
		if (o->no_check_sig) {
			*text = rb_cleartext_body(buf, len, e);
			ret = *text ? 0 : -1;
		} else if (pgp_verify_cleartext(r->kr, buf, len, r->now, text, &len, &who, e) == 0) {
			snprintf(r->rel.signer, sizeof(r->rel.signer), "%s (%s)", who.primary, who.uid);
			ret = 0;
		} else {
			struct bb_err in_e = *e;

			bb_err_set(e, in_e.errnum, "%s: %s", in, in_e.msg);
		}
		goto out;
	}
	if (st != 404)
		goto out;
	free(buf);
	buf = NULL;
	st = fetch_mem(r->f, plain, RELEASE_MAX, &buf, &len, e);
	if (st == 404) {
		bb_err_set(e, 0, "%s/%s: no InRelease or Release: is '%s' a suite of this mirror?",
			   r->mirror, plain, o->suite);
		goto out;
	}
	if (st != 200)
		goto out;
	if (o->no_check_sig) {
		*text = buf;
		buf = NULL;
		ret = 0;
		goto out;
	}
	st = fetch_mem(r->f, gpg, 1 << 20, &sig, &siglen, e);
	if (st == 404)
		bb_err_set(e, 0, "%s: no signature: neither InRelease nor Release.gpg on the mirror "
			   "(--no-check-sig skips the check)", plain);
	if (st != 200)
		goto out;
	if (pgp_verify_detached(r->kr, buf, len, sig, siglen, r->now, &who, e) < 0) {
		struct bb_err in_e = *e;

		bb_err_set(e, in_e.errnum, "%s: %s", gpg, in_e.msg);
		goto out;
	}
	snprintf(r->rel.signer, sizeof(r->rel.signer), "%s (%s)", who.primary, who.uid);
	*text = buf;
	buf = NULL;
	ret = 0;
out:
	free(buf);
	free(sig);
	free(in);
	free(plain);
	free(gpg);
	return ret;
}

static int has_word(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p = list;

	while (p && (p = strstr(p, w))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0 || p[n] == '\n'))
			return 1;
		p += n;
	}
	return 0;
}

static int load_release(struct run *r, struct bb_err *e)
{
	const struct rb_opts *o = r->o;
	char *text = NULL, *what = xasprintf("dists/%s/%sRelease", o->suite,
					      o->no_check_sig ? "" : "In");
	char signer[sizeof(r->rel.signer)];

	if (!o->no_check_sig &&
	    pgp_keyring_add_file(&r->kr, o->keyring ? o->keyring : RB_DEFAULT_KEYRING, e) < 0)
		goto fail;
	if (get_release_text(r, &text, e) < 0)
		goto fail;
	memcpy(signer, r->rel.signer, sizeof(signer));
	if (rb_release_parse(&r->rel, text, r->now, what, e) < 0)
		goto fail;
	snprintf(r->rel.signer, sizeof(r->rel.signer), "%s", o->no_check_sig ? "unverified" : signer);
	if (r->rel.architectures && !has_word(r->rel.architectures, r->arch)) {
		bb_err_set(e, 0, "%s: no architecture %s here (it has: %s)", what, r->arch,
			   r->rel.architectures);
		goto fail;
	}
	free(what);
	return 0;
fail:
	free(text);
	free(what);
	return -1;
}

/* ---- indexes ---- */

/* A fresh index fed every file loaded so far (files[i], named names[i]):
 * after a streamed one that did not count (rb_index_fetch). */
static int refeed(struct run *r, char **files, char **names, size_t n, struct bb_err *e)
{
	size_t i;

	pkgidx_free(r->ix);
	r->ix = pkgidx_new(r->arch);
	for (i = 0; i < n; i++)
		if (rb_index_feed_file(r->ix, files[i], names[i], e) < 0)
			return -1;
	return 0;
}

static int load_indexes(struct run *r, struct bb_err *e)
{
	/* Debian's archive has .xz and .gz; other archives may have .zst.
	 * gzip first: 40% more bytes, but inflated in half the time xz takes
	 * (bookworm's main: 12.1 MB, 0.28 s against 8.8 MB, 0.56 s), which
	 * pays from about 12 MB/s, and zlib's 32 KiB window instead of xz's
	 * 8 MiB dictionary keeps the peak memory down. */
	static const struct {
		const char *ext;
		enum unz_kind kind;
	} ext[] = {
		{ ".gz", UNZ_GZIP }, { ".xz", UNZ_XZ }, IF_FEATURE_ZSTD({ ".zst", UNZ_ZSTD },)
		{ "", UNZ_PLAIN },
	};
	char *comps = xstrdup(r->o->components ? r->o->components : "main"), *c, *save = NULL;
	char **files = NULL, **names = NULL;
	size_t nfiles = 0, i;
	int ret = 0;

	r->ix = pkgidx_new(r->arch);
	for (c = strtok_r(comps, ",", &save); c && !ret; c = strtok_r(NULL, ",", &save)) {
		const struct rb_index *x = NULL, *text;
		struct fetch_item it = { 0 };
		char *path = NULL, *dest, *s;

		if (r->rel.components && !has_word(r->rel.components, c)) {
			ret = bb_err_set(e, 0, "dists/%s/Release: no component '%s' (it has: %s)",
					 r->o->suite, c, r->rel.components);
			break;
		}
		for (i = 0; i < ARRAY_SIZE(ext) && !x; i++) {
			free(path);
			path = xasprintf("%s/binary-%s/Packages%s", c, r->arch, ext[i].ext);
			x = rb_release_find(&r->rel, path);
		}
		if (!x) {
			ret = bb_err_set(e, 0, "dists/%s/Release lists no %s/binary-%s/Packages index",
					 r->o->suite, c, r->arch);
			free(path);
			break;
		}
		it.path = s = xasprintf("dists/%s/%s", r->o->suite, path);
		dest = xasprintf("%s/%s", r->listdir, s);
		for (s = dest + strlen(r->listdir) + 1; *s; s++)
			if (*s == '/')
				*s = '_';
		it.dest = dest;
		it.size = x->size;
		memcpy(it.sha256, x->sha256, 32);
		/* parsed while it downloads where Release says how much text it
		 * holds (the uncompressed index's entry, listed even where the
		 * mirror does not have that file) */
		path[strlen(path) - strlen(ext[i - 1].ext)] = 0;
		text = rb_release_find(&r->rel, path);
		files = xrealloc(files, (nfiles + 1) * sizeof(*files));
		names = xrealloc(names, (nfiles + 1) * sizeof(*names));
		files[nfiles] = dest;
		names[nfiles++] = (char *)it.path;
		if (text) {
			ret = rb_index_fetch(r->f, &it, ext[i - 1].kind, text->size, r->ix,
					     r->o->stop, e);
			if (ret == 1)
				ret = refeed(r, files, names, nfiles, e);
		} else {
			ret = fetch_files(r->f, &it, 1, NULL, NULL, r->o->stop, e);
			if (!ret)
				ret = rb_index_feed_file(r->ix, dest, it.path, e);
		}
		free(path);
	}
	for (i = 0; i < nfiles; i++) {
		free(files[i]);
		free(names[i]);
	}
	free(files);
	free(names);
	free(comps);
	return ret;
}

/* ---- the target ---- */

static int make_target(struct run *r, struct bb_err *e)
{
	const struct rb_opts *o = r->o;

	if (o->tar) {
		char *parent = xstrdup(o->tar), *slash = strrchr(parent, '/');

		if (slash)
			slash[slash == parent] = 0;
		r->target = xasprintf("%s/.ctbox-rootfs-tree.XXXXXX", slash ? parent : ".");
		free(parent);
		if (!mkdtemp(r->target))
			return bb_err_set(e, errno, "can't create '%s'", r->target);
		chmod(r->target, 0755);
		r->target_made = 1;
	} else {
		/* r->target is set only once the directory is ours to clean up:
		 * made here, or found empty. */
		if (mkdir(o->target, 0755) == 0) {
			r->target = xstrdup(o->target);
			r->target_made = 1;
		} else if (errno != EEXIST) {
			return bb_err_set(e, errno, "can't create '%s'", o->target);
		}
	}
	r->rootfd = open(o->tar ? r->target : o->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->rootfd < 0)
		return bb_err_set(e, errno, "can't open '%s'", o->tar ? r->target : o->target);
	if (!r->target_made) {
		int fd = dup(r->rootfd);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		struct dirent *de;
		int empty = 1;

		while (d && (de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
			    strcmp(de->d_name, "lost+found"))
				empty = 0;
		if (d)
			closedir(d);
		if (!empty)
			return bb_err_set(e, EEXIST, "'%s' exists and is not empty", o->target);
		r->target = xstrdup(o->target);
	}
	return 0;
}

/* Debian's merged /usr: bin, sbin, lib (and the architecture's lib64...)
 * are symlinks into usr, made before anything is unpacked. */
static int merged_usr(struct run *r, struct bb_err *e)
{
	static const char *const dirs[] = { "bin", "sbin", "lib", "lib64" };
	static const char *const alias_to[] = { "usr/bin", "usr/sbin", "usr/lib", "usr/lib64" };
	size_t i, n = ARRAY_SIZE(dirs) - (strcmp(r->arch, "amd64") != 0);

	if (mkdirat(r->rootfd, "usr", 0755) < 0 && errno != EEXIST)
		return bb_err_set(e, errno, "can't create usr in '%s'", r->target);
	for (i = 0; i < n; i++) {
		char *in = xasprintf("usr/%s", dirs[i]);
		int ret = 0;

		if (mkdirat(r->rootfd, in, 0755) < 0 && errno != EEXIST)
			ret = bb_err_set(e, errno, "can't create %s", in);
		if (!ret && symlinkat(in, r->rootfd, dirs[i]) < 0)
			ret = bb_err_set(e, errno, "can't link %s to %s", dirs[i], in);
		free(in);
		if (ret)
			return -1;
		r->aliases[2 * i] = dirs[i];
		r->aliases[2 * i + 1] = alias_to[i];
	}
	return 0;
}

/* Back to an empty target (the directory itself kept), merged /usr made
 * again: for unpacking a second time. */
static int empty_target(struct run *r, struct bb_err *e)
{
	int fd = dup(r->rootfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	int ret = 0;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return bb_err_set(e, errno, "can't read '%s'", r->target);
	}
	while (!ret && (de = readdir(d))) {
		char *p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", r->target, de->d_name);
		ret = tree_remove(p, e);
		free(p);
	}
	closedir(d);
	if (!ret && !r->o->no_merged_usr)
		ret = merged_usr(r, e);
	return ret;
}

/* ---- after the build ---- */

/* The key of a cached root: what decides its contents. */
static char *cache_key(const struct rb_opts *o)
{
	char *k = xasprintf("%s%s%s", rb_variant_name(o->variant), o->slim ? "-slim" : "",
			    o->no_merged_usr ? "-unmerged" : "");
	const char *const *l;
	int any = (o->include && o->include[0]) || (o->exclude && o->exclude[0]) ||
		  (o->components && strcmp(o->components, "main"));

	if (any) { /* a hash of the lists, to keep the name short */
		unsigned long h = 5381;
		const char *s;

		for (l = o->include; l && *l; l++)
			for (s = *l; ; s++) { h = h * 33 + (unsigned char)*s; if (!*s) break; }
		h = h * 33 + '-';
		for (l = o->exclude; l && *l; l++)
			for (s = *l; ; s++) { h = h * 33 + (unsigned char)*s; if (!*s) break; }
		for (s = o->components ? o->components : ""; *s; s++)
			h = h * 33 + (unsigned char)*s;
		s = k;
		k = xasprintf("%s-%08lx", s, h & 0xffffffffUL);
		free((char *)s);
	}
	return k;
}

/* The SHA-256 of the verified Release, in hex: a cached root is used only
 * while the archive still publishes the Release it was built from. */
static void release_digest(const struct run *r, char hex[65])
{
	br_sha256_context c;
	unsigned char h[32];
	size_t i;

	br_sha256_init(&c);
	br_sha256_update(&c, r->rel.text, strlen(r->rel.text));
	br_sha256_out(&c, h);
	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", h[i]);
}

static int save_cache(struct run *r, struct bb_err *e)
{
	char *key = cache_key(r->o), *dst = xasprintf("%s/rootfs-%s", r->cdir, key);
	char *tmp = xasprintf("%s/.rootfs-%s.tmp", r->cdir, key);
	int ret;

	char *stamp = xasprintf("%s.release", dst), hex[66];

	tree_remove(tmp, e);
	unlink(stamp);
	ret = tree_copy(r->target, tmp, e);
	if (!ret) {
		tree_remove(dst, e);
		if (rename(tmp, dst) < 0)
			ret = bb_err_set(e, errno, "can't rename '%s'", tmp);
	}
	if (!ret) {
		release_digest(r, hex);
		strcat(hex, "\n");
		int fd = open(stamp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd < 0 || full_write(fd, hex, 65) != 65)
			ret = bb_err_set(e, errno, "can't write '%s'", stamp);
		if (fd >= 0)
			close(fd);
	}
	free(stamp);
	if (ret)
		tree_remove(tmp, e);
	free(key);
	free(dst);
	free(tmp);
	return ret;
}

/* Was the cached root src built from the Release just verified? */
static int cache_current(const struct run *r, const char *src)
{
	char *stamp = xasprintf("%s.release", src), *text = read_file(stamp, 128, NULL), hex[65];
	int ok;

	release_digest(r, hex);
	ok = text && !strncmp(text, hex, 64);
	free(text);
	free(stamp);
	return ok;
}

/* A root built before with the same options: copied, renamed. 1 when it
 * was used, 0 when there is none, -1 with e. */
static int from_cache(struct run *r, struct bb_err *e)
{
	const struct rb_opts *o = r->o;
	char *key = cache_key(o), *src = xasprintf("%s/rootfs-%s", r->cdir, key);
	struct stat sb;
	int ret = 0;

	if (o->flush_cache) {
		ret = tree_remove(src, e);
		goto out;
	}
	if (stat(src, &sb) < 0 || !cache_current(r, src))
		goto out;
	rb_progress_phase(&r->pr, "copying the cached root %s", src);
	if (o->tar) {
		r->target = xstrdup(src);
		ret = 1;
		goto out;
	}
	if (rmdir(o->target) < 0 && errno != ENOENT) {
		ret = bb_err_set(e, errno, "'%s' exists and is not empty", o->target);
		goto out;
	}
	r->target = xstrdup(o->target);
	r->target_made = 1;
	ret = tree_copy(src, o->target, e);
	if (!ret) {
		r->rootfd = open(o->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		ret = r->rootfd < 0 ? bb_err_set(e, errno, "can't open '%s'", o->target) :
			rb_set_hostname(r->rootfd, o->hostname ? o->hostname : o->suite, e);
	}
	if (!ret)
		ret = 1;
out:
	free(key);
	free(src);
	return ret;
}

static int write_tar(struct run *r, struct bb_err *e)
{
	const char *out = r->o->tar;
	char *tmp = xasprintf("%s.part", out);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), dfd, ret;

	if (fd < 0) {
		ret = bb_err_set(e, errno, "can't create '%s'", tmp);
		goto out;
	}
	dfd = open(r->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ret = dfd < 0 ? bb_err_set(e, errno, "can't open '%s'", r->target) :
		tar_write_tree(dfd, fd, tar_write_flags_for(out), r->o->stop, e);
	if (dfd >= 0)
		close(dfd);
	if (!ret && fsync(fd) < 0)
		ret = bb_err_set(e, errno, "can't write '%s'", tmp);
	close(fd);
	if (!ret && rename(tmp, out) < 0)
		ret = bb_err_set(e, errno, "can't rename '%s' to '%s'", tmp, out);
	if (ret)
		unlink(tmp);
out:
	free(tmp);
	return ret;
}

/* ---- the run ---- */

/* Which packages get the archive's Priority and Section (its override)
 * in dpkg's database, as debootstrap leaves them: its first stage (the
 * Priority: required closure) is installed with an empty available file;
 * then it writes the Packages stanzas there and runs dpkg
 * --set-selections, which rewrites their status with the archive's
 * values. Its second stage (apt, Priority: important, --include) is
 * unpacked after that, and dpkg --unpack takes the control file's (its
 * available stanza keeps the archive's). The mmdebstrap variants
 * (essential, apt) install through apt, which leaves the control file's
 * in status. A bitmap by package index, NULL: none. */
static unsigned char *archive_classified(const struct run *r)
{
	const struct resolve_req rq = { VAR_REQUIRED, NULL, NULL };
	struct resolve_result first = { 0 };
	unsigned char *set;
	struct bb_err ignore;
	size_t i;

	if (r->o->variant == VAR_ESSENTIAL || r->o->variant == VAR_APT)
		return NULL;
	set = xzalloc(pkgidx_count(r->ix) / 8 + 1);
	if (resolve(r->ix, &rq, &first, &ignore) < 0) {
		/* no first stage to tell apart (debootstrap would have
		 * failed there): the archive's values for all */
		for (i = 0; i < r->res.n; i++)
			set[r->res.pkgs[i]->id / 8] |= 1u << r->res.pkgs[i]->id % 8;
		return set;
	}
	for (i = 0; i < first.n; i++)
		set[first.pkgs[i]->id / 8] |= 1u << first.pkgs[i]->id % 8;
	resolve_result_free(&first);
	return set;
}

/* What the rest of the build needs from the index (the resolved packages,
 * their Priority, Section and classification) copied out, and the index
 * freed: its ~15 MiB would otherwise sit beside the unpacking workers'
 * decoders (the peak RSS goal). */
static void detach_index(struct run *r)
{
	size_t i, j, n = r->res.n;

	r->cls = archive_classified(r);
	r->own = xzalloc(n * sizeof(*r->own) + 1);
	r->prio = xzalloc(n * sizeof(*r->prio) + 1);
	r->sect = xzalloc(n * sizeof(*r->sect) + 1);
	for (i = 0; i < n; i++) {
		const struct pkg *p = r->res.pkgs[i];
		const char *s;
		struct pkg *c = &r->own[i];

		*c = *p;
		c->name = xstrdup(p->name);
		c->version = xstrdup(p->version);
		c->arch = xstrdup(p->arch);
		c->filename = xstrdup(p->filename);
		memset(c->rel, 0, sizeof(c->rel)); /* handles into the index */
		r->prio[i] = (s = pkgidx_priority(r->ix, p)) ? xstrdup(s) : NULL;
		r->sect[i] = (s = pkgidx_section(r->ix, p)) ? xstrdup(s) : NULL;
		for (j = 0; j < n; j++)
			if (r->res.order[j] == p)
				r->res.order[j] = c;
		r->res.pkgs[i] = c;
	}
	pkgidx_free(r->ix);
	r->ix = NULL;
}

static int build_packages(struct run *r, struct bb_err *e)
{
	const struct rb_opts *o = r->o;
	struct resolve_req rq = { o->variant, o->include, o->exclude };
	struct rb_pipeline pl = { 0 };
	struct rb_stage2 s2 = { 0 };
	struct dpkgdb *db = NULL;
	struct dpkgdb_override ov;
	unsigned char *cls;
	char **w;
	size_t i;
	int ret = -1;

	if (load_indexes(r, e) < 0)
		return -1;
	if (resolve(r->ix, &rq, &r->res, e) < 0)
		return -1;
	for (w = r->res.warnings; w && *w; w++)
		bb_warn_msg("%s", *w);
	rb_progress_plan(&r->pr, r->res.n, r->res.bytes);
	detach_index(r);
	cls = r->cls;
	if (make_target(r, e) < 0 || (!o->no_merged_usr && merged_usr(r, e) < 0))
		return -1;
	r->unp = xzalloc(r->res.n * sizeof(*r->unp) + 1);
	pl.f = r->f;
	pl.pkgs = r->res.pkgs;
	pl.n = r->res.n;
	pl.debdir = r->debdir;
	pl.rootfd = r->rootfd;
	pl.deb_flags = geteuid() ? DEB_NO_OWNER | DEB_SKIP_DEVICES : 0;
	pl.stop = o->stop;
	pl.unpacked = rb_progress_unpacked;
	pl.ctx = &r->pr;
	pl.out = r->unp;
	pl.aliases = r->aliases;
	rb_progress_phase(&r->pr, "fetching and unpacking %zu packages", r->res.n);
	if (rb_fetch_unpack(&pl, e) < 0) {
		/* packages that only their order reconciles: again, in order */
		if (!pl.conflict)
			goto out;
		rb_progress_phase(&r->pr, "%s; unpacking again, one package at a time", e->msg);
		for (i = 0; i < r->res.n; i++)
			deb_info_free(&r->unp[i].info);
		memset(r->unp, 0, r->res.n * sizeof(*r->unp));
		pl.ordered = 1;
		pl.reused = 0;
		if (empty_target(r, e) < 0 || rb_fetch_unpack(&pl, e) < 0)
			goto out;
	}
	db = dpkgdb_open(r->rootfd, r->arch, e);
	if (!db)
		goto out;
	for (i = 0; i < r->res.n; i++) {
		const struct pkg *p = r->unp[i].pkg;

		ov.priority = r->prio[i];
		ov.section = r->sect[i];
		ov.avail_only = !(cls && cls[p->id / 8] & 1u << p->id % 8);
		if (dpkgdb_add_override(db, &r->unp[i].info, &ov, "install ok unpacked", e) < 0)
			goto out;
	}
	if (dpkgdb_write(db, e) < 0 || rb_finish_pre(r->rootfd, o, r->mirror, e) < 0)
		goto out;
	rb_progress_phase(&r->pr, "configuring");
	s2.target = r->target;
	s2.rootfd = r->rootfd;
	s2.order = r->res.order;
	s2.need = r->res.need;
	s2.need_first = r->res.need_first;
	s2.n_base = r->res.n_base;
	s2.n = r->res.n;
	s2.jobs = o->jobs;
	s2.db = db;
	s2.log = r->log;
	s2.stop = o->stop;
	if (rb_stage2(&s2, e) < 0)
		goto out;
	ret = rb_finish_post(r->rootfd, r->target, o, e);
out:
	dpkgdb_free(db);
	return ret;
}

static void run_free(struct run *r, int failed)
{
	struct bb_err ignore;
	size_t i;

	if (r->rootfd > 0)
		close(r->rootfd);
	if (r->target && r->target_made && (r->o->tar || failed)) {
		tree_remove(r->target, &ignore);
	} else if (r->target && failed && !r->o->tar) { /* an empty directory was given */
		tree_remove(r->target, &ignore);
		mkdir(r->target, 0755);
	}
	for (i = 0; r->unp && i < r->res.n; i++)
		deb_info_free(&r->unp[i].info);
	free(r->unp);
	for (i = 0; r->own && i < r->res.n; i++) {
		free((char *)r->own[i].name);
		free((char *)r->own[i].version);
		free((char *)r->own[i].arch);
		free((char *)r->own[i].filename);
		free(r->prio[i]);
		free(r->sect[i]);
	}
	free(r->own);
	free(r->prio);
	free(r->sect);
	free(r->cls);
	if (r->work)
		tree_remove(r->work, &ignore);
	resolve_result_free(&r->res);
	pkgidx_free(r->ix);
	rb_release_free(&r->rel);
	pgp_keyring_free(r->kr);
	fetcher_free(r->f);
	if (r->lockfd > 0)
		close(r->lockfd);
	free(r->target);
	free(r->mirror);
	free(r->cdir);
	free(r->work);
	free(r->debdir);
	free(r->listdir);
	free(r->log);
}

int rb_build(const struct rb_opts *o, struct bb_err *e)
{
	struct run r = { .o = o, .rootfd = -1, .lockfd = -1 };
	struct fetch_opts fo = { o->conns, o->timeout_s, o->ca_file, rb_progress_bytes, &r.pr };
	int ret = -1, cached = 0;

	r.now = time(NULL);
	r.arch = o->arch ? o->arch : host_arch();
	rb_progress_init(&r.pr, o->quiet);
	if (geteuid() != 0) {
		bb_err_set(e, EPERM, "building a root file system needs root (the packages' "
			   "maintainer scripts run chrooted in it)");
		return -1;
	}
	r.mirror = o->mirror ? xstrdup(o->mirror) : rb_mirror_from_apt("/etc/apt", e);
	if (!r.mirror || setup_dirs(&r, e) < 0)
		goto out;
	while (strlen(r.mirror) > 8 && r.mirror[strlen(r.mirror) - 1] == '/')
		r.mirror[strlen(r.mirror) - 1] = 0;
	if (o->no_check_sig)
		bb_warn_msg("not checking the archive's signature (--no-check-sig): "
			    "nothing that is installed is verified");
	rb_progress_phase(&r.pr, "%s %s %s from %s", o->suite, r.arch,
			  rb_variant_name(o->variant), r.mirror);
	r.f = fetcher_new(r.mirror, &fo, e);
	if (!r.f || load_release(&r, e) < 0)
		goto out;
	cached = r.cdir ? from_cache(&r, e) : 0;
	if (cached < 0)
		goto out;
	if (!cached) {
		if (build_packages(&r, e) < 0)
			goto out;
		if (r.cdir && save_cache(&r, e) < 0)
			goto out;
	}
	if (o->tar && write_tar(&r, e) < 0)
		goto out;
	ret = 0;
	rb_progress_done(&r.pr, r.res.n, r.target);
out:
	if (cached > 0 && o->tar)
		r.target_made = 0; /* the cache's own tree */
	run_free(&r, ret < 0);
	return ret;
}
