/* Unit tests of the tar reader (libbb/tar.c): archives built in memory,
 * well-formed and hostile, extracted under a temp dir. Plain tar only:
 * decompression lives in template_local.c (zlib/liblzma are musl-built and
 * do not link into the sanitizer build); integration tests cover .gz/.xz. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tar.h"
#include "tap.h"

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
	unsigned sum = 0;
	int i;

	strncpy((char *)h, name, 100);
	snprintf((char *)h + 100, 8, "%07o", mode);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	snprintf((char *)h + 124, 12, "%011zo", size);
	snprintf((char *)h + 136, 12, "%011o", 1000000000);
	h[156] = type;
	if (link)
		strncpy((char *)h + 157, link, 100);
	memcpy(h + 257, "ustar\0" "00", 8);
	if (type == '3') {
		snprintf((char *)h + 329, 8, "%07o", 1);
		snprintf((char *)h + 337, 8, "%07o", 3);
	}
	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
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

static int run(struct bb_err *e, size_t chunk)
{
	char cmd[600];
	int r;

	snprintf(cmd, sizeof(cmd), "rm -rf %s/t && mkdir %s/t", dir, dir);
	if (system(cmd) != 0)
		return -99;
	snprintf(cmd, sizeof(cmd), "%s/t", dir);
	root_fd = open(cmd, O_RDONLY | O_DIRECTORY);
	ar.pos = 0;
	ar.chunk = chunk;
	memset(e, 0, sizeof(*e));
	r = tar_extract(root_fd, mem_read, &ar, 0, NULL, NULL, e);
	close(root_fd);
	return r;
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

	reset();
	snprintf(buf, sizeof(buf), "rm -rf %s", dir);
	(void)!system(buf);
	return done_testing();
}
