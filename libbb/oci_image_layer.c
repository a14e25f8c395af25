/* OCI image blobs: open one verified against its descriptor (size and
 * SHA-256, before anything uses it), parse a JSON blob, and apply a layer
 * with its whiteouts (whiteouts hide only what lower layers made: they
 * are gathered in a first pass over the layer and applied before its
 * members are extracted in a second). */
#include <bearssl_hash.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "oci_image.h"
#include "tar.h"
#include "unz.h"

struct media {
	const char *type;
	int kind;              /* enum unz_kind, -1: refused */
};

static const struct media layer_types[] = {
	{ "application/vnd.oci.image.layer.v1.tar", UNZ_PLAIN },
	{ "application/vnd.oci.image.layer.v1.tar+gzip", UNZ_GZIP },
	{ "application/vnd.oci.image.layer.nondistributable.v1.tar", UNZ_PLAIN },
	{ "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", UNZ_GZIP },
	{ "application/vnd.docker.image.rootfs.diff.tar.gzip", UNZ_GZIP },
	{ "application/vnd.oci.image.layer.v1.tar+zstd", UNZ_ZSTD },
	{ "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd", UNZ_ZSTD },
};

/* Open the blob desc names (what: for messages) and check it: the fd, or
 * -1 with e. */
static int blob_open(const char *layout, const struct json *desc, const char *what,
		     unsigned long long *size, struct bb_err *e)
{
	const char *digest;
	uint64_t want;
	unsigned char sum[32], buf[65536];
	char hex[65], *path;
	br_sha256_context c;
	struct stat st;
	unsigned long long left;
	ssize_t n;
	int fd, i;

	if (json_want(desc, JSON_OBJECT, what, e) < 0)
		return -1;
	if (json_str(json_get(desc, "digest"), "digest", &digest, e) < 0 ||
	    json_u64(json_get(desc, "size"), "size", UINT64_MAX, &want, e) < 0) {
		return oci_err_prefix(e, what);
	}
	if (oci_digest_check(digest, e) < 0)
		return oci_err_prefix(e, what);
	path = xasprintf("%s/blobs/sha256/%s", layout, digest + 7);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return bb_err_set(e, errno, "blob %s (%s)", digest, what);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		bb_err_set(e, errno, "blob %s (%s): not a regular file", digest, what);
		goto fail;
	}
	if ((unsigned long long)st.st_size != want) {
		bb_err_set(e, 0, "blob %s (%s): size %lld, expected %llu", digest, what,
			   (long long)st.st_size, (unsigned long long)want);
		goto fail;
	}
	br_sha256_init(&c);
	for (left = want; left; left -= (unsigned long long)n) {
		n = pread(fd, buf, left < sizeof(buf) ? left : sizeof(buf),
			  (off_t)(want - left));
		if (n <= 0) {
			bb_err_set(e, n < 0 ? errno : 0, "blob %s (%s): read", digest, what);
			goto fail;
		}
		br_sha256_update(&c, buf, (size_t)n);
	}
	br_sha256_out(&c, sum);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	if (strcmp(hex, digest + 7) != 0) {
		bb_err_set(e, 0, "blob %s (%s): digest mismatch (content is sha256:%s)",
			   digest, what, hex);
		goto fail;
	}
	*size = want;
	return fd;
fail:
	close(fd);
	return -1;
}

int oci_blob_json(const char *layout, const struct json *desc, const char *what,
		  struct json_doc *d, struct bb_err *e)
{
	unsigned long long size;
	char *buf, *name;
	ssize_t n;
	int fd = blob_open(layout, desc, what, &size, e), r;

	if (fd < 0)
		return -1;
	if (size > OCI_IMAGE_JSON_MAX) {
		close(fd);
		return bb_err_set(e, 0, "%s: larger than %d bytes", what, OCI_IMAGE_JSON_MAX);
	}
	buf = xmalloc(size + 1);
	n = pread(fd, buf, size, 0);
	close(fd);
	if (n != (ssize_t)size) {
		free(buf);
		return bb_err_set(e, errno, "%s: read", what);
	}
	name = xstrdup(what);
	r = json_parse(d, name, buf, size, OCI_IMAGE_JSON_MAX, e);
	free(name);
	free(buf);
	if (r == 0 && json_want(d->root, JSON_OBJECT, what, e) < 0) {
		json_doc_free(d);
		return -1;
	}
	return r;
}

/* ---- layers ---- */

static int wh_collect(void *ctx, const struct tar_entry *ent, struct bb_err *e)
{
	struct bb_strlist *l = ctx;  /* member paths of whiteouts */
	const char *target, *why = NULL;
	size_t dirlen;

	switch (oci_wh_classify(ent->name, &target, &dirlen, &why)) {
	case OCI_WH_NONE:
		return 0;
	case OCI_WH_BAD:
		return bb_err_set(e, 0, "%s: %s", ent->name, why);
	default:
		bb_strlist_add(l, xstrdup(ent->name));
		return TAR_ENTRY_SKIP;
	}
}

static int wh_skip(void *ctx, const struct tar_entry *ent, struct bb_err *e)
{
	const char *target, *why;
	size_t dirlen;

	return oci_wh_classify(ent->name, &target, &dirlen, &why) == OCI_WH_NONE ? 0
		: TAR_ENTRY_SKIP;
}

/* Apply one whiteout (a member path) under rootfd. */
static int wh_apply(int rootfd, const char *name, struct bb_err *e)
{
	const char *target, *why;
	size_t dirlen;
	enum oci_wh k = oci_wh_classify(name, &target, &dirlen, &why);
	char *dir = xstrdup(name);
	int fd, r;

	dir[dirlen] = '\0';
	fd = tar_open_dir(rootfd, dirlen ? dir : ".", TAR_DIR_IN_ROOT);
	free(dir);
	if (fd < 0)  /* nothing below to hide */
		return errno == ENOENT || errno == ENOTDIR ? 0
			: bb_err_set(e, errno, "%s: open its directory", name);
	if (k == OCI_WH_OPAQUE) {
		r = oci_rm_contents(fd, e);
	} else {
		r = oci_rm_at(fd, target, e);
		close(fd);
	}
	return r < 0 ? oci_err_prefix(e, name) : 0;
}

/* One pass over the layer: the verified size bytes of fd only. */
static int layer_pass(int fd, unsigned long long size, int kind, const char *what, int rootfd,
		      const struct tar_opts *o, struct bb_err *e)
{
	struct unz *u = unz_open(fd, 0, size, (enum unz_kind)kind, what, e);
	int r;

	if (!u)
		return -1;
	r = tar_extract_opts(rootfd, unz_read, u, o, NULL, e);
	unz_close(u);
	return r;
}

int oci_layer_apply(const char *layout, const struct json *desc, size_t index, int rootfd,
		    volatile int *stop, struct bb_err *e)
{
	char what[48];
	const char *mt;
	const struct media *m = NULL;
	struct bb_strlist wh;
	struct tar_opts o = { 0 };
	unsigned long long size;
	size_t i;
	int fd, r = -1;

	memset(&wh, 0, sizeof(wh));
	snprintf(what, sizeof(what), "layers[%zu]", index);
	if (json_str(json_get(desc, "mediaType"), "mediaType", &mt, e) < 0)
		return oci_err_prefix(e, what);
	for (i = 0; i < ARRAY_SIZE(layer_types); i++)
		if (strcmp(layer_types[i].type, mt) == 0)
			m = &layer_types[i];
	if (!m || m->kind < 0)
		return bb_err_set(e, 0, "%s: media type %s is not supported", what, mt);
	fd = blob_open(layout, desc, what, &size, e);
	if (fd < 0)
		return -1;
	o.stop = stop;
	o.entry = wh_collect;
	o.ctx = &wh;
	if (layer_pass(fd, size, m->kind, what, -1, &o, e) < 0)
		goto out;
	for (i = 0; i < wh.n; i++)
		if (wh_apply(rootfd, wh.v[i], e) < 0)
			goto out;
	o.entry = wh_skip;
	o.flags = TAR_IN_ROOT | (geteuid() ? TAR_NO_OWNER | TAR_SKIP_DEVICES : 0);
	r = layer_pass(fd, size, m->kind, what, rootfd, &o, e);
out:
	if (r < 0 && strncmp(e->msg, what, strlen(what)) != 0)
		oci_err_prefix(e, what);
	for (i = 0; i < wh.n; i++)
		free((char *)wh.v[i]);
	bb_strlist_free(&wh);
	close(fd);
	return r;
}
