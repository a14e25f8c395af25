/* Unit tests of the id range record and allocator (libbb/idrange.c):
 * parsing and corrupt lines, formatting, /etc/subuid lines, choosing a
 * free range (overlaps, alignment, a full region), and the file itself
 * under $CTBOX_IDRANGES (allocate, share, free, stale lines, a corrupt
 * record, several processes at once). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "idrange.h"
#include "tap.h"

#define SZ IDRANGE_SIZE

static void parse_good(void)
{
	struct idrange_set s = { 0 };
	struct bb_err e;
	char *text;

	is_int(idrange_parse("# comment\n\n1073741824 65536 12 345 /var/lib/lxc/a\n"
			     "5 10 1 0 /my lxc/with space\n", "REC", &s, &e), 0, "a record parses");
	is_int((long)s.n, 2, "two lines");
	ok(s.v[0].base == 1073741824ULL && s.v[0].count == 65536 && s.v[0].pid == 12 &&
	   s.v[0].start == 345, "the numbers of the first");
	is_str(s.v[0].dir, "/var/lib/lxc/a", "its dir");
	is_str(s.v[1].dir, "/my lxc/with space", "a dir with a space (the rest of the line)");
	text = idrange_format(&s);
	is_str(text, "# ctbox: id ranges of unprivileged containers: BASE COUNT PID START DIR\n"
	       "1073741824 65536 12 345 /var/lib/lxc/a\n5 10 1 0 /my lxc/with space\n",
	       "formatted back, with a header");
	idrange_set_free(&s);
	is_int(idrange_parse(text, "REC", &s, &e), 0, "the formatted text parses");
	is_int((long)s.n, 2, "to the same two lines");
	idrange_set_free(&s);
	free(text);
	is_int(idrange_parse("", "REC", &s, &e), 0, "an empty record");
	is_int((long)s.n, 0, "has no lines");
	is_int(idrange_parse("1 1 1 1 /x", "REC", &s, &e), 0, "no final newline");
	is_int((long)s.n, 1, "still one line");
	idrange_set_free(&s);
}

static void parse_corrupt(void)
{
	static const char *const bad[] = {
		"garbage", "1 65536 1 1", "1 65536 1 1 relative/dir", "x 65536 1 1 /d",
		"1 0 1 1 /d", "1 65536 0 1 /d", "1 65536 -1 1 /d", "4294967295 1 1 1 /d",
		"4294967200 100 1 1 /d", "1  65536 1 1 /d", " 1 65536 1 1 /d", "1 65536 1 1  /d",
		"99999999999999999999 1 1 1 /d", "1 65536 1 x /d", "1\t65536 1 1 /d",
	};
	struct idrange_set s = { 0 };
	struct bb_err e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char text[200];

		snprintf(text, sizeof(text), "# c\n1 1 1 1 /ok\n%s\n", bad[i]);
		is_int(idrange_parse(text, "REC", &s, &e), -1, "corrupt: '%s'", bad[i]);
		ok(strncmp(e.msg, "REC line 3 is corrupt: ", 23) == 0, "names the file and line (%s)",
		   e.msg);
		idrange_set_free(&s);
	}
	is_int(idrange_parse("1 1 1 1 /a\0b\n", "REC", &s, &e), 0, "text ends at a NUL (C string)");
	idrange_set_free(&s);
	{
		char *text = idrange_format(&s);

		ok(text && strchr(text, '\n'), "an empty set formats to its header");
		free(text);
	}
}

static void subid(void)
{
	struct idrange_set s = { 0 };
	struct bb_err e;

	is_int(idrange_add_subid("alice:100000:65536\nbob:165536:65536\n# x\nbad\nc:1:0\n"
				 "d:x:1\ne:4294967295:1\nf:10:20:30\n1000:200000:10\n", &s, &e),
	       0, "subuid text");
	is_int((long)s.n, 3, "three good lines (bad ones passed over, as shadow does)");
	ok(s.v[0].base == 100000 && s.v[0].count == 65536 && !s.v[0].dir, "alice's range");
	ok(s.v[2].base == 200000 && s.v[2].count == 10, "a numeric user's range");
	idrange_set_free(&s);
}

static void add(struct idrange_set *s, unsigned long long base, unsigned long long count)
{
	struct idrange_ent x = { base, count, 0, 0, NULL };
	struct bb_err e;

	idrange_add(s, &x, &e);
}

static void pick(void)
{
	struct idrange_set s = { 0 };
	unsigned long long b = 0;
	struct bb_err e;

	is_int(idrange_pick(&s, 1 << 20, 1ULL << 31, SZ, &b, &e), 0, "nothing used");
	is_int((long)b, 1 << 20, "the first base");
	add(&s, 100000, 65536);       /* below the region */
	add(&s, (1 << 20) + 5, 1);    /* one id inside the first slot */
	is_int(idrange_pick(&s, 1 << 20, 1ULL << 31, SZ, &b, &e), 0, "one id taken in slot 0");
	is_int((long)b, (1 << 20) + SZ, "the next slot");
	add(&s, (1 << 20) + SZ + SZ - 1, 2); /* the end of slot 1, the start of slot 2 */
	is_int(idrange_pick(&s, 1 << 20, 1ULL << 31, SZ, &b, &e), 0, "slots 1 and 2 touched");
	is_int((long)b, (1 << 20) + 3 * SZ, "slot 3");
	add(&s, (1 << 20) + 3 * SZ, SZ);     /* slot 3 exactly */
	add(&s, (1 << 20) + 5 * SZ, 10 * SZ); /* 5-14 */
	add(&s, (1 << 20) + 4 * SZ + 1, 1);  /* and 4 */
	is_int(idrange_pick(&s, 1 << 20, 1ULL << 31, SZ, &b, &e), 0, "a run of used slots");
	is_int((long)b, (1 << 20) + 15 * SZ, "the slot after them");
	/* order does not matter */
	add(&s, (1 << 20) + 15 * SZ, SZ);
	is_int(idrange_pick(&s, 1 << 20, 1ULL << 31, SZ, &b, &e), 0, "a range added last");
	is_int((long)b, (1 << 20) + 16 * SZ, "is taken into account");
	/* full */
	is_int(idrange_pick(&s, 1 << 20, (1 << 20) + 16 * SZ, SZ, &b, &e), -1, "a full region");
	is_int(e.errnum, ENOSPC, "ENOSPC");
	ok(strstr(e.msg, "no free range of 65536 ids") != NULL, "says so (%s)", e.msg);
	is_int(idrange_pick(&s, 1 << 20, (1 << 20) + 17 * SZ, SZ, &b, &e), 0, "one slot more");
	is_int((long)b, (1 << 20) + 16 * SZ, "is the free one");
	is_int(idrange_pick(&s, 1 << 20, (1 << 20) + SZ - 1, SZ, &b, &e), -1,
	       "a region smaller than one range");
	idrange_set_free(&s);
	add(&s, 0, 4294967295ULL); /* everything */
	is_int(idrange_pick(&s, IDRANGE_FIRST, IDRANGE_LIMIT, SZ, &b, &e), -1, "all ids used");
	idrange_set_free(&s);
	add(&s, IDRANGE_LIMIT - SZ, SZ);
	add(&s, IDRANGE_FIRST, IDRANGE_LIMIT - IDRANGE_FIRST - SZ);
	is_int(idrange_pick(&s, IDRANGE_FIRST, IDRANGE_LIMIT, SZ, &b, &e), -1,
	       "the default region, full");
	idrange_set_free(&s);
}

/* ---- the file ---- */

static char dir[] = "/tmp/idrange-test.XXXXXX";
static char rec[128];

static char *slurp(const char *p)
{
	return read_file(p, 1 << 20, NULL);
}

static void put(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Does [b, b + SZ) overlap a line of /etc/subuid or /etc/subgid? */
static int hits_subids(unsigned long long b)
{
	static const char *const files[] = { "/etc/subuid", "/etc/subgid" };
	struct idrange_set s = { 0 };
	struct bb_err e;
	size_t i;
	int hit = 0;

	for (i = 0; i < 2; i++) {
		char *t = slurp(files[i]);

		if (t)
			idrange_add_subid(t, &s, &e);
		free(t);
	}
	for (i = 0; i < s.n; i++)
		if (b < s.v[i].base + s.v[i].count && s.v[i].base < b + SZ)
			hit = 1;
	idrange_set_free(&s);
	return hit;
}

static void file_ops(void)
{
	unsigned long long a, b, c;
	char path[256], *t;
	struct bb_err e;

	snprintf(rec, sizeof(rec), "%s/sub/idranges", dir);
	setenv(IDRANGE_ENV, rec, 1);
	is_str(idrange_file(), rec, "$CTBOX_IDRANGES names the record");
	is_int(idrange_free("/nowhere/x", &e), 0, "free without a record: nothing");
	ok(access(rec, F_OK) < 0, "and no record made");
	is_int(idrange_alloc("/lxc/a", &a, &e), 0, "allocate for /lxc/a (%s)", e.msg);
	ok(a >= IDRANGE_FIRST && a + SZ <= IDRANGE_LIMIT && (a - IDRANGE_FIRST) % SZ == 0,
	   "inside the region, aligned");
	ok(!hits_subids(a), "away from /etc/subuid and /etc/subgid");
	is_int(idrange_alloc("/lxc/b", &b, &e), 0, "allocate for /lxc/b");
	ok(b != a, "another range");
	is_int(idrange_alloc("relative", &c, &e), -1, "a relative dir is refused");
	is_int(idrange_alloc("/lxc/new\nline", &c, &e), -1, "a dir with a newline is refused");
	is_int(idrange_share("/lxc/a", "/lxc/a2", &e), 1, "a copy shares /lxc/a's range");
	is_int(idrange_share("/lxc/none", "/lxc/n2", &e), 0, "a copy of an unrecorded one: nothing");
	is_int(idrange_free("/lxc/a", &e), 1, "free /lxc/a");
	is_int(idrange_alloc("/lxc/c", &c, &e), 0, "allocate for /lxc/c");
	ok(c != a && c != b, "the range /lxc/a2 still uses is not given out");
	is_int(idrange_free("/lxc/a2", &e), 1, "free the copy");
	is_int(idrange_free("/lxc/a2", &e), 0, "freeing it again: nothing");
	is_int(idrange_alloc("/lxc/d", &c, &e), 0, "allocate for /lxc/d");
	is_int((long)(c - IDRANGE_FIRST), (long)(a - IDRANGE_FIRST), "gets the range freed first");
	/* The lines are live: this process wrote them. A line whose writer is
	 * gone and whose dir has no config is stale. */
	t = slurp(rec);
	ok(t && strstr(t, " /lxc/b\n") && strstr(t, " /lxc/c\n") && strstr(t, " /lxc/d\n"),
	   "the record lists b, c, d");
	free(t);
	snprintf(path, sizeof(path), "%s/live", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/live/config", dir);
	put(path, "");
	{
		char text[1024];
		unsigned long long x;

		snprintf(text, sizeof(text), "%llu 65536 999999999 1 /gone/ct\n"
			 "%llu 65536 999999999 1 %s/live\n", IDRANGE_FIRST, IDRANGE_FIRST + SZ, dir);
		put(rec, text);
		is_int(idrange_alloc("/lxc/e", &x, &e), 0, "allocate with a stale and a live line");
		is_int((long)(x - IDRANGE_FIRST), 0, "the stale line's range is reused");
		t = slurp(rec);
		ok(t && !strstr(t, "/gone/ct") && strstr(t, "/live\n"), "the stale line is gone, the live one kept");
		free(t);
	}
	/* A container beside the new one, not recorded: its lxc.idmap counts. */
	{
		char text[200];
		unsigned long long x;

		put(rec, "");
		snprintf(path, sizeof(path), "%s/lx", dir);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/lx/old", dir);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/lx/old/config", dir);
		snprintf(text, sizeof(text), "# made by LXC\nlxc.idmap = u 0 %llu 65536\nlxc.id_map = g 0 %llu 10\n",
			 IDRANGE_FIRST, IDRANGE_FIRST + SZ + 5);
		put(path, text);
		snprintf(path, sizeof(path), "%s/lx/new", dir);
		is_int(idrange_alloc(path, &x, &e), 0, "allocate beside an unrecorded container");
		is_int((long)((x - IDRANGE_FIRST) / SZ), 2, "its lxc.idmap and lxc.id_map ranges are skipped");
	}
	/* corrupt */
	put(rec, "# fine\n1073741824 65536 1 1 /lxc/a\nthis is not a line\n");
	is_int(idrange_alloc("/lxc/f", &c, &e), -1, "a corrupt record: no allocation");
	ok(strstr(e.msg, "line 3 is corrupt") != NULL && strstr(e.msg, rec), "names file and line (%s)",
	   e.msg);
	t = slurp(rec);
	is_str(t, "# fine\n1073741824 65536 1 1 /lxc/a\nthis is not a line\n", "and is left as it was");
	free(t);
	is_int(idrange_free("/lxc/a", &e), -1, "free fails on it too");
	put(rec, "");
	is_int(idrange_alloc("/lxc/a", &c, &e), 0, "an empty record is fine");
	is_int(idrange_alloc("/lxc/a", &b, &e), 0, "allocating for a dir again");
	t = slurp(rec);
	ok(t && strstr(t, " /lxc/a\n") && !strstr(strstr(t, " /lxc/a\n") + 1, " /lxc/a\n"),
	   "replaces its leftover line");
	free(t);
	unlink(rec);
}

/* Several processes allocate at once: every range differs. */
static void concurrent(void)
{
	enum { N = 8 };
	int fds[N][2], i, distinct = 1;
	unsigned long long got[N];
	pid_t pids[N];

	for (i = 0; i < N; i++) {
		if (pipe(fds[i]) < 0)
			break;
		pids[i] = fork();
		if (pids[i] == 0) {
			struct bb_err e;
			unsigned long long b = 0;
			char d[128], cfg[160];

			/* With a config: its line stays live once we exit. */
			snprintf(d, sizeof(d), "%s/p%d", dir, i);
			snprintf(cfg, sizeof(cfg), "%s/config", d);
			mkdir(d, 0755);
			put(cfg, "");
			if (idrange_alloc(d, &b, &e) < 0)
				b = 0;
			(void)!write(fds[i][1], &b, sizeof(b));
			_exit(0);
		}
		close(fds[i][1]);
	}
	for (i = 0; i < N; i++) {
		if (read(fds[i][0], &got[i], sizeof(got[i])) != sizeof(got[i]))
			got[i] = 0;
		close(fds[i][0]);
		waitpid(pids[i], NULL, 0);
	}
	for (i = 0; i < N; i++) {
		int j;

		if (!got[i])
			distinct = 0;
		for (j = 0; j < i; j++)
			if (got[i] == got[j])
				distinct = 0;
	}
	ok(distinct, "%d processes at once get %d different ranges", N, N);
	{
		char *t = slurp(rec);
		int lines = 0;
		const char *p;

		for (p = t; p && (p = strchr(p, '\n')); p++)
			lines++;
		is_int(lines, N + 1, "and the record has all of them (and its header)");
		free(t);
	}
}

int main(void)
{
	parse_good();
	parse_corrupt();
	subid();
	pick();
	if (!mkdtemp(dir)) {
		diag("mkdtemp: %s", strerror(errno));
		return 1;
	}
	file_ops();
	concurrent();
	{
		char cmd[200];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			diag("could not remove %s", dir);
	}
	return done_testing();
}
