/* Unit tests of dpkg's database writer (rootfs-builder/dpkgdb*.c): two
 * packages, one Multi-Arch: same with trigger interests, recorded in a
 * temporary root; the status, available, info/ and triggers/ files
 * compared with what dpkg writes; reopened and rewritten; malformed
 * control files refused; the archive's Priority and Section over the
 * control file's; and, when dpkg is installed, its own tools asked
 * (--audit, -l, --verify). */
#include <bearssl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dpkgdb.h"
#include "tap.h"

static char dir[256], arch[32] = "amd64";

static char *md5hex(const char *s, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char sum[16];
	br_md5_context c;
	int i;

	br_md5_init(&c);
	br_md5_update(&c, s, strlen(s));
	br_md5_out(&c, sum);
	for (i = 0; i < 16; i++) {
		out[2 * i] = hex[sum[i] >> 4];
		out[2 * i + 1] = hex[sum[i] & 15];
	}
	out[32] = '\0';
	return out;
}

static void put_file(const char *rel, const char *text, mode_t mode)
{
	char p[600], cmd[1400];
	int fd;

	snprintf(p, sizeof(p), "%s/root/%s", dir, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname %s)\"", p);
	if (system(cmd) != 0)
		diag("mkdir failed for %s", p);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		diag("can't write %s", p);
	close(fd);
}

static char *slurp(const char *rel)
{
	char p[600];

	snprintf(p, sizeof(p), "%s/root/var/lib/dpkg/%s", dir, rel);
	return read_file(p, 1 << 20, NULL);
}

static mode_t mode_of(const char *rel)
{
	char p[600];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/root/var/lib/dpkg/%s", dir, rel);
	return lstat(p, &sb) == 0 ? sb.st_mode : 0;
}

/* A deb_info as deb_read would give it. */
struct pkg {
	struct deb_info info;
	struct deb_file files[8];
	char *paths[8];
};

static void add_file(struct pkg *p, const char *name, const char *data, mode_t mode)
{
	struct deb_file *f = &p->files[p->info.nfiles++];

	f->name = (char *)name;
	f->data = (char *)data;
	f->len = strlen(data);
	f->mode = mode;
	f->mtime = 1000000000;
	p->info.files = p->files;
}

static void set_paths(struct pkg *p, const char *const *paths)
{
	for (p->info.npaths = 0; paths[p->info.npaths]; p->info.npaths++)
		p->paths[p->info.npaths] = (char *)paths[p->info.npaths];
	p->info.paths = p->paths;
}

static char control_a[512], control_b[512], md5sums_a[256], md5sums_b[256];

static void make_packages(struct pkg *a, struct pkg *b)
{
	static const char *const paths_a[] = { "/.", "/etc", "/etc/ctbox-a.conf", "/usr", "/usr/bin",
					       "/usr/bin/ctbox-a", NULL };
	static const char *const paths_b[] = { "/.", "/usr", "/usr/lib", "/usr/lib/libctbox.so.1", NULL };
	char s1[33], s2[33];

	snprintf(control_a, sizeof(control_a),
		 "Package: ctbox-a\nVersion: 1.0\nArchitecture: %s\nMaintainer: T <t@example.org>\n"
		 "Installed-Size: 10\nDepends: libctbox-b\nEssential: yes\nProtected: no\n"
		 "Section: admin\nPriority: required\nHomepage: https://example.org\n"
		 "Description: package a\n long text\n .\n more\nMulti-Arch: foreign\n", arch);
	snprintf(control_b, sizeof(control_b),
		 "Package: libctbox-b\nSource: ctbox\nVersion: 2:1.0-1\nArchitecture: %s\n"
		 "Multi-Arch: same\nMaintainer: T <t@example.org>\nDescription: library b\n", arch);
	snprintf(md5sums_a, sizeof(md5sums_a), "%s  etc/ctbox-a.conf\n%s  usr/bin/ctbox-a\n",
		 md5hex("hello\n", s1), md5hex("#!/bin/sh\n", s2));
	snprintf(md5sums_b, sizeof(md5sums_b), "%s  usr/lib/libctbox.so.1\n", md5hex("lib\n", s1));
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	add_file(a, "control", control_a, 0644);
	add_file(a, "md5sums", md5sums_a, 0644);
	add_file(a, "conffiles", "/etc/ctbox-a.conf\n", 0644);
	add_file(a, "postinst", "#!/bin/sh\nexit 0\n", 0755);
	add_file(a, "bad.name", "x", 0644);
	set_paths(a, paths_a);
	add_file(b, "control", control_b, 0644);
	add_file(b, "md5sums", md5sums_b, 0644);
	add_file(b, "shlibs", "libctbox 1 libctbox-b\n", 0644);
	add_file(b, "triggers", "# interests\ninterest-noawait /usr/lib/ctbox\n\ninterest ctbox-trig\n"
		 "activate-noawait ldconfig\n", 0644);
	set_paths(b, paths_b);
	put_file("etc/ctbox-a.conf", "hello\n", 0644);
	put_file("usr/bin/ctbox-a", "#!/bin/sh\n", 0755);
	put_file("usr/lib/libctbox.so.1", "lib\n", 0644);
}

static int has(const struct bb_err *e, const char *s)
{
	int r = strstr(e->msg, s) != NULL;

	if (!r)
		diag("message: %s", e->msg);
	return r;
}

static int root_fd(void)
{
	char p[400];

	snprintf(p, sizeof(p), "%s/root", dir);
	return open(p, O_RDONLY | O_DIRECTORY);
}

static void layout_tests(void)
{
	static const char *const dirs[] = { "info", "updates", "triggers", "alternatives", "parts" };
	static const char *const files[] = { "diversions", "statoverride", "triggers/Unincorp" };
	char want[64], *t;
	size_t i;
	int ok_ = 1;

	for (i = 0; i < ARRAY_SIZE(dirs); i++)
		ok_ &= S_ISDIR(mode_of(dirs[i]));
	ok(ok_, "info, updates, triggers, alternatives, parts made");
	for (ok_ = 1, i = 0; i < ARRAY_SIZE(files); i++)
		ok_ &= S_ISREG(mode_of(files[i]));
	ok(ok_, "diversions, statoverride, triggers/Unincorp made");
	t = slurp("info/format");
	is_str(t, "1\n", "info/format");
	free(t);
	snprintf(want, sizeof(want), "%s\n", arch);
	t = slurp("arch");
	is_str(t, want, "arch");
	free(t);
}

static void content_tests(void)
{
	char want[2048], name[128], s[33], *t;

	snprintf(want, sizeof(want),
		 "Package: ctbox-a\nEssential: yes\nStatus: install ok installed\nPriority: required\n"
		 "Section: admin\nInstalled-Size: 10\nMaintainer: T <t@example.org>\nArchitecture: %s\n"
		 "Multi-Arch: foreign\nVersion: 1.0\nDepends: libctbox-b\nConffiles:\n"
		 " /etc/ctbox-a.conf %s\nDescription: package a\n long text\n .\n more\n"
		 "Homepage: https://example.org\n\n"
		 "Package: libctbox-b\nStatus: install ok installed\nMaintainer: T <t@example.org>\n"
		 "Architecture: %s\nMulti-Arch: same\nSource: ctbox\nVersion: 2:1.0-1\n"
		 "Description: library b\n\n", arch, md5hex("hello\n", s), arch);
	t = slurp("status");
	is_str(t, want, "status: dpkg's field order, Status after Package, Conffiles hashed");
	free(t);
	t = slurp("available");
	ok(t && strstr(t, "Package: ctbox-a\nEssential: yes\nPriority: required\n") &&
	   !strstr(t, "Status:") && !strstr(t, "Conffiles:") && strstr(t, "Package: libctbox-b\n"),
	   "available: the same without Status and Conffiles");
	free(t);
	t = slurp("info/ctbox-a.list");
	is_str(t, "/.\n/etc\n/etc/ctbox-a.conf\n/usr\n/usr/bin\n/usr/bin/ctbox-a\n", "info/PKG.list");
	free(t);
	t = slurp("info/ctbox-a.md5sums");
	is_str(t, md5sums_a, "info/PKG.md5sums copied");
	free(t);
	ok((mode_of("info/ctbox-a.postinst") & 0777) == 0755 && (mode_of("info/ctbox-a.conffiles") & 0777) == 0644,
	   "scripts 0755, the rest 0644");
	ok(!mode_of("info/ctbox-a.control") && !mode_of("info/ctbox-a.bad.name"),
	   "no info file for control or odd names");
	snprintf(name, sizeof(name), "info/libctbox-b:%s.list", arch);
	t = slurp(name);
	is_str(t, "/.\n/usr\n/usr/lib\n/usr/lib/libctbox.so.1\n", "Multi-Arch: same: info/PKG:ARCH.list");
	free(t);
	snprintf(name, sizeof(name), "info/libctbox-b:%s.shlibs", arch);
	ok(S_ISREG(mode_of(name)), "Multi-Arch: same: info/PKG:ARCH.shlibs");
	snprintf(want, sizeof(want), "/usr/lib/ctbox libctbox-b:%s/noawait\n", arch);
	t = slurp("triggers/File");
	is_str(t, want, "triggers/File: a file trigger interest");
	free(t);
	snprintf(want, sizeof(want), "libctbox-b:%s\n", arch);
	t = slurp("triggers/ctbox-trig");
	is_str(t, want, "triggers/NAME: an explicit trigger interest");
	free(t);
}

static void reopen_tests(struct pkg *a)
{
	char *before = slurp("status"), *after;
	struct dpkgdb *db;
	struct bb_err e;
	int root = root_fd();

	db = dpkgdb_open(root, arch, &e);
	ok(db != NULL, "reopened");
	is_int(db ? dpkgdb_write(db, &e) : -1, 0, "rewritten");
	after = slurp("status");
	is_str(after, before, "an existing status is kept as it was");
	free(after);
	ok(db && dpkgdb_set_status(db, "ctbox-a", "install ok unpacked", &e) == 0,
	   "a loaded package's status changed");
	ok(db && dpkgdb_set_status(db, "nope", "install ok unpacked", &e) < 0 && has(&e, "nope"),
	   "an unknown package refused");
	a->info.nfiles = 3; /* no postinst this time */
	ok(db && dpkgdb_add(db, &a->info, "install ok installed", &e) == 0 && dpkgdb_write(db, &e) == 0,
	   "added again");
	ok(!mode_of("info/ctbox-a.postinst") && S_ISREG(mode_of("info/ctbox-a.conffiles")),
	   "the old version's extra info file removed");
	after = slurp("status");
	is_str(after, before, "status the same after adding the same package again");
	free(after);
	free(before);
	dpkgdb_free(db);
	close(root);
}

static void error_tests(void)
{
	static const struct {
		const char *control, *want, *what;
	} bad[] = {
		{ "Package: x1\nVersion: 1\nArchitecture: all\n\nPackage: x2\n", "more than one", "two paragraphs" },
		{ "Package: ../x\nVersion: 1\nArchitecture: all\n", "Package", "a bad package name" },
		{ "Package: x\nVersion: 1\nArchitecture: a/b\n", "Architecture", "a bad architecture" },
		{ "Package: x\nArchitecture: all\n", "no Version", "no version" },
		{ "Package: x\nVersion: 1\nArchitecture: all\nMulti-Arch: same\n", "Multi-Arch", "same and all" },
		{ "Package: x\nPackage: y\n", "duplicate", "a duplicate field" },
		{ " x\n", "continuation", "a continuation line first" },
		{ "Package x\n", "colon", "no colon" },
		{ "", "empty", "an empty control file" },
	};
	struct pkg p = { 0 };
	struct dpkgdb *db;
	struct bb_err e;
	size_t i;
	int root = root_fd();

	db = dpkgdb_open(root, "Amd/64", &e);
	ok(!db && has(&e, "architecture"), "a bad native architecture refused");
	db = dpkgdb_open(root, arch, &e);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&p, 0, sizeof(p));
		add_file(&p, "control", bad[i].control, 0644);
		ok(dpkgdb_add(db, &p.info, "install ok installed", &e) < 0 && has(&e, bad[i].want),
		   "control: %s refused", bad[i].what);
	}
	memset(&p, 0, sizeof(p));
	add_file(&p, "control", "Package: x\nVersion: 1\nArchitecture: all\n", 0644);
	ok(dpkgdb_add(db, &p.info, "install ok confused", &e) < 0 && has(&e, "status"), "a bad status refused");
	add_file(&p, "triggers", "interest a/b\n", 0644);
	ok(dpkgdb_add(db, &p.info, "install ok installed", &e) < 0 && has(&e, "trigger"),
	   "a trigger name with '/' refused");
	memset(&p, 0, sizeof(p));
	add_file(&p, "md5sums", "", 0644);
	ok(dpkgdb_add(db, &p.info, "install ok installed", &e) < 0 && has(&e, "control"), "no control file refused");
	dpkgdb_free(db);
	close(root);
}

/* The archive's Priority and Section over the control file's (what dpkg
 * does with a Packages stanza in its available file: tested by hand with
 * dpkg 1.21 --set-selections after --install). */
static void override_tests(void)
{
	static const struct dpkgdb_override ov = { "required", "admin", 0 },
		half = { NULL, "libs", 0 }, later = { "important", "admin", 1 },
		bad = { "required\nX: y", NULL, 0 };
	struct pkg c = { 0 }, d = { 0 }, x = { 0 }, y = { 0 };
	struct dpkgdb *db;
	struct bb_err e;
	char *t;
	int root = root_fd();

	db = dpkgdb_open(root, arch, &e);
	add_file(&c, "control", "Package: ctbox-c\nVersion: 1\nArchitecture: all\nPriority: optional\n"
		 "Section: misc\nMaintainer: T <t@example.org>\nDescription: c\n", 0644);
	add_file(&d, "control", "Package: ctbox-d\nVersion: 1\nArchitecture: all\n"
		 "Maintainer: T <t@example.org>\nDescription: d\n", 0644);
	add_file(&x, "control", "Package: ctbox-x\nVersion: 1\nArchitecture: all\nPriority: extra\n"
		 "Section: misc\nDescription: x\n", 0644);
	add_file(&y, "control", "Package: ctbox-y\nVersion: 1\nArchitecture: all\nPriority: optional\n"
		 "Section: misc\nDescription: y\n", 0644);
	ok(db && dpkgdb_add_override(db, &c.info, &ov, "install ok installed", &e) == 0 &&
	   dpkgdb_add_override(db, &d.info, &ov, "install ok installed", &e) == 0 &&
	   dpkgdb_add_override(db, &x.info, &half, "install ok installed", &e) == 0 &&
	   dpkgdb_add_override(db, &y.info, &later, "install ok installed", &e) == 0 &&
	   dpkgdb_write(db, &e) == 0, "packages added with the index's Priority and Section");
	t = slurp("status");
	ok(t && strstr(t, "Package: ctbox-c\nStatus: install ok installed\nPriority: required\n"
		       "Section: admin\nMaintainer: T <t@example.org>\n") && !strstr(t, "misc\nMaintainer"),
	   "status: the index's values replace the control file's");
	ok(t && strstr(t, "Package: ctbox-d\nStatus: install ok installed\nPriority: required\n"
		       "Section: admin\nMaintainer:"),
	   "status: and go in dpkg's place where the control file has none");
	ok(t && strstr(t, "Package: ctbox-x\nStatus: install ok installed\nPriority: extra\n"
		       "Section: libs\n"), "status: a NULL value keeps the control file's");
	ok(t && strstr(t, "Package: ctbox-y\nStatus: install ok installed\nPriority: optional\n"
		       "Section: misc\n"), "status: avail_only keeps the control file's");
	free(t);
	t = slurp("available");
	ok(t && strstr(t, "Package: ctbox-c\nPriority: required\nSection: admin\n"),
	   "available carries them too");
	ok(t && strstr(t, "Package: ctbox-y\nPriority: important\nSection: admin\n"),
	   "available: avail_only sets them there");
	free(t);
	t = slurp("status");
	ok(db && dpkgdb_add_override(db, &c.info, &bad, "install ok unpacked", &e) < 0 &&
	   has(&e, "Priority") && dpkgdb_write(db, &e) == 0, "a value of more than one line refused");
	{
		char *t2 = slurp("status");

		is_str(t2, t, "... and nothing changed");
		free(t2);
	}
	free(t);
	dpkgdb_free(db);
	close(root);
}

/* What dpkg itself says about the database. */
static void dpkg_tests(void)
{
	char cmd[1400];

	if (system("command -v dpkg >/dev/null 2>&1") != 0) {
		skip("no dpkg");
		skip("no dpkg");
		skip("no dpkg");
		return;
	}
	snprintf(cmd, sizeof(cmd), "out=$(dpkg --root=%s/root --audit 2>&1) && test -z \"$out\"", dir);
	is_int(system(cmd), 0, "dpkg --audit finds nothing wrong");
	snprintf(cmd, sizeof(cmd), "dpkg --admindir=%s/root/var/lib/dpkg -l 2>&1 | grep -q '^ii  ctbox-a ' && "
		 "dpkg --admindir=%s/root/var/lib/dpkg -l | grep -q '^ii  libctbox-b:%s '", dir, dir, arch);
	is_int(system(cmd), 0, "dpkg -l lists both installed");
	snprintf(cmd, sizeof(cmd), "dpkg --root=%s/root --verify", dir);
	is_int(system(cmd), 0, "dpkg --verify: the md5sums match the files");
}

int main(void)
{
	struct pkg a, b;
	struct dpkgdb *db;
	struct bb_err e;
	char cmd[600];
	FILE *f;
	int root;

	if ((f = popen("dpkg --print-architecture 2>/dev/null", "r"))) {
		if (!fgets(arch, sizeof(arch), f))
			strcpy(arch, "amd64");
		arch[strcspn(arch, "\n")] = '\0';
		pclose(f);
	}
	snprintf(dir, sizeof(dir), "%s/ctbox-dpkgdb.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		plan_skip_all("no temp dir");
	make_packages(&a, &b);
	root = root_fd();
	db = dpkgdb_open(root, arch, &e);
	ok(db != NULL, "opened in an empty root");
	if (!db) {
		diag("%s", e.msg);
		return done_testing();
	}
	layout_tests();
	is_int(dpkgdb_add(db, &a.info, "install ok unpacked", &e), 0, "a package added");
	is_int(dpkgdb_add(db, &b.info, "install ok unpacked", &e), 0, "a Multi-Arch: same package added");
	snprintf(cmd, sizeof(cmd), "libctbox-b:%s", arch);
	ok(dpkgdb_set_status(db, "ctbox-a", "install ok installed", &e) == 0 &&
	   dpkgdb_set_status(db, cmd, "install ok installed", &e) == 0, "status changed (NAME, NAME:ARCH)");
	is_int(dpkgdb_write(db, &e), 0, "written");
	dpkgdb_free(db);
	close(root);
	content_tests();
	dpkg_tests();
	reopen_tests(&a);
	error_tests();
	override_tests();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)!system(cmd);
	return done_testing();
}
