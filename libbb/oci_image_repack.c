/* `oci-image repack` (oci_image_mtree.h): the record written after unpack,
 * and a new layer, config and manifest from the rootfs's changes since. */
#include <bearssl_hash.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "json.h"
#include "oci_image.h"
#include "oci_image_mtree.h"
#include "tar_write.h"

#define MT_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_CONFIG "application/vnd.oci.image.config.v1+json"
#define MT_LAYER_GZ "application/vnd.oci.image.layer.v1.tar+gzip"
#define CREATED_BY "ctbox oci-image repack"
#define RECORD_MAX (512u << 20)
#define CHUNK 65536

/* ---- the record ---- */

/* m as bundle's record, written to a temporary file: its path in *tmp. */
static int record_tmp(const char *bundle, const struct oci_mt *m, char **tmp, struct bb_err *e)
{
	int fd, r;
	FILE *f;

	*tmp = xasprintf("%s/.%s.XXXXXX", bundle, OCI_MTREE_FILE);
	fd = mkostemp(*tmp, O_CLOEXEC);
	f = fd < 0 || fchmod(fd, 0644) < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		r = bb_err_set(e, errno, "%s/%s", bundle, OCI_MTREE_FILE);
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
		return r;
	}
	r = oci_mt_write(f, m);
	if (r == 0 && fsync(fileno(f)) < 0)
		r = -1;
	if (fclose(f) != 0)
		r = -1;
	if (r < 0) {
		r = bb_err_set(e, errno, "%s/%s: write", bundle, OCI_MTREE_FILE);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return r;
}

static int record_commit(const char *bundle, char *tmp, struct bb_err *e)
{
	char *path = path_join(bundle, OCI_MTREE_FILE);
	int r = rename(tmp, path) < 0 ? bb_err_set(e, errno, "%s", path) : 0;

	if (r < 0)
		unlink(tmp);
	free(path);
	free(tmp);
	return r;
}

static int open_rootfs(const char *bundle, struct bb_err *e)
{
	char *path = path_join(bundle, "rootfs");
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		bb_err_set(e, errno, "%s", path);
	free(path);
	return fd;
}

int oci_image_record(const char *layout, const char *tag, const char *bundle,
		     volatile int *stop, struct bb_err *e)
{
	struct oci_mt m;
	char *tmp;
	int fd, r = -1;

	memset(&m, 0, sizeof(m));
	if (oci_index_get(layout, tag, &m.manifest, &m.manifest_size, e) < 0)
		return -1;
	m.layout = xstrdup(layout);
	m.tag = xstrdup(tag);
	fd = open_rootfs(bundle, e);
	if (fd >= 0 && oci_mt_walk(fd, &m, stop, e) == 0 && record_tmp(bundle, &m, &tmp, e) == 0)
		r = record_commit(bundle, tmp, e);
	if (fd >= 0)
		close(fd);
	oci_mt_free(&m);
	return r < 0 ? oci_err_prefix(e, "recording the rootfs") : 0;
}

/* ---- the layer ---- */

struct layer {
	char digest[72], diffid[72];
	unsigned long long size;
};

struct put {
	struct tar_w *t;
	int rootfd;
	struct oci_mt *now;
	size_t dir;      /* the entry whose directory is open as dirfd */
	int dirfd;
	struct bb_err *e;
};

/* Open path ("." or "./a/b") under rootfd, no symlink followed. */
static int open_dir(int rootfd, const char *path, struct bb_err *e)
{
	char *copy = xstrdup(path), *p, *save = NULL;
	int fd = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), next;

	for (p = strtok_r(copy, "/", &save); p && fd >= 0; p = strtok_r(NULL, "/", &save)) {
		if (strcmp(p, ".") == 0)
			continue;
		next = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = next;
	}
	if (fd < 0)
		bb_err_set(e, errno, "%s", path);
	free(copy);
	return fd;
}

/* Entry i after its directories not yet in the layer. */
static int put_ent(struct put *p, size_t i)
{
	struct oci_mt_ent *x = &p->now->v[i];
	const char *name;

	if (x->flags & OCI_MT_PUT)
		return 0;
	x->flags |= OCI_MT_PUT;
	if (x->parent == OCI_MT_NONE)
		return tar_w_put(p->t, p->rootfd, ".", ".");
	if (put_ent(p, x->parent) < 0)
		return -1;
	if (p->dir != x->parent) {
		if (p->dirfd >= 0)
			close(p->dirfd);
		p->dir = x->parent;
		p->dirfd = open_dir(p->rootfd, p->now->v[x->parent].path, p->e);
		if (p->dirfd < 0)
			return -1;
	}
	name = strrchr(x->path, '/') + 1;
	return tar_w_put(p->t, p->dirfd, name, x->path);
}

/* The tar: whiteouts first (an extractor that applies them as they come
 * must not remove what this layer makes), then the entries. */
static int write_tar(int rootfd, int out, struct oci_mt *old, struct oci_mt *now,
		     volatile int *stop, struct bb_err *e)
{
	struct put p = { NULL, rootfd, now, OCI_MT_NONE, -1, e };
	size_t i;
	int r = 0;

	/* Unprivileged, every file is the caller's: root's in the image. */
	p.t = tar_w_open(rootfd, out, geteuid() ? TARW_ROOT_OWNED : 0, stop, e);
	if (!p.t)
		return -1;
	for (i = 0; i < old->n && r == 0; i++) {
		const char *path = old->v[i].path, *slash = strrchr(path, '/');
		char *member;

		if (!(old->v[i].flags & OCI_MT_WHITEOUT))
			continue;
		member = xasprintf("%.*s/.wh.%s", (int)(slash - path), path, slash + 1);
		r = tar_w_empty(p.t, member);
		free(member);
	}
	for (i = 0; i < now->n && r == 0; i++)
		if (now->v[i].flags & OCI_MT_CHANGED)
			r = put_ent(&p, i);
	if (p.dirfd >= 0)
		close(p.dirfd);
	return tar_w_close(p.t, r == 0);
}

/* The tar in fd, gzipped into a blob; its digests and size into L. */
static int gzip_blob(struct oci_blobs *b, int fd, struct layer *L, struct bb_err *e)
{
	unsigned char in[CHUNK], out[CHUNK], sum[32];
	br_sha256_context plain, packed;
	char hex[65], *tmp;
	z_stream z;
	ssize_t n;
	int ofd, zr = Z_OK, flush;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return bb_err_set(e, errno, "layer: rewind");
	ofd = oci_blob_tmp(b, &tmp, e);
	if (ofd < 0)
		return -1;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		bb_err_set(e, ENOMEM, "layer: deflateInit failed");
		goto fail;
	}
	br_sha256_init(&plain);
	br_sha256_init(&packed);
	L->size = 0;
	do {
		n = full_read(fd, in, sizeof(in));
		if (n < 0) {
			bb_err_set(e, errno, "layer: read");
			goto fail_z;
		}
		br_sha256_update(&plain, in, (size_t)n);
		flush = n == 0 ? Z_FINISH : Z_NO_FLUSH;
		z.next_in = in;
		z.avail_in = (unsigned)n;
		do {
			size_t have;

			z.next_out = out;
			z.avail_out = sizeof(out);
			zr = deflate(&z, flush);
			if (zr == Z_STREAM_ERROR) {
				bb_err_set(e, 0, "layer: deflate failed");
				goto fail_z;
			}
			have = sizeof(out) - z.avail_out;
			if (have && full_write(ofd, out, have) < 0) {
				bb_err_set(e, errno, "%s: write", tmp);
				goto fail_z;
			}
			br_sha256_update(&packed, out, have);
			L->size += have;
		} while (z.avail_out == 0);
	} while (flush != Z_FINISH);
	deflateEnd(&z);
	if (zr != Z_STREAM_END || fsync(ofd) < 0) {
		bb_err_set(e, errno, "%s: write", tmp);
		goto fail;
	}
	if (close(ofd) < 0) {
		bb_err_set(e, errno, "%s: write", tmp);
		ofd = -1;
		goto fail;
	}
	br_sha256_out(&plain, sum);
	oci_hex(sum, hex);
	snprintf(L->diffid, sizeof(L->diffid), "sha256:%s", hex);
	br_sha256_out(&packed, sum);
	oci_hex(sum, hex);
	snprintf(L->digest, sizeof(L->digest), "sha256:%s", hex);
	return oci_blob_commit(b, tmp, hex, e);
fail_z:
	deflateEnd(&z);
fail:
	if (ofd >= 0)
		close(ofd);
	unlink(tmp);
	free(tmp);
	return -1;
}

static int make_layer(struct oci_blobs *b, int rootfd, struct oci_mt *old, struct oci_mt *now,
		      struct layer *L, volatile int *stop, struct bb_err *e)
{
	char *tmp;
	int fd = oci_blob_tmp(b, &tmp, e), r;

	if (fd < 0)
		return -1;
	/* The plain tar is only read back here: unlinked, nothing to clean. */
	unlink(tmp);
	free(tmp);
	r = write_tar(rootfd, fd, old, now, stop, e);
	if (r == 0)
		r = stop && *stop ? bb_err_set(e, EINTR, "interrupted") : gzip_blob(b, fd, L, e);
	close(fd);
	return r < 0 ? oci_err_prefix(e, "new layer") : 0;
}

/* ---- config and manifest ---- */

/* A JSON array member with one more element, from add(w). */
static void arr_plus(struct json_w *w, const char *key, const struct json *a,
		     void (*add)(struct json_w *w, const void *ctx), const void *ctx)
{
	size_t i;

	jw_arr(w, key);
	for (i = 0; a && i < a->len; i++)
		jw_value(w, NULL, &a->u.kids[i]);
	add(w, ctx);
	jw_close(w);
}

struct change {
	const struct layer *L;   /* NULL: no layer */
	const char *now;
	const char *cdigest;
	size_t csize;
};

static void add_diffid(struct json_w *w, const void *ctx)
{
	jw_str(w, NULL, ((const struct change *)ctx)->L->diffid);
}

static void add_history(struct json_w *w, const void *ctx)
{
	const struct change *c = ctx;

	jw_obj(w, NULL);
	jw_str(w, "created", c->now);
	jw_str(w, "created_by", CREATED_BY);
	if (!c->L)
		jw_bool(w, "empty_layer", 1);
	jw_close(w);
}

static void add_layer(struct json_w *w, const void *ctx)
{
	const struct layer *L = ((const struct change *)ctx)->L;

	jw_obj(w, NULL);
	jw_str(w, "mediaType", MT_LAYER_GZ);
	jw_str(w, "digest", L->digest);
	jw_u64(w, "size", L->size);
	jw_close(w);
}

static void no_add(struct json_w *w, const void *ctx)
{
	(void)w;
	(void)ctx;
}

static void rootfs_obj(struct json_w *w, const struct json *r, const struct change *c)
{
	size_t i;

	jw_obj(w, "rootfs");
	if (!json_get(r, "type"))
		jw_str(w, "type", "layers");
	for (i = 0; r && i < r->len; i++) {
		if (strcmp(r->u.kids[i].key, "diff_ids") == 0)
			arr_plus(w, "diff_ids", &r->u.kids[i], c->L ? add_diffid : no_add, c);
		else
			jw_value(w, r->u.kids[i].key, &r->u.kids[i]);
	}
	if (!json_get(r, "diff_ids"))
		arr_plus(w, "diff_ids", NULL, c->L ? add_diffid : no_add, c);
	jw_close(w);
}

/* The new config: created now, diff_ids and history one longer. */
static int new_config(const struct json *cfg, const struct change *c, char **buf, size_t *len,
		      struct bb_err *e)
{
	const struct json *r = json_get(cfg, "rootfs"), *h = json_get(cfg, "history");
	struct json_w w;
	size_t i;
	FILE *f;
	int ok;

	if ((r && json_want(r, JSON_OBJECT, "config: rootfs", e) < 0) ||
	    (json_get(r, "diff_ids") &&
	     json_want(json_get(r, "diff_ids"), JSON_ARRAY, "config: rootfs.diff_ids", e) < 0) ||
	    (h && json_want(h, JSON_ARRAY, "config: history", e) < 0))
		return -1;
	f = open_memstream(buf, len);
	if (!f)
		return bb_err_set(e, errno, "config");
	jw_init(&w, f, NULL);
	jw_obj(&w, NULL);
	if (!json_get(cfg, "created"))
		jw_str(&w, "created", c->now);
	for (i = 0; i < cfg->len; i++) {
		const struct json *v = &cfg->u.kids[i];

		if (strcmp(v->key, "created") == 0)
			jw_str(&w, "created", c->now);
		else if (strcmp(v->key, "rootfs") == 0)
			rootfs_obj(&w, v, c);
		else if (strcmp(v->key, "history") == 0)
			arr_plus(&w, "history", v, add_history, c);
		else
			jw_value(&w, v->key, v);
	}
	if (!r)
		rootfs_obj(&w, NULL, c);
	if (!h)
		arr_plus(&w, "history", NULL, add_history, c);
	jw_close(&w);
	ok = jw_end(&w) == 0;
	if (fclose(f) != 0 || !ok) {
		free(*buf);
		*buf = NULL;
		return bb_err_set(e, errno, "config: write");
	}
	return 0;
}

/* The new manifest: the new config, layers one longer. */
static int new_manifest(const struct json *man, const struct change *c, char **buf,
			size_t *len, struct bb_err *e)
{
	struct json_w w;
	size_t i;
	FILE *f = open_memstream(buf, len);
	int ok;

	if (!f)
		return bb_err_set(e, errno, "manifest");
	jw_init(&w, f, NULL);
	jw_obj(&w, NULL);
	for (i = 0; i < man->len; i++) {
		const struct json *v = &man->u.kids[i];

		if (strcmp(v->key, "config") == 0) {
			jw_obj(&w, "config");
			jw_str(&w, "mediaType", MT_CONFIG);
			jw_str(&w, "digest", c->cdigest);
			jw_u64(&w, "size", c->csize);
			jw_close(&w);
		} else if (strcmp(v->key, "layers") == 0) {
			arr_plus(&w, "layers", v, c->L ? add_layer : no_add, c);
		} else {
			jw_value(&w, v->key, v);
		}
	}
	jw_close(&w);
	ok = jw_end(&w) == 0;
	if (fclose(f) != 0 || !ok) {
		free(*buf);
		*buf = NULL;
		return bb_err_set(e, errno, "manifest: write");
	}
	return 0;
}

/* ---- repack ---- */

struct repack {
	struct oci_mt old, now;
	struct json_doc desc, man, cfg;
	struct oci_blobs b;
	int rootfd;
};

/* The record, and the image it names from layout (verified). */
static int load_base(struct repack *p, const char *layout, const char *bundle, struct bb_err *e)
{
	char *path, *text, *js;
	size_t len;
	int r;

	if (oci_layout_open(layout, &p->desc, e) < 0)
		return -1;
	json_doc_free(&p->desc);
	p->desc.root = NULL;
	path = path_join(bundle, OCI_MTREE_FILE);
	text = read_file(path, RECORD_MAX, &len);
	if (!text) {
		r = errno == ENOENT
			? bb_err_set(e, 0, "bundle %s: no %s: not unpacked by `ctbox oci-image "
				     "unpack`", bundle, OCI_MTREE_FILE)
			: bb_err_set(e, errno, "%s", path);
		free(path);
		return r;
	}
	r = oci_mt_parse(text, len, path, &p->old, e);
	free(text);
	free(path);
	if (r < 0)
		return -1;
	js = xasprintf("{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%llu}", MT_MANIFEST,
		       p->old.manifest, p->old.manifest_size);
	r = json_parse(&p->desc, "record", js, strlen(js), 4096, e);
	free(js);
	if (r < 0) {
		p->desc.root = NULL;
		return -1;
	}
	if (oci_blob_json(layout, p->desc.root, "manifest", &p->man, e) < 0) {
		p->man.root = NULL;
		return oci_err_prefix(e, "the bundle's image");
	}
	if (json_want(json_get(p->man.root, "layers"), JSON_ARRAY, "manifest: layers", e) < 0)
		return -1;
	if (oci_blob_json(layout, json_get(p->man.root, "config"), "config", &p->cfg, e) < 0) {
		p->cfg.root = NULL;
		return oci_err_prefix(e, "the bundle's image");
	}
	return 0;
}

static int repack(struct repack *p, const char *layout, const char *tag, const char *bundle,
		  size_t *sockets, volatile int *stop, struct bb_err *e)
{
	struct layer L;
	struct change c = { NULL, NULL, NULL, 0 };
	char now[32], mdigest[72], cdigest[72], *buf = NULL, *tmp;
	size_t len = 0, msize;
	int r;

	if (load_base(p, layout, bundle, e) < 0)
		return -1;
	p->rootfd = open_rootfs(bundle, e);
	if (p->rootfd < 0 || oci_mt_walk(p->rootfd, &p->now, stop, e) < 0)
		return -1;
	oci_now(now);
	c.now = now;
	if (oci_mt_diff(&p->old, &p->now)) {
		size_t i;

		for (i = 0; i < p->now.n; i++)
			*sockets += p->now.v[i].type == 's' && (p->now.v[i].flags & OCI_MT_CHANGED);
		if (make_layer(&p->b, p->rootfd, &p->old, &p->now, &L, stop, e) < 0)
			return -1;
		c.L = &L;
	}
	if (new_config(p->cfg.root, &c, &buf, &len, e) < 0)
		return -1;
	r = oci_blob_put(&p->b, buf, len, cdigest, e);
	free(buf);
	buf = NULL;
	if (r < 0)
		return -1;
	c.cdigest = cdigest;
	c.csize = len;
	if (new_manifest(p->man.root, &c, &buf, &len, e) < 0)
		return -1;
	r = oci_blob_put(&p->b, buf, len, mdigest, e);
	free(buf);
	msize = len;
	if (r < 0)
		return -1;
	/* The record for the next repack is ready before the tag moves. */
	free(p->now.layout);
	free(p->now.tag);
	free(p->now.manifest);
	p->now.layout = xstrdup(layout);
	p->now.tag = xstrdup(tag);
	p->now.manifest = xstrdup(mdigest);
	p->now.manifest_size = msize;
	if (record_tmp(bundle, &p->now, &tmp, e) < 0)
		return -1;
	if ((stop && *stop && bb_err_set(e, EINTR, "interrupted") < 0) ||
	    oci_index_set(layout, tag, mdigest, msize, e) < 0) {
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (record_commit(bundle, tmp, e) < 0)
		return 1;  /* tagged: the blobs stay */
	return 0;
}

int oci_image_repack(const char *layout, const char *tag, const char *bundle,
		     size_t *sockets, volatile int *stop, struct bb_err *e)
{
	struct repack p;
	int r;

	*sockets = 0;
	memset(&p, 0, sizeof(p));
	p.rootfd = -1;
	if (oci_tag_check(tag, e) < 0)
		return -1;
	oci_blobs_init(&p.b, layout);
	r = repack(&p, layout, tag, bundle, sockets, stop, e);
	oci_blobs_done(&p.b, r < 0);
	if (p.rootfd >= 0)
		close(p.rootfd);
	oci_mt_free(&p.old);
	oci_mt_free(&p.now);
	if (p.cfg.root)
		json_doc_free(&p.cfg);
	if (p.man.root)
		json_doc_free(&p.man);
	if (p.desc.root)
		json_doc_free(&p.desc);
	return r ? -1 : 0;
}
