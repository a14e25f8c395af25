/* A package's files in dpkg's database (dpkgdb_int.h): info/ID.* from its
 * control members and file list, the md5sums of its conffiles as
 * unpacked, its trigger interests in triggers/. */
#include <bearssl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dpkgdb_int.h"
#include "tar.h"

#define NEW_SUFFIX ".ctbox-new"
#define TRIG_FILE_MAX (16u << 20)
#define SUFFIX_MAX 64  /* of an info/ file: a control member's name */
#define TRIG_NAME_MAX 200
#define PATH_LEN 512   /* var/lib/dpkg/info/NAME:ARCH.SUFFIX.ctbox-new fits */

int dpkgdb_write_file(int dir, const char *name, const char *data, size_t len, mode_t mode,
		      time_t mtime, struct bb_err *e)
{
	char tmp[PATH_LEN];
	int fd, err = 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s%s", name, NEW_SUFFIX) >= sizeof(tmp))
		return bb_err_set(e, ENAMETOOLONG, "var/lib/dpkg/%s", name);
	(void)unlinkat(dir, tmp, 0);
	fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return bb_err_set(e, errno, "can't create var/lib/dpkg/%s", tmp);
	if (full_write(fd, data, len) < 0 || fchmod(fd, mode) < 0)
		err = errno;
	if (!err && mtime) {
		struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };

		(void)futimens(fd, ts);
	}
	if (close(fd) < 0 && !err)
		err = errno;
	if (!err && renameat(dir, tmp, dir, name) < 0)
		err = errno;
	if (err) {
		(void)unlinkat(dir, tmp, 0);
		return bb_err_set(e, err, "can't write var/lib/dpkg/%s", name);
	}
	return 0;
}

int dpkgdb_read_file(int dir, const char *name, size_t max, char **data, size_t *len,
		     struct bb_err *e)
{
	struct stat sb;
	ssize_t n;
	int fd;

	*data = NULL;
	*len = 0;
	fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : bb_err_set(e, errno, "can't open var/lib/dpkg/%s", name);
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || (unsigned long long)sb.st_size > max) {
		close(fd);
		return bb_err_set(e, 0, "var/lib/dpkg/%s: not a file of at most %zu bytes", name, max);
	}
	*data = malloc(sb.st_size + 1);
	n = *data ? full_read(fd, *data, sb.st_size) : -1;
	close(fd);
	if (n < 0) {
		free(*data);
		*data = NULL;
		return bb_err_set(e, errno, "can't read var/lib/dpkg/%s", name);
	}
	(*data)[n] = '\0';
	*len = n;
	return 0;
}

char *dpkgdb_pkg_id(const struct dpkg_pkg *p)
{
	char *id;

	if (asprintf(&id, p->same ? "%s:%s" : "%s", p->name, p->arch) < 0)
		return NULL;
	return id;
}

/* Control members that become info/ID.NAME: plain names, and not the
 * control file itself nor the list dpkg writes. */
static int info_name_ok(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

	return n && n <= SUFFIX_MAX && !name[n] && strcmp(name, "control") != 0 && strcmp(name, "list") != 0;
}

static int write_list(int info, const char *id, const struct deb_info *di, struct bb_err *e)
{
	char *buf = NULL, name[PATH_LEN];
	size_t len = 0, i;
	FILE *f;
	int r;

	if ((size_t)snprintf(name, sizeof(name), "info/%s.list", id) >= sizeof(name))
		return bb_err_set(e, ENAMETOOLONG, "%s: file list", id);
	if (!(f = open_memstream(&buf, &len)))
		return bb_err_set(e, ENOMEM, "%s: file list", id);
	for (i = 0; i < di->npaths; i++)
		fprintf(f, "%s\n", di->paths[i]);
	if (fclose(f) != 0 || !buf) {
		free(buf);
		return bb_err_set(e, ENOMEM, "%s: file list", id);
	}
	r = dpkgdb_write_file(info, name, buf, len, 0644, 0, e);
	free(buf);
	return r;
}

static int remember(struct dpkg_pkg *p, char **names, size_t n)
{
	size_t i;

	for (i = 0; i < p->ninfo; i++)
		free(p->info[i]);
	free(p->info);
	p->info = names;
	p->ninfo = n;
	return 0;
}

/* For a package found in an existing database: the info/ID.* there. */
static void scan_info(int adm, const char *id, struct dpkg_pkg *p)
{
	size_t idlen = strlen(id), cap = 0;
	struct dirent *d;
	DIR *dir;
	int fd = openat(adm, "info", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		char **n;

		if (strncmp(d->d_name, id, idlen) != 0 || d->d_name[idlen] != '.' ||
		    !info_name_ok(d->d_name + idlen + 1))
			continue;
		if (p->ninfo == cap) {
			cap = cap ? 2 * cap : 16;
			if (!(n = realloc(p->info, cap * sizeof(*n))))
				break;
			p->info = n;
		}
		if (!(p->info[p->ninfo] = strdup(d->d_name + idlen + 1)))
			break;
		p->ninfo++;
	}
	closedir(dir);
}

/* Files an earlier version of this package had that this one does not. */
static void remove_stale(int adm, const char *id, const struct dpkg_pkg *p, char **now, size_t n)
{
	char name[PATH_LEN];
	size_t i, k;

	for (i = 0; i < p->ninfo; i++) {
		for (k = 0; k < n && strcmp(p->info[i], now[k]) != 0; k++)
			;
		if (k == n && snprintf(name, sizeof(name), "info/%s.%s", id, p->info[i]) < (int)sizeof(name))
			(void)unlinkat(adm, name, 0);
	}
}

static int md5_fd(int fd, char out[33]);

/* A package that ships no md5sums gets one made from its regular files as
 * unpacked, as dpkg itself does ("HASH  path" lines). */
static int write_md5sums(struct dpkgdb *db, const char *id, const struct deb_info *di,
			 struct bb_err *e)
{
	char name[PATH_LEN], sum[33], *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	int r;

	if (!f)
		return bb_err_set(e, ENOMEM, "md5sums");
	for (i = 0; i < di->npaths; i++) {
		const char *path = di->paths[i] + 1;
		int fd = path[0] ? tar_open_in_root(db->root, path, O_RDONLY | O_NOFOLLOW, 0) : -1;

		if (fd >= 0 && md5_fd(fd, sum) == 0)
			fprintf(f, "%s  %s\n", sum, path);
		if (fd >= 0)
			close(fd);
	}
	if (fclose(f) != 0) {
		free(buf);
		return bb_err_set(e, ENOMEM, "md5sums");
	}
	snprintf(name, sizeof(name), "info/%s.md5sums", id);
	r = dpkgdb_write_file(db->adm, name, buf ? buf : "", len, 0644, 0, e);
	free(buf);
	return r;
}

int dpkgdb_write_info(struct dpkgdb *db, struct dpkg_pkg *p, const struct deb_info *di,
		      struct bb_err *e)
{
	char *id = dpkgdb_pkg_id(p), **now = calloc(di->nfiles + 1, sizeof(char *)), name[PATH_LEN];
	size_t i, n = 0;
	int r = -1;

	if (!id || !now) {
		bb_err_set(e, ENOMEM, "info files");
		goto out;
	}
	for (i = 0; i < di->nfiles; i++) {
		const struct deb_file *f = &di->files[i];

		if (!info_name_ok(f->name))
			continue;
		if ((size_t)snprintf(name, sizeof(name), "info/%s.%s", id, f->name) >= sizeof(name)) {
			bb_err_set(e, ENAMETOOLONG, "%s: control member '%s'", id, f->name);
			goto out;
		}
		if (dpkgdb_write_file(db->adm, name, f->data, f->len, f->mode & 0111 ? 0755 : 0644,
				      f->mtime, e) < 0)
			goto out;
		if (!(now[n++] = strdup(f->name))) {
			bb_err_set(e, ENOMEM, "info files");
			goto out;
		}
	}
	if (!deb_info_file(di, "md5sums")) {
		if (!(now[n++] = strdup("md5sums"))) {
			bb_err_set(e, ENOMEM, "info files");
			goto out;
		}
		if (write_md5sums(db, id, di, e) < 0)
			goto out;
	}
	if (!(now[n++] = strdup("list"))) {
		bb_err_set(e, ENOMEM, "info files");
		goto out;
	}
	if (write_list(db->adm, id, di, e) < 0)
		goto out;
	if (p->loaded && !p->info)
		scan_info(db->adm, id, p);
	remove_stale(db->adm, id, p, now, n);
	r = remember(p, now, n);
	now = NULL;
out:
	if (now) {
		for (i = 0; i < n; i++)
			free(now[i]);
		free(now);
	}
	free(id);
	return r;
}

/* The md5sum of the regular file open on fd in hex: 0, or -1 when it is
 * not a regular file or cannot be read. */
static int md5_fd(int fd, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char buf[65536], sum[16];
	br_md5_context md5;
	struct stat sb;
	ssize_t n;
	int i;

	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))
		return -1;
	br_md5_init(&md5);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		br_md5_update(&md5, buf, n);
	if (n < 0)
		return -1;
	br_md5_out(&md5, sum);
	for (i = 0; i < 16; i++) {
		out[2 * i] = hex[sum[i] >> 4];
		out[2 * i + 1] = hex[sum[i] & 15];
	}
	out[32] = '\0';
	return 0;
}

/* The md5sum of a file in the target (symlinks followed inside it), or
 * "newconffile" when it is not there as a regular file. */
static void md5_file(int root, const char *path, char out[33])
{
	int fd = tar_open_in_root(root, path, O_RDONLY, 0);

	if (fd < 0 || md5_fd(fd, out) < 0)
		strcpy(out, "newconffile");
	if (fd >= 0)
		close(fd);
}

int dpkgdb_conffiles(struct dpkgdb *db, const struct deb_info *info, char **val,
		     struct bb_err *e)
{
	const struct deb_file *cf = deb_info_file(info, "conffiles");
	char *buf = NULL, *copy, *line, *save = NULL;
	size_t len = 0;
	FILE *f;

	*val = NULL;
	if (!cf)
		return 0;
	if (!(copy = strdup(cf->data)) || !(f = open_memstream(&buf, &len))) {
		free(copy);
		return bb_err_set(e, ENOMEM, "conffiles");
	}
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char sum[33];

		line[strcspn(line, "\r")] = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (line[0] != '/' || strpbrk(line, " \t"))
			continue; /* blank, or "remove-on-upgrade /path": not installed */
		md5_file(db->root, line + 1, sum);
		fprintf(f, "\n %s %s", line, sum);
	}
	free(copy);
	if (fclose(f) != 0 || !buf) {
		free(buf);
		return bb_err_set(e, ENOMEM, "conffiles");
	}
	if (!len) {
		free(buf);
		buf = NULL;
	}
	*val = buf;
	return 0;
}

/* Trigger names dpkg accepts (and that are safe as triggers/NAME). */
static int trig_name_ok(const char *name, int file)
{
	const char *s;

	if (!name[0] || strlen(name) > TRIG_NAME_MAX || (!file && (name[0] == '.' || strcmp(name, "File") == 0 ||
				   strcmp(name, "Unincorp") == 0 || strcmp(name, "Lock") == 0)))
		return 0;
	for (s = name; *s; s++)
		if (*s <= ' ' || *s > '~' || (!file && *s == '/'))
			return 0;
	return 1;
}

static int add_file_trigger(struct dpkgdb *db, const char *line, struct bb_err *e)
{
	char **n;
	size_t i;

	for (i = 0; i < db->nfiletrig; i++)
		if (strcmp(db->filetrig[i], line) == 0)
			return 0;
	n = realloc(db->filetrig, (db->nfiletrig + 1) * sizeof(*n));
	if (!n || !(n[db->nfiletrig] = strdup(line))) {
		if (n)
			db->filetrig = n;
		return bb_err_set(e, ENOMEM, "triggers");
	}
	db->filetrig = n;
	db->nfiletrig++;
	return 0;
}

/* triggers/NAME: one "PKG[/noawait]" line per interested package. */
static int add_named_trigger(struct dpkgdb *db, const char *name, const char *who,
			     struct bb_err *e)
{
	char path[PATH_LEN], *old, *buf;
	size_t len = 0, wlen = strlen(who);
	const char *p;
	int r;

	snprintf(path, sizeof(path), "triggers/%s", name);
	if (dpkgdb_read_file(db->adm, path, TRIG_FILE_MAX, &old, &len, e) < 0)
		return -1;
	for (p = old; p && (p = strstr(p, who)) != NULL; p += wlen)
		if ((p == old || p[-1] == '\n') && (p[wlen] == '\n' || !p[wlen])) {
			free(old);
			return 0; /* already there */
		}
	if (asprintf(&buf, "%s%s%s\n", old ? old : "", len && old[len - 1] != '\n' ? "\n" : "",
		     who) < 0) {
		free(old);
		return bb_err_set(e, ENOMEM, "triggers");
	}
	free(old);
	r = dpkgdb_write_file(db->adm, path, buf, strlen(buf), 0644, 0, e);
	free(buf);
	return r;
}

/* One "interest[-await|-noawait] NAME" directive. */
static int interest(struct dpkgdb *db, const char *id, const char *how, const char *name,
		    struct bb_err *e)
{
	int noawait = strcmp(how, "interest-noawait") == 0, file = name[0] == '/';
	char *who;
	int r;

	if (!trig_name_ok(name, file))
		return bb_err_set(e, 0, "%s: triggers: bad trigger name '%s'", id, name);
	if (file)
		r = asprintf(&who, "%s %s%s", name, id, noawait ? "/noawait" : "");
	else
		r = asprintf(&who, "%s%s", id, noawait ? "/noawait" : "");
	if (r < 0)
		return bb_err_set(e, ENOMEM, "triggers");
	r = file ? add_file_trigger(db, who, e) : add_named_trigger(db, name, who, e);
	free(who);
	return r;
}

int dpkgdb_triggers(struct dpkgdb *db, const struct dpkg_pkg *p, const struct deb_info *info,
		    struct bb_err *e)
{
	const struct deb_file *tf = deb_info_file(info, "triggers");
	char *copy, *line, *save = NULL, *id;
	int r = 0;

	if (!tf)
		return 0;
	id = dpkgdb_pkg_id(p);
	copy = strdup(tf->data);
	if (!id || !copy) {
		free(id);
		free(copy);
		return bb_err_set(e, ENOMEM, "triggers");
	}
	for (line = strtok_r(copy, "\n", &save); line && r == 0; line = strtok_r(NULL, "\n", &save)) {
		char *how, *name, *rest, *s2 = NULL;

		how = strtok_r(line, " \t\r", &s2);
		if (!how || how[0] == '#')
			continue;
		name = strtok_r(NULL, " \t\r", &s2);
		rest = strtok_r(NULL, " \t\r", &s2);
		if (strncmp(how, "activate", 8) == 0)
			continue; /* activations: for dpkg's next run, not recorded */
		if (!name || (rest && rest[0] != '#') ||
		    (strcmp(how, "interest") && strcmp(how, "interest-await") &&
		     strcmp(how, "interest-noawait")))
			r = bb_err_set(e, 0, "%s: triggers: bad line '%s'", id, how);
		else
			r = interest(db, id, how, name, e);
	}
	free(copy);
	free(id);
	return r;
}
