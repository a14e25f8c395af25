/* OCI image layouts: the layout files (oci-layout, index.json), picking a
 * tag, applying an image to a directory (its run settings read), unpacking
 * it into a bundle (rootfs and config.json), an empty layout, the tags.
 * Blobs and layers: oci_image_layer.c; config.User: oci_image_user.c. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "oci_image.h"
#include "oci_image_mtree.h"
#include "oci_spec.h"

#define REF_NAME "org.opencontainers.image.ref.name"
#define MT_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_CONFIG "application/vnd.oci.image.config.v1+json"
#define DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static int json_file(const char *layout, const char *file, struct json_doc *d,
		     struct bb_err *e)
{
	char *path = path_join(layout, file), *buf;
	size_t len;
	int r;

	buf = read_file(path, OCI_IMAGE_JSON_MAX, &len);
	if (!buf) {
		r = bb_err_set(e, errno, "%s", path);
		free(path);
		return r;
	}
	r = json_parse(d, path, buf, len, OCI_IMAGE_JSON_MAX, e);
	free(buf);
	if (r == 0 && json_want(d->root, JSON_OBJECT, path, e) < 0) {
		json_doc_free(d);
		r = -1;
	}
	free(path);
	return r;
}

int oci_layout_open(const char *layout, struct json_doc *d, struct bb_err *e)
{
	struct json_doc lay;
	const char *v;
	int r;

	if (json_file(layout, "oci-layout", &lay, e) < 0)
		return -1;
	r = json_str(json_get(lay.root, "imageLayoutVersion"), "oci-layout: imageLayoutVersion",
		     &v, e);
	if (r == 0 && strcmp(v, "1.0.0") != 0)
		r = bb_err_set(e, 0, "%s: layout version %s is not supported (1.0.0 is)",
			       layout, v);
	json_doc_free(&lay);
	if (r < 0)
		return -1;
	if (json_file(layout, "index.json", d, e) < 0)
		return -1;
	if (json_want(json_get(d->root, "manifests"), JSON_ARRAY, "index.json: manifests", e) < 0) {
		json_doc_free(d);
		return -1;
	}
	return 0;
}

/* A manifest descriptor's tag, or NULL. */
static const char *desc_tag(const struct json *m)
{
	const struct json *t = json_get(json_get(m, "annotations"), REF_NAME);

	return t && t->type == JSON_STRING && strlen(t->u.s) == t->len ? t->u.s : NULL;
}

static const struct json *find_tag(const struct json_doc *idx, const char *layout,
				   const char *tag, struct bb_err *e)
{
	const struct json *ms = json_get(idx->root, "manifests");
	char list[300] = "";
	size_t i, n = 0;

	for (i = 0; i < ms->len; i++) {
		const char *t = desc_tag(&ms->u.kids[i]);

		if (!t)
			continue;
		if (strcmp(t, tag) == 0)
			return &ms->u.kids[i];
		n += (size_t)snprintf(list + n, n < sizeof(list) ? sizeof(list) - n : 0, "%s%s",
				      n ? ", " : "", t);
	}
	bb_err_set(e, 0, "%s: no image tagged '%s' (tags: %s)", layout, tag,
		   n ? list : "none");
	return NULL;
}

/* A string array member (absent or null: none) appended to l, copied. */
static int strv(const struct json *obj, const char *key, const char *path,
		struct bb_strlist *l, struct bb_err *e)
{
	const struct json *a = json_get(obj, key);
	size_t i;
	const char *s;

	if (!a || a->type == JSON_NULL)
		return 0;
	if (json_want(a, JSON_ARRAY, path, e) < 0)
		return -1;
	for (i = 0; i < a->len; i++) {
		if (json_str(&a->u.kids[i], path, &s, e) < 0)
			return -1;
		if (!(s = strdup(s)))
			return bb_err_set(e, ENOMEM, "%s", path);
		bb_strlist_add(l, s);
	}
	return 0;
}

/* An optional string member: "" when absent or null. */
static int opt_str(const struct json *obj, const char *key, const char *path,
		   const char **out, struct bb_err *e)
{
	const struct json *v = json_get(obj, key);

	*out = "";
	return !v || v->type == JSON_NULL ? 0 : json_str(v, path, out, e);
}

/* The image's process settings from config; *user points into cfg. */
static int read_cfg(const struct json_doc *cfg, struct oci_image_run *run, const char **user,
		    struct bb_err *e)
{
	const struct json *c = json_get(cfg->root, "config");
	const char *cwd, *sig;
	size_t i;
	int has_path = 0;

	if (c && c->type != JSON_NULL && json_want(c, JSON_OBJECT, "config", e) < 0)
		return -1;
	if (strv(c, "Entrypoint", "config.Entrypoint", &run->args, e) < 0 ||
	    strv(c, "Cmd", "config.Cmd", &run->args, e) < 0 ||
	    strv(c, "Env", "config.Env", &run->env, e) < 0 ||
	    opt_str(c, "WorkingDir", "config.WorkingDir", &cwd, e) < 0 ||
	    opt_str(c, "User", "config.User", user, e) < 0 ||
	    opt_str(c, "StopSignal", "config.StopSignal", &sig, e) < 0)
		return -1;
	if (*sig && !(run->stop_signal = strdup(sig)))
		return bb_err_set(e, ENOMEM, "config.StopSignal");
	if (!run->args.n)  /* as umoci: the default spec's args */
		bb_strlist_add(&run->args, xstrdup("sh"));
	if (!*cwd)
		cwd = "/";
	if (cwd[0] != '/')
		return bb_err_set(e, 0, "config.WorkingDir '%s': not an absolute path", cwd);
	run->cwd = strdup(cwd);
	if (!run->cwd)
		return bb_err_set(e, ENOMEM, "config.WorkingDir");
	for (i = 0; i < run->env.n; i++) {
		if (!strchr(run->env.v[i], '=') || run->env.v[i][0] == '=')
			return bb_err_set(e, 0, "config.Env '%s': not NAME=VALUE", run->env.v[i]);
		has_path |= strncmp(run->env.v[i], "PATH=", 5) == 0;
	}
	if (!has_path) {
		char *p = strdup(DEFAULT_PATH);

		if (!p)
			return bb_err_set(e, ENOMEM, "config.Env");
		bb_strlist_add(&run->env, p);
	}
	return 0;
}

static void jw_strv(struct json_w *w, const char *key, const struct bb_strlist *l)
{
	size_t i;

	jw_arr(w, key);
	for (i = 0; i < l->n; i++)
		jw_str(w, NULL, l->v[i]);
	jw_close(w);
}

/* The default spec with the image's process settings, to f. */
static int write_spec(FILE *f, const struct oci_image_run *rc, unsigned flags, struct bb_err *e)
{
	static const char *const ours[] = { "terminal", "user", "args", "env", "cwd" };
	char *buf = NULL;
	size_t len = 0, i, j, k;
	FILE *m = open_memstream(&buf, &len);
	struct json_doc d;
	struct json_w w;
	int r;

	if (!m)
		return bb_err_set(e, errno, "config.json");
	r = oci_spec_default(m, !!(flags & OCI_IMAGE_ROOTLESS), "runc");
	if (fclose(m) != 0 || r < 0) {
		free(buf);
		return bb_err_set(e, errno, "config.json: default spec");
	}
	r = json_parse(&d, "default spec", buf, len, OCI_SPEC_MAX, e);
	free(buf);
	if (r < 0)
		return -1;
	jw_init(&w, f, "\t");
	jw_obj(&w, NULL);
	for (i = 0; i < d.root->len; i++) {
		const struct json *v = &d.root->u.kids[i];

		if (strcmp(v->key, "process") != 0) {
			jw_value(&w, v->key, v);
			continue;
		}
		jw_obj(&w, "process");
		jw_bool(&w, "terminal", 0);
		jw_obj(&w, "user");
		jw_u64(&w, "uid", rc->uid);
		jw_u64(&w, "gid", rc->gid);
		jw_close(&w);
		jw_strv(&w, "args", &rc->args);
		jw_strv(&w, "env", &rc->env);
		jw_str(&w, "cwd", rc->cwd);
		for (j = 0; j < v->len; j++) {
			for (k = 0; k < ARRAY_SIZE(ours); k++)
				if (strcmp(v->u.kids[j].key, ours[k]) == 0)
					break;
			if (k == ARRAY_SIZE(ours))
				jw_value(&w, v->u.kids[j].key, &v->u.kids[j]);
		}
		jw_close(&w);
	}
	jw_close(&w);
	json_doc_free(&d);
	if (jw_end(&w) < 0)
		return bb_err_set(e, errno, "config.json: write");
	return 0;
}

/* The bundle directory, absent or empty: made (*made = 1) or checked. */
static int bundle_prepare(const char *bundle, int *made, struct bb_err *e)
{
	int fd = open(bundle, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), empty = 1;

	*made = 0;
	if (fd < 0) {
		if (errno != ENOENT)
			return bb_err_set(e, errno, "bundle %s", bundle);
		if (mkdir(bundle, 0755) < 0)
			return bb_err_set(e, errno, "bundle %s: mkdir", bundle);
		*made = 1;
		return 0;
	}
	{
		DIR *d = fdopendir(fd);
		struct dirent *de;

		if (!d) {
			close(fd);
			return bb_err_set(e, errno, "bundle %s", bundle);
		}
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				empty = 0;
		closedir(d);
	}
	return empty ? 0 : bb_err_set(e, 0, "bundle %s: not empty", bundle);
}

void oci_image_run_free(struct oci_image_run *run)
{
	size_t i;

	for (i = 0; i < run->args.n; i++)
		free((char *)run->args.v[i]);
	for (i = 0; i < run->env.n; i++)
		free((char *)run->env.v[i]);
	bb_strlist_free(&run->args);
	bb_strlist_free(&run->env);
	free(run->cwd);
	free(run->stop_signal);
	memset(run, 0, sizeof(*run));
}

int oci_image_apply(const char *layout, const char *tag, int rootfd, struct oci_image_run *run,
		    volatile int *stop, struct bb_err *e)
{
	struct json_doc idx, man = { 0 }, cfg = { 0 };
	const struct json *desc, *layers;
	const char *mt, *user = "";
	size_t i;
	int r = -1;

	memset(run, 0, sizeof(*run));
	if (oci_layout_open(layout, &idx, e) < 0)
		return -1;
	desc = find_tag(&idx, layout, tag, e);
	if (!desc)
		goto out;
	if (json_str(json_get(desc, "mediaType"), "index.json: mediaType", &mt, e) < 0)
		goto out;
	if (strcmp(mt, MT_MANIFEST) != 0) {
		bb_err_set(e, 0, "tag '%s': media type %s is not an image manifest", tag, mt);
		goto out;
	}
	if (oci_blob_json(layout, desc, "manifest", &man, e) < 0)
		goto out;
	desc = json_get(man.root, "config");
	if (json_str(json_get(desc, "mediaType"), "manifest: config.mediaType", &mt, e) < 0)
		goto out;
	if (strcmp(mt, MT_CONFIG) != 0) {
		bb_err_set(e, 0, "manifest: config media type %s is not supported", mt);
		goto out;
	}
	if (oci_blob_json(layout, desc, "config", &cfg, e) < 0 || read_cfg(&cfg, run, &user, e) < 0)
		goto out;
	layers = json_get(man.root, "layers");
	if (json_want(layers, JSON_ARRAY, "manifest: layers", e) < 0)
		goto out;
	for (i = 0; i < layers->len; i++)
		if (oci_layer_apply(layout, &layers->u.kids[i], i, rootfd, stop, e) < 0)
			goto out;
	/* Names mean what the image's own passwd and group say. */
	if (*user && oci_user_resolve(rootfd, user, &run->uid, &run->gid, e) < 0)
		goto out;
	r = stop && *stop ? bb_err_set(e, EINTR, "interrupted") : 0;
out:
	if (r < 0)
		oci_image_run_free(run);
	if (cfg.root)
		json_doc_free(&cfg);
	if (man.root)
		json_doc_free(&man);
	json_doc_free(&idx);
	return r;
}

static int unpack_into(const char *layout, const char *tag, const char *bundle, int bfd,
		       unsigned flags, volatile int *stop, struct bb_err *e)
{
	struct oci_image_run run;
	FILE *f;
	int rootfd, r, fd;

	if (mkdirat(bfd, "rootfs", 0755) < 0)
		return bb_err_set(e, errno, "%s/rootfs: mkdir", bundle);
	rootfd = openat(bfd, "rootfs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (rootfd < 0)
		return bb_err_set(e, errno, "%s/rootfs", bundle);
	r = oci_image_apply(layout, tag, rootfd, &run, stop, e);
	close(rootfd);
	if (r < 0)
		return -1;
	fd = openat(bfd, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		r = bb_err_set(e, errno, "%s/config.json", bundle);
		if (fd >= 0)
			close(fd);
	} else {
		r = write_spec(f, &run, flags, e);
		if (fclose(f) != 0 && r == 0)
			r = bb_err_set(e, errno, "%s/config.json: write", bundle);
	}
	oci_image_run_free(&run);
	return r;
}

int oci_image_unpack(const char *layout, const char *tag, const char *bundle,
		     unsigned flags, volatile int *stop, struct bb_err *e)
{
	int made, bfd, r;
	struct bb_err ig;

	if (bundle_prepare(bundle, &made, e) < 0)
		return -1;
	bfd = open(bundle, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (bfd < 0)
		r = bb_err_set(e, errno, "bundle %s", bundle);
	else
		r = unpack_into(layout, tag, bundle, bfd, flags, stop, e);
	if (r == 0)
		r = oci_image_record(layout, tag, bundle, stop, e);
	if (r < 0) {
		/* Nothing left: what was made goes, an empty bundle stays empty. */
		if (made)
			oci_rm_at(AT_FDCWD, bundle, &ig);
		else if (bfd >= 0)
			oci_rm_contents(dup(bfd), &ig);
	}
	if (bfd >= 0)
		close(bfd);
	return r;
}

/* ---- init and tags ---- */

static int write_at(int dfd, const char *name, const char *text, struct bb_err *e)
{
	int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	size_t n = strlen(text);

	if (fd < 0)
		return bb_err_set(e, errno, "%s", name);
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		return bb_err_set(e, errno, "%s: write", name);
	}
	return close(fd) < 0 ? bb_err_set(e, errno, "%s: write", name) : 0;
}

int oci_image_init(const char *dir, struct bb_err *e)
{
	int made, fd, r = -1;
	struct bb_err ig;

	if (bundle_prepare(dir, &made, e) < 0) {
		if (strstr(e->msg, "not empty"))
			bb_err_set(e, 0, "layout %s: not empty", dir);
		return -1;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return bb_err_set(e, errno, "%s", dir);
	if (write_at(fd, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}\n", e) == 0 &&
	    write_at(fd, "index.json", "{\"schemaVersion\":2,\"manifests\":[]}\n", e) == 0) {
		if (mkdirat(fd, "blobs", 0755) < 0 || mkdirat(fd, "blobs/sha256", 0755) < 0)
			bb_err_set(e, errno, "%s/blobs/sha256: mkdir", dir);
		else
			r = 0;
	}
	if (r < 0) {
		if (made)
			oci_rm_at(AT_FDCWD, dir, &ig);
		else
			oci_rm_contents(dup(fd), &ig);
	}
	close(fd);
	return r;
}

int oci_image_tags(const char *layout, FILE *f, struct bb_err *e)
{
	struct json_doc idx;
	const struct json *ms;
	size_t i;

	if (oci_layout_open(layout, &idx, e) < 0)
		return -1;
	ms = json_get(idx.root, "manifests");
	for (i = 0; i < ms->len; i++) {
		const char *t = desc_tag(&ms->u.kids[i]);

		if (t)
			fprintf(f, "%s\n", t);
	}
	json_doc_free(&idx);
	return 0;
}
