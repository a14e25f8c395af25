/* Writing to an OCI image layout (oci_image_mtree.h): blobs through a
 * temporary file renamed to their digest, index.json replaced by rename,
 * and `oci-image new`, an empty image. */
#include <bearssl_hash.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "oci_image.h"
#include "oci_image_mtree.h"

#define REF_NAME "org.opencontainers.image.ref.name"
#define MT_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_CONFIG "application/vnd.oci.image.config.v1+json"

/* The build's architecture in Go's naming, as image configs spell it. */
#if defined(__x86_64__)
#define GO_ARCH "amd64"
#elif defined(__aarch64__)
#define GO_ARCH "arm64"
#elif defined(__arm__)
#define GO_ARCH "arm"
#elif defined(__i386__)
#define GO_ARCH "386"
#elif defined(__riscv) && __riscv_xlen == 64
#define GO_ARCH "riscv64"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define GO_ARCH "ppc64le"
#elif defined(__s390x__)
#define GO_ARCH "s390x"
#else
#error "no Go architecture name for this target: add it here"
#endif

void oci_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int oci_tag_check(const char *tag, struct bb_err *e)
{
	size_t i, n = strlen(tag);

	for (i = 0; i < n; i++) {
		char c = tag[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || (i && (c == '.' || c == '-'))))
			break;
	}
	if (!n || i < n || n > 128)
		return bb_err_set(e, 0, "tag '%s': not a valid tag (1 to 128 letters, digits, "
				  "'_', '.' and '-', not starting with '.' or '-')", tag);
	return 0;
}

/* ---- blobs ---- */

void oci_blobs_init(struct oci_blobs *b, const char *layout)
{
	memset(b, 0, sizeof(*b));
	b->dir = xasprintf("%s/blobs/sha256", layout);
}

int oci_blob_tmp(struct oci_blobs *b, char **tmp, struct bb_err *e)
{
	int fd;

	*tmp = xasprintf("%s/.ctbox-tmp-XXXXXX", b->dir);
	fd = mkostemp(*tmp, O_CLOEXEC);
	if (fd < 0) {
		bb_err_set(e, errno, "%s: temporary blob", b->dir);
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

int oci_blob_commit(struct oci_blobs *b, char *tmp, const char *hex, struct bb_err *e)
{
	char *path = xasprintf("%s/%s", b->dir, hex);
	int existed = access(path, F_OK) == 0;

	/* An existing blob of that digest is replaced by the same bytes (a
	 * damaged one is repaired), but it is not ours to remove on undo. */
	if (chmod(tmp, 0644) < 0 || rename(tmp, path) < 0) {
		bb_err_set(e, errno, "blob sha256:%s", hex);
		unlink(tmp);
		free(tmp);
		free(path);
		return -1;
	}
	free(tmp);
	if (existed)
		free(path);
	else
		bb_strlist_add(&b->made, path);
	return 0;
}

int oci_blob_put(struct oci_blobs *b, const void *buf, size_t len, char digest[72],
		 struct bb_err *e)
{
	unsigned char sum[32];
	br_sha256_context c;
	char hex[65], *tmp;
	int fd = oci_blob_tmp(b, &tmp, e);

	if (fd < 0)
		return -1;
	if (full_write(fd, buf, len) < 0 || fsync(fd) < 0) {
		bb_err_set(e, errno, "%s: write", tmp);
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	close(fd);
	br_sha256_init(&c);
	br_sha256_update(&c, buf, len);
	br_sha256_out(&c, sum);
	oci_hex(sum, hex);
	snprintf(digest, 72, "sha256:%s", hex);
	return oci_blob_commit(b, tmp, hex, e);
}

void oci_blobs_done(struct oci_blobs *b, int undo)
{
	size_t i;

	for (i = 0; i < b->made.n; i++) {
		if (undo)
			unlink(b->made.v[i]);
		free((char *)b->made.v[i]);
	}
	bb_strlist_free(&b->made);
	free(b->dir);
	b->dir = NULL;
}

/* ---- index.json ---- */

static const char *tag_of(const struct json *m)
{
	const struct json *t = json_get(json_get(m, "annotations"), REF_NAME);

	return t && t->type == JSON_STRING && strlen(t->u.s) == t->len ? t->u.s : NULL;
}

int oci_index_get(const char *layout, const char *tag, char **digest,
		  unsigned long long *size, struct bb_err *e)
{
	struct json_doc idx;
	const struct json *ms;
	const char *d;
	uint64_t n;
	size_t i;
	int r = -1;

	if (oci_layout_open(layout, &idx, e) < 0)
		return -1;
	ms = json_get(idx.root, "manifests");
	for (i = 0; i < ms->len; i++) {
		const char *t = tag_of(&ms->u.kids[i]);

		if (!t || strcmp(t, tag) != 0)
			continue;
		if (json_str(json_get(&ms->u.kids[i], "digest"), "index.json: digest", &d, e) == 0 &&
		    json_u64(json_get(&ms->u.kids[i], "size"), "index.json: size", UINT64_MAX, &n,
			     e) == 0 && oci_digest_check(d, e) == 0) {
			*digest = xstrdup(d);
			*size = n;
			r = 0;
		}
		json_doc_free(&idx);
		return r;
	}
	json_doc_free(&idx);
	return bb_err_set(e, 0, "%s: no image tagged '%s'", layout, tag);
}

/* buf (len bytes) as dir/name, through a temporary file and rename. */
static int replace_file(const char *dir, const char *name, const char *buf, size_t len,
			struct bb_err *e)
{
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, name), *path = path_join(dir, name);
	int fd = mkostemp(tmp, O_CLOEXEC), r = 0;

	if (fd < 0) {
		r = bb_err_set(e, errno, "%s: temporary file", path);
	} else {
		if (full_write(fd, buf, len) < 0 || fsync(fd) < 0 || fchmod(fd, 0644) < 0)
			r = bb_err_set(e, errno, "%s: write", tmp);
		if (close(fd) < 0 && r == 0)
			r = bb_err_set(e, errno, "%s: write", tmp);
		if (r == 0 && rename(tmp, path) < 0)
			r = bb_err_set(e, errno, "%s", path);
		if (r < 0)
			unlink(tmp);
	}
	free(tmp);
	free(path);
	return r;
}

int oci_index_set(const char *layout, const char *tag, const char *digest,
		  unsigned long long size, struct bb_err *e)
{
	struct json_doc idx;
	struct json_w w;
	char *buf = NULL;
	size_t len = 0, i, j;
	FILE *f;
	int r;

	if (oci_layout_open(layout, &idx, e) < 0)
		return -1;
	f = open_memstream(&buf, &len);
	if (!f) {
		json_doc_free(&idx);
		return bb_err_set(e, errno, "index.json");
	}
	jw_init(&w, f, NULL);
	jw_obj(&w, NULL);
	for (i = 0; i < idx.root->len; i++) {
		const struct json *v = &idx.root->u.kids[i];

		if (strcmp(v->key, "manifests") != 0) {
			jw_value(&w, v->key, v);
			continue;
		}
		jw_arr(&w, "manifests");
		for (j = 0; j < v->len; j++) {
			const char *t = tag_of(&v->u.kids[j]);

			/* the tag moves here, as umoci does */
			if (!t || strcmp(t, tag) != 0)
				jw_value(&w, NULL, &v->u.kids[j]);
		}
		jw_obj(&w, NULL);
		jw_str(&w, "mediaType", MT_MANIFEST);
		jw_str(&w, "digest", digest);
		jw_u64(&w, "size", size);
		jw_obj(&w, "annotations");
		jw_str(&w, REF_NAME, tag);
		jw_close(&w);
		jw_close(&w);
		jw_close(&w);
	}
	jw_close(&w);
	fputc('\n', f);
	r = jw_end(&w);
	json_doc_free(&idx);
	if (fclose(f) != 0 || r < 0) {
		free(buf);
		return bb_err_set(e, errno, "%s/index.json: write", layout);
	}
	r = replace_file(layout, "index.json", buf, len, e);
	free(buf);
	return r;
}

/* ---- new ---- */

/* The config and manifest of an empty image as blobs; the manifest's
 * digest and size out. */
static int empty_image(struct oci_blobs *b, char mdigest[72], size_t *msize, struct bb_err *e)
{
	char now[32], cdigest[72], *buf = NULL;
	size_t len = 0, clen = 0;
	struct json_w w;
	FILE *f;
	int r, pass;

	oci_now(now);
	for (pass = 0; pass < 2; pass++) {
		f = open_memstream(&buf, &len);
		if (!f)
			return bb_err_set(e, errno, "image config");
		jw_init(&w, f, NULL);
		jw_obj(&w, NULL);
		if (pass == 0) {
			jw_str(&w, "created", now);
			jw_str(&w, "architecture", GO_ARCH);
			jw_str(&w, "os", "linux");
			jw_obj(&w, "config");
			jw_close(&w);
			jw_obj(&w, "rootfs");
			jw_str(&w, "type", "layers");
			jw_arr(&w, "diff_ids");
			jw_close(&w);
			jw_close(&w);
			jw_arr(&w, "history");
			jw_close(&w);
		} else {
			jw_u64(&w, "schemaVersion", 2);
			jw_str(&w, "mediaType", MT_MANIFEST);
			jw_obj(&w, "config");
			jw_str(&w, "mediaType", MT_CONFIG);
			jw_str(&w, "digest", cdigest);
			jw_u64(&w, "size", clen);
			jw_close(&w);
			jw_arr(&w, "layers");
			jw_close(&w);
		}
		jw_close(&w);
		r = jw_end(&w);
		if (fclose(f) != 0 || r < 0) {
			free(buf);
			return bb_err_set(e, errno, pass ? "image manifest" : "image config");
		}
		r = oci_blob_put(b, buf, len, pass ? mdigest : cdigest, e);
		*(pass ? msize : &clen) = len;
		free(buf);
		buf = NULL;
		if (r < 0)
			return -1;
	}
	return 0;
}

int oci_image_new(const char *layout, const char *tag, struct bb_err *e)
{
	struct oci_blobs b;
	struct json_doc idx;
	char digest[72];
	size_t size;
	int r;

	if (oci_tag_check(tag, e) < 0 || oci_layout_open(layout, &idx, e) < 0)
		return -1;
	json_doc_free(&idx);
	oci_blobs_init(&b, layout);
	r = empty_image(&b, digest, &size, e);
	if (r == 0)
		r = oci_index_set(layout, tag, digest, size, e);
	oci_blobs_done(&b, r < 0);
	return r;
}
