/* Unit tests of the tar reader (libbb/tar.c, tar_path.c): archives built
 * in memory, well-formed and hostile, extracted under a temp dir, strictly
 * and in root (with openat2 and with the user-space walk), in list mode
 * with callbacks, with pax extended attributes. Plain tar only:
 * decompression lives in template_local.c (zlib/liblzma are musl-built and
 * do not link into the sanitizer build); integration tests cover .gz/.xz. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "tar.h"
#include "tap.h"
#include "tar_test.h"

struct mem {
	unsigned char *buf;
	size_t len, pos, chunk;
};

static ssize_t mem_read(void *ctx, void *buf, size_t len, struct bb_err *e)
{
	struct mem *m = ctx;
	size_t n = m->len - m->pos;

	if (n > len)
		n = len;
	if (m->chunk && n > m->chunk)
		n = m->chunk; /* short reads, as from a pipe or a decompressor */
	if (!n)
		return 0;
	memcpy(buf, m->buf + m->pos, n);
	m->pos += n;
	return n;
}

static struct mem ar;

static void reset(void)
{
	free(ar.buf);
	memset(&ar, 0, sizeof(ar));
}

static unsigned char *grow(size_t n)
{
	ar.buf = realloc(ar.buf, ar.len + n);
	memset(ar.buf + ar.len, 0, n);
	ar.len += n;
	return ar.buf + ar.len - n;
}

/* One header (and its data, padded). */
static void member(const char *name, char type, const char *link, const char *data, size_t size,
		   unsigned mode)
{
	unsigned char *h = grow(512);

	tar_test_header(h, name, type, link, size, mode);
	if (data && size) {
		unsigned char *d = grow((size + 511) / 512 * 512);

		memcpy(d, data, size);
	}
}

static void end(void)
{
	grow(1024);
}

static int root_fd;
static char dir[256], outside[300];

/* Extract ar into DIR/t (emptied first when fresh); with o, through
 * tar_extract_opts (o->flags < 0 root: list mode). */
static int run_opts(struct bb_err *e, size_t chunk, const struct tar_opts *o, int fresh, int list)
{
	char cmd[600];
	int r;

	snprintf(cmd, sizeof(cmd), "rm -rf %s/t && mkdir %s/t", dir, dir);
	if (fresh && system(cmd) != 0)
		return -99;
	snprintf(cmd, sizeof(cmd), "%s/t", dir);
	root_fd = open(cmd, O_RDONLY | O_DIRECTORY);
	ar.pos = 0;
	ar.chunk = chunk;
	memset(e, 0, sizeof(*e));
	if (o)
		r = tar_extract_opts(list ? -1 : root_fd, mem_read, &ar, o, NULL, e);
	else
		r = tar_extract(root_fd, mem_read, &ar, 0, NULL, NULL, e);
	close(root_fd);
	return r;
}

static int run(struct bb_err *e, size_t chunk)
{
	return run_opts(e, chunk, NULL, 1, 0);
}

static char *slurp(const char *rel)
{
	char p[400];

	snprintf(p, sizeof(p), "%s/t/%s", dir, rel);
	return read_file(p, 1 << 20, NULL);
}

static int outside_untouched(void)
{
	char *t = read_file(outside, 100, NULL);
	int ok_ = t && strcmp(t, "canary\n") == 0;

	free(t);
	return ok_;
}

static int has(const struct bb_err *e, const char *s)
{
	int r = strstr(e->msg, s) != NULL;

	if (!r)
		diag("message: %s", e->msg);
	return r;
}


/* A pax 'x' header with one record "key=value" (value len bytes, binary). */
static void pax_rec(const char *key, const char *val, size_t len)
{
	size_t base = strlen(key) + len + 3, n = base + 1;
	char *rec = malloc(base + 32);
	int d;

	while ((size_t)snprintf(NULL, 0, "%zu", n) + base != n)
		n++;
	d = snprintf(rec, base + 32, "%zu %s=", n, key);
	memcpy(rec + d, val, len);
	rec[d + len] = '\n';
	member("PaxHeaders/x", 'x', NULL, rec, n, 0644);
	free(rec);
}

static void sh(const char *fmt, const char *arg)
{
	char cmd[1200], a[600];

	snprintf(a, sizeof(a), fmt, arg);
	snprintf(cmd, sizeof(cmd), "cd %s/t && %s", dir, a);
	if (system(cmd) != 0)
		diag("failed: %s", cmd);
}

static int is_kind(const char *rel, mode_t kind)
{
	char p[400];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/t/%s", dir, rel);
	return lstat(p, &sb) == 0 && (sb.st_mode & S_IFMT) == kind;
}

static int no_temp_left(void)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "test -z \"$(find %s/t -name '*.ctbox-new')\"", dir);
	return system(cmd) == 0;
}

/* What the callbacks saw. */
static char seen[2048], content[256];

static int on_entry(void *ctx, const struct tar_entry *ent, struct bb_err *e)
{
	size_t n = strlen(seen);

	snprintf(seen + n, sizeof(seen) - n, "%c:%s%s%s;", ent->type, ent->name,
		 ent->link[0] ? ">" : "", ent->link);
	if (strcmp(ent->name, "stop") == 0)
		return bb_err_set(e, 0, "stopped at '%s'", ent->name);
	return strncmp(ent->name, "skip", 4) == 0 ? TAR_ENTRY_SKIP : 0;
}

static int on_data(void *ctx, const struct tar_entry *ent, const void *buf, size_t len,
		   struct bb_err *e)
{
	size_t n = strlen(content);

	snprintf(content + n, sizeof(content) - n, "%s=%.*s;", ent->name, (int)len, (const char *)buf);
	return 0;
}

static void callback_tests(void)
{
	struct tar_opts o = { .entry = on_entry, .data = on_data };
	struct bb_err e;

	reset();
	member("./", '5', NULL, NULL, 0, 0755);
	member("./a/", '5', NULL, NULL, 0, 0755);
	member("a/f", '0', NULL, "hello", 5, 0644);
	member("a/l", '2', "f", NULL, 0, 0777);
	member("a/h", '1', "./a/f", NULL, 0, 0644);
	member("skip-me", '0', NULL, "zz", 2, 0644);
	end();
	seen[0] = content[0] = '\0';
	is_int(run_opts(&e, 3, &o, 1, 1), 0, "list mode reads the archive");
	is_str(seen, "5:;5:a;0:a/f;2:a/l>f;1:a/h>a/f;0:skip-me;", "entries: cleaned names, types, links");
	is_str(content, "a/f=hello;skip-me=zz;", "list mode: file data to the data callback");
	ok(!is_kind("a", S_IFDIR), "list mode writes nothing");

	seen[0] = content[0] = '\0';
	is_int(run_opts(&e, 0, &o, 1, 0), 0, "extraction with callbacks");
	ok(is_kind("a/f", S_IFREG) && is_kind("a/h", S_IFREG) && !is_kind("skip-me", S_IFREG),
	   "TAR_ENTRY_SKIP leaves a member out");
	is_str(content, "skip-me=zz;", "a skipped file's data goes to the data callback");

	reset();
	member("x", '0', NULL, "x", 1, 0644);
	member("stop", '0', NULL, "y", 1, 0644);
	end();
	ok(run_opts(&e, 0, &o, 1, 0) < 0 && has(&e, "stopped at 'stop'"), "the entry callback's error stops");

	reset();
	member("a/../../x", '0', NULL, "x", 1, 0644);
	end();
	ok(run_opts(&e, 0, &o, 1, 1) < 0 && has(&e, "'..'"), "list mode still refuses '..'");
}

/* A merged-/usr root: bin -> usr/bin, lib64 -> usr/lib64 (missing). */
static void merged_usr(void)
{
	sh("%smkdir -p usr/bin usr/lib && ln -s usr/bin bin && ln -s usr/lib lib && ln -s usr/lib64 lib64", "");
}

static void in_root_tests(int use_openat2)
{
	struct tar_opts o = { .flags = TAR_IN_ROOT };
	const char *how = use_openat2 ? "openat2" : "walk";
	char buf[700], *t;
	struct bb_err e;
	int fd;

	tar_use_openat2(use_openat2);

	reset();
	member("./", '5', NULL, NULL, 0, 0755);
	member("./bin/", '5', NULL, NULL, 0, 0755);
	member("./bin/ls", '0', NULL, "ls\n", 3, 0755);
	member("./lib/", '5', NULL, NULL, 0, 0755);
	member("./lib64/", '5', NULL, NULL, 0, 0755);
	member("./lib64/ld.so", '0', NULL, "ld\n", 3, 0755);
	member("./usr/", '5', NULL, NULL, 0, 0755);
	member("./usr/bin/cat", '0', NULL, "cat\n", 4, 0755);
	end();
	snprintf(buf, sizeof(buf), "rm -rf %s/t && mkdir %s/t", dir, dir);
	(void)!system(buf);
	merged_usr();
	is_int(run_opts(&e, 0, &o, 0, 0), 0, "[%s] a package into a merged-/usr root", how);
	t = slurp("usr/bin/ls");
	is_str(t, "ls\n", "[%s] ./bin/ls lands in usr/bin/ls", how);
	free(t);
	ok(is_kind("bin", S_IFLNK) && is_kind("lib", S_IFLNK) && is_kind("lib64", S_IFLNK),
	   "[%s] bin, lib and lib64 stay symlinks", how);
	t = slurp("usr/lib64/ld.so");
	is_str(t, "ld\n", "[%s] a dangling lib64 -> usr/lib64 gets its directory", how);
	free(t);

	reset();
	member("abs", '2', "/usr", NULL, 0, 0777);
	member("abs/x", '0', NULL, "x", 1, 0644);
	member("up", '2', "../../../..", NULL, 0, 0777);
	member("up/outside", '0', NULL, "in\n", 3, 0644);
	member("esc", '2', dir, NULL, 0, 0777);
	member("esc/outside", '0', NULL, "in2\n", 4, 0644);
	member("esc", '0', NULL, "file\n", 5, 0644);
	end();
	is_int(run_opts(&e, 0, &o, 0, 0), 0, "[%s] symlinks out of the root are followed inside it", how);
	t = slurp("usr/x");
	is_str(t, "x", "[%s] an absolute link restarts at the root", how);
	free(t);
	t = slurp("outside");
	is_str(t, "in\n", "[%s] '..' stops at the root", how);
	free(t);
	snprintf(buf, sizeof(buf), "%s/outside", dir + 1);
	t = slurp(buf);
	is_str(t, "in2\n", "[%s] a link to an absolute outside path lands inside", how);
	free(t);
	ok(outside_untouched(), "[%s] nothing written outside", how);
	ok(is_kind("esc", S_IFREG), "[%s] a file replaces a symlink (last component not followed)", how);
	ok(no_temp_left(), "[%s] no temporary names left", how);

	reset();
	member("sys", '2', "/etc", NULL, 0, 0777);
	member("pw", '1', "sys/passwd", NULL, 0, 0644);
	end();
	ok(run_opts(&e, 0, &o, 0, 0) < 0 && has(&e, "'pw'") && !is_kind("pw", S_IFREG),
	   "[%s] a hard link to /etc/passwd through a symlink refused", how);

	reset();
	member("l1", '2', "l2", NULL, 0, 0777);
	member("l2", '2', "l1", NULL, 0, 0777);
	member("l1/x", '0', NULL, "x", 1, 0644);
	end();
	ok(run_opts(&e, 0, &o, 0, 0) < 0 && has(&e, "l1/x"), "[%s] a symlink loop refused", how);

	reset(); /* the kept parent directory must follow a replaced symlink */
	member("d1/", '5', NULL, NULL, 0, 0755);
	member("d2/", '5', NULL, NULL, 0, 0755);
	member("f", '0', NULL, "f", 1, 0644);
	member("lf", '2', "f", NULL, 0, 0777);
	member("lf/", '5', NULL, NULL, 0, 0755);
	member("s", '2', "d1", NULL, 0, 0777);
	member("s/f1", '0', NULL, "1", 1, 0644);
	member("s", '2', "d2", NULL, 0, 0777);
	member("s/f2", '0', NULL, "2", 1, 0644);
	member("dl", '2', "nowhere", NULL, 0, 0777);
	member("dl/", '5', NULL, NULL, 0, 0750);
	end();
	is_int(run_opts(&e, 0, &o, 0, 0), 0, "[%s] symlinks replaced between members", how);
	ok(is_kind("d1/f1", S_IFREG) && is_kind("d2/f2", S_IFREG) && !is_kind("d1/f2", S_IFREG),
	   "[%s] each file under the symlink of its time", how);
	ok(is_kind("dl", S_IFLNK) && is_kind("nowhere", S_IFDIR),
	   "[%s] a directory member on a dangling symlink makes its target", how);
	ok(is_kind("lf", S_IFDIR) && is_kind("f", S_IFREG),
	   "[%s] a directory member replaces a symlink to a file", how);

	snprintf(buf, sizeof(buf), "%s/t", dir);
	fd = open(buf, O_RDONLY | O_DIRECTORY);
	{
		int f = tar_open_in_root(fd, "bin/../../../../usr/bin/ls", O_RDONLY, 0);
		char got[8] = "";

		ok(f >= 0 && read(f, got, sizeof(got) - 1) == 3 && strcmp(got, "ls\n") == 0,
		   "[%s] tar_open_in_root: '..' and symlinks resolved inside", how);
		if (f >= 0)
			close(f);
		f = tar_open_in_root(fd, "esc/../up", O_RDONLY | O_NOFOLLOW | O_PATH, 0);
		ok(f < 0 && errno == ENOTDIR, "[%s] tar_open_in_root: a file is no directory", how);
		f = tar_open_in_root(fd, "l1", O_RDONLY, 0);
		ok(f < 0 && errno == ELOOP, "[%s] tar_open_in_root: a loop is ELOOP", how);
	}
	close(fd);
	tar_use_openat2(1);
}

static void replace_tests(void)
{
	struct bb_err e;
	char *t;

	reset();
	member("a", '0', NULL, "old\n", 4, 0644);
	member("b", '1', "a", NULL, 0, 0644);
	member("a", '0', NULL, "new\n", 4, 0600);
	member("b", '1', "a", NULL, 0, 0644);
	member("l", '2', "a", NULL, 0, 0777);
	member("l", '2', "b", NULL, 0, 0777);
	member("d/", '5', NULL, NULL, 0, 0755);
	member("d/x", '0', NULL, "x", 1, 0644);
	end();
	is_int(run(&e, 0), 0, "members replacing earlier ones");
	t = slurp("b");
	is_str(t, "new\n", "a file replaced, a hard link re-pointed");
	free(t);
	ok(no_temp_left(), "no temporary names left after replacing");
	reset();
	member("d", '0', NULL, "x", 1, 0644);
	end();
	ok(run_opts(&e, 0, NULL, 0, 0) < 0 && has(&e, "directory is in the way"), "a file over a directory refused");
	ok(no_temp_left() && is_kind("d/x", S_IFREG), "the directory is left whole");
}

static void xattr_tests(void)
{
	static const char val[] = "v\0al\nue";
	/* a VFS_CAP_REVISION_2 capability: cap_net_raw (13) permitted + effective */
	static const unsigned char cap[20] = { 1, 0, 0, 2, 0, 0x20, 0, 0 };
	char p[400], got[64];
	struct bb_err e;
	ssize_t n;

	reset();
	pax_rec("SCHILY.xattr.user.test", val, sizeof(val) - 1);
	member("f", '0', NULL, "x", 1, 0755);
	pax_rec("SCHILY.xattr.security.capability", (const char *)cap, sizeof(cap));
	member("capped", '0', NULL, "x", 1, 0755);
	pax_rec("SCHILY.xattr.user.dir", "d", 1);
	member("dir/", '5', NULL, NULL, 0, 0755);
	pax_rec("SCHILY.xattr.system.nope", "n", 1);
	member("g", '0', NULL, "x", 1, 0644);
	end();
	is_int(run(&e, 0), 0, "pax SCHILY.xattr records");
	snprintf(p, sizeof(p), "%s/t/f", dir);
	n = getxattr(p, "user.test", got, sizeof(got));
	if (n < 0 && errno == ENOTSUP) {
		skip("no user xattrs on this filesystem");
	} else {
		ok(n == (ssize_t)sizeof(val) - 1 && memcmp(got, val, n) == 0,
		   "a binary user.* value applied");
	}
	snprintf(p, sizeof(p), "%s/t/capped", dir);
	n = getxattr(p, "security.capability", got, sizeof(got));
	if (geteuid() != 0)
		ok(n < 0, "security.* left out when not root");
	else if (n < 0 && (errno == ENOTSUP || errno == ENODATA))
		skip("file capabilities not kept here (user namespace?)");
	else
		ok(n == (ssize_t)sizeof(cap) && memcmp(got, cap, 8) == 0, "a file capability applied");

	reset();
	{
		static char big[70 * 1024];

		memset(big, 'v', sizeof(big));
		pax_rec("SCHILY.xattr.user.big", big, sizeof(big));
	}
	member("h", '0', NULL, "x", 1, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "extended attribute"), "a 70 KiB xattr value refused");
	reset();
	pax_rec("SCHILY.xattr.", "v", 1);
	member("h", '0', NULL, "x", 1, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "extended attribute"), "an xattr with no name refused");
	reset();
	pax_rec("path", "a\nb", 3);
	member("x", '0', NULL, "x", 1, 0644);
	end();
	is_int(run(&e, 0), 0, "a pax value with a newline");
	ok(is_kind("a\nb", S_IFREG), "pax path with a newline kept whole");
	reset();
	member("PaxHeaders/x", 'x', NULL, "2 \n", 3, 0644);
	member("y", '0', NULL, "x", 1, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "pax"), "a too short pax record refused");
}

int main(void)
{
	static const struct { const char *in, *out; int good; } names[] = {
		{ "a/b", "a/b", 1 }, { "./a//b/", "a/b", 1 }, { "./", "", 1 }, { "a/./b", "a/b", 1 },
		{ "/etc/passwd", NULL, 0 }, { "../x", NULL, 0 }, { "a/../../x", NULL, 0 },
		{ "a/..", NULL, 0 }, { "..a/b..", "..a/b..", 1 },
	};
	struct bb_err e;
	struct stat sb;
	char buf[300], *t, big[3000];
	size_t i;
	int fd;

	snprintf(dir, sizeof(dir), "%s/ctbox-tar.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		plan_skip_all("no temp dir");
	snprintf(outside, sizeof(outside), "%s/outside", dir);
	fd = open(outside, O_WRONLY | O_CREAT, 0644);
	(void)!write(fd, "canary\n", 7);
	close(fd);

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const char *why;

		snprintf(buf, sizeof(buf), "%s", names[i].in);
		if (names[i].good)
			ok(tar_clean_name(buf, &why) == 0 && strcmp(buf, names[i].out) == 0,
			   "clean name '%s' -> '%s'", names[i].in, names[i].out);
		else
			ok(tar_clean_name(buf, &why) < 0, "name '%s' refused", names[i].in);
	}

	/* A good archive, read whole and in 7-byte pieces. */
	reset();
	member("./", '5', NULL, NULL, 0, 0755);
	member("etc/", '5', NULL, NULL, 0, 0750);
	member("etc/hostname", '0', NULL, "box\n", 4, 0640);
	member("etc/link", '2', "hostname", NULL, 0, 0777);
	member("etc/hard", '1', "etc/hostname", NULL, 0, 0640);
	member("deep/er/file", '0', NULL, "x", 1, 0600);
	member("fifo", '6', NULL, NULL, 0, 0600);
	end();
	for (i = 0; i < 2; i++) {
		is_int(run(&e, i ? 7 : 0), 0, "good archive extracts (%s)", i ? "short reads" : "whole");
		t = slurp("etc/hostname");
		is_str(t, "box\n", "regular file content");
		free(t);
	}
	snprintf(buf, sizeof(buf), "%s/t/etc", dir);
	ok(stat(buf, &sb) == 0 && (sb.st_mode & 07777) == 0750, "directory mode applied at the end");
	snprintf(buf, sizeof(buf), "%s/t/etc/hostname", dir);
	ok(stat(buf, &sb) == 0 && (sb.st_mode & 07777) == 0640 && sb.st_nlink == 2 &&
	   sb.st_mtime == 1000000000, "file mode, mtime, and its hard link");
	snprintf(buf, sizeof(buf), "%s/t/etc/link", dir);
	ok(lstat(buf, &sb) == 0 && S_ISLNK(sb.st_mode), "symlink created");
	snprintf(buf, sizeof(buf), "%s/t/fifo", dir);
	ok(lstat(buf, &sb) == 0 && S_ISFIFO(sb.st_mode), "fifo created");

	/* GNU long name and pax path. */
	reset();
	memset(big, 'n', 200);
	big[200] = '\0';
	member("././@LongLink", 'L', NULL, big, 201, 0644);
	member("short", '0', NULL, "L", 1, 0644);
	{
		char rec[64];
		int n = snprintf(rec, sizeof(rec), "%d path=pax/named\n", 18);

		member("PaxHeaders/x", 'x', NULL, rec, n, 0644);
	}
	member("ignored-name", '0', NULL, "P", 1, 0644);
	end();
	is_int(run(&e, 0), 0, "GNU long name and pax path extract");
	t = slurp(big);
	is_str(t, "L", "a 200-byte GNU long name");
	free(t);
	t = slurp("pax/named");
	is_str(t, "P", "pax path overrides the header name");
	free(t);

	/* Hostile archives. */
	reset();
	member("/etc/evil", '0', NULL, "x", 1, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "/etc/evil") && has(&e, "absolute"), "absolute name refused, member named");

	reset();
	member("a/../../outside", '0', NULL, "pwned\n", 6, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "'..'"), "'..' refused");
	ok(outside_untouched(), "nothing written outside");

	reset();
	member("esc", '2', outside, NULL, 0, 0777);
	member("esc", '0', NULL, "pwned\n", 6, 0644);
	end();
	is_int(run(&e, 0), 0, "a file replaces a symlink of the same name");
	ok(outside_untouched(), "the symlink's target was not written");

	reset();
	snprintf(buf, sizeof(buf), "%s", dir);
	member("up", '2', buf, NULL, 0, 0777);
	member("up/outside", '0', NULL, "pwned\n", 6, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "up/outside") && has(&e, "symlink"), "writing through a symlink refused");
	ok(outside_untouched(), "nothing written through the symlink");

	reset();
	member("h", '1', "../outside", NULL, 0, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "'h'") && has(&e, "outside the archive"), "hard link out refused");
	reset();
	member("h", '1', outside, NULL, 0, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "outside the archive"), "absolute hard link refused");
	reset();
	member("up", '2', dir, NULL, 0, 0777);
	member("h", '1', "up/outside", NULL, 0, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "symlink"), "hard link through a symlink refused");
	ok(outside_untouched(), "hard link tricks leave the outside alone");

	reset();
	member("big", '0', NULL, "0123456789", 10, 0644);
	ar.len -= 200; /* cut inside the data */
	ok(run(&e, 0) < 0 && has(&e, "'big'") && has(&e, "truncated"), "truncated data: member named");
	reset();
	member("f", '0', NULL, "x", 1, 0644);
	ok(run(&e, 0) < 0 && has(&e, "end-of-archive"), "missing end marker reported");
	reset();
	ok(run(&e, 0) < 0, "empty input refused");

	reset();
	member("f", '0', NULL, "x", 1, 0644);
	ar.buf[0] = 'g'; /* checksum no longer matches */
	end();
	ok(run(&e, 0) < 0 && has(&e, "checksum"), "bad checksum refused");

	reset();
	member("huge", '0', NULL, NULL, 0, 0644);
	{ /* base-256 size of 2^60, checksum redone */
		unsigned char *h = ar.buf;
		unsigned sum = 0;
		int k;

		memset(h + 124, 0, 12);
		h[124] = 0x80;
		h[128] = 0x10;
		memset(h + 148, ' ', 8);
		for (k = 0; k < 512; k++)
			sum += h[k];
		snprintf((char *)h + 148, 8, "%06o", sum);
	}
	end();
	ok(run(&e, 0) < 0 && has(&e, "'huge'") && has(&e, "too large"), "huge size refused");

	reset();
	{
		char rec[] = "99999999 path=x\n";

		member("PaxHeaders/x", 'x', NULL, rec, strlen(rec), 0644);
	}
	member("f", '0', NULL, "x", 1, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "pax"), "malformed pax record refused");

	reset();
	member("LL", 'L', NULL, NULL, 0, 0644);
	{ /* a 100 MiB long name claimed */
		unsigned char *h = ar.buf;
		unsigned sum = 0;
		int k;

		snprintf((char *)h + 124, 12, "%011o", 100u << 20);
		memset(h + 148, ' ', 8);
		for (k = 0; k < 512; k++)
			sum += h[k];
		snprintf((char *)h + 148, 8, "%06o", sum);
	}
	end();
	ok(run(&e, 0) < 0 && has(&e, "too large"), "huge long-name header refused");

	reset();
	member("dev/null", '3', NULL, NULL, 0, 0666);
	end();
	if (geteuid() == 0) {
		is_int(run(&e, 0), 0, "device node created as root");
		snprintf(buf, sizeof(buf), "%s/t/dev/null", dir);
		ok(lstat(buf, &sb) == 0 && S_ISCHR(sb.st_mode) && sb.st_rdev == makedev(1, 3),
		   "char device 1,3");
	} else {
		ok(run(&e, 0) < 0 && has(&e, "dev/null") && has(&e, "root"), "device refused when not root");
		skip("device creation needs root");
	}

	reset();
	member("x", 'S', NULL, NULL, 0, 0644);
	end();
	ok(run(&e, 0) < 0 && has(&e, "unsupported"), "unknown member type refused");

	callback_tests();
	in_root_tests(1);
	in_root_tests(0);
	replace_tests();
	xattr_tests();

	reset();
	snprintf(buf, sizeof(buf), "rm -rf %s", dir);
	(void)!system(buf);
	return done_testing();
}
