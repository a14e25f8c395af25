/* Unit tests of the .deb reader (rootfs-builder/ar.c, deb.c, libbb/unz.c):
 * ar containers built in memory (bad magic, truncated headers, sizes past
 * the end, odd padding), packages built by dpkg-deb at run time (gzip, xz,
 * zstd, none; skipped without dpkg-deb) unpacked into a merged-/usr root,
 * and hostile data.tar members wrapped in a .deb. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "autoconf.h"
#include "deb.h"
#include "dpkgdb.h"
#include "tap.h"
#include "tar_test.h"

static char dir[256];

struct buf {
	unsigned char *p;
	size_t len;
};

static void put(struct buf *b, const void *data, size_t n)
{
	b->p = realloc(b->p, b->len + n);
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void zeros(struct buf *b, size_t n)
{
	b->p = realloc(b->p, b->len + n);
	memset(b->p + b->len, 0, n);
	b->len += n;
}

/* ---- tar and ar, in memory ---- */

static void tar_member(struct buf *b, const char *name, char type, const char *link,
		       const char *data, size_t size, unsigned mode)
{
	unsigned char h[512] = { 0 };

	tar_test_header(h, name, type, link, size, mode);
	put(b, h, 512);
	if (size) {
		put(b, data, size);
		zeros(b, (512 - size % 512) % 512);
	}
}

static void ar_member(struct buf *b, const char *name, const void *data, size_t size)
{
	char h[61];

	snprintf(h, sizeof(h), "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", name, "0", "0", "0", "100644", size);
	put(b, h, 60);
	put(b, data, size);
	if (size & 1)
		put(b, "\n", 1);
}

/* A .deb: debian-binary, a control.tar with a control file, data. */
static void deb_around(struct buf *deb, const struct buf *data, const char *data_name)
{
	static const char control[] = "Package: evil\nVersion: 1\nArchitecture: all\n";
	struct buf ctl = { 0 };

	tar_member(&ctl, "./", '5', NULL, NULL, 0, 0755);
	tar_member(&ctl, "./control", '0', NULL, control, sizeof(control) - 1, 0644);
	zeros(&ctl, 1024);
	put(deb, "!<arch>\n", 8);
	ar_member(deb, "debian-binary", "2.0\n", 4);
	ar_member(deb, "control.tar", ctl.p, ctl.len);
	ar_member(deb, data_name, data->p, data->len);
	free(ctl.p);
}

static char *save(const struct buf *b, const char *name)
{
	static char path[400];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, b->p, b->len) != (ssize_t)b->len)
		diag("can't write %s", path);
	close(fd);
	return path;
}

static void skips(int n, const char *why)
{
	while (n--)
		skip(why);
}

static int has(const struct bb_err *e, const char *s)
{
	int r = strstr(e->msg, s) != NULL;

	if (!r)
		diag("message: %s", e->msg);
	return r;
}

/* ---- ar ---- */

static int ar_walk(const struct buf *b, char *names, size_t cap, struct bb_err *e)
{
	struct ar_reader ar;
	struct ar_member m;
	int fd = open(save(b, "t.a"), O_RDONLY), r;

	names[0] = '\0';
	memset(e, 0, sizeof(*e));
	r = ar_open(&ar, fd, "t.a", e);
	while (r == 0 && (r = ar_next(&ar, &m, e)) > 0) {
		char one[64], data[8] = "";

		if (pread(fd, data, m.size < 7 ? m.size : 7, m.offset) < 0)
			r = -1;
		snprintf(one, sizeof(one), "%s=%s;", m.name, data);
		strncat(names, one, cap - strlen(names) - 1);
		r = 0;
	}
	close(fd);
	return r;
}

static void ar_tests(void)
{
	struct buf b = { 0 };
	struct bb_err e;
	char names[256];

	put(&b, "!<arch>\n", 8);
	ar_member(&b, "odd/", "abc", 3);
	ar_member(&b, "even", "ab", 2);
	ar_member(&b, "last", "x", 1);
	b.len--; /* the last member's padding left out */
	is_int(ar_walk(&b, names, sizeof(names), &e), 0, "ar: members read");
	is_str(names, "odd=abc;even=ab;last=x;", "ar: odd sizes padded, GNU '/' dropped, last pad optional");

	free(b.p);
	b = (struct buf){ 0 };
	put(&b, "!<arch>\r", 8);
	ok(ar_walk(&b, names, sizeof(names), &e) < 0 && has(&e, "bad magic"), "ar: bad magic refused");
	b.len = 4;
	ok(ar_walk(&b, names, sizeof(names), &e) < 0 && has(&e, "bad magic"), "ar: short file refused");

	free(b.p);
	b = (struct buf){ 0 };
	put(&b, "!<arch>\n", 8);
	ar_member(&b, "a", "0123456789", 10);
	b.len = 8 + 30;
	ok(ar_walk(&b, names, sizeof(names), &e) < 0 && has(&e, "truncated ar header"),
	   "ar: truncated header refused");
	b.len = 8 + 60 + 5;
	ok(ar_walk(&b, names, sizeof(names), &e) < 0 && has(&e, "past the end"),
	   "ar: a member past the end of the file refused");
	b.len = 8 + 70;
	memcpy(b.p + 8 + 48, "1x        ", 10);
	ok(ar_walk(&b, names, sizeof(names), &e) < 0 && has(&e, "malformed"), "ar: a bad size refused");
	memcpy(b.p + 8 + 48, "10        ", 10);
	memcpy(b.p + 8 + 58, "`\r", 2);
	ok(ar_walk(&b, names, sizeof(names), &e) < 0 && has(&e, "malformed"), "ar: a bad header end refused");
	memcpy(b.p + 8 + 58, "`\n", 2);
	memcpy(b.p + 8 + 48, "99999999999999999999", 10);
	ok(ar_walk(&b, names, sizeof(names), &e) < 0 && has(&e, "past the end"), "ar: a huge size refused");
	memcpy(b.p + 8, "a\001              ", 16);
	ok(ar_walk(&b, names, sizeof(names), &e) < 0 && has(&e, "malformed"), "ar: a control character in a name refused");
	free(b.p);
}

/* ---- hostile and malformed .debs ---- */

static int read_deb(const struct buf *deb, int rootfd, unsigned flags, struct deb_info *info,
		    struct bb_err *e)
{
	int fd = open(save(deb, "t.deb"), O_RDONLY), r;

	memset(e, 0, sizeof(*e));
	r = deb_read(fd, "t.deb", rootfd, flags, NULL, info, e);
	close(fd);
	return r;
}

static int fresh_root(void)
{
	char cmd[2000];

	snprintf(cmd, sizeof(cmd), "rm -rf %s/root %s/outside && mkdir -p %s/root/usr/bin %s/outside && "
		 "ln -s usr/bin %s/root/bin", dir, dir, dir, dir, dir);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s/root", dir);
	return open(cmd, O_RDONLY | O_DIRECTORY);
}

static int outside_empty(void)
{
	char cmd[1200];

	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A %s/outside)\"", dir);
	return system(cmd) == 0;
}

static int exists(const char *rel)
{
	char p[600];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return lstat(p, &sb) == 0;
}

/* One hostile data.tar: extraction must fail with `want` (NULL: succeed),
 * leaving dir/outside empty. */
static void hostile(const char *what, const struct buf *tar, const char *want, unsigned flags)
{
	struct buf deb = { 0 };
	struct deb_info info;
	struct bb_err e;
	int root = fresh_root(), r;

	deb_around(&deb, tar, "data.tar");
	r = read_deb(&deb, root, flags, &info, &e);
	if (want)
		ok(r < 0 && has(&e, "t.deb: data.tar: ") && has(&e, want), "%s: refused", what);
	else
		is_int(r, 0, "%s: extracted inside the root", what);
	ok(outside_empty(), "%s: nothing written outside", what);
	if (r == 0)
		deb_info_free(&info);
	close(root);
	free(deb.p);
}

static void hostile_tests(void)
{
	struct buf t = { 0 };
	char link[400];

	tar_member(&t, "./etc/../../outside/x", '0', NULL, "x", 1, 0644);
	zeros(&t, 1024);
	hostile("'..' in a name", &t, "'..'", 0);

	free(t.p);
	t = (struct buf){ 0 };
	snprintf(link, sizeof(link), "%s/outside/x", dir);
	tar_member(&t, link, '0', NULL, "x", 1, 0644);
	zeros(&t, 1024);
	hostile("an absolute name", &t, "absolute", 0);

	free(t.p);
	t = (struct buf){ 0 };
	snprintf(link, sizeof(link), "%s/outside", dir);
	tar_member(&t, "./esc", '2', link, NULL, 0, 0777);
	tar_member(&t, "./esc/x", '0', NULL, "x", 1, 0644);
	tar_member(&t, "./up", '2', "../../../../../..", NULL, 0, 0777);
	tar_member(&t, "./up/y", '0', NULL, "y", 1, 0644);
	zeros(&t, 1024);
	hostile("a file through a symlink out of the root", &t, NULL, 0);
	snprintf(link, sizeof(link), "root/%s/outside/x", dir + 1);
	ok(exists(link) && exists("root/y"), "the files landed inside the root");

	free(t.p);
	t = (struct buf){ 0 };
	tar_member(&t, "./pw", '1', "/etc/passwd", NULL, 0, 0644);
	zeros(&t, 1024);
	hostile("a hard link to /etc/passwd", &t, "outside the archive", 0);
	free(t.p);
	t = (struct buf){ 0 };
	tar_member(&t, "./sys", '2', "/etc", NULL, 0, 0777);
	tar_member(&t, "./pw", '1', "sys/passwd", NULL, 0, 0644);
	zeros(&t, 1024);
	hostile("a hard link to /etc/passwd through a symlink", &t, "'./pw'", 0);

	free(t.p);
	t = (struct buf){ 0 };
	tar_member(&t, "./a\nb", '0', NULL, "x", 1, 0644);
	zeros(&t, 1024);
	hostile("a newline in a name", &t, "newline", 0);

	free(t.p);
	t = (struct buf){ 0 };
	tar_member(&t, "./dev/null", '3', NULL, NULL, 0, 0666);
	zeros(&t, 1024);
	if (geteuid() == 0) {
		hostile("a device node as root", &t, NULL, 0);
		ok(exists("root/dev/null"), "the device node was made");
	} else {
		hostile("a device node when not root", &t, "need root", 0);
		hostile("a device node when not root, skipped", &t, NULL, DEB_SKIP_DEVICES);
	}
	free(t.p);
}

/* The device checks as an unprivileged user (in a child). */
static void unprivileged_tests(void)
{
	struct buf t = { 0 };
	pid_t pid;
	int st;

	if (geteuid() != 0) {
		skip("already not root: covered above");
		skip("already not root: covered above");
		return;
	}
	tar_member(&t, "./dev/null", '3', NULL, NULL, 0, 0666);
	zeros(&t, 1024);
	pid = fork();
	if (pid == 0) {
		struct buf deb = { 0 };
		struct deb_info info;
		struct bb_err e;
		char cmd[2000];
		int root, fd, r1, r2;

		snprintf(cmd, sizeof(cmd), "rm -rf %s/u && mkdir -m 777 %s/u", dir, dir);
		if (system(cmd) != 0)
			_exit(9);
		snprintf(cmd, sizeof(cmd), "%s/u", dir);
		root = open(cmd, O_RDONLY | O_DIRECTORY);
		deb_around(&deb, &t, "data.tar");
		fd = open(save(&deb, "t.deb"), O_RDONLY);
		if (root < 0 || fd < 0 || setgid(65534) < 0 || setuid(65534) < 0)
			_exit(9);
		r1 = deb_read(fd, "t.deb", root, DEB_NO_OWNER, NULL, &info, &e) < 0 &&
		     strstr(e.msg, "need root");
		r2 = deb_read(fd, "t.deb", root, DEB_NO_OWNER | DEB_SKIP_DEVICES, NULL, &info, &e) == 0;
		_exit((r1 ? 0 : 1) | (r2 ? 0 : 2));
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && !(WEXITSTATUS(st) & 1), "not root: a device node refused");
	ok(WIFEXITED(st) && !(WEXITSTATUS(st) & 2) && WEXITSTATUS(st) != 9,
	   "not root: DEB_SKIP_DEVICES skips it");
	free(t.p);
}

static void malformed_tests(void)
{
	struct buf deb = { 0 }, data = { 0 };
	struct deb_info info;
	struct bb_err e;

	tar_member(&data, "./", '5', NULL, NULL, 0, 0755);
	zeros(&data, 1024);

	deb_around(&deb, &data, "data.tar.zst");
	ok(read_deb(&deb, -1, DEB_LIST, &info, &e) < 0 &&
	   has(&e, ENABLE_FEATURE_ZSTD ? "data.tar.zst: zstd data" : "zstd support not built in"),
	   ENABLE_FEATURE_ZSTD ? "a data.tar.zst that is not zstd refused" :
	   "without FEATURE_ZSTD, zstd refused by name");
	free(deb.p);
	deb = (struct buf){ 0 };
	deb_around(&deb, &data, "data.tar.bz2");
	ok(read_deb(&deb, -1, DEB_LIST, &info, &e) < 0 && has(&e, "bzip2"), "bzip2 refused");
	free(deb.p);
	deb = (struct buf){ 0 };
	deb_around(&deb, &data, "data.tar.gz");
	ok(read_deb(&deb, -1, DEB_LIST, &info, &e) < 0 && has(&e, "data.tar.gz: gzip data"),
	   "a data.tar.gz that is not gzip refused");
	free(deb.p);
	deb = (struct buf){ 0 };
	deb_around(&deb, &data, "data.tar.xz");
	ok(read_deb(&deb, -1, DEB_LIST, &info, &e) < 0 && has(&e, "data.tar.xz: xz data"),
	   "a data.tar.xz that is not xz refused");
	free(deb.p);
	deb = (struct buf){ 0 };
	deb_around(&deb, &data, "data.tar");
	memcpy(deb.p + 8 + 60, "3.0\n", 4);
	ok(read_deb(&deb, -1, 0, &info, &e) < 0 && has(&e, "format version '3.0'"), "format 3.0 refused");
	memcpy(deb.p + 8, "debian-binarx", 13);
	ok(read_deb(&deb, -1, 0, &info, &e) < 0 && has(&e, "not a .deb"), "no debian-binary refused");
	free(deb.p);
	deb = (struct buf){ 0 };
	deb_around(&deb, &data, "data.tar");
	deb.len -= 60 + data.len; /* no data.tar */
	ok(read_deb(&deb, -1, 0, &info, &e) < 0 && has(&e, "no data.tar"), "a missing data.tar refused");
	free(deb.p);
	deb = (struct buf){ 0 };
	deb_around(&deb, &data, "_private");
	ok(read_deb(&deb, -1, 0, &info, &e) < 0 && has(&e, "no data.tar"), "'_' members skipped");
	free(deb.p);
	deb = (struct buf){ 0 };
	deb_around(&deb, &data, "data.tar");
	is_int(read_deb(&deb, -1, 0, &info, &e), 0, "control only (no root, no DEB_LIST)");
	ok(info.npaths == 0 && deb_info_file(&info, "control") &&
	   strstr(deb_info_file(&info, "control")->data, "Package: evil"), "control read, no paths");
	deb_info_free(&info);
	is_int(read_deb(&deb, -1, DEB_LIST, &info, &e), 0, "DEB_LIST");
	ok(info.npaths == 1 && strcmp(info.paths[0], "/.") == 0, "the list of an empty package is /.");
	deb_info_free(&info);
	free(deb.p);
	free(data.p);
}

/* ---- real packages from dpkg-deb ---- */

static int run_cmd(const char *fmt, const char *a, const char *b)
{
	char cmd[2000];

	snprintf(cmd, sizeof(cmd), fmt, a, b, a, b, a, b);
	return system(cmd);
}

/* The file list dpkg would write, from tar's own listing. */
static char *expected_list(const char *deb)
{
	char cmd[2000], *out;
	size_t len;

	snprintf(cmd, sizeof(cmd), "dpkg-deb --fsys-tarfile %s | tar -t | "
		 "sed 's,^\\./,/,; s,/$,,; s,^$,/.,' > %s/want.list", deb, dir);
	if (system(cmd) != 0)
		return NULL;
	snprintf(cmd, sizeof(cmd), "%s/want.list", dir);
	out = read_file(cmd, 1 << 20, &len);
	return out;
}

static char *joined(const struct deb_info *info)
{
	size_t i, n = 1;
	char *s;

	for (i = 0; i < info->npaths; i++)
		n += strlen(info->paths[i]) + 1;
	s = calloc(1, n);
	for (i = 0; i < info->npaths; i++) {
		strcat(s, info->paths[i]);
		strcat(s, "\n");
	}
	return s;
}

static const char *build_pkg(void)
{
	static char pkg[300];
	char cmd[2000];

	snprintf(pkg, sizeof(pkg), "%s/pkg", dir);
	snprintf(cmd, sizeof(cmd),
		 "set -e; cd %s; rm -rf pkg; mkdir -p pkg/DEBIAN pkg/bin pkg/etc pkg/usr/share/tst; "
		 "printf 'Package: ctbox-tst\\nVersion: 1.0-1\\nArchitecture: all\\n"
		 "Maintainer: T <t@example.org>\\nDescription: test\\n more\\n' > pkg/DEBIAN/control; "
		 "printf '#!/bin/sh\\nexit 0\\n' > pkg/DEBIAN/postinst; chmod 755 pkg/DEBIAN/postinst; "
		 "echo /etc/tst.conf > pkg/DEBIAN/conffiles; "
		 "echo 'key=value' > pkg/etc/tst.conf; "
		 "printf '#!/bin/sh\\necho tool\\n' > pkg/bin/tool; chmod 4755 pkg/bin/tool; "
		 "ln -s ../../../bin/tool pkg/usr/share/tst/link; "
		 "ln pkg/bin/tool pkg/usr/share/tst/hard; "
		 "(cd pkg && find bin etc usr -type f -exec md5sum {} + > DEBIAN/md5sums)", dir);
	return system(cmd) == 0 ? pkg : NULL;
}

static void real_tests(void)
{
	static const char *const comps[] = { "gzip", "xz", "zstd", "none" };
	char deb[400], p[600], *want, *got;
	struct deb_info info;
	unsigned long long m;
	struct bb_err e;
	struct stat sb;
	size_t i;

	if (system("command -v dpkg-deb >/dev/null 2>&1") != 0 || !build_pkg()) {
		skips(10 * (int)ARRAY_SIZE(comps), "no dpkg-deb");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(comps); i++) {
		const char *c = comps[i];
		int fd, root;

		snprintf(deb, sizeof(deb), "%s/tst-%s.deb", dir, c);
		if (run_cmd("dpkg-deb --root-owner-group -Z%2$s --build %1$s/pkg %1$s/tst-%2$s.deb >/dev/null",
			    dir, c) != 0) {
			skips(10, "dpkg-deb failed");
			continue;
		}
		fd = open(deb, O_RDONLY);
		if (!ENABLE_FEATURE_ZSTD && strcmp(c, "zstd") == 0) {
			ok(deb_read(fd, deb, -1, DEB_LIST, NULL, &info, &e) < 0 &&
			   has(&e, "control.tar.zst: zstd support not built in"),
			   "[%s] refused without FEATURE_ZSTD", c);
			skips(9, "built without FEATURE_ZSTD");
			close(fd);
			continue;
		}
		is_int(deb_read(fd, deb, -1, DEB_LIST, NULL, &info, &e), 0, "[%s] a dpkg-deb package listed", c);
		want = expected_list(deb);
		got = joined(&info);
		is_str(got, want, "[%s] paths as dpkg lists them, in archive order", c);
		free(want);
		free(got);
		ok(deb_info_file(&info, "control") && deb_info_file(&info, "postinst") &&
		   (deb_info_file(&info, "postinst")->mode & 0777) == 0755 &&
		   strcmp(deb_info_file(&info, "conffiles")->data, "/etc/tst.conf\n") == 0 &&
		   deb_info_file(&info, "md5sums"), "[%s] control members read, modes kept", c);
		deb_info_free(&info);

		root = fresh_root();
		is_int(deb_read(fd, deb, root, 0, NULL, &info, &e), 0, "[%s] unpacked into a merged-/usr root", c);
		ok(info.bytes > 0 && info.npaths == 10, "[%s] bytes %llu, %zu paths", c, info.bytes, info.npaths);
		snprintf(p, sizeof(p), "%s/root/usr/bin/tool", dir);
		ok(stat(p, &sb) == 0 && (sb.st_mode & 07777) == 04755 && sb.st_nlink == 2,
		   "[%s] ./bin/tool in usr/bin, setuid kept, hard linked", c);
		ok(exists("root/bin/tool") && !exists("root/bin/.ctbox-new") &&
		   lstat(strcat(strcpy(p, dir), "/root/bin"), &sb) == 0 && S_ISLNK(sb.st_mode),
		   "[%s] bin is still a symlink", c);
		snprintf(p, sizeof(p), "%s/root/usr/share/tst/link", dir);
		ok(lstat(p, &sb) == 0 && S_ISLNK(sb.st_mode), "[%s] the symlink made", c);
		/* a second unpack over the first replaces everything (xz's own
		 * check skipped, as for a .deb whose SHA-256 was checked) */
		deb_info_free(&info);
		is_int(deb_read(fd, deb, root, DEB_VERIFIED, NULL, &info, &e), 0,
		       "[%s] unpacked again over itself, DEB_VERIFIED", c);
		deb_info_free(&info);
		/* a data.tar of a few KiB: an xz decoder touches that much, not
		 * its 8 MiB dictionary; gzip and plain only their buffers;
		 * zstd is not looked into (the most xz may take) */
		m = deb_data_memory(fd, deb);
		ok(strcmp(c, "xz") ? m == (strcmp(c, "zstd") ? 64ull << 10 : 64ull << 20) :
		   m > (64u << 10) && m < (64u << 10) + (1u << 20),
		   "[%s] decoder memory estimate %llu", c, m);
		close(root);
		close(fd);
	}
}

/* The whole way: unpack, record, and ask dpkg whether it agrees. */
static void dpkg_tests(void)
{
	char deb[400], cmd[2000];
	struct deb_info info;
	struct dpkgdb *db;
	struct bb_err e;
	int fd, root;

	snprintf(deb, sizeof(deb), "%s/tst-xz.deb", dir);
	if (system("command -v dpkg >/dev/null 2>&1") != 0 || access(deb, R_OK) != 0) {
		skips(4, "no dpkg");
		return;
	}
	root = fresh_root();
	fd = open(deb, O_RDONLY);
	is_int(deb_read(fd, deb, root, 0, NULL, &info, &e), 0, "unpacked for dpkg");
	db = dpkgdb_open(root, "amd64", &e);
	ok(db && dpkgdb_add(db, &info, "install ok installed", &e) == 0 && dpkgdb_write(db, &e) == 0,
	   "recorded in dpkg's database");
	dpkgdb_free(db);
	deb_info_free(&info);
	close(fd);
	close(root);
	snprintf(cmd, sizeof(cmd), "dpkg --root=%s/root --verify ctbox-tst && "
		 "test -z \"$(dpkg --root=%s/root --audit)\"", dir, dir);
	is_int(system(cmd), 0, "dpkg --verify and --audit are happy");
	snprintf(cmd, sizeof(cmd), "dpkg-query --admindir=%s/root/var/lib/dpkg -L ctbox-tst | "
		 "diff - %s/want.list >/dev/null", dir, dir);
	is_int(system(cmd), 0, "dpkg-query -L gives the archive's list");
}

int main(void)
{
	char cmd[600];

	snprintf(dir, sizeof(dir), "%s/ctbox-deb.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		plan_skip_all("no temp dir");
	ar_tests();
	hostile_tests();
	unprivileged_tests();
	malformed_tests();
	real_tests();
	dpkg_tests();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)!system(cmd);
	return done_testing();
}
