/* Unit tests: libbb/unz.c, streaming decompression of a file's range,
 * read directly and through its decompressing thread. zstd: the fixtures
 * of tests/unit/data/zstd (made by its make-fixtures.sh), or, in a build
 * without FEATURE_ZSTD, the refusal. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "autoconf.h"
#include "tap.h"
#include "unz.h"

#define DATA (3 * 1024 * 1024 + 77)

static unsigned char *data;
static char dir[] = "/tmp/ctbox-unz-test.XXXXXX";

/* Text that compresses, but not to nothing. */
static void make_data(void)
{
	unsigned x = 12345;
	size_t i;

	data = malloc(DATA);
	for (i = 0; i < DATA; i++) {
		x = x * 1103515245 + 12345;
		data[i] = (unsigned char)("abcdefgh \n"[(x >> 16) % 10]);
	}
}

static char *path(const char *name)
{
	static char p[4][128];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static void put(const char *name, const void *buf, size_t len, size_t skip)
{
	int fd = open(path(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	char pad[16] = "HEADER-BYTES....";

	if (fd < 0 || write(fd, pad, skip) != (ssize_t)skip || write(fd, buf, len) != (ssize_t)len)
		exit(1);
	close(fd);
}

/* gzip of data (zlib's deflate with a gzip header). */
static size_t gzip(unsigned char *out, size_t cap)
{
	z_stream z = { 0 };

	if (deflateInit2(&z, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		exit(1);
	z.next_in = data;
	z.avail_in = DATA;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		exit(1);
	deflateEnd(&z);
	return cap - z.avail_out;
}

/* What the file holds (name for messages), expected to decompress to
 * want. */
struct src {
	const char *file, *name;
	const unsigned char *want;
	size_t len;
};

/* Read the whole range; 0 when it equals the expected bytes, else -1 (e
 * filled). */
static int check_src(const struct src *s, unsigned long long off, unsigned long long len,
		     enum unz_kind kind, int thread, enum unz_kind *seen, struct bb_err *e)
{
	int fd = open(s->file, O_RDONLY);
	struct unz *u = unz_open(fd, off, len, kind, s->name, e);
	unsigned char *got = malloc(s->len + 1);
	size_t n = 0;
	ssize_t r = 0;
	int ret = -1;

	if (!u)
		goto out;
	*seen = unz_kind(u);
	if (thread && unz_thread(u, e) < 0)
		goto out;
	while (n <= s->len && (r = unz_read(u, got + n, 1000 + n % 7777, e)) > 0)
		n += (size_t)r;
	if (r == 0 && n == s->len && !memcmp(got, s->want, s->len))
		ret = 0;
	else if (r == 0)
		bb_err_set(e, 0, "got %zu bytes", n);
out:
	unz_close(u);
	free(got);
	close(fd);
	return ret;
}

static int check(const char *name, unsigned long long off, unsigned long long len,
		 enum unz_kind kind, int thread, enum unz_kind *seen, struct bb_err *e)
{
	struct src s = { path(name), name, data, DATA };

	return check_src(&s, off, len, kind, thread, seen, e);
}

/* Decompress z[0, zlen) read from a pipe a child writes it into in
 * pieces (kind as given); 0 when it gives data whole, else -1 (e filled). */
static int check_stream(const unsigned char *z, size_t zlen, enum unz_kind kind, int thread,
			struct bb_err *e)
{
	unsigned char *got = malloc(DATA + 1);
	struct unz *u = NULL;
	size_t n = 0;
	ssize_t r = 0;
	int p[2], ret = -1;
	pid_t pid;

	if (pipe(p) < 0 || (pid = fork()) < 0)
		exit(1);
	if (!pid) {
		close(p[0]);
		for (size_t o = 0; o < zlen; o += 4093)
			if (write(p[1], z + o, zlen - o < 4093 ? zlen - o : 4093) < 0)
				_exit(1);
		_exit(0);
	}
	close(p[1]);
	u = unz_open(p[0], 0, UNZ_TO_EOF, kind, "pipe", e);
	if (!u || (thread && unz_thread(u, e) < 0))
		goto out;
	while (n <= DATA && (r = unz_read(u, got + n, 1000 + n % 7777, e)) > 0)
		n += (size_t)r;
	if (r == 0 && n == DATA && !memcmp(got, data, DATA))
		ret = 0;
	else if (r == 0)
		bb_err_set(e, 0, "got %zu bytes", n);
out:
	unz_close(u);
	close(p[0]);
	waitpid(pid, NULL, 0);
	free(got);
	return ret;
}

#define ZSTD_TESTS 11

static char zdir[300];

/* The fixtures hold `seq 1 4000`. */
static void zstd_tests(void)
{
	char text[20000], file[400], cmd[1000];
	struct src s = { file, NULL, (unsigned char *)text, 0 };
	struct bb_err e = { 0, "" };
	enum unz_kind k = UNZ_DETECT;
	unsigned long long one;
	struct stat st;
	int i;

	for (i = 1; i <= 4000; i++)
		s.len += (size_t)snprintf(text + s.len, sizeof(text) - s.len, "%d\n", i);
#define FIXTURE(n) (snprintf(file, sizeof(file), "%s/%s", zdir, (s.name = (n))), &s)
	if (!ENABLE_FEATURE_ZSTD) {
		ok(check_src(FIXTURE("one.zst"), 0, UNZ_TO_EOF, UNZ_DETECT, 0, &k, &e) < 0 &&
		   strstr(e.msg, "one.zst: zstd support not built in"),
		   "without FEATURE_ZSTD, zstd data is refused: %s", e.msg);
		for (i = 1; i < ZSTD_TESTS; i++)
			skip("built without FEATURE_ZSTD");
		return;
	}
	one = stat(FIXTURE("one.zst")->file, &st) == 0 ? (unsigned long long)st.st_size : 0;
	ok(!check_src(FIXTURE("one.zst"), 0, UNZ_TO_EOF, UNZ_DETECT, 0, &k, &e) && k == UNZ_ZSTD,
	   "zstd: detected and decompressed %s", e.msg);
	ok(!check_src(FIXTURE("concat.zst"), 0, UNZ_TO_EOF, UNZ_DETECT, 0, &k, &e),
	   "zstd: two frames one after the other %s", e.msg);
	ok(!check_src(FIXTURE("concat.zst"), 0, UNZ_TO_EOF, UNZ_ZSTD, 1, &k, &e),
	   "zstd: two frames, threaded %s", e.msg);
	ok(!check_src(FIXTURE("skippable.zst"), 0, UNZ_TO_EOF, UNZ_DETECT, 0, &k, &e) &&
	   k == UNZ_ZSTD, "zstd: skippable frames (one first: still detected) passed over %s",
	   e.msg);
	e.msg[0] = 0;
	ok(check_src(FIXTURE("truncated.zst"), 0, UNZ_TO_EOF, UNZ_DETECT, 0, &k, &e) < 0 &&
	   strstr(e.msg, "truncated.zst: zstd data truncated"),
	   "zstd: truncated data is an error naming it: %s", e.msg);
	e.msg[0] = 0;
	ok(check_src(FIXTURE("corrupt.zst"), 0, UNZ_TO_EOF, UNZ_DETECT, 0, &k, &e) < 0 &&
	   strstr(e.msg, "corrupt.zst: zstd data corrupt: "),
	   "zstd: a changed byte is caught: %s", e.msg);
	e.msg[0] = 0;
	ok(check_src(FIXTURE("window.zst"), 0, UNZ_TO_EOF, UNZ_DETECT, 1, &k, &e) < 0 &&
	   strstr(e.msg, "window.zst: zstd data needs a window of more than 128 MiB"),
	   "zstd: a 256 MiB window is refused: %s", e.msg);
	e.msg[0] = 0;
	ok(check_src(FIXTURE("one.zst"), 0, 0, UNZ_ZSTD, 0, &k, &e) < 0 &&
	   strstr(e.msg, "zstd data truncated"), "zstd: no frame at all is truncated: %s", e.msg);
	e.msg[0] = 0;
	ok(check_src(FIXTURE("one.zst"), 0, one - 3, UNZ_ZSTD, 0, &k, &e) < 0 &&
	   strstr(e.msg, "zstd data truncated"), "zstd: a range cut short is truncated: %s", e.msg);
	/* one.zst inside a file, then trailing garbage after it */
	snprintf(cmd, sizeof(cmd), "{ printf 12345; cat '%s'; echo garbage; } > %s",
		 FIXTURE("one.zst")->file, path("zst-in"));
	if (system(cmd) != 0) {
		skip("can't copy one.zst");
		skip("can't copy one.zst");
		return;
	}
	s.file = path("zst-in");
	s.name = "zst-in";
	e.msg[0] = 0;
	ok(!check_src(&s, 5, one, UNZ_ZSTD, 0, &k, &e), "zstd: a range inside a file %s", e.msg);
	e.msg[0] = 0;
	ok(check_src(&s, 5, UNZ_TO_EOF, UNZ_ZSTD, 0, &k, &e) < 0 &&
	   strstr(e.msg, "zst-in: zstd data corrupt: "),
	   "zstd: trailing garbage after the frames is an error: %s", e.msg);
#undef FIXTURE
}

int main(void)
{
	size_t cap = DATA + 1024, gz;
	unsigned char *z = malloc(cap);
	struct bb_err e = { 0, "" };
	enum unz_kind k = UNZ_DETECT;
	char cmd[300];
	int t, have_xz, have_zstd;

	snprintf(zdir, sizeof(zdir), "%s/tests/unit/data/zstd",
		 getenv("CTBOX_SRC") ? getenv("CTBOX_SRC") : ".");
	if (access(zdir, R_OK) != 0) {
		printf("Bail out! cannot read %s\n", zdir);
		return 1;
	}
	if (!mkdtemp(dir))
		return 1;
	make_data();
	gz = gzip(z, cap);
	put("plain", data, DATA, 0);
	put("gz", z, gz, 0);
	put("gz-at-5", z, gz, 5);
	put("gz-short", z, gz / 2, 0);
	snprintf(cmd, sizeof(cmd), "xz -c -3 < %s > %s 2>/dev/null", path("plain"), path("xz"));
	have_xz = system(cmd) == 0;
	snprintf(cmd, sizeof(cmd), "zstd -q -c -3 < %s > %s 2>/dev/null", path("plain"),
		 path("zst"));
	have_zstd = ENABLE_FEATURE_ZSTD && system(cmd) == 0;
	plan(23 + ZSTD_TESTS);
	for (t = 0; t < 2; t++) {
		const char *how = t ? "threaded" : "direct";

		ok(!check("plain", 0, UNZ_TO_EOF, UNZ_DETECT, t, &k, &e) && k == UNZ_PLAIN,
		   "%s: plain detected and read whole %s", how, e.msg);
		ok(!check("gz", 0, UNZ_TO_EOF, UNZ_DETECT, t, &k, &e) && k == UNZ_GZIP,
		   "%s: gzip detected and decompressed %s", how, e.msg);
		ok(!check("gz-at-5", 5, gz, UNZ_GZIP, t, &k, &e),
		   "%s: a range inside a file %s", how, e.msg);
		e.msg[0] = 0;
		ok(check("gz-short", 0, UNZ_TO_EOF, UNZ_GZIP, t, &k, &e) < 0 &&
		   strstr(e.msg, "gz-short: gzip data truncated"),
		   "%s: truncated gzip is an error naming it: %s", how, e.msg);
		e.msg[0] = 0;
		ok(check("gz", 0, gz + 100, UNZ_GZIP, t, &k, &e) < 0 &&
		   strstr(e.msg, "shrank"), "%s: a range past the end: %s", how, e.msg);
		if (have_xz) {
			ok(!check("xz", 0, UNZ_TO_EOF, UNZ_DETECT, t, &k, &e) && k == UNZ_XZ,
			   "%s: xz detected and decompressed %s", how, e.msg);
		} else {
			skip("no xz command to make test data");
		}
		if (have_zstd) {
			ok(!check("zst", 0, UNZ_TO_EOF, UNZ_DETECT, t, &k, &e) && k == UNZ_ZSTD,
			   "%s: zstd detected and decompressed (3 MiB) %s", how, e.msg);
		} else {
			skip(ENABLE_FEATURE_ZSTD ? "no zstd command to make test data" :
			     "built without FEATURE_ZSTD");
		}
	}
	zstd_tests();
	/* a pipe or socket: read, not pread; its kind must be given */
	e.msg[0] = 0;
	ok(!check_stream(z, gz, UNZ_GZIP, 0, &e), "a gzip stream from a pipe %s", e.msg);
	ok(!check_stream(z, gz, UNZ_GZIP, 1, &e), "threaded: a gzip stream from a pipe %s", e.msg);
	e.msg[0] = 0;
	ok(check_stream(z, gz / 2, UNZ_GZIP, 1, &e) < 0 &&
	   strstr(e.msg, "pipe: gzip data truncated"), "a stream cut short: %s", e.msg);
	e.msg[0] = 0;
	ok(check_stream(z, gz, UNZ_DETECT, 0, &e) < 0 && strstr(e.msg, "pipe: a stream is read whole"),
	   "a stream's kind is not guessed: %s", e.msg);
	{
		int fd = open(path("gz"), O_RDONLY);
		struct unz *u = unz_open(fd, 0, UNZ_TO_EOF, UNZ_GZIP, NULL, &e);
		unsigned char b[100];

		ok(u && unz_thread(u, &e) == 0 && unz_read(u, b, sizeof(b), &e) == 100 &&
		   !memcmp(b, data, 100), "threaded: a partial read");
		unz_close(u); /* the thread is stopped mid-stream */
		ok(1, "closing with the thread mid-stream returns");
		u = unz_open(fd, 0, UNZ_TO_EOF, UNZ_GZIP, NULL, &e);
		ok(u && unz_read(u, b, 10, &e) == 10 && unz_drain(u, 100, &e) < 0 &&
		   strstr(e.msg, "more than 100 bytes"), "drain refuses more than its limit: %s",
		   e.msg);
		unz_close(u);
		u = unz_open(fd, 0, UNZ_TO_EOF, UNZ_GZIP, NULL, &e);
		ok(u && unz_thread(u, &e) == 0 && unz_drain(u, DATA, &e) == 0,
		   "threaded drain of everything");
		unz_close(u);
		close(fd);
	}
	{
		struct unz *u = unz_open(-1, 0, UNZ_TO_EOF, UNZ_DETECT, "nofd", &e);
		unsigned char b[10];

		ok(!u || (unz_read(u, b, sizeof(b), &e) < 0 && strstr(e.msg, "nofd: can't read")),
		   "a bad fd is an error naming the data: %s", e.msg);
		unz_close(u);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		diag("could not remove %s", dir);
	free(z);
	free(data);
	return done_testing();
}
