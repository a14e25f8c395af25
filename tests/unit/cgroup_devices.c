/* Unit tests of the device rules (libbb/cgroup_devices.c) and of their
 * eBPF program (libbb/cgroup_bpf.c). The program runs here in a small
 * interpreter over a grid of requests and must answer every one as
 * cg_dev_allowed does; as root, it is also loaded into the kernel and
 * tried on a process in a scratch cgroup v2 group. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/bpf.h>

#include "cgroup.h"
#include "cg_test.h"
#include "tap.h"

#define RWM (CG_DEV_READ | CG_DEV_WRITE | CG_DEV_MKNOD)
#define PROG_MAX 4096

/* ---- parsing and formatting ---- */

static const struct {
	const char *in, *out;
} good[] = {
	{ "a", "a" },
	{ "  a \n", "a" },
	{ "a *:* rwm", "a" },
	{ "a *:* mwr", "a" },
	{ "c 1:3 rwm", "c 1:3 rwm" },
	{ "c 1:3 mwr", "c 1:3 rwm" },
	{ "b *:* m", "b *:* m" },
	{ "c 136:* rw", "c 136:* rw" },
	{ "c *:5 w", "c *:5 w" },
	{ "a 1:3 r", "a 1:3 r" },
	{ "a *:* r", "a *:* r" },
	{ "c 1:3 rrw", "c 1:3 rw" },
	{ "\tc  10:200\t rwm  ", "c 10:200 rwm" },
	{ "b 1048575:1048575 w", "b 1048575:1048575 w" },
	{ "c 0:0 m", "c 0:0 m" },
};

static const char *const junk[] = {
	"", "   ", "x 1:3 rwm", "aa", "a 1:3", "c", "c 1:3", "c 1:3 ", "c 1:3 rwx",
	"c 1:3 q", "c1:3 rwm", "c 1:3rwm", "c 1 rwm", "c 1: rwm", "c :3 rwm",
	"c 1:3:4 rwm", "c -1:3 rwm", "c +1:3 rwm", "c 1:-3 rwm", "c 1:3 rwm x",
	"c 1048576:0 r", "c 0:1048576 r", "c 99999999999999999999:1 r", "c **:1 r",
	"c 1*:1 r", "c 0x10:1 r", "C 1:3 r", "c 1:3 RW", "c 1 :3 r", "c 1: 3 r",
	"b 8:0 r,w",
};

/* s on one TAP line: tabs and newlines as \t and \n. */
static const char *shown(const char *s)
{
	static char buf[128];
	size_t n = 0;

	for (; *s && n + 3 < sizeof(buf); s++) {
		if (*s == '\t' || *s == '\n') {
			buf[n++] = '\\';
			buf[n++] = *s == '\t' ? 't' : 'n';
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = 0;
	return buf;
}

/* The rule as the error quotes it: without surrounding blanks. */
static const char *trimmed(const char *s)
{
	static char buf[128];
	size_t len;

	snprintf(buf, sizeof(buf), "%s", s + strspn(s, " \t\n"));
	for (len = strlen(buf); len && strchr(" \t\n", buf[len - 1]); len--)
		buf[len - 1] = 0;
	return buf;
}

static void test_parse(void)
{
	struct cg_dev_rule r;
	struct bb_err e;
	char buf[64], want[160];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		memset(&r, 0x55, sizeof(r));
		buf[0] = 0;
		if (cg_dev_parse(good[i].in, 1, &r, &e) == 0)
			cg_dev_format(&r, buf, sizeof(buf));
		is_str(buf, good[i].out, "'%s' reads as '%s'", shown(good[i].in), good[i].out);
	}
	for (i = 0; i < ARRAY_SIZE(junk); i++) {
		memset(&e, 0, sizeof(e));
		snprintf(want, sizeof(want), "bad device rule '%s': ", trimmed(junk[i]));
		ok(cg_dev_parse(junk[i], 0, &r, &e) < 0 && !strncmp(e.msg, want, strlen(want)) &&
		   strstr(e.msg, "expected 'a' or 'TYPE MAJOR:MINOR ACCESS'"),
		   "junk '%s' refused: %s", shown(junk[i]), e.msg);
	}

	ok(cg_dev_parse("  c 1:3 w ", 1, &r, &e) == 0 && r.type == 'c' && r.major == 1 &&
	   r.minor == 3 && r.access == CG_DEV_WRITE && r.allow == 1, "fields of 'c 1:3 w'");
	ok(cg_dev_parse("b *:7 rm", 0, &r, &e) == 0 && r.type == 'b' && r.major == -1 &&
	   r.minor == 7 && r.access == (CG_DEV_READ | CG_DEV_MKNOD) && r.allow == 0,
	   "fields of deny 'b *:7 rm'");
	ok(cg_dev_parse("a", 7, &r, &e) == 0 && r.type == 'a' && r.major == -1 && r.minor == -1 &&
	   r.access == RWM && r.allow == 1, "fields of 'a' (allow normalized to 1)");
	cg_dev_parse("x 1:3 rwm", 1, &r, &e);
	is_str(e.msg, "bad device rule 'x 1:3 rwm': expected 'a' or 'TYPE MAJOR:MINOR ACCESS' "
	       "(TYPE a, b or c; MAJOR/MINOR a number or *; ACCESS of r, w, m)", "the error in full");

	cg_dev_parse("c 1:3 rwm", 1, &r, &e);
	cg_dev_format(&r, buf, 4);
	is_str(buf, "c 1", "format truncates to the buffer");
}

/* ---- the policy ---- */

/* "+RULE" allows, "-RULE" denies; NULL ends the list. */
static size_t rules_of(const char *const *spec, struct cg_dev_rule *out)
{
	struct bb_err e;
	size_t n;

	for (n = 0; spec[n]; n++)
		if (cg_dev_parse(spec[n] + 1, spec[n][0] == '+', &out[n], &e) < 0)
			diag("test bug: %s", e.msg);
	return n;
}

static size_t with_default(const char *const *spec, struct cg_dev_rule *out)
{
	memcpy(out, cg_dev_default, cg_dev_default_n * sizeof(*out));
	return cg_dev_default_n + rules_of(spec, out + cg_dev_default_n);
}

struct req {
	char type;
	int major, minor;
	unsigned access;
	int want;
	const char *what;
};

static const struct req default_reqs[] = {
	{ 'c', 1, 3, CG_DEV_READ | CG_DEV_WRITE, 1, "null rw" },
	{ 'c', 1, 3, RWM, 1, "null rwm" },
	{ 'c', 1, 9, CG_DEV_READ, 1, "urandom r" },
	{ 'c', 5, 2, CG_DEV_READ | CG_DEV_WRITE, 1, "ptmx rw" },
	{ 'c', 136, 5, CG_DEV_READ | CG_DEV_WRITE, 1, "pts/5 rw" },
	{ 'c', 10, 200, CG_DEV_READ | CG_DEV_WRITE, 1, "net/tun rw" },
	{ 'c', 10, 229, CG_DEV_READ | CG_DEV_WRITE, 1, "fuse rw" },
	{ 'c', 4, 1, CG_DEV_MKNOD, 1, "mknod c 4:1 (tty1)" },
	{ 'c', 4, 1, CG_DEV_READ, 0, "open c 4:1 r" },
	{ 'c', 4, 1, CG_DEV_READ | CG_DEV_MKNOD, 0, "c 4:1 rm (r not granted)" },
	{ 'c', 1, 1, CG_DEV_READ, 0, "mem r" },
	{ 'c', 10, 1, CG_DEV_WRITE, 0, "c 10:1 w" },
	{ 'b', 8, 0, CG_DEV_READ, 0, "sda r" },
	{ 'b', 8, 0, CG_DEV_MKNOD, 0, "mknod b 8:0" },
	{ 'b', 1, 3, CG_DEV_READ, 0, "b 1:3 r (type matters)" },
	{ 'c', 3, 1, CG_DEV_READ, 0, "c 3:1 (major and minor not swapped)" },
};

static void check_reqs(const struct cg_dev_rule *rules, size_t n, const struct req *q,
		       size_t nq, const char *list)
{
	size_t i;

	for (i = 0; i < nq; i++)
		is_int(cg_dev_allowed(rules, n, q[i].type, q[i].major, q[i].minor, q[i].access),
		       q[i].want, "%s: %s %s", list, q[i].what, q[i].want ? "allowed" : "denied");
}

static const char *const user_rules[] = { "+b 8:0 r", "-c 1:3 w", "-c 136:* m", NULL };
static const struct req user_reqs[] = {
	{ 'b', 8, 0, CG_DEV_READ, 1, "sda r" },
	{ 'b', 8, 0, CG_DEV_READ | CG_DEV_WRITE, 0, "sda rw" },
	{ 'b', 8, 1, CG_DEV_READ, 0, "sda1 r" },
	{ 'c', 1, 3, CG_DEV_READ, 1, "null r" },
	{ 'c', 1, 3, CG_DEV_WRITE, 0, "null w" },
	{ 'c', 1, 3, CG_DEV_READ | CG_DEV_WRITE, 0, "null rw" },
	{ 'c', 1, 3, CG_DEV_MKNOD, 1, "mknod null" },
	{ 'c', 136, 2, CG_DEV_READ | CG_DEV_WRITE, 1, "pts/2 rw" },
	{ 'c', 136, 2, CG_DEV_MKNOD, 0, "mknod pts/2" },
	{ 'c', 4, 1, CG_DEV_MKNOD, 1, "mknod c 4:1" },
};

static const char *const reset_rules[] = { "-a", "+c 1:3 rw", "+a", "-b 8:* w", NULL };
static const struct req reset_reqs[] = {
	{ 'b', 8, 0, CG_DEV_READ, 1, "sda r" },
	{ 'b', 8, 0, CG_DEV_WRITE, 0, "sda w" },
	{ 'b', 8, 0, CG_DEV_READ | CG_DEV_WRITE, 0, "sda rw" },
	{ 'c', 4, 1, RWM, 1, "c 4:1 rwm" },
};

static void test_allowed(void)
{
	struct cg_dev_rule r[32];
	size_t n;

	is_int(cg_dev_default_n, 13, "default: 13 rules");
	ok(cg_dev_default[0].type == 'a' && !cg_dev_default[0].allow, "default: deny all first");
	check_reqs(cg_dev_default, cg_dev_default_n, default_reqs, ARRAY_SIZE(default_reqs), "default");
	n = with_default(user_rules, r);
	check_reqs(r, n, user_reqs, ARRAY_SIZE(user_reqs), "default + user rules");
	n = rules_of(reset_rules, r);
	check_reqs(r, n, reset_reqs, ARRAY_SIZE(reset_reqs), "'a' resets");
	is_int(cg_dev_allowed(r, 0, 'c', 1, 3, CG_DEV_READ), 0, "no rules: denied");
}

/* ---- an interpreter for the generated program ---- */

struct dev_ctx {
	uint32_t access_type, major, minor;
};

static const char *bad_insn;

/* Runs prog; returns r0, or -1 setting bad_insn. Only what the generator
 * should emit is known; reading a register never written is an error,
 * as it is for the verifier. */
static long bpf_run(const struct cg_bpf_insn *prog, int n, const struct dev_ctx *ctx)
{
	uint64_t r[11] = { 0 }, v;
	unsigned init = 1u << 1 | 1u << 10;
	int pc = 0, steps = 0;

	while (pc >= 0 && pc < n && steps++ < 100000) {
		const struct cg_bpf_insn *in = &prog[pc++];
		int dst = in->regs & 15, src = in->regs >> 4;
		int x = BPF_SRC(in->code) == BPF_X, op = BPF_OP(in->code);

		if (dst > 10 || src > 10)
			return bad_insn = "register out of range", -1;
		if (x && !(init & 1u << src))
			return bad_insn = "source register not written", -1;
		v = x ? r[src] : (uint64_t)(int64_t)in->imm;
		switch (BPF_CLASS(in->code)) {
		case BPF_LDX:
			if (in->code != (BPF_LDX | BPF_MEM | BPF_W) || src != 1 || in->off < 0 ||
			    in->off > 8 || in->off % 4)
				return bad_insn = "bad load", -1;
			memcpy(&v, (const char *)ctx + in->off, 4);
			r[dst] = (uint32_t)v;
			init |= 1u << dst;
			break;
		case BPF_ALU:
		case BPF_ALU64:
			if (op != BPF_MOV && !(init & 1u << dst))
				return bad_insn = "destination register not written", -1;
			if (op == BPF_MOV)
				r[dst] = v;
			else if (op == BPF_AND)
				r[dst] &= v;
			else if (op == BPF_RSH && (v & 63) == v)
				r[dst] = BPF_CLASS(in->code) == BPF_ALU ? (uint32_t)r[dst] >> v : r[dst] >> v;
			else
				return bad_insn = "unknown ALU op", -1;
			if (BPF_CLASS(in->code) == BPF_ALU)
				r[dst] = (uint32_t)r[dst];
			init |= 1u << dst;
			break;
		case BPF_JMP:
			if (op == BPF_EXIT)
				return init & 1 ? (long)r[0] : (bad_insn = "r0 not written", -1);
			if (op != BPF_JA && !(init & 1u << dst))
				return bad_insn = "jump on a register not written", -1;
			if (op == BPF_JA || (op == BPF_JEQ && r[dst] == v) ||
			    (op == BPF_JNE && r[dst] != v) || (op == BPF_JSET && (r[dst] & v)))
				pc += in->off;
			else if (op != BPF_JEQ && op != BPF_JNE && op != BPF_JSET)
				return bad_insn = "unknown jump op", -1;
			break;
		default:
			return bad_insn = "unknown instruction class", -1;
		}
	}
	return bad_insn = "ran off the program", -1;
}

static uint32_t bpf_acc_of(unsigned a)
{
	return (a & CG_DEV_MKNOD ? BPF_DEVCG_ACC_MKNOD : 0) | (a & CG_DEV_READ ? BPF_DEVCG_ACC_READ : 0) |
	       (a & CG_DEV_WRITE ? BPF_DEVCG_ACC_WRITE : 0);
}

static void grid(const struct cg_dev_rule *rules, size_t n, const char *list)
{
	static const int nums[] = { 0, 1, 5, 8, 10, 136, 200 };
	static const int minors[] = { 0, 1, 3, 5, 9, 200, 229 };
	static struct cg_bpf_insn prog[PROG_MAX];
	int len = cg_bpf_devices_prog(rules, n, prog, PROG_MAX), checked = 0, wrong = 0, t;
	size_t i, j;
	unsigned a;

	bad_insn = NULL;
	for (t = 0; len > 0 && t < 2 && !bad_insn; t++)
		for (i = 0; i < ARRAY_SIZE(nums); i++)
			for (j = 0; j < ARRAY_SIZE(minors); j++)
				for (a = 1; a <= RWM; a++) {
					char type = t ? 'c' : 'b';
					struct dev_ctx c = {
						bpf_acc_of(a) << 16 | (t ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK),
						nums[i], minors[j]
					};
					long got = bpf_run(prog, len, &c);
					int want = cg_dev_allowed(rules, n, type, nums[i], minors[j], a);

					checked++;
					if (got != want && !wrong++)
						diag("%s: %c %d:%d access %u: program %ld, cg_dev_allowed %d",
						     list, type, nums[i], minors[j], a, got, want);
				}
	ok(len > 0 && !bad_insn && !wrong && checked == 2 * 7 * 7 * 7,
	   "%s: program (%d insns) agrees on %d requests", list, len, checked);
	if (bad_insn)
		diag("bad program: %s", bad_insn);
}

static const char *const lists[][12] = {
	{ NULL },
	{ "+a", NULL },
	{ "+a", "-c 1:3 w", "-b 8:* rwm", "-a 5:* m", NULL },
	{ "-a", "+c 1:* rw", "+a", "-c *:* m", "-b 8:0 w", "+b 8:0 r", "-c 136:1 r", NULL },
	{ "+a 1:3 r", "+a *:* m", "-a 5:* w", "+b 8:0 rwm", "-a *:* r", "+c 1:5 r", NULL },
	{ "+c 1:3 rw", "-c 1:3 r", "+c 1:* m", "+c 136:* rwm", "-c 136:200 m", "+c *:229 wr", NULL },
	{ "-a", "-b *:* rwm", "+b *:0 m", "+b 8:* r", "-b 8:1 r", "+c 0:0 mwr", NULL },
	{ "-c 1:3 w", "+a", NULL },
};

static void test_prog(void)
{
	static struct cg_bpf_insn prog[128];
	struct cg_dev_rule r[64];
	size_t i, n;
	int len;

	grid(cg_dev_default, cg_dev_default_n, "default");
	n = with_default(user_rules, r);
	grid(r, n, "default + user rules");
	for (i = 0; i < ARRAY_SIZE(lists); i++) {
		char name[32];

		snprintf(name, sizeof(name), "rule list %zu", i);
		n = rules_of(lists[i], r);
		grid(r, n, name);
	}

	for (i = 0; i < ARRAY_SIZE(r); i++)
		r[i] = (struct cg_dev_rule){ 'c', 1, 3, CG_DEV_READ, 1 };
	is_int(cg_bpf_devices_prog(r, ARRAY_SIZE(r), prog, ARRAY_SIZE(prog)), -1,
	       "64 rules do not fit in 128 instructions");
	len = cg_bpf_devices_prog(cg_dev_default, cg_dev_default_n, prog, ARRAY_SIZE(prog));
	ok(len > 0, "the default fits in 128 instructions (%d)", len);
	is_int(cg_bpf_devices_prog(cg_dev_default, cg_dev_default_n, prog, len), len,
	       "... and in exactly its length");
	is_int(cg_bpf_devices_prog(cg_dev_default, cg_dev_default_n, prog, len - 1), -1,
	       "... not in one less");
	r[0] = (struct cg_dev_rule){ 'x', 1, 3, CG_DEV_READ, 1 };
	is_int(cg_bpf_devices_prog(r, 1, prog, ARRAY_SIZE(prog)), -1, "unknown rule type refused");
}

/* ---- in the kernel ---- */

static int bpf_works(void)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	/* An empty program: refused as such (EINVAL, E2BIG) by a kernel that
	 * would take a real one, not for want of bpf(2) or privilege. */
	return syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof(a)) < 0 && errno != ENOSYS &&
	       errno != EPERM;
}

enum {
	K_NULL_R = 1, K_NULL_W = 2, K_ZERO_RW = 4, K_MKNOD_C = 8, K_MKNOD_B = 16, K_MOVE = 32,
};

/* In the child, moved into the group: the answers of the kernel. */
static int kernel_checks(const char *procs, const char *tmp, int block_mknod)
{
	char buf[64], node[4200];
	int bad = 0, fd;

	fd = open(procs, O_WRONLY);
	snprintf(buf, sizeof(buf), "%d", (int)getpid());
	if (fd < 0 || write(fd, buf, strlen(buf)) < 0)
		return K_MOVE;
	close(fd);
	if ((fd = open("/dev/null", O_RDONLY)) < 0)
		bad |= K_NULL_R;
	close(fd);
	if ((fd = open("/dev/null", O_WRONLY)) >= 0 || errno != EPERM)
		bad |= K_NULL_W;
	close(fd);
	if ((fd = open("/dev/zero", O_RDWR)) < 0)
		bad |= K_ZERO_RW;
	close(fd);
	snprintf(node, sizeof(node), "%s/c", tmp);
	if (mknod(node, S_IFCHR | 0600, makedev(1, 3)) < 0)
		bad |= K_MKNOD_C;
	snprintf(node, sizeof(node), "%s/b", tmp);
	if (block_mknod && (mknod(node, S_IFBLK | 0600, makedev(8, 0)) == 0 || errno != EPERM))
		bad |= K_MKNOD_B;
	return bad;
}

/* Can this process make a block node at all, outside the group? */
static int block_mknod_works(const char *tmp)
{
	char node[4200];

	snprintf(node, sizeof(node), "%s/probe", tmp);
	if (mknod(node, S_IFBLK | 0600, makedev(8, 0)) < 0)
		return 0;
	unlink(node);
	return 1;
}

static void kernel_run(const char *group, const char *tmp)
{
	static const char *const extra[] = { "-c 1:3 w", NULL };
	struct cg_dev_rule r[32];
	char procs[4200];
	int fd, st = -1, block_mknod = block_mknod_works(tmp);
	size_t n = with_default(extra, r);
	struct bb_err e = { 0, "" };
	pid_t pid;

	fd = open(group, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (!ok(fd >= 0 && cg_bpf_devices_attach(fd, r, n, &e) == 0, "attached to %s", group)) {
		diag("%s: %s", e.msg, strerror(e.errnum));
		skip("attach failed");
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", group);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(kernel_checks(procs, tmp, block_mknod));
	if (pid > 0)
		waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "kernel: null r ok, null w EPERM, zero rw ok, mknod c ok%s (failed: %#x)",
	   block_mknod ? ", mknod b EPERM" : " (block mknod not tried)",
	   WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void test_kernel(void)
{
	char mnt[1024], group[1200], tmp[] = "/tmp/cgdev.XXXXXX", cmd[64];
	int i;

	if (geteuid() != 0 || !bpf_works() || cgroup2_mount(mnt, sizeof(mnt)) < 0) {
		skip(geteuid() ? "loading a BPF program needs root" :
		     !bpf_works() ? "no bpf(2) here" : "no cgroup2 mount");
		skip("the same");
		return;
	}
	snprintf(group, sizeof(group), "%s/ctbox-unit-devices.%d", mnt, (int)getpid());
	if (mkdir(group, 0755) < 0 || !mkdtemp(tmp)) {
		diag("%s: %s", group, strerror(errno));
		skip("can't make a group or a temp dir");
		skip("the same");
		rmdir(group);
		return;
	}
	kernel_run(group, tmp);
	for (i = 0; rmdir(group) < 0 && errno == EBUSY && i < 100; i++)
		usleep(10000); /* the child leaves the group as it is reaped */
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	(void)!system(cmd);
}

int main(void)
{
	test_parse();
	test_allowed();
	test_prog();
	test_kernel();
	return done_testing();
}
