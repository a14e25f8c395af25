/* Unit tests of `oci-image new` and `repack` (libbb/oci_image_mtree.c,
 * oci_image_new.c, oci_image_repack.c): the record's escaping (odd names
 * with spaces, newlines, backslashes, a leading '-', bytes past 0x7e)
 * round-trips and malformed records are refused by line; a tree walked,
 * written and parsed back is the same, entry for entry, and compares
 * unchanged; changes (content, mode, a symlink's target, a removed
 * directory, a file turned directory, a new file) are found with one
 * whiteout per removed top; a new image and a repacked one are checked
 * blob by blob (digests, the gzip layer's diff_id and its members); the
 * tar writer's members one by one (a directory alone, a whiteout, owners
 * written as root's). */
#include <bearssl_hash.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "oci_image.h"
#include "oci_image_mtree.h"
#include "tap.h"
#include "tar.h"
#include "tar_write.h"
#include "unz.h"

static char base[64];

static char *at(const char *rel)
{
	static char buf[4][4096];
	static int n;
	char *p = buf[n++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", base, rel);
	return p;
}

static void wr(const char *rel, const char *text)
{
	FILE *f = fopen(at(rel), "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		diag("can't write %s: %s", rel, strerror(errno));
}

static void sh(const char *cmd)
{
	char *c = xasprintf("cd '%s' && %s", base, cmd);

	if (system(c) != 0)
		diag("failed: %s", cmd);
	free(c);
}

/* ---- escaping ---- */

static void test_escape(void)
{
	static const char *const names[] = {
		"./plain", "./a b", "./new\nline", "./back\\slash", "./tab\there", "-lead",
		"./utf8-\xc3\xa9", "./del\x7f", "./high\xff", "./trail ",
	};
	static const char *const bad[] = {
		"a b", "\\", "\\12", "\\400", "\\000", "-x", "\\08x", "a\\", "\xc3\xa9",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		char *buf = NULL, *back;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		oci_mt_esc(f, names[i]);
		fclose(f);
		back = oci_mt_unesc(buf, len);
		ok(!strpbrk(buf, " \n\t") && buf[0] != '-' && back && strcmp(back, names[i]) == 0,
		   "escape round trip %zu (%s)", i, buf);
		free(back);
		free(buf);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char *r = oci_mt_unesc(bad[i], strlen(bad[i]));

		ok(!r, "unescape refuses bad field %zu", i);
		free(r);
	}
}

/* ---- records ---- */

static void make_tree(void)
{
	sh("mkdir -p rootfs/etc rootfs/d/sub rootfs/keep && chmod 0750 rootfs/keep");
	wr("rootfs/etc/hello", "hello\n");
	wr("rootfs/d/sub/f", "f\n");
	wr("rootfs/keep/same", "same\n");
	wr("rootfs/turn", "a file, then a directory\n");
	wr("rootfs/odd name\nwith newline", "odd\n");
	wr("rootfs/-dash", "dash\n");
	sh("ln -s etc/hello rootfs/link && ln rootfs/etc/hello rootfs/hard && "
	   "mkfifo rootfs/fifo && touch -d @1000000000 rootfs/keep/same");
}

static int same_ent(const struct oci_mt_ent *a, const struct oci_mt_ent *b)
{
	return strcmp(a->path, b->path) == 0 && a->type == b->type && a->mode == b->mode &&
	       a->uid == b->uid && a->gid == b->gid && a->size == b->size && a->sec == b->sec &&
	       a->nsec == b->nsec && !a->link == !b->link &&
	       (!a->link || strcmp(a->link, b->link) == 0) && memcmp(a->sha, b->sha, 32) == 0;
}

static struct oci_mt_ent *ent(struct oci_mt *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->v[i].path, path) == 0)
			return &m->v[i];
	return NULL;
}

static int walk(struct oci_mt *m)
{
	struct bb_err e;
	int fd = open(at("rootfs"), O_RDONLY | O_DIRECTORY), r;

	memset(m, 0, sizeof(*m));
	r = oci_mt_walk(fd, m, NULL, &e);
	if (r < 0)
		diag("walk: %s", e.msg);
	close(fd);
	return r;
}

static char *text_of(struct oci_mt *m, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	m->layout = xstrdup("lay out");
	m->tag = xstrdup("v1");
	m->manifest = xasprintf("sha256:%064d", 0);
	m->manifest_size = 42;
	oci_mt_write(f, m);
	fclose(f);
	return buf;
}

static void test_record(void)
{
	struct oci_mt now, back;
	struct bb_err e;
	char *text;
	size_t len, i, good = 0;
	struct oci_mt_ent *x;

	make_tree();
	if (!ok(walk(&now) == 0, "walk the tree"))
		return;
	text = text_of(&now, &len);
	ok(strstr(text, "./odd\\040name\\012with\\040newline f 0644 ") != NULL &&
	   strstr(text, "./link l 0777 ") && strstr(text, " etc/hello -\n") &&
	   strstr(text, "./fifo p ") && strstr(text, "\n. d "),
	   "record lines: escaped path, symlink target, fifo, the root");
	if (!ok(oci_mt_parse(text, len, "rec", &back, &e) == 0, "parse it back")) {
		diag("%s", e.msg);
		free(text);
		oci_mt_free(&now);
		return;
	}
	for (i = 0; i < now.n; i++)
		good += (x = ent(&back, now.v[i].path)) && same_ent(x, &now.v[i]);
	is_int((long)good, (long)now.n, "every entry the same after the round trip");
	is_int((long)back.n, (long)now.n, "no entry more");
	ok(!strcmp(back.layout, "lay out") && !strcmp(back.tag, "v1") &&
	   back.manifest_size == 42, "header round trip");
	is_int((long)oci_mt_diff(&back, &now), 0, "an unchanged tree: no change");
	oci_mt_free(&back);
	free(text);
	oci_mt_free(&now);
}

static void test_parse_bad(void)
{
	static const char head[] = "#ctbox-image-mtree 1\nlayout L\ntag t\nmanifest sha256:"
		"0000000000000000000000000000000000000000000000000000000000000000 2\n";
	static const char root[] = ". d 0755 0 0 0 1.000000000 - - -\n";
	static const struct {
		const char *text, *msg;
	} t[] = {
		{ "garbage\n", "not a ctbox image record" },
		{ "#ctbox-image-mtree 1\nlayout L\n", "expected the layout, tag and manifest" },
		{ "@R./a f 0644 0 0 0 1.000000000 - -\n", "rec:6: expected 10 fields" },
		{ "@R./a/../b d 0755 0 0 0 1.000000000 - - -\n", "rec:6: the path is not clean" },
		{ "@R./a d 0755 0 0 0 1.000000000 - - -\n./a d 0755 0 0 0 1.000000000 - - -\n",
		  "./a is there twice" },
		{ "@R./a f 0644 0 0 1 1.000000000 - - abc\n", "rec:6: bad sha256" },
		{ "@R./a d 0755 0 0 0 1.000000000 1,2 - -\n", "rec:6: a device number for a non-device" },
		{ "@R./a d 0755 0 0 0 1.000000000 - - - \n", "rec:6: trailing space" },
		{ "@R./a d 0755 0 0 0 1.000000000 - - -", "rec:6: no newline" },
		{ "@R./a l 0777 0 0 0 1.0 - x -\n", "rec:6: bad mtime" },
		{ "@R./a x 0777 0 0 0 1.000000000 - x -\n", "rec:6: bad type" },
		{ "./a d 0755 0 0 0 1.000000000 - - -\n", "the first entry is not the rootfs" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const char *body = t[i].text[0] == '@' ? t[i].text + 2 : t[i].text;
		char *text = t[i].text[0] == '@' ? xasprintf("%s%s%s", head, root, body)
			: t[i].text[0] == '#' || !strncmp(t[i].text, "garbage", 7)
			? xstrdup(t[i].text) : xasprintf("%s%s", head, body);
		struct oci_mt m;
		struct bb_err e = { 0, "" };
		int r = oci_mt_parse(text, strlen(text), "rec", &m, &e);

		ok(r < 0 && strstr(e.msg, t[i].msg), "bad record %zu: %s", i, t[i].msg);
		if (r == 0 || !strstr(e.msg, t[i].msg))
			diag("got: %s", r == 0 ? "parsed" : e.msg);
		free(text);
	}
}

static void test_diff(void)
{
	struct oci_mt old, now;
	struct oci_mt_ent *x;
	size_t n;

	if (!ok(walk(&old) == 0, "walk before the changes"))
		return;
	wr("rootfs/etc/hello", "changed\n");
	sh("chmod 0600 rootfs/-dash && rm -r rootfs/d && rm rootfs/turn && mkdir rootfs/turn && "
	   "ln -sfn /elsewhere rootfs/link && echo new > rootfs/turn/new");
	if (!ok(walk(&now) == 0, "walk after them")) {
		oci_mt_free(&old);
		return;
	}
	n = oci_mt_diff(&old, &now);
	ok((x = ent(&now, "./etc/hello")) && (x->flags & OCI_MT_CHANGED), "content change found");
	ok((x = ent(&now, "./hard")) && (x->flags & OCI_MT_CHANGED),
	   "its hard link changed with it");
	ok((x = ent(&now, "./-dash")) && (x->flags & OCI_MT_CHANGED), "mode change found");
	ok((x = ent(&now, "./link")) && (x->flags & OCI_MT_CHANGED), "new symlink target found");
	ok((x = ent(&now, "./turn/new")) && (x->flags & OCI_MT_CHANGED), "new file found");
	ok((x = ent(&now, "./keep/same")) && !(x->flags & OCI_MT_CHANGED), "unchanged file left");
	ok((x = ent(&now, "./keep")) && !(x->flags & OCI_MT_CHANGED), "unchanged directory left");
	ok((x = ent(&old, "./d")) && (x->flags & OCI_MT_WHITEOUT), "removed directory: whiteout");
	ok((x = ent(&old, "./d/sub")) && !(x->flags & OCI_MT_WHITEOUT) &&
	   (x = ent(&old, "./d/sub/f")) && !(x->flags & OCI_MT_WHITEOUT),
	   "its contents: covered by it");
	ok((x = ent(&old, "./turn")) && (x->flags & OCI_MT_WHITEOUT) &&
	   (x = ent(&now, "./turn")) && (x->flags & OCI_MT_CHANGED),
	   "file turned directory: whiteout and the new directory");
	ok((x = ent(&old, "./etc/hello")) && !(x->flags & OCI_MT_WHITEOUT),
	   "changed file: no whiteout");
	/* etc/hello, hard, -dash, link, turn, turn/new, the root (turn and d
	 * came and went), d's and turn's whiteouts */
	is_int((long)n, 9, "number of changes");
	oci_mt_free(&old);
	oci_mt_free(&now);
}

/* ---- members one by one (tar_w_*) ---- */

static int name_uid(void *ctx, const struct tar_entry *ent, struct bb_err *e)
{
	char *list = ctx;
	size_t l = strlen(list);

	snprintf(list + l, 512 - l, "%s[%s %c %llu:%llu]", l ? " " : "", ent->name, ent->type,
		 ent->uid, ent->gid);
	return 0;
}

static void test_tar_w(void)
{
	char list[512] = "", *path = at("tw.tar");
	struct tar_opts o = { 0 };
	struct tar_w *t;
	struct bb_err e;
	int root, dir, out, r;

	sh("mkdir -p tw/a && echo b > tw/a/b && echo c > tw/a/c && chown -R 123:456 tw 2>/dev/null; true");
	root = open(at("tw"), O_RDONLY | O_DIRECTORY);
	dir = openat(root, "a", O_RDONLY | O_DIRECTORY);
	out = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	t = tar_w_open(root, out, TARW_ROOT_OWNED, NULL, &e);
	r = t ? 0 : -1;
	if (t) {
		r |= tar_w_put(t, root, ".", ".");
		r |= tar_w_put(t, root, "a", "./a");
		r |= tar_w_empty(t, "./a/.wh.gone");
		r |= tar_w_put(t, dir, "b", "./a/b");
		r = tar_w_close(t, r == 0);
	}
	ok(r == 0, "tar_w: members one by one");
	lseek(out, 0, SEEK_SET);
	o.entry = name_uid;
	o.ctx = list;
	r = tar_extract_opts(-1, tar_read_fd, &out, &o, NULL, &e);
	is_str(r == 0 ? list : e.msg, "[ 5 0:0] [a 5 0:0] [a/.wh.gone 0 0:0] [a/b 0 0:0]",
	       "a directory without its contents, a whiteout, owners as root's");
	close(out);
	close(dir);
	close(root);
}

/* ---- new and repack, in a layout ---- */

static int json_at(const char *path, struct json_doc *d)
{
	size_t len;
	char *buf = read_file(path, 1 << 20, &len);
	struct bb_err e;
	int r;

	if (!buf)
		return -1;
	r = json_parse(d, path, buf, len, 1 << 20, &e);
	free(buf);
	return r;
}

/* The blob digest names (in layout L), parsed; -1 when its content does
 * not hash to its name. */
static int blob(const char *digest, struct json_doc *d)
{
	char *path = xasprintf("%s/L/blobs/sha256/%s", base, digest + 7), hex[65];
	size_t len;
	char *buf = read_file(path, 1 << 20, &len);
	unsigned char sum[32];
	br_sha256_context c;
	int r = -1;

	if (buf) {
		br_sha256_init(&c);
		br_sha256_update(&c, buf, len);
		br_sha256_out(&c, sum);
		oci_hex(sum, hex);
		if (strcmp(hex, digest + 7) == 0)
			r = d ? json_at(path, d) : 0;
	}
	free(buf);
	free(path);
	return r;
}

static const struct json *tagged(const struct json_doc *idx, const char *tag)
{
	const struct json *ms = json_get(idx->root, "manifests");
	size_t i;

	for (i = 0; ms && i < ms->len; i++) {
		const struct json *t = json_get(json_get(&ms->u.kids[i], "annotations"),
						"org.opencontainers.image.ref.name");

		if (t && strcmp(t->u.s, tag) == 0)
			return &ms->u.kids[i];
	}
	return NULL;
}

struct names {
	char list[1024];
};

static int name_of(void *ctx, const struct tar_entry *ent, struct bb_err *e)
{
	struct names *n = ctx;
	size_t l = strlen(n->list);

	snprintf(n->list + l, sizeof(n->list) - l, "%s%s", l ? " " : "", ent->name);
	return 0;
}

/* The layer's members (and its uncompressed sha256 in hex). */
static int layer_names(const char *digest, struct names *n, char diffid[65])
{
	char *path = xasprintf("%s/L/blobs/sha256/%s", base, digest + 7);
	int fd = open(path, O_RDONLY), r;
	struct tar_opts o = { 0 };
	struct bb_err e;
	struct unz *u;
	unsigned char buf[4096], sum[32];
	br_sha256_context c;
	ssize_t k;

	free(path);
	n->list[0] = '\0';
	u = fd < 0 ? NULL : unz_open(fd, 0, UNZ_TO_EOF, UNZ_GZIP, "layer", &e);
	if (!u)
		return -1;
	o.entry = name_of;
	o.ctx = n;
	r = tar_extract_opts(-1, unz_read, u, &o, NULL, &e);
	unz_close(u);
	u = unz_open(fd, 0, UNZ_TO_EOF, UNZ_GZIP, "layer", &e);
	br_sha256_init(&c);
	while (u && (k = unz_read(u, buf, sizeof(buf), &e)) > 0)
		br_sha256_update(&c, buf, (size_t)k);
	br_sha256_out(&c, sum);
	oci_hex(sum, diffid);
	if (u)
		unz_close(u);
	close(fd);
	if (r < 0)
		diag("layer: %s", e.msg);
	return r;
}

static void test_image(void)
{
	struct json_doc idx, man, cfg;
	const struct json *d, *layers;
	struct bb_err e;
	struct names names;
	char diffid[65];
	size_t sockets;
	int r;

	if (!ok(oci_image_init(at("L"), &e) == 0 && oci_image_new(at("L"), "v1", &e) == 0,
		"init and new")) {
		diag("%s", e.msg);
		return;
	}
	ok(oci_image_new(at("L"), "v1", &e) == 0, "new again: the tag moves");
	ok(oci_image_new(at("L"), "bad tag", &e) < 0 && strstr(e.msg, "not a valid tag"),
	   "a bad tag is refused");
	if (!ok(json_at(at("L/index.json"), &idx) == 0, "index.json parses"))
		return;
	is_int((long)json_get(idx.root, "manifests")->len, 1, "one manifest for the tag");
	d = tagged(&idx, "v1");
	r = d ? blob(json_get(d, "digest")->u.s, &man) : -1;
	if (!ok(r == 0, "manifest blob: its digest")) {
		json_doc_free(&idx);
		return;
	}
	layers = json_get(man.root, "layers");
	r = blob(json_get(json_get(man.root, "config"), "digest")->u.s, &cfg);
	ok(r == 0 && layers && layers->len == 0, "config blob: its digest; no layers");
	if (r == 0) {
		ok(json_get(json_get(cfg.root, "rootfs"), "diff_ids")->len == 0 &&
		   json_get(cfg.root, "history")->len == 0 &&
		   strcmp(json_get(cfg.root, "os")->u.s, "linux") == 0 &&
		   json_get(json_get(cfg.root, "config"), "Cmd") == NULL,
		   "empty config: os linux, no diff_ids, no history");
		json_doc_free(&cfg);
	}
	json_doc_free(&man);
	json_doc_free(&idx);

	/* The tree above as the bundle's rootfs, recorded, then changed. */
	sh("rm -rf B && mkdir B && cp -a rootfs B/rootfs");
	if (!ok(oci_image_record(at("L"), "v1", at("B"), NULL, &e) == 0, "record")) {
		diag("%s", e.msg);
		return;
	}
	sh("rm -r B/rootfs/turn && echo x > B/rootfs/added && touch -d @1 B/rootfs/added "
	   "B/rootfs && ln B/rootfs/added B/rootfs/added2");
	r = oci_image_repack(at("L"), "v2", at("B"), &sockets, NULL, &e);
	if (!ok(r == 0, "repack")) {
		diag("%s", e.msg);
		return;
	}
	if (json_at(at("L/index.json"), &idx) < 0)
		return;
	ok(tagged(&idx, "v1") && tagged(&idx, "v2"), "both tags are there");
	d = tagged(&idx, "v2");
	r = d ? blob(json_get(d, "digest")->u.s, &man) : -1;
	json_doc_free(&idx);
	if (!ok(r == 0, "new manifest: its digest"))
		return;
	layers = json_get(man.root, "layers");
	ok(layers->len == 1 && !strcmp(json_get(&layers->u.kids[0], "mediaType")->u.s,
				       "application/vnd.oci.image.layer.v1.tar+gzip") &&
	   blob(json_get(&layers->u.kids[0], "digest")->u.s, NULL) == 0,
	   "one gzip layer: its digest");
	r = layer_names(json_get(&layers->u.kids[0], "digest")->u.s, &names, diffid);
	is_str(names.list, ".wh.turn  added added2", "layer members: whiteout, root, new files");
	if (blob(json_get(json_get(man.root, "config"), "digest")->u.s, &cfg) == 0) {
		const struct json *ids = json_get(json_get(cfg.root, "rootfs"), "diff_ids");
		const struct json *h = json_get(cfg.root, "history");

		ok(r == 0 && ids->len == 1 && !strcmp(ids->u.kids[0].u.s + 7, diffid),
		   "diff_id: the uncompressed layer's sha256");
		ok(h->len == 1 && !strcmp(json_get(&h->u.kids[0], "created_by")->u.s,
					  "ctbox oci-image repack"), "history entry");
		json_doc_free(&cfg);
	} else {
		ok(0, "config blob of the repacked image");
	}
	json_doc_free(&man);
	ok(oci_image_repack(at("L"), "v3", at("B"), &sockets, NULL, &e) == 0, "repack without changes");
	ok(oci_image_repack(at("L"), "v4", at("L"), &sockets, NULL, &e) < 0 &&
	   strstr(e.msg, "no ctbox-image.mtree"), "repack of a directory without a record");
}

int main(void)
{
	snprintf(base, sizeof(base), "/tmp/oci-repack-unit.%d", (int)getpid());
	if (mkdir(base, 0700) < 0)
		plan_skip_all("can't make a temporary directory");
	test_escape();
	test_record();
	test_parse_bad();
	test_diff();
	test_tar_w();
	test_image();
	{
		char *rm = xasprintf("rm -rf '%s'", base);

		if (system(rm) != 0)
			diag("can't remove %s", base);
		free(rm);
	}
	return done_testing();
}
