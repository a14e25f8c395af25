/* Unit tests of libbb/fallback.c: CTBOX_FORCE_FALLBACK parsing, the
 * per-process cache, forced features never probed (a seccomp filter kills
 * the child if they are), probes that see a kernel without the system
 * calls (a filter answering ENOSYS, as old kernels and some container
 * policies do), and the tar reader's hostile-archive cases extracted in
 * root with openat2 forced off (killed if called: the walk does it all). */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fallback.h"
#include "tar.h"
#include "tap.h"
#include "tar_test.h"

#define ALL ((1u << BB_FEATURE_MAX) - 1)
#define BIT(f) (1u << (f))

static void force(const char *v)
{
	if (v)
		setenv(BB_FORCE_ENV, v, 1);
	else
		unsetenv(BB_FORCE_ENV);
	bb_fallback_reset();
}

static void parse_tests(void)
{
	static const struct { const char *in; unsigned mask; } cases[] = {
		{ NULL, 0 },
		{ "", 0 },
		{ "pidfd", BIT(BB_PIDFD) },
		{ "pidfd,clone3", BIT(BB_PIDFD) | BIT(BB_CLONE3) },
		{ "openat2,cgroupns,swap", BIT(BB_OPENAT2) | BIT(BB_CGROUPNS) | BIT(BB_SWAP) },
		{ "kconfig,pivot_root", BIT(BB_KCONFIG) | BIT(BB_PIVOT_ROOT) },
		{ "all", ALL },
		{ "all,bogus", ALL },
		{ "bogus,openat2", BIT(BB_OPENAT2) },
		{ ",,swap,", BIT(BB_SWAP) },
		{ "pidfdx", 0 },
		{ "pid", 0 },
		{ "PIDFD", 0 },
		{ "pidfd clone3", 0 },
		{ "alll", 0 },
		{ "pivot_root,pivot_root", BIT(BB_PIVOT_ROOT) },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		is_int((int)bb_fallback_parse(cases[i].in), (int)cases[i].mask, "parse '%s'",
		       cases[i].in ? cases[i].in : "(unset)");
	is_str(bb_feature_name(BB_PIDFD), "pidfd", "name of BB_PIDFD");
	is_str(bb_feature_name(BB_PIVOT_ROOT), "pivot_root", "name of BB_PIVOT_ROOT");
	is_str(bb_feature_name(BB_FEATURE_MAX), "?", "name of an unknown feature");
	ok(!bb_have(BB_FEATURE_MAX), "an unknown feature is not had");
}

static void force_tests(void)
{
	char buf[200];
	int f;

	force("pidfd,kconfig");
	ok(!bb_have(BB_PIDFD) && bb_forced(BB_PIDFD), "forced pidfd: not had, forced");
	ok(!bb_have(BB_KCONFIG), "forced kconfig: not had");
	ok(bb_have(BB_PIVOT_ROOT) && !bb_forced(BB_PIVOT_ROOT), "pivot_root not forced: had (decided where used)");
	ok(!bb_forced(BB_CLONE3), "clone3 not forced");

	/* Cached: the environment is read once, answers kept. */
	setenv(BB_FORCE_ENV, "all", 1);
	ok(bb_have(BB_PIVOT_ROOT), "the environment is read once per process");
	ok(!bb_have(BB_PIDFD), "and answers stay as they were");
	bb_fallback_reset();
	ok(!bb_have(BB_PIVOT_ROOT) && !bb_have(BB_CGROUPNS), "after a reset, 'all' is seen");
	for (f = 0; f < BB_FEATURE_MAX; f++)
		if (bb_have(f))
			break;
	is_int(f, BB_FEATURE_MAX, "'all' forces every feature off");

	errno = 1234;
	force("swap");
	(void)bb_have(BB_SWAP);
	(void)bb_have(BB_OPENAT2);
	is_int(errno, 1234, "bb_have keeps errno");

	force("pidfd,swap");
	bb_fallback_describe(buf, sizeof(buf));
	ok(strstr(buf, "pidfd (forced)") && strstr(buf, "swap (forced)"), "describe: '%s'", buf);
	bb_fallback_describe(buf, 5);
	ok(strlen(buf) < 5, "describe fits a small buffer");

	force(NULL);
	is_int(bb_have(BB_CGROUPNS), access("/proc/self/ns/cgroup", F_OK) == 0,
	       "cgroupns probed: /proc/self/ns/cgroup");
	ok(bb_have(BB_KCONFIG) && bb_have(BB_PIVOT_ROOT), "kconfig, pivot_root: had unless forced");
}

/* A filter answering `action` to pidfd_open (434), clone3 (435) and
 * openat2 (437): the same numbers on every architecture. */
static int filter(unsigned action)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 434, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 435, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 437, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { ARRAY_SIZE(f), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}

static int no_seccomp;

/* Run fn in a child under a filter (none where seccomp filters are not
 * available); its exit status, or 128+signal. */
static int in_child(unsigned action, int (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (!no_seccomp && filter(action) < 0)
			_exit(99);
		_exit(fn());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int all_forced_off(void)
{
	force("all");
	return bb_have(BB_PIDFD) || bb_have(BB_CLONE3) || bb_have(BB_OPENAT2);
}

static int probed_missing(void)
{
	force(NULL);
	return bb_have(BB_PIDFD) | bb_have(BB_CLONE3) << 1 | bb_have(BB_OPENAT2) << 2;
}

static void probe_tests(void)
{
	int r = in_child(SECCOMP_RET_KILL_PROCESS, all_forced_off);

	if (r == 99) {
		no_seccomp = 1;
		skip("no seccomp filters here");
		skip("no seccomp filters here");
		return;
	}
	is_int(r, 0, "forced features are never probed (the syscalls would kill)");
	is_int(in_child(SECCOMP_RET_ERRNO | ENOSYS, probed_missing), 0,
	       "a kernel answering ENOSYS: pidfd, clone3, openat2 probed missing");
}

/* ---- the tar reader in root, openat2 forced off ---- */

static char dir[256], outside[300];
static unsigned char *ar;
static size_t ar_len, ar_pos;

static void member(const char *name, char type, const char *link, const char *data, size_t size)
{
	size_t pad = data ? (size + 511) / 512 * 512 : 0;

	ar = realloc(ar, ar_len + 512 + pad);
	memset(ar + ar_len, 0, 512 + pad);
	tar_test_header(ar + ar_len, name, type, link, data ? size : 0, type == '2' ? 0777 : 0644);
	if (data)
		memcpy(ar + ar_len + 512, data, size);
	ar_len += 512 + pad;
}

static void finish(void)
{
	ar = realloc(ar, ar_len + 1024);
	memset(ar + ar_len, 0, 1024);
	ar_len += 1024;
}

static ssize_t mem_read(void *ctx, void *buf, size_t len, struct bb_err *e)
{
	size_t n = ar_len - ar_pos < len ? ar_len - ar_pos : len;

	memcpy(buf, ar + ar_pos, n);
	ar_pos += n;
	return n;
}

static int extract(void)
{
	struct tar_opts o = { .flags = TAR_IN_ROOT };
	char t[300];
	struct bb_err e;
	int fd, r;

	force("openat2");
	snprintf(t, sizeof(t), "%s/t", dir);
	fd = open(t, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ar_pos = 0;
	memset(&e, 0, sizeof(e));
	r = fd < 0 ? -1 : tar_extract_opts(fd, mem_read, NULL, &o, NULL, &e);
	if (r < 0)
		printf("# extraction: %s\n", e.msg);
	return r < 0 ? 1 : 0;
}

static int is_file(const char *rel, const char *want)
{
	char p[700], *t;
	int r;

	snprintf(p, sizeof(p), "%s/t/%s", dir, rel);
	t = read_file(p, 100, NULL);
	r = t && strcmp(t, want) == 0;
	free(t);
	return r;
}

static void fresh(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf %s/t && mkdir %s/t", dir, dir);
	(void)!system(cmd);
	free(ar);
	ar = NULL;
	ar_len = 0;
}

static void tar_tests(void)
{
	char rel[400], *canary;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/ctbox-fallback.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		skip("no temp dir");
		return;
	}
	snprintf(outside, sizeof(outside), "%s/outside", dir);
	{
		FILE *f = fopen(outside, "w");

		if (f)
			fputs("canary\n", f), fclose(f);
	}

	fresh();
	member("abs", '2', "/usr", NULL, 0);
	member("abs/x", '0', NULL, "x", 1);
	member("up", '2', "../../../..", NULL, 0);
	member("up/outside", '0', NULL, "in\n", 3);
	member("esc", '2', dir, NULL, 0);
	member("esc/outside", '0', NULL, "in2\n", 4);
	finish();
	is_int(in_child(SECCOMP_RET_KILL_PROCESS, extract), 0,
	       "hostile symlinks extracted in root without ever calling openat2");
	ok(is_file("usr/x", "x"), "an absolute link restarts at the root");
	ok(is_file("outside", "in\n"), "'..' stops at the root");
	snprintf(rel, sizeof(rel), "%s/outside", dir + 1);
	ok(is_file(rel, "in2\n"), "a link to an absolute outside path lands inside");
	canary = read_file(outside, 100, NULL);
	is_str(canary, "canary\n", "nothing written outside");
	free(canary);

	fresh();
	member("sys", '2', "/etc", NULL, 0);
	member("pw", '1', "sys/passwd", NULL, 0);
	finish();
	is_int(in_child(SECCOMP_RET_KILL_PROCESS, extract), 1,
	       "a hard link to /etc/passwd through a symlink refused (walk)");
	snprintf(rel, sizeof(rel), "%s/t/pw", dir);
	ok(lstat(rel, &st) < 0, "and not made");

	fresh();
	member("l1", '2', "l2", NULL, 0);
	member("l2", '2', "l1", NULL, 0);
	member("l1/x", '0', NULL, "x", 1);
	finish();
	is_int(in_child(SECCOMP_RET_KILL_PROCESS, extract), 1, "a symlink loop refused (walk)");

	free(ar);
	snprintf(rel, sizeof(rel), "rm -rf %s", dir);
	(void)!system(rel);
}

int main(void)
{
	parse_tests();
	force_tests();
	probe_tests();
	tar_tests();
	force(NULL);
	return done_testing();
}
