/* Unit tests of the address leases (libbb/lease.c): allocation order,
 * reserved and idempotent addresses, release, the smallest and a full
 * subnet, name checks, corrupt and hostile lease files, release across
 * bridges, and 8 processes taking leases in one subnet at once. Runs as
 * any user in a temp dir. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lease.h"
#include "tap.h"

static char tmp[] = "/tmp/ctbox-lease-unit.XXXXXX";
static char dir[256];

/* ---- helpers ---- */

static const char *tp(const char *rel)
{
	static char buf[4][512];
	static int which;
	char *o = buf[which++ % 4];

	snprintf(o, sizeof(buf[0]), "%s/%s", dir, rel);
	return o;
}

static struct in_addr ip(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		abort();
	return a;
}

static const char *str(struct in_addr a)
{
	static char buf[4][INET_ADDRSTRLEN];
	static int which;
	char *o = buf[which++ % 4];

	return inet_ntop(AF_INET, &a, o, INET_ADDRSTRLEN);
}

static void put(const char *rel, const char *content, size_t len)
{
	int fd = open(tp(rel), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, content, len) != (ssize_t)len) {
		perror(tp(rel));
		abort();
	}
	close(fd);
}

/* The whole of DIR/rel (malloc'd; "" when missing). */
static char *slurp(const char *rel, size_t *lenp)
{
	size_t len = 0;
	char *s = read_file(tp(rel), 64u << 20, &len);

	if (!s)
		s = calloc(1, 1);
	if (lenp)
		*lenp = len;
	return s;
}

static long lines_of(const char *rel)
{
	size_t len, i;
	char *s = slurp(rel, &len);
	long n = 0;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	free(s);
	return n;
}

static int has(const char *s, const char *sub)
{
	return s && strstr(s, sub) != NULL;
}

/* Take a lease on bridge in net/prefix with the bridge's .1 reserved;
 * the address as text, or "ERR" (e holds why). */
static const char *take(const char *bridge, const char *net, unsigned prefix,
			const char *owner, struct bb_err *e)
{
	struct in_addr res = ip(net), out;

	memset(e, 0, sizeof(*e));
	if (lease_take(dir, bridge, ip(net), prefix, &res, 1, owner, &out, e) < 0)
		return "ERR";
	return str(out);
}

/* r is a failure with errnum (0: any) and a message holding sub. */
static void is_err(int r, const struct bb_err *e, int errnum, const char *sub,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void is_err(int r, const struct bb_err *e, int errnum, const char *sub,
		   const char *fmt, ...)
{
	int good = r < 0 && (errnum == 0 || e->errnum == errnum) && has(e->msg, sub);
	va_list ap;

	va_start(ap, fmt);
	vok(good, fmt, ap);
	va_end(ap);
	if (!good)
		diag("returned %d, errnum %d, message '%s'; want errnum %d, '%s'",
		     r, e->errnum, e->msg, errnum, sub);
}

/* lease_list into a text: "ADDR OWNER;" per lease. */
struct listbuf {
	char s[8192];
	int n;
};

static int list_cb(struct in_addr a, const char *owner, void *arg)
{
	struct listbuf *l = arg;
	size_t used = strlen(l->s);

	snprintf(l->s + used, sizeof(l->s) - used, "%s %s;", str(a), owner);
	l->n++;
	return 0;
}

static const char *listed(const char *bridge, int *n)
{
	static struct listbuf l;
	struct bb_err e = { 0 };

	memset(&l, 0, sizeof(l));
	if (lease_list(dir, bridge, list_cb, &l, &e) < 0)
		return "ERR";
	if (n)
		*n = l.n;
	return l.s;
}

static int stop_cb(struct in_addr a, const char *owner, void *arg)
{
	(*(int *)arg)++;
	return 7;
}

/* ---- tests ---- */

static void test_basic(void)
{
	struct in_addr res[2] = { ip("10.0.3.1"), ip("10.0.3.4") }, out;
	struct bb_err e;
	struct stat st;
	int n = 0, calls = 0;

	is_str(take("br0", "10.0.3.1", 24, "/var/lib/lxc/a", &e), "10.0.3.2", "first address");
	ok(stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755,
	   "lease dir created 0755 (parents too)");
	is_str(take("br0", "10.0.3.1", 24, "/var/lib/lxc/b", &e), "10.0.3.3", "next address");
	is_str(take("br0", "10.0.3.1", 24, "/var/lib/lxc/a", &e), "10.0.3.2",
	       "the same owner gets its address again");
	is_int(lines_of("br0.leases"), 2, "idempotent take adds no line");
	ok(access(tp(".br0.leases.tmp"), F_OK) < 0, "no temp file left");
	ok(access(tp("br0.lock"), F_OK) == 0, "lock file beside the leases");

	/* .4 statically configured: skipped. */
	memset(&e, 0, sizeof(e));
	ok(lease_take(dir, "br0", ip("10.0.3.77"), 24, res, 2, "/var/lib/lxc/c", &out, &e) == 0 &&
	   strcmp(str(out), "10.0.3.5") == 0, "reserved address skipped (got %s)", str(out));
	is_str(listed("br0", &n),
	       "10.0.3.2 /var/lib/lxc/a;10.0.3.3 /var/lib/lxc/b;10.0.3.5 /var/lib/lxc/c;",
	       "list: every lease in file order");
	is_int(n, 3, "list: 3 leases");
	ok(lease_list(dir, "br0", stop_cb, &calls, &e) == 7 && calls == 1,
	   "list: a non-zero callback return stops the walk and is returned");
	n = -1;
	is_str(listed("nolease0", &n), "", "list: no file, no lease");

	/* An owner's address that became reserved: a new one, the old dropped. */
	res[1] = ip("10.0.3.5");
	ok(lease_take(dir, "br0", ip("10.0.3.1"), 24, res, 2, "/var/lib/lxc/c", &out, &e) == 0 &&
	   strcmp(str(out), "10.0.3.4") == 0, "lease now reserved is replaced (got %s)", str(out));
	is_int(lines_of("br0.leases"), 3, "the stale lease is dropped");

	is_int(lease_release(dir, "br0", "/var/lib/lxc/a", &e), 0, "release");
	is_int(lines_of("br0.leases"), 2, "release removes the line");
	is_str(take("br0", "10.0.3.1", 24, "/var/lib/lxc/d", &e), "10.0.3.2",
	       "a released address is reused (lowest first)");
	is_int(lease_release(dir, "br0", "/var/lib/lxc/nobody", &e), 0, "release without a lease: 0");
	is_int(lease_release(dir, "nolease0", "/var/lib/lxc/a", &e), 0, "release without a file: 0");
	ok(access(tp("nolease0.lock"), F_OK) < 0, "release without a file creates nothing");

	/* Another subnet on the same bridge: the old lease is not usable. */
	is_str(take("br0", "192.168.7.1", 24, "/var/lib/lxc/d", &e), "192.168.7.2",
	       "owner moved to another subnet gets an address there");
	is_str(listed("br0", NULL),
	       "10.0.3.3 /var/lib/lxc/b;10.0.3.4 /var/lib/lxc/c;192.168.7.2 /var/lib/lxc/d;",
	       "its lease in the old subnet is dropped");
}

static void test_small_and_full(void)
{
	struct in_addr out;
	struct bb_err e = { 0 };
	char owner[64];
	int i, r, fails = 0;

	/* /30: .1 and .2, nothing reserved. */
	ok(lease_take(dir, "br30", ip("10.9.9.2"), 30, NULL, 0, "p", &out, &e) == 0 &&
	   strcmp(str(out), "10.9.9.1") == 0, "/30: first host");
	ok(lease_take(dir, "br30", ip("10.9.9.2"), 30, NULL, 0, "q", &out, &e) == 0 &&
	   strcmp(str(out), "10.9.9.2") == 0, "/30: second host");
	r = lease_take(dir, "br30", ip("10.9.9.2"), 30, NULL, 0, "r", &out, &e);
	is_err(r, &e, ENOSPC, "no free address left in 10.9.9.0/30 (2 leased)",
	       "/30: exactly 2 usable addresses");

	for (i = 0; i < 253; i++) {
		snprintf(owner, sizeof(owner), "/var/lib/lxc/c%d", i);
		fails += strcmp(take("br24", "10.0.3.1", 24, owner, &e), "ERR") == 0;
	}
	is_int(fails, 0, "/24: 253 leases (254 hosts less the bridge's)");
	is_str(take("br24", "10.0.3.1", 24, "/var/lib/lxc/c252", &e), "10.0.3.254",
	       "/24: last lease handed out is .254, and still idempotent when full");
	r = strcmp(take("br24", "10.0.3.1", 24, "/var/lib/lxc/late", &e), "ERR") == 0 ? -1 : 0;
	is_err(r, &e, ENOSPC, "no free address left in 10.0.3.0/24 (253 leased)", "/24: exhausted");
	is_int(lines_of("br24.leases"), 253, "/24: 253 lines");

	r = lease_take(dir, "br24", ip("10.0.3.1"), 31, NULL, 0, "x", &out, &e);
	is_err(r, &e, 0, "no room for addresses in 10.0.3.0/31", "prefix 31 refused");
	r = lease_take(dir, "br24", ip("10.0.3.1"), 32, NULL, 0, "x", &out, &e);
	is_err(r, &e, 0, "no room for addresses in 10.0.3.1/32", "prefix 32 refused");
	r = lease_take(dir, "br24", ip("10.0.3.1"), 33, NULL, 0, "x", &out, &e);
	is_err(r, &e, EINVAL, "bad prefix length 33", "prefix 33 refused");
}

static void test_names(void)
{
	static const char *const bad_owners[] = { "", "a b", "a\tb", "a\nb", "a\rb", "a\x7f" };
	static const char *const bad_bridges[] = {
		"", ".", "..", "a/b", "br:0", "br 0", "br\n", "0123456789abcdef",
	};
	char longowner[LEASE_OWNER_MAX + 2];
	struct in_addr out;
	struct bb_err e = { 0 };
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(bad_owners); i++) {
		r = lease_take(dir, "brn", ip("10.1.0.1"), 24, NULL, 0, bad_owners[i], &out, &e);
		is_err(r, &e, EINVAL, "lease owner", "bad owner refused (#%zu)", i);
	}
	memset(longowner, 'o', sizeof(longowner) - 1);
	longowner[sizeof(longowner) - 1] = '\0';
	r = lease_take(dir, "brn", ip("10.1.0.1"), 24, NULL, 0, longowner, &out, &e);
	is_err(r, &e, EINVAL, "longer than 4096", "owner of 4097 bytes refused");
	longowner[LEASE_OWNER_MAX] = '\0';
	ok(lease_take(dir, "brn", ip("10.1.0.1"), 24, NULL, 0, longowner, &out, &e) == 0,
	   "owner of 4096 bytes accepted");
	is_int(lease_release(dir, "brn", longowner, &e), 0, "and released");

	for (i = 0; i < ARRAY_SIZE(bad_bridges); i++) {
		r = lease_take(dir, bad_bridges[i], ip("10.1.0.1"), 24, NULL, 0, "o", &out, &e);
		is_err(r, &e, EINVAL, "bridge name", "bad bridge refused by take (#%zu)", i);
	}
	is_err(lease_release(dir, "../x", "o", &e), &e, EINVAL, "bridge name",
	       "bad bridge refused by release");
	is_err(lease_list(dir, "..", list_cb, NULL, &e), &e, EINVAL, "bridge name",
	       "bad bridge refused by list");
	is_err(lease_release_all(dir, "a b", &e), &e, EINVAL, "lease owner",
	       "bad owner refused by release_all");
	ok(lease_take(dir, "0123456789abcde", ip("10.1.0.1"), 24, NULL, 0, "o", &out, &e) == 0,
	   "bridge name of 15 bytes accepted");
}

static void test_corrupt(void)
{
	static const char head[] =
		"garbage\n"
		"10.0.5.2\n"                     /* no owner: taken */
		"10.0.5.3 owner extra\n"         /* two words: taken */
		"  10.0.5.4 lead\n"              /* leading blanks: taken */
		"10.0.5.300 x\n"                 /* not an address */
		"10.0.5.9x y\n"                  /* not an address */
		"\n"
		"10.0.5.10 ctl\x01" "char\n"     /* control character: taken */
		"10.0.5.6 ok-owner\n";
	static const char tail[] = "\n10.0.5.7 tail-owner"; /* no final newline */
	size_t hl = sizeof(head) - 1, tl = sizeof(tail) - 1, huge = 200000, len, i;
	char *buf = malloc(hl + huge + tl), *s;
	struct in_addr out;
	struct bb_err e = { 0 };
	int r;

	/* A huge line: an address, then an owner far too long. */
	memcpy(buf, head, hl);
	memcpy(buf + hl, "10.0.5.5 ", 9);
	memset(buf + hl + 9, 'h', huge - 9);
	buf[hl + 100] = '\0';              /* and a NUL byte in it */
	memcpy(buf + hl + huge, tail, tl);
	put("brx.leases", buf, hl + huge + tl);
	free(buf);

	is_str(listed("brx", NULL), "10.0.5.6 ok-owner;10.0.5.7 tail-owner;",
	       "corrupt file: only well-formed leases listed");
	is_str(take("brx", "10.0.5.1", 24, "new1", &e), "10.0.5.8",
	       "corrupt file: addresses of malformed lines never handed out");
	is_str(take("brx", "10.0.5.1", 24, "new2", &e), "10.0.5.9",
	       "\"10.0.5.9x\" is no address: .9 is free");
	is_str(take("brx", "10.0.5.1", 24, "tail-owner", &e), "10.0.5.7",
	       "the lease on the unterminated last line is kept");
	s = slurp("brx.leases", &len);
	ok(len < 400 && has(s, "\n10.0.5.5\n") && has(s, "10.0.5.3 owner extra\n") &&
	   has(s, "  10.0.5.4 lead\n") && !has(s, "garbage") && !has(s, "10.0.5.300"),
	   "rewrite: junk dropped, malformed lines kept, the huge one as its address");
	if (!ok(s[len - 1] == '\n', "rewrite: ends in a newline"))
		diag("file: %s", s);
	free(s);

	/* Too big: refused whole. */
	buf = malloc(LEASE_FILE_MAX + 10);
	memset(buf, '\n', LEASE_FILE_MAX + 10);
	put("brbig.leases", buf, LEASE_FILE_MAX + 10);
	free(buf);
	r = lease_take(dir, "brbig", ip("10.0.6.1"), 24, NULL, 0, "o", &out, &e);
	is_err(r, &e, EFBIG, "larger than 4 MiB", "a file over 4 MiB is refused by take");
	is_err(lease_list(dir, "brbig", list_cb, NULL, &e), &e, EFBIG, "larger than",
	       "... and by list");
	/* Just under: read (all empty lines), then rewritten small. */
	buf = malloc(LEASE_FILE_MAX);
	memset(buf, '\n', LEASE_FILE_MAX);
	put("brbig.leases", buf, LEASE_FILE_MAX);
	free(buf);
	is_str(take("brbig", "10.0.6.1", 24, "o", &e), "10.0.6.2", "a file of 4 MiB is read");
	is_int(lines_of("brbig.leases"), 1, "... and rewritten without its empty lines");

	/* Not a regular file: an error, not a hang. */
	ok(mkfifo(tp("brfifo.leases"), 0644) == 0, "fifo planted");
	r = lease_take(dir, "brfifo", ip("10.0.7.1"), 24, NULL, 0, "o", &out, &e);
	is_err(r, &e, EINVAL, "not a regular file", "a fifo in place of the file is refused");
	ok(symlink("/etc/passwd", tp("brlink.leases")) == 0, "symlink planted");
	r = lease_take(dir, "brlink", ip("10.0.7.1"), 24, NULL, 0, "o", &out, &e);
	is_err(r, &e, 0, "brlink.leases", "a symlink in place of the file is not followed");
	/* A stale temp file of a crashed writer is replaced. */
	put(".brx.leases.tmp", "junk", 4);
	is_str(take("brx", "10.0.5.1", 24, "new3", &e), "10.0.5.11",
	       "a stale temp file is replaced; .10 (malformed line, kept) skipped");
	ok(access(tp(".brx.leases.tmp"), F_OK) < 0, "... and gone");

	/* Bytes of every value: no crash, whatever comes out. */
	buf = malloc(65536);
	srand(42);
	for (i = 0; i < 65536; i++)
		buf[i] = (char)(i % 7 == 0 ? '\n' : i % 5 == 0 ? '.' : rand());
	put("brrnd.leases", buf, 65536);
	free(buf);
	ok(strcmp(take("brrnd", "10.0.8.1", 24, "o", &e), "ERR") != 0,
	   "random bytes: a lease is still handed out");

	/* release_all goes on past a bad bridge and reports it. */
	is_err(lease_release_all(dir, "new1", &e), &e, 0, "brfifo.leases",
	       "release_all reports the fifo");
	ok(!has(listed("brx", NULL), "new1"), "... and still released the others");
}

static void test_release_all(void)
{
	struct bb_err e = { 0 };
	char none[600];

	is_str(take("bra", "10.2.0.1", 24, "multi", &e), "10.2.0.2", "release_all: lease on bra");
	is_str(take("bra", "10.2.0.1", 24, "other", &e), "10.2.0.3", "release_all: other on bra");
	is_str(take("brb", "10.3.0.1", 24, "multi", &e), "10.3.0.2", "release_all: lease on brb");
	is_int(lease_release_all(dir, "multi", &e), 0, "release_all");
	is_str(listed("bra", NULL), "10.2.0.3 other;", "release_all: gone from bra, other kept");
	is_str(listed("brb", NULL), "", "release_all: gone from brb");
	snprintf(none, sizeof(none), "%s/none", tmp);
	is_int(lease_release_all(none, "multi", &e), 0, "release_all: no dir, no error");
}

/* 8 processes x 20 owners, started together on one /24. */
static void test_concurrent(void)
{
	enum { KIDS = 8, EACH = 20 };
	uint32_t got[KIDS * EACH];
	int go[2], res[2], i, j, st, kids_ok = 0, distinct = 1, match = 1, n = 0;
	char owner[64], want[128];
	const char *l;
	ssize_t r;
	size_t have = 0;

	if (pipe(go) < 0 || pipe(res) < 0)
		abort();
	fflush(stdout);
	for (i = 0; i < KIDS; i++) {
		pid_t pid = fork();

		if (pid < 0)
			abort();
		if (pid == 0) {
			uint32_t mine[EACH];
			struct in_addr r1 = ip("10.0.3.1"), out;
			struct bb_err e;
			char c;

			close(go[1]);
			if (read(go[0], &c, 1) != 0)  /* wait for the start */
				_exit(3);
			for (j = 0; j < EACH; j++) {
				snprintf(owner, sizeof(owner), "/l/k%d-%d", i, j);
				if (lease_take(dir, "brc", r1, 24, &r1, 1, owner, &out, &e) < 0)
					_exit(1);
				mine[j] = out.s_addr;
			}
			/* 80 bytes: one atomic pipe write. */
			_exit(write(res[1], mine, sizeof(mine)) == (ssize_t)sizeof(mine) ? 0 : 2);
		}
	}
	close(go[0]);
	close(res[1]);
	close(go[1]);                            /* go */
	for (i = 0; i < KIDS; i++)
		if (wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			kids_ok++;
	while (have < sizeof(got) && (r = read(res[0], (char *)got + have, sizeof(got) - have)) > 0)
		have += r;
	close(res[0]);
	is_int(kids_ok, KIDS, "concurrent: every child took its 20 leases");
	is_int((long)(have / sizeof(got[0])), KIDS * EACH, "concurrent: 160 results");
	for (i = 0; i < KIDS * EACH; i++)
		for (j = i + 1; j < KIDS * EACH; j++)
			distinct &= got[i] != got[j];
	ok(distinct, "concurrent: 160 distinct addresses");
	is_int(lines_of("brc.leases"), KIDS * EACH, "concurrent: the file has 160 lines");
	l = listed("brc", &n);
	is_int(n, KIDS * EACH, "concurrent: 160 leases listed");
	/* What each child was told is what the file says. */
	for (i = 0; i < KIDS; i++)
		for (j = 0; j < EACH; j++) {
			struct in_addr a = { .s_addr = got[i * EACH + j] };

			snprintf(want, sizeof(want), "%s /l/k", str(a));
			match &= has(l, want) && strcmp(str(a), "10.0.3.1") != 0;
		}
	ok(match, "concurrent: every address handed out is in the file, none is the bridge's");
}

/* Static addresses: claimed once, refused to another owner, skipped by
 * lease_take, given back with release. */
static void test_claim(void)
{
	struct bb_err e;

	ok(lease_claim(dir, "brs", ip("10.0.5.9"), "/l/s1/static", &e) == 0, "claim a static address");
	ok(lease_claim(dir, "brs", ip("10.0.5.9"), "/l/s1/static", &e) == 0 && lines_of("brs.leases") == 1,
	   "claiming it again: no change");
	memset(&e, 0, sizeof(e));
	ok(lease_claim(dir, "brs", ip("10.0.5.9"), "/l/s2/static", &e) < 0 && e.errnum == EADDRINUSE,
	   "another owner's claim is refused");
	is_str(e.msg, "10.0.5.9 is already used on brs by /l/s1/static", "and says by whom");
	ok(lease_claim(dir, "brs", ip("10.0.5.3"), "/l/s4/static", &e) == 0, "claim another in a /29");
	is_str(take("brs", "10.0.5.1", 29, "/l/a", &e), "10.0.5.2", "auto: the first free one");
	is_str(take("brs", "10.0.5.1", 29, "/l/b", &e), "10.0.5.4", "auto skips the claimed one");
	ok(lease_claim(dir, "brs", ip("10.0.5.2"), "/l/s3/static", &e) < 0 && e.errnum == EADDRINUSE,
	   "a leased address cannot be claimed");
	ok(lease_release(dir, "brs", "/l/s1/static", &e) == 0 &&
	   lease_claim(dir, "brs", ip("10.0.5.9"), "/l/s2/static", &e) == 0, "released, it can be claimed");
	ok(lease_claim(dir, "b/r", ip("10.0.5.3"), "/l/x", &e) < 0, "a bad bridge name is refused");
}

int main(void)
{
	char cmd[300];

	umask(022);
	if (!mkdtemp(tmp))
		plan_skip_all("no temp dir");
	snprintf(dir, sizeof(dir), "%s/run/ctbox/leases", tmp);

	test_basic();
	test_small_and_full();
	test_names();
	test_release_all();
	test_corrupt();
	test_concurrent();
	test_claim();

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		diag("could not remove %s", tmp);
	return done_testing();
}
