/* Unit tests of the OCI image support (libbb/oci_image*.c): whiteout
 * names, image references, digests, removing a tree; a layout built here
 * (two gzip layers written by tar_write_tree, with a whiteout and an
 * opaque directory) unpacks, and its config.json parses and translates as
 * `ctbox oci` reads it; a wrong size, a wrong digest and a missing tag
 * fail by name and leave no bundle. */
#include <bearssl_hash.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "oci_image.h"
#include "oci_spec.h"
#include "tap.h"
#include "tar_write.h"

static void test_wh(void)
{
	static const struct {
		const char *name;
		enum oci_wh k;
		const char *target;
		size_t dirlen;
	} t[] = {
		{ "a/b", OCI_WH_NONE, NULL, 1 },
		{ "", OCI_WH_NONE, NULL, 0 },
		{ "x.wh.y", OCI_WH_NONE, NULL, 0 },
		{ ".wh.x", OCI_WH_FILE, "x", 0 },
		{ "d/e/.wh.f", OCI_WH_FILE, "f", 3 },
		{ "d/.wh..wh..opq", OCI_WH_OPAQUE, NULL, 1 },
		{ ".wh..wh..opq", OCI_WH_OPAQUE, NULL, 0 },
		{ ".wh.", OCI_WH_BAD, NULL, 0 },
		{ ".wh..", OCI_WH_BAD, NULL, 0 },
		{ "d/.wh...", OCI_WH_BAD, NULL, 1 },
		{ "d/.wh..wh.plnk", OCI_WH_BAD, NULL, 1 },
	};
	size_t i, dirlen;
	const char *target, *why;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		enum oci_wh k = oci_wh_classify(t[i].name, &target, &dirlen, &why);

		ok(k == t[i].k && dirlen == t[i].dirlen &&
		   (t[i].target ? target && strcmp(target, t[i].target) == 0 : !target),
		   "whiteout '%s'", t[i].name);
	}
}

static void test_ref(void)
{
	static const char *const t[][3] = {
		{ "img", "img", "latest" }, { "img:v1", "img", "v1" },
		{ "a:b/c", "a:b/c", "latest" }, { "img:", "img", "latest" },
		{ "/x/y:z:1.0", "/x/y:z", "1.0" },
	};
	size_t i;
	const char *tag;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char *s = xstrdup(t[i][0]);

		oci_image_ref(s, &tag);
		ok(strcmp(s, t[i][1]) == 0 && strcmp(tag, t[i][2]) == 0, "ref '%s'", t[i][0]);
		free(s);
	}
}

static void test_digest(void)
{
	struct bb_err e;
	char good[80] = "sha256:";

	memset(good + 7, 'a', 64);
	good[71] = '\0';
	ok(oci_digest_check(good, &e) == 0, "digest: sha256 and 64 hex digits");
	good[8] = 'A';
	ok(oci_digest_check(good, &e) < 0 && strstr(e.msg, "lowercase"), "digest: uppercase refused");
	ok(oci_digest_check("sha256:abc", &e) < 0, "digest: short refused");
	ok(oci_digest_check("sha512:abc", &e) < 0 && strstr(e.msg, "only sha256"),
	   "digest: other algorithm refused");
}

static char *D;  /* the test's directory */

static char *at(const char *name)
{
	return xasprintf("%s/%s", D, name);
}

static void put(const char *name, const char *text)
{
	char *p = at(name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd) < 0)
		diag("can't write %s", p);
	free(p);
}

static void mk(const char *name)
{
	char *p = at(name);

	mkdir(p, 0755);
	free(p);
}

/* Store the file at name as a blob: its descriptor (mediaType mt), with
 * size + delta. */
static char *blob(const char *name, const char *mt, int delta)
{
	char *p = at(name), *buf, hex[65], *dst, *desc;
	size_t len, i;
	unsigned char sum[32];
	br_sha256_context c;

	buf = read_file(p, 1 << 24, &len);
	free(p);
	if (!buf)
		return xstrdup("{}");
	br_sha256_init(&c);
	br_sha256_update(&c, buf, len);
	br_sha256_out(&c, sum);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	dst = xasprintf("%s/img/blobs/sha256/%s", D, hex);
	p = at(name);
	rename(p, dst);
	free(p);
	free(dst);
	free(buf);
	desc = xasprintf("{\"mediaType\":\"%s\",\"digest\":\"sha256:%s\",\"size\":%zu}", mt, hex,
			 len + (size_t)delta);
	return desc;
}

static char *layer(const char *tree)
{
	struct bb_err e;
	char *p = at(tree), *out = xasprintf("%s.tar.gz", p);
	int dfd = open(p, O_RDONLY | O_DIRECTORY), ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	char *name = xasprintf("%s.tar.gz", tree), *d;

	if (tar_write_tree(dfd, ofd, TARW_GZIP | TARW_NUMERIC_ONLY, NULL, &e) < 0)
		diag("tar_write_tree: %s", e.msg);
	close(dfd);
	close(ofd);
	d = blob(name, "application/vnd.oci.image.layer.v1.tar+gzip", 0);
	free(p);
	free(out);
	free(name);
	return d;
}

/* A layout in D/img whose config blob's descriptor is off by delta
 * bytes (corrupt: a layer's content changed after hashing). */
static void build(int delta, int corrupt)
{
	char *l1, *l2, *cfg, *man, *idx, *p;
	int r = system(p = xasprintf("rm -rf '%s'/img '%s'/l1 '%s'/l2", D, D, D));

	free(p);
	(void)r;
	mk("img"), mk("img/blobs"), mk("img/blobs/sha256");
	mk("l1"), mk("l1/etc"), mk("l1/opq");
	put("l1/etc/hello", "one\n"), put("l1/gone", "x"), put("l1/opq/old", "o");
	mk("l2"), mk("l2/opq");
	put("l2/.wh.gone", ""), put("l2/opq/.wh..wh..opq", ""), put("l2/opq/new", "n");
	l1 = layer("l1");
	l2 = layer("l2");
	if (corrupt) {
		const char *h = strstr(l2, "sha256:") + 7;
		char *bp = xasprintf("%s/img/blobs/sha256/%.64s", D, h);
		int fd = open(bp, O_WRONLY);

		if (fd < 0 || pwrite(fd, "\x00", 1, 20) != 1)
			diag("can't corrupt %s", bp);
		close(fd);
		free(bp);
	}
	put("cfg", "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{"
	    "\"Cmd\":[\"/bin/sh\",\"-c\",\"true\"],\"Env\":[\"A=1\"],\"User\":\"7\"}}");
	cfg = blob("cfg", "application/vnd.oci.image.config.v1+json", delta);
	p = xasprintf("{\"schemaVersion\":2,\"config\":%s,\"layers\":[%s,%s]}", cfg, l1, l2);
	put("man", p);
	free(p);
	man = blob("man", "application/vnd.oci.image.manifest.v1+json", 0);
	man[strlen(man) - 1] = '\0';
	idx = xasprintf("{\"schemaVersion\":2,\"manifests\":[%s,\"annotations\":"
			"{\"org.opencontainers.image.ref.name\":\"latest\"}}]}", man);
	put("img/index.json", idx);
	put("img/oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
	free(l1), free(l2), free(cfg), free(man), free(idx);
}

static int exists(const char *name)
{
	char *p = at(name);
	struct stat st;
	int r = lstat(p, &st) == 0;

	free(p);
	return r;
}

static void test_unpack(void)
{
	struct bb_err e;
	char *img = at("img"), *b = at("b"), *cj = at("b/config.json");
	struct oci_spec *s;
	struct lxc_conf *c;

	e.msg[0] = '\0';
	build(0, 0);
	ok(oci_image_unpack(img, "latest", b, 0, NULL, &e) == 0, "unpack (%s)", e.msg);
	ok(exists("b/rootfs/etc/hello") && exists("b/rootfs/opq/new"), "layers applied");
	ok(!exists("b/rootfs/gone") && !exists("b/rootfs/opq/old") &&
	   !exists("b/rootfs/.wh.gone") && !exists("b/rootfs/opq/.wh..wh..opq"),
	   "whiteout and opaque directory applied");
	s = oci_spec_load(cj, &e);
	ok(s && s->process && s->process->args.n == 3 &&
	   strcmp(s->process->args.v[2], "true") == 0 && s->process->user.uid.v == 7 &&
	   s->process->env.n == 2 && strcmp(s->process->cwd, "/") == 0 &&
	   s->process->terminal.set && !s->process->terminal.v,
	   "config.json parses with the image's process (%s)", s ? "" : e.msg);
	if (s) {
		c = conf_new();
		ok(oci_conf(c, s, b, OCI_X_ALL, NULL, &e) == 0, "and translates (%s)", e.msg);
		conf_free(c);
		oci_spec_free(s);
	} else {
		ok(0, "and translates");
	}
	ok(oci_rm_at(AT_FDCWD, b, &e) == 0 && !exists("b"), "oci_rm_at removes the bundle");

	ok(oci_image_unpack(img, "v2", b, 0, NULL, &e) < 0 && strstr(e.msg, "tags: latest") && !exists("b"),
	   "missing tag: %s", e.msg);
	build(3, 0);
	ok(oci_image_unpack(img, "latest", b, 0, NULL, &e) < 0 && strstr(e.msg, "(config): size") &&
	   !exists("b"), "size mismatch: %s", e.msg);
	build(0, 1);
	ok(oci_image_unpack(img, "latest", b, 0, NULL, &e) < 0 && strstr(e.msg, "digest mismatch") &&
	   !exists("b"), "digest mismatch: %s", e.msg);
	free(img), free(b), free(cj);
}

int main(void)
{
	char tmpl[] = "/tmp/oci-image-unit.XXXXXX";
	char *p;
	int r;

	plan(11 + 5 + 4 + 9);
	test_wh();
	test_ref();
	test_digest();
	D = mkdtemp(tmpl);
	if (!D)
		plan_skip_all("no temporary directory");
	test_unpack();
	r = system(p = xasprintf("rm -rf '%s'", D));
	(void)r;
	free(p);
	return done_testing();
}
