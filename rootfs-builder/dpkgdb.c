/* dpkg's database for the packages ctbox unpacks (dpkgdb.h): the layout a
 * freshly debootstrapped system has under var/lib/dpkg, one status and
 * available stanza per package (kept in memory, written sorted by name as
 * dpkg does), and each package's info/ files. An existing status and
 * available are read first and kept. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dpkgdb_int.h"
#include "tar.h"

#define DB_FILE_MAX (512u << 20)
#define PKG_LEN_MAX 160  /* info/NAME:ARCH.SUFFIX must fit a file name */
#define ARCH_LEN_MAX 32

static const char *const subdirs[] = { "info", "updates", "triggers", "alternatives", "parts" };

/* Files dpkg expects, made when missing (never overwritten). */
static const struct {
	const char *name, *content;
} seeds[] = {
	{ "status", "" },          { "available", "" },         { "diversions", "" },
	{ "statoverride", "" },    { "info/format", "1\n" },    { "triggers/Unincorp", "" },
	{ "triggers/File", "" },
};

static const char *const wants[] = { "unknown", "install", "hold", "deinstall", "purge" };
static const char *const eflags[] = { "ok", "reinstreq" };
static const char *const states[] = {
	"not-installed", "config-files", "half-installed", "unpacked", "half-configured",
	"triggers-awaited", "triggers-pending", "installed",
};

static int word_in(const char *w, size_t len, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncmp(list[i], w, len) == 0)
			return 1;
	return 0;
}

/* "WANT FLAG STATE", as dpkg spells them. */
static int status_ok(const char *s)
{
	const char *sp1 = strchr(s, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;

	return sp1 && sp2 && !strchr(sp2 + 1, ' ') &&
	       word_in(s, sp1 - s, wants, ARRAY_SIZE(wants)) &&
	       word_in(sp1 + 1, sp2 - sp1 - 1, eflags, ARRAY_SIZE(eflags)) &&
	       word_in(sp2 + 1, strlen(sp2 + 1), states, ARRAY_SIZE(states));
}

/* Debian policy's package names, architecture names. */
static int name_ok(const char *s, const char *more, size_t max)
{
	size_t n = strlen(s);

	return n && n <= max && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')) &&
	       strspn(s, more) == n;
}

#define LOWER_DIGITS "abcdefghijklmnopqrstuvwxyz0123456789"
#define PKG_CHARS LOWER_DIGITS "+-."
#define ARCH_CHARS LOWER_DIGITS "-"

static void pkg_free(struct dpkg_pkg *p)
{
	size_t i;

	free(p->name);
	free(p->arch);
	stanza_free(&p->status);
	stanza_free(&p->avail);
	for (i = 0; i < p->ninfo; i++)
		free(p->info[i]);
	free(p->info);
	memset(p, 0, sizeof(*p));
}

/* The recorded package NAME (and ARCH for Multi-Arch: same ones). */
static struct dpkg_pkg *find_pkg(struct dpkgdb *db, const char *name, const char *arch, int same)
{
	size_t i;

	for (i = 0; i < db->npkgs; i++) {
		struct dpkg_pkg *p = &db->pkgs[i];

		if (strcmp(p->name, name) == 0 && (!(same && p->same) || strcmp(p->arch, arch) == 0))
			return p;
	}
	return NULL;
}

static struct dpkg_pkg *new_pkg(struct dpkgdb *db, const char *name, const char *arch, int same)
{
	struct dpkg_pkg *n = realloc(db->pkgs, (db->npkgs + 1) * sizeof(*n)), *p;

	if (!n)
		return NULL;
	db->pkgs = n;
	p = &n[db->npkgs];
	memset(p, 0, sizeof(*p));
	p->name = strdup(name);
	p->arch = strdup(arch);
	p->same = same;
	if (!p->name || !p->arch) {
		pkg_free(p);
		return NULL;
	}
	db->npkgs++;
	return p;
}

static int is_same(const struct stanza *st)
{
	const char *ma = stanza_get(st, "Multi-Arch");

	return ma && strcasecmp(ma, "same") == 0;
}

/* Stanzas of an existing status (avail 0) or available (avail 1) file. */
static int load(struct dpkgdb *db, const char *file, int avail, struct bb_err *e)
{
	struct stanza st = { 0 };
	size_t len, pos = 0;
	char *text;
	int r = 0;

	if (dpkgdb_read_file(db->adm, file, DB_FILE_MAX, &text, &len, e) < 0)
		return -1;
	while (text && (r = stanza_parse(text, len, &pos, file, &st, e)) > 0) {
		const char *name = stanza_get(&st, "Package"), *arch = stanza_get(&st, "Architecture");
		struct dpkg_pkg *p;

		if (!name) {
			stanza_free(&st);
			continue; /* dpkg would refuse it; not ours to keep */
		}
		arch = arch ? arch : "";
		p = find_pkg(db, name, arch, is_same(&st));
		if (!p && !(p = new_pkg(db, name, arch, is_same(&st)))) {
			stanza_free(&st);
			free(text);
			return bb_err_set(e, ENOMEM, "var/lib/dpkg/%s", file);
		}
		p->loaded = 1;
		stanza_free(avail ? &p->avail : &p->status);
		*(avail ? &p->avail : &p->status) = st;
		memset(&st, 0, sizeof(st));
	}
	free(text);
	return r < 0 ? -1 : 0;
}

static int load_file_triggers(struct dpkgdb *db, struct bb_err *e)
{
	char *text, *line, *save = NULL;
	size_t len;

	if (dpkgdb_read_file(db->adm, "triggers/File", DB_FILE_MAX, &text, &len, e) < 0)
		return -1;
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char **n = realloc(db->filetrig, (db->nfiletrig + 1) * sizeof(*n));

		if (!n || !(n[db->nfiletrig] = strdup(line))) {
			if (n)
				db->filetrig = n;
			free(text);
			return bb_err_set(e, ENOMEM, "triggers/File");
		}
		db->filetrig = n;
		db->nfiletrig++;
	}
	free(text);
	return 0;
}

/* var/lib/dpkg's directories and the files dpkg wants to find there. */
static int layout(struct dpkgdb *db, struct bb_err *e)
{
	char arch[ARCH_LEN_MAX + 2];
	size_t i;
	int fd;

	snprintf(arch, sizeof(arch), "%s\n", db->arch);
	for (i = 0; i < ARRAY_SIZE(subdirs); i++)
		if (mkdirat(db->adm, subdirs[i], 0755) < 0 && errno != EEXIST)
			return bb_err_set(e, errno, "can't create var/lib/dpkg/%s", subdirs[i]);
	for (i = 0; i <= ARRAY_SIZE(seeds); i++) {
		const char *name = i < ARRAY_SIZE(seeds) ? seeds[i].name : "arch";
		const char *text = i < ARRAY_SIZE(seeds) ? seeds[i].content : arch;

		fd = openat(db->adm, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno == EEXIST)
			continue;
		if (fd < 0 || full_write(fd, text, strlen(text)) < 0) {
			int err = errno;

			if (fd >= 0)
				close(fd);
			return bb_err_set(e, err, "can't create var/lib/dpkg/%s", name);
		}
		close(fd);
	}
	return 0;
}

struct dpkgdb *dpkgdb_open(int rootfd, const char *arch, struct bb_err *e)
{
	struct dpkgdb *db = calloc(1, sizeof(*db));

	if (!db) {
		bb_err_set(e, ENOMEM, "dpkg database");
		return NULL;
	}
	db->root = rootfd;
	db->adm = -1;
	if (!name_ok(arch, ARCH_CHARS, ARCH_LEN_MAX)) {
		bb_err_set(e, 0, "'%s' is not an architecture name", arch);
		goto fail;
	}
	if (!(db->arch = strdup(arch))) {
		bb_err_set(e, ENOMEM, "dpkg database");
		goto fail;
	}
	db->adm = tar_open_dir(rootfd, "var/lib/dpkg", TAR_DIR_CREATE);
	if (db->adm < 0) {
		bb_err_set(e, errno, "can't open var/lib/dpkg in the target");
		goto fail;
	}
	if (layout(db, e) < 0 || load(db, "status", 0, e) < 0 || load(db, "available", 1, e) < 0 ||
	    load_file_triggers(db, e) < 0)
		goto fail;
	return db;
fail:
	dpkgdb_free(db);
	return NULL;
}

/* The package's control file, checked: exactly one paragraph with a valid
 * Package, Version and Architecture. */
static int parse_control(const struct deb_info *info, struct stanza *ctl, struct bb_err *e)
{
	const struct deb_file *cf = deb_info_file(info, "control");
	struct stanza more = { 0 };
	const char *name, *arch;
	size_t pos = 0;
	int r;

	if (!cf)
		return bb_err_set(e, 0, "a package without a control file");
	r = stanza_parse(cf->data, cf->len, &pos, "control", ctl, e);
	if (r <= 0)
		return r < 0 ? -1 : bb_err_set(e, 0, "control: empty");
	r = stanza_parse(cf->data, cf->len, &pos, "control", &more, e);
	stanza_free(&more);
	if (r != 0)
		return r < 0 ? -1 : bb_err_set(e, 0, "control: more than one paragraph");
	name = stanza_get(ctl, "Package");
	arch = stanza_get(ctl, "Architecture");
	if (!name || !name_ok(name, PKG_CHARS, PKG_LEN_MAX))
		return bb_err_set(e, 0, "control: bad or missing Package '%s'", name ? name : "");
	if (!arch || !name_ok(arch, ARCH_CHARS, ARCH_LEN_MAX))
		return bb_err_set(e, 0, "%s: control: bad or missing Architecture", name);
	if (!stanza_get(ctl, "Version"))
		return bb_err_set(e, 0, "%s: control: no Version", name);
	if (is_same(ctl) && strcmp(arch, "all") == 0)
		return bb_err_set(e, 0, "%s: control: Multi-Arch: same with Architecture: all", name);
	return 0;
}

/* The fields an override sets (absent ones NULL). */
static void override_fields(const struct dpkgdb_override *ov, const char *val[2])
{
	val[0] = ov ? ov->priority : NULL;
	val[1] = ov ? ov->section : NULL;
}

static const char *const override_names[2] = { "Priority", "Section" };

/* Checked before anything is changed: one line each. */
static int override_ok(const struct dpkgdb_override *ov, const char *pkg, struct bb_err *e)
{
	const char *val[2];
	size_t i;

	override_fields(ov, val);
	for (i = 0; i < ARRAY_SIZE(val); i++)
		if (val[i] && (!val[i][0] || strpbrk(val[i], "\n\r")))
			return bb_err_set(e, 0, "%s: index: %s empty or not one line", pkg,
					  override_names[i]);
	return 0;
}

/* The archive's values over the control file's: 0, or -1 (out of memory). */
static int apply_override(struct stanza *ctl, const struct dpkgdb_override *ov)
{
	const char *val[2];
	size_t i;

	override_fields(ov, val);
	for (i = 0; i < ARRAY_SIZE(val); i++)
		if (val[i] && stanza_set(ctl, override_names[i], val[i]) < 0)
			return -1;
	return 0;
}

/* The status and available stanzas of a package being added (ov: the
 * archive's classification, or NULL). */
static int make_stanzas(struct dpkgdb *db, const struct deb_info *info, struct stanza *ctl,
			const struct dpkgdb_override *ov, const char *status, struct dpkg_pkg *p,
			struct bb_err *e)
{
	struct stanza extra = { 0 };
	char *conff;
	int r;

	if (dpkgdb_conffiles(db, info, &conff, e) < 0)
		return -1;
	r = ov && !ov->avail_only ? apply_override(ctl, ov) : 0;
	if (r == 0)
		r = stanza_set(&extra, "Status", status);
	if (r == 0 && conff)
		r = stanza_set(&extra, "Conffiles", conff);
	if (r == 0)
		r = stanza_dpkg_order(ctl, &extra, &p->status);
	free(conff);
	stanza_free(&extra);
	if (r < 0 || apply_override(ctl, ov) < 0 || stanza_dpkg_order(ctl, NULL, &p->avail) < 0)
		return bb_err_set(e, ENOMEM, "%s: status", p->name);
	return 0;
}

int dpkgdb_add(struct dpkgdb *db, const struct deb_info *info, const char *status,
		struct bb_err *e)
{
	return dpkgdb_add_override(db, info, NULL, status, e);
}

int dpkgdb_add_override(struct dpkgdb *db, const struct deb_info *info,
		const struct dpkgdb_override *ov, const char *status, struct bb_err *e)
{
	struct stanza ctl = { 0 };
	struct dpkg_pkg *p;
	const char *name, *arch;
	int same, r = -1;

	if (!status_ok(status))
		return bb_err_set(e, 0, "'%s' is not a dpkg status", status);
	if (parse_control(info, &ctl, e) < 0)
		goto out;
	name = stanza_get(&ctl, "Package");
	if (override_ok(ov, name, e) < 0)
		goto out;
	arch = stanza_get(&ctl, "Architecture");
	same = is_same(&ctl);
	p = find_pkg(db, name, arch, same);
	if (p && (strcmp(p->arch, arch) != 0 || p->same != same)) {
		/* another architecture or kind replaces it: its info files go */
		free(p->arch);
		p->same = same;
		if (!(p->arch = strdup(arch))) {
			bb_err_set(e, ENOMEM, "%s", name);
			goto out;
		}
	}
	if (!p && !(p = new_pkg(db, name, arch, same))) {
		bb_err_set(e, ENOMEM, "%s", name);
		goto out;
	}
	if (make_stanzas(db, info, &ctl, ov, status, p, e) < 0 || dpkgdb_write_info(db, p, info, e) < 0 ||
	    dpkgdb_triggers(db, p, info, e) < 0)
		goto out;
	r = 0;
out:
	stanza_free(&ctl);
	return r;
}

int dpkgdb_set_status(struct dpkgdb *db, const char *pkg, const char *status,
		struct bb_err *e)
{
	const char *colon = strchr(pkg, ':');
	size_t nlen = colon ? (size_t)(colon - pkg) : strlen(pkg), i;
	int found = 0;

	if (!status_ok(status))
		return bb_err_set(e, 0, "'%s' is not a dpkg status", status);
	for (i = 0; i < db->npkgs; i++) {
		struct dpkg_pkg *p = &db->pkgs[i];

		if (strlen(p->name) != nlen || strncmp(p->name, pkg, nlen) != 0 || !p->status.n ||
		    (colon && strcmp(p->arch, colon + 1) != 0))
			continue;
		if (stanza_set(&p->status, "Status", status) < 0)
			return bb_err_set(e, ENOMEM, "%s: status", pkg);
		found = 1;
	}
	return found ? 0 : bb_err_set(e, 0, "%s: not in the dpkg database", pkg);
}

static int pkg_cmp(const void *a, const void *b)
{
	const struct dpkg_pkg *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r ? r : strcmp(x->arch, y->arch);
}

/* status (avail 0) or available (1), every package sorted by name. */
static int write_db(struct dpkgdb *db, const char *file, int avail, struct bb_err *e)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	int r;

	if (!f)
		return bb_err_set(e, ENOMEM, "var/lib/dpkg/%s", file);
	for (i = 0; i < db->npkgs; i++) {
		const struct stanza *st = avail ? &db->pkgs[i].avail : &db->pkgs[i].status;

		if (st->n)
			stanza_write(f, st);
	}
	if (fclose(f) != 0 || !buf) {
		free(buf);
		return bb_err_set(e, ENOMEM, "var/lib/dpkg/%s", file);
	}
	r = dpkgdb_write_file(db->adm, file, buf, len, 0644, 0, e);
	free(buf);
	return r;
}

static int write_file_triggers(struct dpkgdb *db, struct bb_err *e)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	int r;

	if (!f)
		return bb_err_set(e, ENOMEM, "var/lib/dpkg/triggers/File");
	for (i = 0; i < db->nfiletrig; i++)
		fprintf(f, "%s\n", db->filetrig[i]);
	if (fclose(f) != 0 || !buf) {
		free(buf);
		return bb_err_set(e, ENOMEM, "var/lib/dpkg/triggers/File");
	}
	r = dpkgdb_write_file(db->adm, "triggers/File", buf, len, 0644, 0, e);
	free(buf);
	return r;
}

int dpkgdb_write_status(struct dpkgdb *db, struct bb_err *e)
{
	if (db->npkgs)
		qsort(db->pkgs, db->npkgs, sizeof(*db->pkgs), pkg_cmp);
	return write_db(db, "status", 0, e);
}

int dpkgdb_write(struct dpkgdb *db, struct bb_err *e)
{
	if (dpkgdb_write_status(db, e) < 0 || write_db(db, "available", 1, e) < 0)
		return -1;
	return write_file_triggers(db, e);
}

void dpkgdb_free(struct dpkgdb *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->npkgs; i++)
		pkg_free(&db->pkgs[i]);
	for (i = 0; i < db->nfiletrig; i++)
		free(db->filetrig[i]);
	free(db->filetrig);
	free(db->pkgs);
	free(db->arch);
	if (db->adm >= 0)
		close(db->adm);
	free(db);
}
