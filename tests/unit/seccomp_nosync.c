/* Unit tests of seccomp_nosync.c, the rootfs builder's "sync family as
 * no-ops" filter: its programs run through a small classic-BPF
 * interpreter for a hand-made table (an arm-like family: compat-only and
 * native-only names, a missing compat table) and for this build's own
 * table; then in the kernel, a forked child installs it and checks that
 * fsync and friends on files where they fail (/dev/null, a pipe) now
 * return 0 without running, and that the rest still runs. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "libbb.h"
#include "seccomp.h"
#include "tap.h"

#define BAD 0xbadbad00U
#define NOOP (SC_RET_ERRNO | 0)
#define X32_BIT 0x40000000U

/* Only what seccomp_nosync.c emits; anything else is BAD. */
static uint32_t run(const struct sc_prog *p, uint32_t arch, uint32_t nr, uint64_t arg2)
{
	struct seccomp_data d = { (int)nr, arch, 0, { 0, 0, arg2, 0, 0, 0 } };
	uint32_t a = 0;
	size_t pc = 0;

	while (pc < p->len) {
		const struct sock_filter *f = &p->insns[pc++];

		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k % 4 || f->k >= sizeof(d))
				return BAD;
			memcpy(&a, (const char *)&d + f->k, 4);
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += a & f->k ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			return f->k;
		default:
			return BAD + 1;
		}
	}
	return BAD + 2;
}

/* An arm64-like family: fsync on both, sync_file_range native only,
 * arm_sync_file_range compat only, msync on both, write allowed. */
static const char names[] = "arm_sync_file_range\0fsync\0msync\0sync_file_range\0write\0";
static const short nrs[][2] = { { -1, 341 }, { 82, 118 }, { 227, 144 }, { 84, -1 }, { 64, 4 } };

static void test_table(void)
{
	struct sc_arch a;
	struct sc_prog p;
	struct bb_err e;

	sc_arch_init(&a, SC_FAMILY_AARCH64, names, nrs, ARRAY_SIZE(nrs), 1);
	if (!ok(sc_nosync_program(&a, &p, &e) == 0, "a program for the test family"))
		return;
	is_int(p.insns[p.len - 1].code, BPF_RET | BPF_K, "it ends with a ret");
	is_int(run(&p, AUDIT_ARCH_AARCH64, 82, 0), NOOP, "native fsync: ERRNO 0 (returns 0, not run)");
	is_int(run(&p, AUDIT_ARCH_ARM, 118, 0), NOOP, "compat fsync: ERRNO 0");
	is_int(run(&p, AUDIT_ARCH_AARCH64, 84, 0), NOOP, "native sync_file_range: ERRNO 0");
	is_int(run(&p, AUDIT_ARCH_ARM, 341, 0), NOOP, "compat arm_sync_file_range: ERRNO 0");
	is_int(run(&p, AUDIT_ARCH_ARM, 84, 0), SC_RET_ALLOW, "compat 84 (not a sync there): allowed");
	is_int(run(&p, AUDIT_ARCH_AARCH64, 341, 0), SC_RET_ALLOW, "native 341 (not a sync there): allowed");
	is_int(run(&p, AUDIT_ARCH_AARCH64, 64, 0), SC_RET_ALLOW, "native write: allowed");
	is_int(run(&p, AUDIT_ARCH_ARM, 4, 0), SC_RET_ALLOW, "compat write: allowed");
	is_int(run(&p, AUDIT_ARCH_AARCH64, 227, MS_SYNC), NOOP, "msync(MS_SYNC): ERRNO 0");
	is_int(run(&p, AUDIT_ARCH_ARM, 144, MS_SYNC | MS_INVALIDATE), NOOP,
	       "compat msync(MS_SYNC|MS_INVALIDATE): ERRNO 0");
	is_int(run(&p, AUDIT_ARCH_AARCH64, 227, MS_ASYNC), SC_RET_ALLOW, "msync(MS_ASYNC): allowed");
	is_int(run(&p, AUDIT_ARCH_AARCH64, 227, (uint64_t)MS_SYNC << 32), SC_RET_ALLOW,
	       "msync: MS_SYNC in the high half does not count");
	is_int(run(&p, AUDIT_ARCH_X86_64, 82, 0), SC_RET_ALLOW, "another arch: allowed, not killed");
	sc_prog_free(&p);

	sc_arch_init(&a, SC_FAMILY_AARCH64, names, nrs, ARRAY_SIZE(nrs), 0);
	if (!ok(sc_nosync_program(&a, &p, &e) == 0, "a program without a compat table"))
		return;
	is_int(run(&p, AUDIT_ARCH_AARCH64, 82, 0), NOOP, "no compat table: native fsync ERRNO 0");
	is_int(run(&p, AUDIT_ARCH_ARM, 118, 0), SC_RET_ALLOW, "no compat table: compat calls allowed");
	sc_prog_free(&p);
}

static void test_native(void)
{
	const char *why = "";
	const struct sc_arch *a = sc_arch_native(&why);
	static const char *const calls[] = { "fsync", "fdatasync", "sync", "syncfs", "sync_file_range" };
	struct sc_prog p;
	struct bb_err e;
	size_t i;
	int nr[2], col;

	if (!a) {
		skip(why);
		return;
	}
	if (!ok(sc_nosync_program(a, &p, &e) == 0, "a program for %s", a->name))
		return;
	for (i = 0; i < ARRAY_SIZE(calls); i++)
		for (col = 0; col < 2; col++)
			if (sc_arch_lookup(a, calls[i], nr) == 0 && nr[col] >= 0)
				is_int(run(&p, col ? a->compat_audit : a->audit, (uint32_t)nr[col], 0), NOOP,
				       "%s %s: ERRNO 0", col ? a->compat_name : a->name, calls[i]);
	if (sc_arch_lookup(a, "write", nr) == 0)
		is_int(run(&p, a->audit, (uint32_t)nr[0], 0), SC_RET_ALLOW, "%s write: allowed", a->name);
	if (a->x32 && sc_arch_lookup(a, "fsync", nr) == 0)
		is_int(run(&p, a->audit, (uint32_t)nr[0] | X32_BIT, 0), SC_RET_ALLOW,
		       "x32 fsync: allowed (no business of this filter)");
	sc_prog_free(&p);
}

/* In the kernel. Each check is a bit of the exit status; the first ones
 * make sure the calls fail without the filter, so that success proves
 * it. */
static int live_child(void)
{
	const struct sc_arch *a = sc_arch_native(NULL);
	int nul = open("/dev/null", O_RDWR), fds[2], bits = 0;
	void *hole = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sc_prog p;
	struct bb_err e;

	if (nul < 0 || pipe(fds) < 0 || hole == MAP_FAILED || munmap(hole, 4096) < 0)
		return 0x80;
	if (fsync(nul) == 0 || errno != EINVAL || sync_file_range(fds[1], 0, 0, 0) == 0 || errno != ESPIPE)
		return 0x81; /* the kernel would not tell */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || sc_nosync_program(a, &p, &e) < 0 ||
	    sc_install(&p, &e) < 0)
		return 0x82;
	sc_prog_free(&p);
	if (fsync(nul) == 0)
		bits |= 1;
	if (fdatasync(nul) == 0)
		bits |= 2;
	if (sync_file_range(fds[1], 0, 0, 0) == 0)
		bits |= 4;
	if (syscall(SYS_syncfs, -1) == 0)
		bits |= 8;
	if (msync(hole, 4096, MS_SYNC) == 0)
		bits |= 16;
	errno = 0;
	if (msync(hole, 4096, MS_ASYNC) < 0 && errno == ENOMEM)
		bits |= 32; /* not filtered: the kernel's own check */
	if (write(fds[1], "x", 1) == 1 && getppid() > 0)
		bits |= 64;
	return bits;
}

static void test_live(void)
{
	if (!sc_arch_native(NULL) || !sc_kernel_has_filters()) {
		skip("no seccomp filters here");
		return;
	}
	is_int(run_in_child(live_child), 127,
	       "in the kernel: fsync, fdatasync on /dev/null, sync_file_range on a pipe, syncfs(-1), "
	       "msync(MS_SYNC) of a hole return 0; msync(MS_ASYNC) still fails; write allowed");
}

int main(void)
{
	test_table();
	test_native();
	test_live();
	return done_testing();
}
