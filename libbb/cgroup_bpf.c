/* The device rules as a BPF_PROG_TYPE_CGROUP_DEVICE program, for cgroup
 * v2 where the devices controller is gone (cgroup.h). Raw instructions and
 * the bpf(2) system call, no libbpf.
 *
 * The program answers like cg_dev_allowed: it walks the rules from the
 * last to the first, one block each, and the first rule that applies
 * gives the verdict. A block jumps to the next one as soon as a test
 * fails; "a" always applies, so it ends the walk and its verdict is the
 * fallback (deny when there is none).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/bpf.h>

#include "cgroup.h"

#define PROG_MAX 4096
#define LOG_SIZE 65536
#define DEV_ALL (CG_DEV_READ | CG_DEV_WRITE | CG_DEV_MKNOD)

_Static_assert(sizeof(struct cg_bpf_insn) == sizeof(struct bpf_insn) &&
	       offsetof(struct cg_bpf_insn, off) == offsetof(struct bpf_insn, off) &&
	       offsetof(struct cg_bpf_insn, imm) == offsetof(struct bpf_insn, imm),
	       "struct cg_bpf_insn is laid out as struct bpf_insn");

/* Registers: r1 the context on entry, then what the blocks compare. */
enum { R0, R1, R_TYPE, R_ACCESS, R_MAJOR, R_MINOR };

/* CG_DEV_* bits are not the kernel's BPF_DEVCG_ACC_* bits. */
static const struct {
	unsigned cg, bpf;
} acc_map[] = {
	{ CG_DEV_READ, BPF_DEVCG_ACC_READ },
	{ CG_DEV_WRITE, BPF_DEVCG_ACC_WRITE },
	{ CG_DEV_MKNOD, BPF_DEVCG_ACC_MKNOD },
};
#define BPF_ACC_ALL (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD)

/* The program being written: n counts on past max so that emitting needs
 * no checks; the caller looks once at the end. */
struct prog {
	struct cg_bpf_insn *insn;
	size_t n, max;
};

static void emit(struct prog *p, uint8_t code, int dst, int src, int16_t off, int32_t imm)
{
	if (p->n < p->max)
		p->insn[p->n] = (struct cg_bpf_insn){ code, (uint8_t)(dst | src << 4), off, imm };
	p->n++;
}

/* Everything a block compares, in registers once: access_type holds
 * (BPF_DEVCG_ACC_* << 16) | BPF_DEVCG_DEV_*. */
static void emit_prologue(struct prog *p)
{
	emit(p, BPF_LDX | BPF_MEM | BPF_W, R_TYPE, R1, offsetof(struct bpf_cgroup_dev_ctx, access_type), 0);
	emit(p, BPF_ALU | BPF_MOV | BPF_X, R_ACCESS, R_TYPE, 0, 0);
	emit(p, BPF_ALU | BPF_RSH | BPF_K, R_ACCESS, 0, 0, 16);
	emit(p, BPF_ALU | BPF_AND | BPF_K, R_TYPE, 0, 0, 0xffff);
	emit(p, BPF_LDX | BPF_MEM | BPF_W, R_MAJOR, R1, offsetof(struct bpf_cgroup_dev_ctx, major), 0);
	emit(p, BPF_LDX | BPF_MEM | BPF_W, R_MINOR, R1, offsetof(struct bpf_cgroup_dev_ctx, minor), 0);
}

static void emit_verdict(struct prog *p, int allow)
{
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, !!allow);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/* "a" as cg_dev_allowed sees it (also spelled "a *:* rwm"). */
static int dev_is_all(const struct cg_dev_rule *r)
{
	return r->type == 'a' && r->major < 0 && r->minor < 0 && (r->access & DEV_ALL) == DEV_ALL;
}

static unsigned bpf_access(unsigned cg)
{
	unsigned bpf = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(acc_map); i++)
		if (cg & acc_map[i].cg)
			bpf |= acc_map[i].bpf;
	return bpf;
}

/* The jumps of one block to the next, patched when its end is known. */
struct block {
	size_t skip[8];
	int n;
};

static void skip_if(struct prog *p, struct block *b, uint8_t op, int reg, int32_t imm)
{
	b->skip[b->n++] = p->n;
	emit(p, BPF_JMP | op | BPF_K, reg, 0, 0, imm);
}

/* The tests of an allow rule pass when it grants every bit asked (none
 * outside it is set); those of a deny rule when it names one of them. */
static void emit_access_test(struct prog *p, struct block *b, const struct cg_dev_rule *r)
{
	unsigned acc = bpf_access(r->access);

	if (r->allow) {
		if (acc != BPF_ACC_ALL)
			skip_if(p, b, BPF_JSET, R_ACCESS, BPF_ACC_ALL & ~acc);
		return;
	}
	emit(p, BPF_JMP | BPF_JSET | BPF_K, R_ACCESS, 0, 1, acc); /* over the skip */
	b->skip[b->n++] = p->n;
	emit(p, BPF_JMP | BPF_JA, 0, 0, 0, 0);
}

/* A block is at most 7 instructions: its jumps stay short whatever the
 * program's length. */
static int emit_rule(struct prog *p, const struct cg_dev_rule *r)
{
	struct block b = { .n = 0 };
	int i;

	if (r->type == 'b' || r->type == 'c')
		skip_if(p, &b, BPF_JNE, R_TYPE, r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
	else if (r->type != 'a')
		return -1;
	if (r->major >= 0)
		skip_if(p, &b, BPF_JNE, R_MAJOR, r->major);
	if (r->minor >= 0)
		skip_if(p, &b, BPF_JNE, R_MINOR, r->minor);
	emit_access_test(p, &b, r);
	emit_verdict(p, r->allow);
	for (i = 0; i < b.n; i++)
		if (b.skip[i] < p->max)
			p->insn[b.skip[i]].off = (int16_t)(p->n - b.skip[i] - 1);
	return 0;
}

int cg_bpf_devices_prog(const struct cg_dev_rule *rules, size_t n, struct cg_bpf_insn *out,
			size_t max)
{
	struct prog p = { out, 0, max };
	int fallback = 0;

	emit_prologue(&p);
	while (n--) {
		const struct cg_dev_rule *r = &rules[n];

		if (dev_is_all(r)) {
			fallback = r->allow;
			break;
		}
		/* A deny naming no access never applies (and its verdict
		 * would be unreachable code, which the verifier refuses). */
		if (!r->allow && !bpf_access(r->access))
			continue;
		if (emit_rule(&p, r) < 0)
			return -1;
		if (p.n > max)
			return -1;
	}
	emit_verdict(&p, fallback);
	return p.n > max ? -1 : (int)p.n;
}

/* ---- loading ---- */

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int prog_load(const struct cg_bpf_insn *insn, int n, char *log, size_t log_size)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uintptr_t)insn;
	a.insn_cnt = n;
	a.license = (uintptr_t)"GPL";
	/* Named, so that device can find it among the group's programs. */
	memcpy(a.prog_name, CG_BPF_DEVICES_NAME, sizeof(CG_BPF_DEVICES_NAME));
	if (log) {
		a.log_buf = (uintptr_t)log;
		a.log_size = log_size;
		a.log_level = 1;
	}
	return sys_bpf(BPF_PROG_LOAD, &a);
}

/* The verifier's reason: the last line of its log before the statistics. */
static const char *verifier_reason(char *log)
{
	char *line, *reason = NULL, *save = NULL;

	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, "processed ", 10) && strncmp(line, "verification time", 17))
			reason = line;
	return reason;
}

/* Loaded without a log first: a log of level 1 that overflows its buffer
 * fails the load of a good program. The failing one is loaded again to
 * learn why. */
static int load(const struct cg_bpf_insn *insn, int n, struct bb_err *e)
{
	const char *reason;
	char *log;
	int fd, err;

	fd = prog_load(insn, n, NULL, 0);
	if (fd >= 0)
		return fd;
	err = errno;
	log = calloc(1, LOG_SIZE);
	if (log && prog_load(insn, n, log, LOG_SIZE) < 0 && (reason = verifier_reason(log))) {
		bb_err_set(e, err, "can't load the device filter (BPF): %s", reason);
	} else {
		bb_err_set(e, err, "can't load the device filter (BPF)");
	}
	free(log);
	return -1;
}

static int attach(int cgroup_fd, int prog_fd, struct bb_err *e)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.target_fd = cgroup_fd;
	a.attach_bpf_fd = prog_fd;
	a.attach_type = BPF_CGROUP_DEVICE;
	/* Beside the programs of others (systemd's, a parent container's):
	 * the kernel allows only what all of them allow. */
	a.attach_flags = BPF_F_ALLOW_MULTI;
	if (sys_bpf(BPF_PROG_ATTACH, &a) < 0)
		return bb_err_set(e, errno, "can't attach the device filter (BPF) to the group");
	return 0;
}

int cg_bpf_devices_load(const struct cg_dev_rule *rules, size_t n, struct bb_err *e)
{
	struct cg_bpf_insn *insn = malloc(PROG_MAX * sizeof(*insn));
	int len, fd;

	if (!insn)
		return bb_err_set(e, ENOMEM, "out of memory");
	len = cg_bpf_devices_prog(rules, n, insn, PROG_MAX);
	if (len < 0) {
		free(insn);
		return bb_err_set(e, E2BIG, "can't build the device filter (BPF) for %zu rules: "
				  "more than %d instructions or a bad rule", n, PROG_MAX);
	}
	fd = load(insn, len, e);
	free(insn);
	return fd;
}

int cg_bpf_devices_attach(int cgroup_fd, const struct cg_dev_rule *rules, size_t n,
			  struct bb_err *e)
{
	int fd, rc;

	fd = cg_bpf_devices_load(rules, n, e);
	if (fd < 0)
		return -1;
	rc = attach(cgroup_fd, fd, e);
	close(fd); /* the attachment holds the program */
	return rc;
}
