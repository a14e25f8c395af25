/* Reading a .deb (deb.h): debian-binary, then control.tar* into memory,
 * then data.tar* extracted under the target root (or listed), each read
 * from its place in the file and decompressed on the way. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "deb_int.h"
#include "tar.h"
#include "unz.h"

#define CONTROL_MAX (16u << 20) /* all control members together */
#define DRAIN_MAX (1u << 20)    /* what may follow a tar archive */
#define PIPE_MIN (64u << 10)    /* smaller members: no decompressing thread */

/* Member name endings: how each is compressed, or why it can't be read. */
static const struct {
	const char *ext;
	enum unz_kind comp;
	const char *refused;
} comps[] = {
	{ "", UNZ_PLAIN, NULL },
	{ ".gz", UNZ_GZIP, NULL },
	{ ".xz", UNZ_XZ, NULL },
	{ ".lzma", UNZ_LZMA, NULL },
	{ ".zst", UNZ_ZSTD, NULL },
	{ ".bz2", UNZ_PLAIN, "bzip2-compressed member: not supported" },
};

struct deb_ctx {
	struct deb_info *info;
	const struct deb_hook *hook;
	size_t control_bytes, cap_files, cap_paths;
};

/* e->msg becomes "WHAT: MEMBER: old message". */
static int wrap(struct bb_err *e, const char *what, const char *member)
{
	struct bb_err inner = *e;

	return bb_err_set(e, inner.errnum, "%s: %s: %s", what, member, inner.msg);
}

/* Which compression "PREFIX.EXT" uses: an index in comps, -1 when the name
 * is not PREFIX*, -2 (with e) when its compression is refused. */
static int member_comp(const char *name, const char *prefix, const char *what, struct bb_err *e)
{
	size_t plen = strlen(prefix), i;

	if (strncmp(name, prefix, plen) != 0)
		return -1;
	for (i = 0; i < ARRAY_SIZE(comps); i++) {
		if (strcmp(name + plen, comps[i].ext) != 0)
			continue;
		if (comps[i].refused) {
			bb_err_set(e, 0, "%s: %s: %s", what, name, comps[i].refused);
			return -2;
		}
		return (int)i;
	}
	bb_err_set(e, 0, "%s: %s: unknown compression", what, name);
	return -2;
}

/* "2.0\n" (any 2.x): the only format dpkg reads. */
static int check_version(int fd, const struct ar_member *m, const char *what, struct bb_err *e)
{
	char buf[16] = "";
	size_t want = m->size < sizeof(buf) - 1 ? m->size : sizeof(buf) - 1, i;
	ssize_t n = full_pread(fd, buf, want, m->offset);

	if (n < 0)
		return bb_err_set(e, errno, "%s: can't read it", what);
	buf[n] = '\0';
	for (i = 2; buf[i] >= '0' && buf[i] <= '9'; i++)
		;
	if (strncmp(buf, "2.", 2) != 0 || i == 2 || buf[i] != '\n') {
		buf[strcspn(buf, "\n")] = '\0';
		return bb_err_set(e, 0, "%s: unsupported .deb format version '%.8s'", what, buf);
	}
	return 0;
}

static void *grow(void *p, size_t n, size_t *cap, size_t size)
{
	size_t ncap;
	void *np;

	if (n < *cap)
		return p;
	ncap = *cap ? *cap * 2 : 16;
	np = realloc(p, ncap * size);
	if (np)
		*cap = ncap;
	return np;
}

static int control_entry(void *ctx, const struct tar_entry *ent, struct bb_err *e)
{
	struct deb_ctx *c = ctx;
	struct deb_info *info = c->info;
	struct deb_file *f, *files;

	if (ent->type != '0')
		return 0; /* directories ("./") and the like: not wanted */
	if (!ent->name[0] || strchr(ent->name, '/') || deb_info_file(info, ent->name))
		return bb_err_set(e, 0, "control member '%s': %s", ent->name,
				  deb_info_file(info, ent->name) ? "duplicate" : "not a plain name");
	if (ent->size > CONTROL_MAX - c->control_bytes)
		return bb_err_set(e, 0, "control members larger than %u MiB", CONTROL_MAX >> 20);
	files = grow(info->files, info->nfiles, &c->cap_files, sizeof(*files));
	if (!files)
		return bb_err_set(e, ENOMEM, "control member '%s'", ent->name);
	info->files = files;
	f = &files[info->nfiles];
	memset(f, 0, sizeof(*f));
	f->name = strdup(ent->name);
	f->data = malloc(ent->size + 1);
	if (!f->name || !f->data) {
		free(f->name);
		free(f->data);
		return bb_err_set(e, ENOMEM, "control member '%s'", ent->name);
	}
	f->data[0] = '\0';
	f->mode = ent->mode;
	f->mtime = ent->mtime;
	c->control_bytes += ent->size;
	info->nfiles++;
	return 0;
}

static int control_data(void *ctx, const struct tar_entry *ent, const void *buf, size_t len,
			struct bb_err *e)
{
	struct deb_ctx *c = ctx;
	struct deb_file *f = c->info->nfiles ? &c->info->files[c->info->nfiles - 1] : NULL;

	if (!f || strcmp(f->name, ent->name) != 0 || len > ent->size - f->len)
		return bb_err_set(e, 0, "control member '%s': unexpected data", ent->name);
	memcpy(f->data + f->len, buf, len);
	f->len += len;
	f->data[f->len] = '\0';
	return 0;
}

/* dpkg's file list: "/." then every member as "/NAME", archive order. */
static int add_path(struct deb_ctx *c, const char *name, struct bb_err *e)
{
	struct deb_info *info = c->info;
	char **paths = grow(info->paths, info->npaths, &c->cap_paths, sizeof(*paths));

	if (!paths)
		return bb_err_set(e, ENOMEM, "file list");
	info->paths = paths;
	if (asprintf(&paths[info->npaths], "/%s", name) < 0)
		return bb_err_set(e, ENOMEM, "file list");
	info->npaths++;
	return 0;
}

static int data_entry(void *ctx, const struct tar_entry *ent, struct bb_err *e)
{
	struct deb_ctx *c = ctx;
	int r;

	if (ent->name[0] && strchr(ent->name, '\n'))
		return bb_err_set(e, 0, "archive member '%s': newline in its name", ent->name);
	r = c->hook ? c->hook->entry(c->hook->ctx, ent, e) : 0;
	if (r < 0 || !ent->name[0]) /* "./" is the "/." listed first */
		return r;
	return add_path(c, ent->name, e) < 0 ? -1 : r;
}

/* One tar member of the .deb, through the tar reader: rootfd < 0 lists. */
static int read_tar(int fd, const struct ar_member *m, int comp, int rootfd, unsigned flags,
		    struct tar_opts *o, struct tar_stats *st, const char *what, struct bb_err *e)
{
	struct unz *u = unz_open(fd, m->offset, m->size, comps[comp].comp, NULL, e);
	int r;

	if (!u || ((flags & DEB_VERIFIED) && unz_no_check(u, e) < 0)) {
		unz_close(u);
		return wrap(e, what, m->name);
	}
	/* data.tar: decompressed ahead while the files are written */
	if (rootfd >= 0 && m->size > PIPE_MIN && unz_thread(u, e) < 0) {
		unz_close(u);
		return wrap(e, what, m->name);
	}
	r = tar_extract_opts(rootfd, unz_read, u, o, st, e);
	if (r == 0) /* what follows the archive: its checksums verified */
		r = unz_drain(u, DRAIN_MAX, e);
	unz_close(u);
	return r < 0 ? wrap(e, what, m->name) : 0;
}

/* The next member that is not dpkg's private "_..." kind. */
static int next_member(struct ar_reader *ar, struct ar_member *m, struct bb_err *e)
{
	int r;

	while ((r = ar_next(ar, m, e)) > 0 && m->name[0] == '_')
		;
	return r;
}

static int read_deb(int fd, const char *what, int rootfd, unsigned flags, volatile int *stop,
		    struct deb_ctx *c, struct bb_err *e)
{
	struct tar_opts o = { .stop = stop, .ctx = c };
	struct tar_stats st = { 0 };
	struct ar_reader ar;
	struct ar_member m;
	int r, comp;

	if (ar_open(&ar, fd, what, e) < 0)
		return -1;
	r = ar_next(&ar, &m, e);
	if (r <= 0)
		return r < 0 ? -1 : bb_err_set(e, 0, "%s: empty ar archive, not a .deb", what);
	if (strcmp(m.name, "debian-binary") != 0)
		return bb_err_set(e, 0, "%s: not a .deb (first member '%s')", what, m.name);
	if (check_version(fd, &m, what, e) < 0)
		return -1;

	r = next_member(&ar, &m, e);
	if (r <= 0)
		return r < 0 ? -1 : bb_err_set(e, 0, "%s: no control.tar member", what);
	comp = member_comp(m.name, "control.tar", what, e);
	if (comp == -1)
		return bb_err_set(e, 0, "%s: member '%s' where control.tar was expected", what, m.name);
	o.entry = control_entry;
	o.data = control_data;
	if (comp < 0 || read_tar(fd, &m, comp, -1, flags, &o, &st, what, e) < 0)
		return -1;
	if (!deb_info_file(c->info, "control"))
		return bb_err_set(e, 0, "%s: %s: no control file", what, m.name);

	r = next_member(&ar, &m, e);
	if (r <= 0)
		return r < 0 ? -1 : bb_err_set(e, 0, "%s: no data.tar member", what);
	comp = member_comp(m.name, "data.tar", what, e);
	if (comp == -1)
		return bb_err_set(e, 0, "%s: member '%s' where data.tar was expected", what, m.name);
	if (comp < 0)
		return -1;
	if (rootfd < 0 && !(flags & DEB_LIST))
		return 0;
	o.flags = TAR_IN_ROOT | (flags & DEB_NO_OWNER ? TAR_NO_OWNER : 0) |
		  (flags & DEB_SKIP_DEVICES ? TAR_SKIP_DEVICES : 0);
	o.entry = data_entry;
	o.data = NULL;
	if (add_path(c, ".", e) < 0 || read_tar(fd, &m, comp, rootfd, flags, &o, &st, what, e) < 0)
		return -1;
	c->info->bytes = st.bytes;
	return 0; /* anything after data.tar is ignored, as dpkg does */
}

int deb_read(int fd, const char *what, int rootfd, unsigned flags,
		volatile int *stop, struct deb_info *info, struct bb_err *e)
{
	return deb_read_hooked(fd, what, rootfd, flags, stop, NULL, info, e);
}

int deb_read_hooked(int fd, const char *what, int rootfd, unsigned flags, volatile int *stop,
		    const struct deb_hook *hook, struct deb_info *info, struct bb_err *e)
{
	struct deb_ctx c = { .info = info, .hook = hook };

	memset(info, 0, sizeof(*info));
	if (read_deb(fd, what, rootfd, flags, stop, &c, e) < 0) {
		deb_info_free(info);
		return -1;
	}
	return 0;
}

const struct deb_file *deb_info_file(const struct deb_info *info, const char *name)
{
	size_t i;

	for (i = 0; i < info->nfiles; i++)
		if (strcmp(info->files[i].name, name) == 0)
			return &info->files[i];
	return NULL;
}

void deb_info_free(struct deb_info *info)
{
	size_t i;

	for (i = 0; i < info->nfiles; i++) {
		free(info->files[i].name);
		free(info->files[i].data);
	}
	for (i = 0; i < info->npaths; i++)
		free(info->paths[i]);
	free(info->files);
	free(info->paths);
	memset(info, 0, sizeof(*info));
}
