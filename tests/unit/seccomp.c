/* Unit tests of seccomp: the generated syscall tables (seccomp_arch.c),
 * LXC's policy format (seccomp_policy.c: versions, actions, sections,
 * comparisons, every error), and the BPF compiler (seccomp_bpf.c), whose
 * programs run here through a small classic-BPF interpreter and are
 * checked against a reference model of the policy for native, compat,
 * x32 and foreign calls, 64-bit arguments and programs long enough to
 * need long jumps. Both families (x86_64 + i386, aarch64 + arm) are
 * tested whatever the build's own; LXC's common.seccomp when installed. */
#include <errno.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "libbb.h"
#include "seccomp.h"
#include "syscalls_aarch64.h"
#include "syscalls_x86_64.h"
#include "tap.h"

#ifndef SC_X86_64_COMPAT
#define SC_X86_64_COMPAT 0
#endif
#ifndef SC_AARCH64_COMPAT
#define SC_AARCH64_COMPAT 0
#endif

static struct sc_arch x86, arm64;

/* ---- a classic BPF interpreter, for what seccomp_bpf.c emits ---- */

#define BAD_PROGRAM 0xbadbad00U

static uint32_t run(const struct sc_prog *p, const struct seccomp_data *d)
{
	uint32_t a = 0;
	size_t pc = 0, steps = 0;

	while (pc < p->len && steps++ < 100000) {
		const struct sock_filter *f = &p->insns[pc++];

		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k % 4 || f->k >= sizeof(*d))
				return BAD_PROGRAM;
			memcpy(&a, (const char *)d + f->k, 4);
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= f->k;
			break;
		case BPF_JMP | BPF_JA:
			pc += f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= f->k ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			return f->k;
		default:
			return BAD_PROGRAM + 1;
		}
	}
	return BAD_PROGRAM + 2; /* fell off the end */
}

/* The kernel's own checks: every jump lands inside, the last is a ret. */
static int valid(const struct sc_prog *p)
{
	size_t i;

	if (!p->len || p->len > SC_MAX_INSNS || p->insns[p->len - 1].code != (BPF_RET | BPF_K))
		return 0;
	for (i = 0; i < p->len; i++) {
		const struct sock_filter *f = &p->insns[i];

		if (f->code == (BPF_JMP | BPF_JA) ? i + 1 + f->k >= p->len :
		    BPF_CLASS(f->code) == BPF_JMP && (i + 1 + f->jt >= p->len || i + 1 + f->jf >= p->len))
			return 0;
	}
	return 1;
}

static int has_long_jump(const struct sc_prog *p)
{
	size_t i;

	for (i = 0; i < p->len; i++)
		if (p->insns[i].code == (BPF_JMP | BPF_JA) && p->insns[i].k > 255)
			return 1;
	return 0;
}

/* ---- the reference model: what the policy means ---- */

static int holds(const struct sc_cmp *c, uint64_t v)
{
	switch (c->op) {
	case SC_OP_NE: return v != c->value;
	case SC_OP_LT: return v < c->value;
	case SC_OP_LE: return v <= c->value;
	case SC_OP_EQ: return v == c->value;
	case SC_OP_GE: return v >= c->value;
	case SC_OP_GT: return v > c->value;
	case SC_OP_MASKED_EQ: return (v & c->mask) == c->value;
	}
	return 0;
}

static uint32_t model(const struct sc_policy *p, const struct sc_arch *a, const struct seccomp_data *d)
{
	int col = d->arch == a->audit ? 0 : 1;
	size_t i;

	if (d->arch != a->audit && (!a->compat_audit || d->arch != a->compat_audit || p->version == 1))
		return SC_RET_KILL_PROCESS;
	if (!col && a->x32 && (uint32_t)d->nr >= 0x40000000U)
		return p->def_action == SC_RET_ALLOW ? SC_RET_ERRNO | ENOSYS : p->def_action;
	for (i = 0; i < p->n; i++) {
		const struct sc_rule *r = &p->rules[i];
		unsigned k;

		if (r->nr[col] != d->nr)
			continue;
		for (k = 0; k < r->ncmp; k++) {
			uint64_t v = d->args[r->cmp[k].arg];

			if (!holds(&r->cmp[k], col ? (uint32_t)v : v))
				break;
		}
		if (k == r->ncmp)
			return r->action;
	}
	return p->def_action;
}

/* ---- helpers ---- */

static int parse(struct sc_policy *p, const char *text, const struct sc_arch *a, struct bb_err *e)
{
	e->msg[0] = '\0';
	return sc_policy_parse(p, text, strlen(text), "t.seccomp", a, e);
}

/* The error message of parsing text ("" when it parses). */
static const char *perr(const char *text)
{
	static struct bb_err e;
	struct sc_policy p;

	if (parse(&p, text, &x86, &e) == 0)
		e.msg[0] = '\0';
	sc_policy_free(&p);
	return e.msg;
}

static int nr_of(const struct sc_arch *a, const char *name, int col)
{
	int nr[2];

	sc_arch_lookup(a, name, nr);
	return nr[col];
}

static uint32_t call(const struct sc_prog *prog, uint32_t arch, int nr, uint64_t a0, uint64_t a1)
{
	struct seccomp_data d = { .nr = nr, .arch = arch, .args = { a0, a1 } };

	return run(prog, &d);
}

static uint64_t rnd(void)
{
	static uint64_t s = 0x9e3779b97f4a7c15ULL;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

/* Compile p for a, check the program against the model on calls of
 * every number with rules (and a few without) with arguments around the
 * rules' values; returns the number of mismatches. */
static int check_against_model(const struct sc_policy *p, const struct sc_arch *a,
			       struct sc_prog *prog, int rounds)
{
	uint32_t arches[4] = { a->audit, a->compat_audit ? a->compat_audit : 0x12345678,
			       AUDIT_ARCH_PPC64LE, a->family == SC_FAMILY_X86_64 ? AUDIT_ARCH_X86_64 : 0 };
	int bad = 0, r;
	size_t i;

	for (r = 0; r < rounds; r++) {
		struct seccomp_data d = { 0 };
		const struct sc_rule *rule = p->n ? &p->rules[rnd() % p->n] : NULL;
		unsigned k;

		d.arch = arches[rnd() % 4];
		d.nr = rule && rnd() % 8 ? rule->nr[d.arch == a->audit ? 0 : 1] : (int)(rnd() % 500);
		if (d.nr < 0)
			d.nr = (int)(rnd() % 500);
		if (a->x32 && d.arch == a->audit && rnd() % 16 == 0)
			d.nr |= 0x40000000;
		for (k = 0; k < 6; k++) {
			uint64_t v = rnd();

			if (rule && rule->ncmp && rnd() % 4) {
				const struct sc_cmp *c = &rule->cmp[rnd() % rule->ncmp];
				/* at, just below, just above the value; its halves swapped about */
				uint64_t near[] = { c->value, c->value - 1, c->value + 1,
						    (c->value & ~0xffffffffULL) | (v & 0xffffffff),
						    (v & ~0xffffffffULL) | (c->value & 0xffffffff),
						    c->value | (v & ~c->mask), c->value & 0xffffffff };

				v = near[rnd() % ARRAY_SIZE(near)];
			}
			d.args[k] = v;
		}
		if (run(prog, &d) != model(p, a, &d)) {
			if (bad++ < 5)
				diag("arch %#x nr %d args %#llx %#llx: program %#x, model %#x", d.arch, d.nr,
				     (unsigned long long)d.args[0], (unsigned long long)d.args[1],
				     run(prog, &d), model(p, a, &d));
		}
	}
	for (i = 0; i < p->n; i++) {
		struct seccomp_data d = { .nr = p->rules[i].nr[0], .arch = a->audit };

		if (d.nr >= 0 && run(prog, &d) != model(p, a, &d))
			bad++;
	}
	return bad;
}

/* ---- the tests ---- */

static void test_tables(void)
{
	int nr[2];

	is_int(nr_of(&x86, "read", 0), 0, "x86_64: read is 0");
	is_int(nr_of(&x86, "openat", 0), 257, "x86_64: openat is 257");
	is_int(nr_of(&x86, "kexec_load", 0), 246, "x86_64: kexec_load is 246");
	is_int(nr_of(&x86, "open_by_handle_at", 0), 304, "x86_64: open_by_handle_at is 304");
	is_int(nr_of(&x86, "fsopen", 0), 430, "x86_64: fsopen is 430");
	if (SC_X86_64_COMPAT) {
		is_int(nr_of(&x86, "read", 1), 3, "i386: read is 3");
		is_int(nr_of(&x86, "kexec_load", 1), 283, "i386: kexec_load is 283");
		is_int(nr_of(&x86, "socketcall", 1), 102, "i386: socketcall is 102");
		is_int(nr_of(&x86, "socketcall", 0), -1, "and x86_64 has no socketcall");
		is_int(nr_of(&x86, "keyctl", 1), 288, "i386: keyctl is 288");
	} else {
		skip("no i386 table in this build");
		skip("no i386 table in this build");
		skip("no i386 table in this build");
		skip("no i386 table in this build");
		skip("no i386 table in this build");
	}
	is_int(nr_of(&arm64, "read", 0), 63, "aarch64: read is 63 (the generic numbering)");
	is_int(nr_of(&arm64, "openat", 0), 56, "aarch64: openat is 56");
	is_int(nr_of(&arm64, "kexec_load", 0), 104, "aarch64: kexec_load is 104");
	is_int(nr_of(&arm64, "fcntl", 0), 25, "aarch64: fcntl is 25 (__NR3264_fcntl resolved)");
	is_int(nr_of(&arm64, "open", 0), -1, "aarch64 has no open");
	if (SC_AARCH64_COMPAT) {
		is_int(nr_of(&arm64, "read", 1), 3, "arm: read is 3");
		is_int(nr_of(&arm64, "kexec_load", 1), 347, "arm: kexec_load is 347");
	} else {
		skip("no arm table (linux-libc-dev-armhf-cross is not installed)");
		skip("no arm table (linux-libc-dev-armhf-cross is not installed)");
	}
	is_int(sc_arch_lookup(&x86, "no_such_call", nr), -1, "an unknown name is not found");
	ok(sc_arch_native(NULL) != NULL, "this build has a native table");
}

static void test_v1(void)
{
	struct sc_policy p;
	struct bb_err e;

	ok(parse(&p, "1\nallowlist\n0\n1\n# comment\n\n60\n", &x86, &e) == 0, "version 1 parses");
	is_int(p.version, 1, "version 1");
	is_int((long)p.n, 3, "three numbers");
	ok(p.def_action == SC_RET_KILL_PROCESS && p.rules[2].nr[0] == 60 && p.rules[2].nr[1] == -1 &&
	   p.rules[0].action == SC_RET_ALLOW, "an allowlist of native numbers, the rest killed");
	sc_policy_free(&p);
	ok(parse(&p, "1\nwhitelist\n0\n", &x86, &e) == 0, "version 1 with the old word whitelist");
	sc_policy_free(&p);
	is_str(perr("1\nallowlist\nread\n"), "t.seccomp:3: 'read' is not a syscall number (version 1 lists numbers)",
	       "version 1: a name is an error");
	is_str(perr("1\ndenylist\n"), "t.seccomp:2: a version 1 policy is a plain allowlist",
	       "version 1: denylist is an error");
	is_str(perr("1\nallowlist\n5000\n"), "t.seccomp:3: '5000' is not a syscall number (version 1 lists numbers)",
	       "version 1: a number out of range");
}

static void test_v2(void)
{
	static const struct { const char *text; uint32_t def, rule_def; } heads[] = {
		{ "2\ndenylist\nread\n", SC_RET_ALLOW, SC_RET_KILL_PROCESS },
		{ "2\nblacklist\nread\n", SC_RET_ALLOW, SC_RET_KILL_PROCESS },
		{ "2\nallowlist\nread\n", SC_RET_KILL_PROCESS, SC_RET_ALLOW },
		{ "2\nwhitelist\nread\n", SC_RET_KILL_PROCESS, SC_RET_ALLOW },
		{ "2\nallowlist errno 1\nread\n", SC_RET_ERRNO | 1, SC_RET_ALLOW },
		{ "2\ndenylist trap\nread\n", SC_RET_TRAP, SC_RET_KILL_PROCESS },
		{ "2\ndenylist kill # comment\nread\n", SC_RET_KILL_PROCESS, SC_RET_KILL_PROCESS },
		{ " 2 \r\n allowlist \r\n read \r\n", SC_RET_KILL_PROCESS, SC_RET_ALLOW },
	};
	static const struct { const char *rule; uint32_t action; } acts[] = {
		{ "read kill", SC_RET_KILL_PROCESS }, { "read errno 0", SC_RET_ERRNO },
		{ "read errno 38", SC_RET_ERRNO | 38 }, { "read errno 4095", SC_RET_ERRNO | 4095 },
		{ "read trap", SC_RET_TRAP }, { "read allow", SC_RET_ALLOW },
		{ "read   errno   13   # why", SC_RET_ERRNO | 13 },
	};
	struct sc_policy p;
	struct bb_err e;
	char buf[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(heads); i++) {
		int r = parse(&p, heads[i].text, &x86, &e);

		ok(r == 0 && p.version == 2 && p.def_action == heads[i].def && p.n == 1 &&
		   p.rules[0].action == heads[i].rule_def && p.rules[0].nr[0] == 0,
		   "header %zu: default action and a rule's default", i);
		if (r)
			diag("%s", e.msg);
		sc_policy_free(&p);
	}
	for (i = 0; i < ARRAY_SIZE(acts); i++) {
		snprintf(buf, sizeof(buf), "2\ndenylist\n%s\n", acts[i].rule);
		ok(parse(&p, buf, &x86, &e) == 0 && p.n == 1 && p.rules[0].action == acts[i].action,
		   "action: %s", acts[i].rule);
		sc_policy_free(&p);
	}
	is_str(sc_action_name(SC_RET_ERRNO | 38, buf, sizeof(buf)), "errno 38", "action name: errno 38");
	is_str(sc_action_name(SC_RET_KILL_PROCESS, buf, sizeof(buf)), "kill", "action name: kill");

	/* reject_force_umount, LXC's shorthand */
	ok(parse(&p, "2\ndenylist\nreject_force_umount  # comment this to allow umount -f\n", &x86, &e) == 0 &&
	   p.n == 1 && p.rules[0].nr[0] == nr_of(&x86, "umount2", 0) &&
	   p.rules[0].action == (SC_RET_ERRNO | EACCES) && p.rules[0].ncmp == 1 &&
	   p.rules[0].cmp[0].arg == 1 && p.rules[0].cmp[0].op == SC_OP_MASKED_EQ &&
	   p.rules[0].cmp[0].mask == 1 && p.rules[0].cmp[0].value == 1,
	   "reject_force_umount: umount2 with MNT_FORCE gets EACCES");
	sc_policy_free(&p);

	/* unknown names: skipped with a warning, the rest still checked */
	ok(parse(&p, "2\ndenylist\nno_such_call errno 1\nread\n", &x86, &e) == 0 && p.n == 1 &&
	   p.warn.n == 1, "an unknown syscall is skipped");
	if (p.warn.n)
		is_str(p.warn.v[0], "t.seccomp:3: unknown syscall 'no_such_call' (not in the x86_64 or i386 "
		       "table): rule skipped", "with a warning naming it and the line");
	else
		ok(0, "with a warning");
	sc_policy_free(&p);
	is_str(perr("2\ndenylist\nno_such_call errno x\n"),
	       "t.seccomp:3: 'errno' wants a number from 0 to 4095, not 'x'",
	       "an unknown syscall's bad action is still an error");
	ok(parse(&p, "2\ndenylist\nsocketcall\n", &x86, &e) == 0 && p.n == 1 && p.rules[0].nr[0] == -1 &&
	   p.rules[0].nr[1] == (SC_X86_64_COMPAT ? 102 : -1) && p.warn.n == !SC_X86_64_COMPAT,
	   "a compat-only syscall: a rule for the compat arch only");
	sc_policy_free(&p);
	{
		char big[8192] = "2\ndenylist\n";

		for (i = 0; i < 60; i++)
			strcat(big, "nope\n");
		ok(parse(&p, big, &x86, &e) == 0 && p.warn.n == 51, "warnings are capped (50 and a last line)");
		sc_policy_free(&p);
	}
}

static void test_sections(void)
{
	static const struct { const char *section; int x86_applies, arm_applies; } secs[] = {
		{ "[all]", 1, 1 }, { "[ALL]", 1, 1 }, { "[x86_64]", 1, 0 }, { "[X86_64]", 1, 0 },
		{ "[x86]", 1, 0 }, { "[i386]", 1, 0 }, { "[x32]", 1, 0 }, { "[arm64]", 0, 1 },
		{ "[arm]", 0, 1 }, { "[ppc64le]", 0, 0 }, { "[s390x]", 0, 0 }, { "[mips]", 0, 0 },
	};
	struct sc_policy p;
	struct bb_err e;
	char buf[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(secs); i++) {
		snprintf(buf, sizeof(buf), "2\ndenylist\n%s\nkexec_load errno 1\n[all]\nread errno 2\n",
			 secs[i].section);
		ok(parse(&p, buf, &x86, &e) == 0 && (int)p.n == 1 + secs[i].x86_applies &&
		   p.rules[p.n - 1].action == (SC_RET_ERRNO | 2), "%s on x86_64: %s", secs[i].section,
		   secs[i].x86_applies ? "applies" : "skipped");
		sc_policy_free(&p);
		ok(parse(&p, buf, &arm64, &e) == 0 && (int)p.n == 1 + secs[i].arm_applies,
		   "%s on aarch64: %s", secs[i].section, secs[i].arm_applies ? "applies" : "skipped");
		sc_policy_free(&p);
	}
	/* As LXC: a section's rule is the native's and the compat's alike. */
	ok(parse(&p, "2\ndenylist\n[x86_64]\nkexec_load errno 1\n", &x86, &e) == 0 && p.n == 1 &&
	   p.rules[0].nr[0] == 246 && p.rules[0].nr[1] == (SC_X86_64_COMPAT ? 283 : -1),
	   "a native section's rule also binds the compat arch (no 32-bit bypass)");
	sc_policy_free(&p);
	is_str(perr("2\ndenylist\n[sparc]\nread\n"), "t.seccomp:3: unknown architecture section '[sparc]'",
	       "an unknown section is an error");
	is_str(perr("2\ndenylist\n[all\n"),
	       "t.seccomp:3: '[all' is not a section (one word in brackets, like [all] or [x86_64])",
	       "a section without ']'");
	ok(parse(&p, "2\ndenylist\n[arm64]\nno_such errno 1\n", &x86, &e) == 0 && p.n == 0 &&
	   p.warn.n == 0, "a skipped section's names are not looked up");
	sc_policy_free(&p);
}

static void test_cmp(void)
{
	static const struct { const char *cmp; enum sc_op op; uint64_t value, mask; unsigned arg; } cmps[] = {
		{ "[0,1,SCMP_CMP_NE]", SC_OP_NE, 1, 0, 0 },     { "[0,1,!=]", SC_OP_NE, 1, 0, 0 },
		{ "[1,2,SCMP_CMP_LT]", SC_OP_LT, 2, 0, 1 },     { "[1,2,<]", SC_OP_LT, 2, 0, 1 },
		{ "[2,3,SCMP_CMP_LE]", SC_OP_LE, 3, 0, 2 },     { "[2,3,<=]", SC_OP_LE, 3, 0, 2 },
		{ "[3,4,SCMP_CMP_EQ]", SC_OP_EQ, 4, 0, 3 },     { "[3,4,==]", SC_OP_EQ, 4, 0, 3 },
		{ "[4,5,SCMP_CMP_GE]", SC_OP_GE, 5, 0, 4 },     { "[4,5,>=]", SC_OP_GE, 5, 0, 4 },
		{ "[5,6,SCMP_CMP_GT]", SC_OP_GT, 6, 0, 5 },     { "[5,6,>]", SC_OP_GT, 6, 0, 5 },
		{ "[1,0x2,SCMP_CMP_MASKED_EQ,0x6]", SC_OP_MASKED_EQ, 2, 6, 1 },
		{ "[1,2,&=,6]", SC_OP_MASKED_EQ, 2, 6, 1 },
		{ "[ 0 , 0xffffffffffffffff , == ]", SC_OP_EQ, ~0ULL, 0, 0 },
		{ "[0,010,==]", SC_OP_EQ, 8, 0, 0 },
	};
	static const struct { const char *rule, *msg; } bad[] = {
		{ "read errno 1 [6,1,==]", "t.seccomp:3: argument index '6' is not a number from 0 to 5" },
		{ "read errno 1 [x,1,==]", "t.seccomp:3: argument index 'x' is not a number from 0 to 5" },
		{ "read errno 1 [0,-1,==]", "t.seccomp:3: argument value '-1' is not an unsigned 64-bit number" },
		{ "read errno 1 [0,0x1ffffffffffffffff,==]",
		  "t.seccomp:3: argument value '0x1ffffffffffffffff' is not an unsigned 64-bit number" },
		{ "read errno 1 [0,1,=~]", "t.seccomp:3: unknown comparison '=~' (SCMP_CMP_NE, _LT, _LE, _EQ, "
		  "_GE, _GT, _MASKED_EQ or != < <= == >= > &=)" },
		{ "read errno 1 [0,1,&=]", "t.seccomp:3: &= wants a mask: [ARG,VALUE,OP,MASK]" },
		{ "read errno 1 [0,1,==,1]", "t.seccomp:3: a mask only goes with SCMP_CMP_MASKED_EQ, not ==" },
		{ "read errno 1 [0,1,&=,z]", "t.seccomp:3: argument mask 'z' is not an unsigned 64-bit number" },
		{ "read errno 1 [0,1]", "t.seccomp:3: argument comparison '[0,1]' wants [ARG,VALUE,OP] or "
		  "[ARG,VALUE,OP,MASK]" },
		{ "read errno 1 [0,1,==", "t.seccomp:3: '[' without ']'" },
		{ "read errno 1 [0,1,==]x", "t.seccomp:3: a blank must follow ']'" },
		{ "read errno 1 foo", "t.seccomp:3: unexpected 'foo' (comparisons are [ARG,VALUE,OP])" },
		{ "read errno 1 [0,1,==] [0,1,==] [0,1,==] [0,1,==] [0,1,==] [0,1,==] [0,1,==] [0,1,==]",
		  "t.seccomp:3: too many words in the rule for 'read' (at most 6 comparisons)" },
		{ "read [0,1,==] [0,1,==] [0,1,==] [0,1,==] [0,1,==] [0,1,==] [0,1,==]",
		  "t.seccomp:3: more than 6 comparisons in one rule" },
		{ "read notify", "t.seccomp:3: action 'notify' (seccomp user notification) is not supported by ctbox" },
		{ "read log", "t.seccomp:3: unknown action 'log' (kill, errno N, trap or allow)" },
		{ "read errno", "t.seccomp:3: 'errno' wants a number from 0 to 4095" },
		{ "read errno 4096", "t.seccomp:3: 'errno' wants a number from 0 to 4095, not '4096'" },
		{ "reject_force_umount errno 1", "t.seccomp:3: 'reject_force_umount' takes no action or comparison" },
	};
	struct sc_policy p;
	struct bb_err e;
	char buf[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmps); i++) {
		const struct sc_cmp *c;

		snprintf(buf, sizeof(buf), "2\ndenylist\nread errno 1 %s\n", cmps[i].cmp);
		if (parse(&p, buf, &x86, &e) < 0 || p.n != 1 || p.rules[0].ncmp != 1) {
			ok(0, "comparison %s", cmps[i].cmp);
			diag("%s", e.msg);
		} else {
			c = &p.rules[0].cmp[0];
			ok(c->op == cmps[i].op && c->value == cmps[i].value && c->mask == cmps[i].mask &&
			   c->arg == cmps[i].arg, "comparison %s", cmps[i].cmp);
		}
		sc_policy_free(&p);
	}
	ok(parse(&p, "2\nallowlist\nmmap allow [2,4,!=] [3,1,&=,1]\nmmap [0,0,==]\n", &x86, &e) == 0 &&
	   p.n == 2 && p.rules[0].ncmp == 2 && p.rules[1].ncmp == 1 && p.rules[1].action == SC_RET_ALLOW,
	   "two comparisons in one rule, a rule without an action");
	sc_policy_free(&p);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(buf, sizeof(buf), "2\ndenylist\n%s\n", bad[i].rule);
		is_str(perr(buf), bad[i].msg, "error: %s", bad[i].rule);
	}
}

static void test_errors(void)
{
	static const struct { const char *text, *msg; } bad[] = {
		{ "", "t.seccomp: incomplete seccomp policy (a version line, then denylist or allowlist)" },
		{ "2\n", "t.seccomp: incomplete seccomp policy (a version line, then denylist or allowlist)" },
		{ "3\ndenylist\n", "t.seccomp:1: a seccomp policy starts with its version, 1 or 2, not '3'" },
		{ "denylist\n", "t.seccomp:1: a seccomp policy starts with its version, 1 or 2, not 'denylist'" },
		{ "2\n\nread\n", "t.seccomp:2: expected 'denylist' or 'allowlist'" },
		{ "2\ngreylist\n", "t.seccomp:2: expected 'denylist' or 'allowlist', not 'greylist'" },
		{ "2\ndenylist debug\n", "t.seccomp:2: 'debug' is not supported" },
		{ "2\ndenylist errno 1 2\n", "t.seccomp:2: unexpected '2' after the default action" },
		{ "2\nallowlist notify\n", "t.seccomp:2: action 'notify' (seccomp user notification) is not supported by ctbox" },
		{ "2\nallowlist maybe\n", "t.seccomp:2: unknown action 'maybe' (kill, errno N, trap or allow)" },
	};
	struct sc_policy p;
	struct bb_err e;
	char *big;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		is_str(perr(bad[i].text), bad[i].msg, "error %zu: %s", i, bad[i].msg);
	ok(sc_policy_parse(&p, "2\ndenylist\nre\0ad\n", 15, "t.seccomp", &x86, &e) < 0 &&
	   strcmp(e.msg, "t.seccomp: not a seccomp policy (it holds a NUL byte)") == 0, "a NUL byte");
	sc_policy_free(&p);
	big = calloc(1, 6000);
	strcpy(big, "2\ndenylist\n");
	memset(big + strlen(big), 'a', 5000);
	is_str(perr(big), "t.seccomp:3: line longer than 4096 bytes", "a long line");
	free(big);
	big = calloc(5000, 8);
	strcpy(big, "2\ndenylist\n");
	for (i = 0; i < 4100; i++)
		memcpy(big + 11 + i * 5, "read\n", 5);
	is_str(perr(big), "t.seccomp:4099: too many rules (4096 at most)", "too many rules");
	free(big);
}

/* A decision for one call. */
static int decides(const struct sc_prog *prog, uint32_t arch, int nr, uint64_t a0, uint64_t a1, uint32_t want)
{
	uint32_t got = call(prog, arch, nr, a0, a1);

	if (got != want)
		diag("arch %#x nr %d (%#llx, %#llx): got %#x, want %#x", arch, nr, (unsigned long long)a0,
		     (unsigned long long)a1, got, want);
	return got == want;
}

static void test_compile(void)
{
	struct sc_policy p;
	struct sc_prog prog;
	struct bb_err e;
	uint32_t eperm = SC_RET_ERRNO | 1;
	int kexec = nr_of(&x86, "kexec_load", 0), kexec32 = nr_of(&x86, "kexec_load", 1);

	/* a denylist: native, compat, x32, foreign */
	ok(parse(&p, "2\ndenylist\n[all]\nkexec_load errno 1\nmount\n", &x86, &e) == 0 &&
	   sc_compile(&p, &x86, &prog, &e) == 0 && valid(&prog), "a denylist compiles to a valid program");
	ok(decides(&prog, AUDIT_ARCH_X86_64, kexec, 0, 0, eperm), "native kexec_load: EPERM");
	ok(decides(&prog, AUDIT_ARCH_X86_64, 0, 0, 0, SC_RET_ALLOW), "native read: allowed");
	ok(decides(&prog, AUDIT_ARCH_X86_64, nr_of(&x86, "mount", 0), 0, 0, SC_RET_KILL_PROCESS),
	   "native mount: killed (a denylist rule's default)");
	if (SC_X86_64_COMPAT) {
		ok(decides(&prog, AUDIT_ARCH_I386, kexec32, 0, 0, eperm), "i386 kexec_load (283): EPERM too");
		ok(decides(&prog, AUDIT_ARCH_I386, kexec, 0, 0, SC_RET_ALLOW),
		   "i386 call 246 (not kexec_load there): allowed");
	} else {
		skip("no i386 table");
		skip("no i386 table");
	}
	ok(decides(&prog, AUDIT_ARCH_X86_64, 0x40000000 | kexec, 0, 0, SC_RET_ERRNO | ENOSYS),
	   "x32 calls: ENOSYS under a denylist");
	ok(decides(&prog, AUDIT_ARCH_AARCH64, 0, 0, 0, SC_RET_KILL_PROCESS), "a foreign arch: killed");
	sc_prog_free(&prog);
	sc_policy_free(&p);

	/* an allowlist: the default kills, x32 too */
	ok(parse(&p, "2\nallowlist\nread\nwrite\nexit_group\n", &x86, &e) == 0 &&
	   sc_compile(&p, &x86, &prog, &e) == 0 && valid(&prog), "an allowlist compiles");
	ok(decides(&prog, AUDIT_ARCH_X86_64, 1, 0, 0, SC_RET_ALLOW) &&
	   decides(&prog, AUDIT_ARCH_X86_64, 2, 0, 0, SC_RET_KILL_PROCESS) &&
	   decides(&prog, AUDIT_ARCH_X86_64, 0x40000000, 0, 0, SC_RET_KILL_PROCESS),
	   "allowlist: write allowed, open killed, x32 read killed");
	sc_prog_free(&prog);
	sc_policy_free(&p);

	/* version 1: native numbers; the compat arch is killed */
	ok(parse(&p, "1\nallowlist\n0\n", &x86, &e) == 0 && sc_compile(&p, &x86, &prog, &e) == 0 &&
	   decides(&prog, AUDIT_ARCH_X86_64, 0, 0, 0, SC_RET_ALLOW) &&
	   decides(&prog, AUDIT_ARCH_I386, 0, 0, 0, SC_RET_KILL_PROCESS) &&
	   decides(&prog, AUDIT_ARCH_X86_64, 1, 0, 0, SC_RET_KILL_PROCESS), "version 1: native only");
	sc_prog_free(&prog);
	sc_policy_free(&p);

	/* 64-bit comparisons, both halves */
	ok(parse(&p, "2\ndenylist\nread errno 1 [0,0x100000002,==]\n"
		 "write errno 2 [1,0x100000000,>]\nopen errno 3 [0,0xffffffff,<=]\n"
		 "close errno 4 [0,0xf00000000,&=,0xf000000f0]\n", &x86, &e) == 0 &&
	   sc_compile(&p, &x86, &prog, &e) == 0, "64-bit comparisons compile");
	ok(decides(&prog, AUDIT_ARCH_X86_64, 0, 0x100000002ULL, 0, eperm) &&
	   decides(&prog, AUDIT_ARCH_X86_64, 0, 0x2, 0, SC_RET_ALLOW) &&
	   decides(&prog, AUDIT_ARCH_X86_64, 0, 0x200000002ULL, 0, SC_RET_ALLOW),
	   "EQ: both halves must match");
	ok(decides(&prog, AUDIT_ARCH_X86_64, 1, 0, 0x100000001ULL, SC_RET_ERRNO | 2) &&
	   decides(&prog, AUDIT_ARCH_X86_64, 1, 0, 0x100000000ULL, SC_RET_ALLOW) &&
	   decides(&prog, AUDIT_ARCH_X86_64, 1, 0, 0xffffffffULL, SC_RET_ALLOW) &&
	   decides(&prog, AUDIT_ARCH_X86_64, 1, 0, 0x200000000ULL, SC_RET_ERRNO | 2),
	   "GT: the high half decides first, then the low");
	ok(decides(&prog, AUDIT_ARCH_X86_64, 2, 0xffffffffULL, 0, SC_RET_ERRNO | 3) &&
	   decides(&prog, AUDIT_ARCH_X86_64, 2, 0x100000000ULL, 0, SC_RET_ALLOW),
	   "LE across the halves' boundary");
	ok(decides(&prog, AUDIT_ARCH_X86_64, 3, 0xf0000000aULL, 0, SC_RET_ERRNO | 4) &&
	   decides(&prog, AUDIT_ARCH_X86_64, 3, 0xf000000a0ULL, 0, SC_RET_ALLOW),
	   "MASKED_EQ on both halves");
	if (SC_X86_64_COMPAT) {
		/* i386 read is 3: a 32-bit arg never equals a value with a high half,
		 * whatever a 64-bit caller left in the register's upper half */
		ok(decides(&prog, AUDIT_ARCH_I386, 3, 0x100000002ULL, 0, SC_RET_ALLOW),
		   "compat: only the low half is read (EQ with a 64-bit value never holds)");
		ok(decides(&prog, AUDIT_ARCH_I386, nr_of(&x86, "open", 1), 0x1ffffffffULL, 0, SC_RET_ERRNO | 3),
		   "compat: LE 0xffffffff holds for any 32-bit value, upper garbage ignored");
	} else {
		skip("no i386 table");
		skip("no i386 table");
	}
	ok(check_against_model(&p, &x86, &prog, 20000) == 0, "and the program agrees with the model");
	sc_prog_free(&prog);
	sc_policy_free(&p);
}

/* Random policies, checked call by call against the model. */
static void test_random(const struct sc_arch *a, const char *what)
{
	static const char *const opn[] = { "!=", "<", "<=", "==", ">=", ">", "&=" };
	static const char *const names[] = { "read", "write", "openat", "close", "mmap", "ioctl",
					     "kexec_load", "keyctl", "mount", "fsopen", "clone", "socket" };
	char *text = malloc(1 << 16);
	int round, bad = 0, longest = 0;

	for (round = 0; round < 200; round++) {
		struct sc_policy p;
		struct sc_prog prog;
		struct bb_err e;
		size_t len = 0;
		int n = 1 + (int)(rnd() % 12), i;

		len += sprintf(text + len, "2\n%s\n", rnd() % 2 ? "denylist" : "allowlist errno 1");
		for (i = 0; i < n; i++) {
			int c, ncmp = (int)(rnd() % 4);

			len += sprintf(text + len, "%s %s", names[rnd() % ARRAY_SIZE(names)],
				       rnd() % 3 ? "errno 5" : rnd() % 2 ? "allow" : "trap");
			for (c = 0; c < ncmp; c++) {
				int op = (int)(rnd() % 7);
				uint64_t v = rnd() % 3 == 0 ? rnd() : rnd() % 3 == 0 ? rnd() & 0xffffffff : rnd() % 8;

				if (op == 6)
					len += sprintf(text + len, " [%d,%#llx,&=,%#llx]", (int)(rnd() % 6),
						       (unsigned long long)(v & 0xff000000ffULL),
						       (unsigned long long)0xff000000ffULL);
				else
					len += sprintf(text + len, " [%d,%#llx,%s]", (int)(rnd() % 6),
						       (unsigned long long)v, opn[op]);
			}
			len += sprintf(text + len, "\n");
		}
		if (sc_policy_parse(&p, text, len, "r.seccomp", a, &e) < 0 ||
		    sc_compile(&p, a, &prog, &e) < 0) {
			diag("%s", e.msg);
			bad++;
		} else {
			if (!valid(&prog))
				bad++;
			bad += check_against_model(&p, a, &prog, 300);
			if (prog.len > longest)
				longest = prog.len;
			sc_prog_free(&prog);
		}
		sc_policy_free(&p);
	}
	free(text);
	is_int(bad, 0, "%s: 200 random policies agree with the model (longest program %d)", what, longest);
}

/* Many syscalls with comparisons: a program past 255 instructions, whose
 * dispatch must jump far. */
static void test_long(const struct sc_arch *a, const char *what)
{
	char *text = malloc(1 << 17);
	struct sc_policy p;
	struct sc_prog prog;
	struct bb_err e;
	size_t len = sprintf(text, "2\nallowlist\n"), i;
	const char *s = a->names;

	for (i = 0; i < a->count; i++, s += strlen(s) + 1)
		if (i % 3)
			len += sprintf(text + len, "%s\n", s);
		else
			len += sprintf(text + len, "%s errno %zu [0,%zu,!=]\n%s\n", s, i % 4000, i, s);
	ok(sc_policy_parse(&p, text, len, "long.seccomp", a, &e) == 0 && sc_compile(&p, a, &prog, &e) == 0,
	   "%s: %zu syscalls, a third with a comparison, compile", what, a->count);
	ok(prog.len > 1000 && has_long_jump(&prog) && valid(&prog),
	   "%s: %u instructions, with jumps past 255 (long jumps), all in range", what, prog.len);
	is_int(check_against_model(&p, a, &prog, 20000), 0, "%s: and every decision is right", what);
	sc_prog_free(&prog);
	sc_policy_free(&p);
	/* More than the kernel takes: a clear error. */
	len = sprintf(text, "2\ndenylist\n");
	for (i = 0; i < 700; i++)
		len += sprintf(text + len, "read errno 1 [0,%zu,==] [1,%zu,>] [2,1,<]\n", i, i);
	ok(sc_policy_parse(&p, text, len, "huge.seccomp", a, &e) == 0 && sc_compile(&p, a, &prog, &e) < 0 &&
	   strstr(e.msg, "more than the kernel's 4096") != NULL, "%s: too big a filter is an error", what);
	sc_policy_free(&p);
	free(text);
}

static void test_default(const struct sc_arch *a, const char *what)
{
	static const struct { const char *name; uint32_t ret; int nesting_allows; } calls[] = {
		{ "kexec_load", SC_RET_ERRNO | EPERM, 0 }, { "open_by_handle_at", SC_RET_ERRNO | EPERM, 0 },
		{ "init_module", SC_RET_ERRNO | EPERM, 0 }, { "finit_module", SC_RET_ERRNO | EPERM, 0 },
		{ "delete_module", SC_RET_ERRNO | EPERM, 0 }, { "kexec_file_load", SC_RET_ERRNO | EPERM, 0 },
		{ "keyctl", SC_RET_ERRNO | ENOSYS, 0 }, { "add_key", SC_RET_ERRNO | ENOSYS, 0 },
		{ "request_key", SC_RET_ERRNO | ENOSYS, 0 },
		{ "fsopen", SC_RET_ERRNO | ENOSYS, 1 }, { "fsconfig", SC_RET_ERRNO | ENOSYS, 1 },
		{ "fsmount", SC_RET_ERRNO | ENOSYS, 1 }, { "fspick", SC_RET_ERRNO | ENOSYS, 1 },
		{ "move_mount", SC_RET_ERRNO | ENOSYS, 1 }, { "open_tree", SC_RET_ERRNO | ENOSYS, 1 },
		{ "mount_setattr", SC_RET_ERRNO | ENOSYS, 1 },
		{ "mount", SC_RET_ALLOW, 1 }, { "read", SC_RET_ALLOW, 1 }, { "unshare", SC_RET_ALLOW, 1 },
	};
	int nesting, bad = 0;
	size_t i;

	for (nesting = 0; nesting < 2; nesting++) {
		const char *text = sc_default_policy(nesting);
		struct sc_policy p;
		struct sc_prog prog;
		struct bb_err e;

		if (sc_policy_parse(&p, text, strlen(text), "default", a, &e) < 0 ||
		    sc_compile(&p, a, &prog, &e) < 0) {
			ok(0, "%s: the default policy%s compiles: %s", what, nesting ? " (nesting)" : "", e.msg);
			sc_policy_free(&p);
			continue;
		}
		ok(p.warn.n == 0, "%s: the default policy%s names no unknown syscall", what,
		   nesting ? " (allow_nesting)" : "");
		for (i = 0; i < ARRAY_SIZE(calls); i++) {
			uint32_t want = nesting && calls[i].nesting_allows ? SC_RET_ALLOW : calls[i].ret;
			int col;

			for (col = 0; col < 1 + !!a->compat_audit; col++) {
				int nr = nr_of(a, calls[i].name, col);

				if (nr >= 0 && call(&prog, col ? a->compat_audit : a->audit, nr, 0, 0) != want) {
					diag("%s %s (arch %d): %#x", what, calls[i].name, col,
					     call(&prog, col ? a->compat_audit : a->audit, nr, 0, 0));
					bad++;
				}
			}
		}
		/* reject_force_umount */
		if (call(&prog, a->audit, nr_of(a, "umount2", 0), 0, 1) != (SC_RET_ERRNO | EACCES) ||
		    call(&prog, a->audit, nr_of(a, "umount2", 0), 0, 2) != SC_RET_ALLOW)
			bad++;
		/* mount(2) flags (args[3]): a read-only remount of a super block
		 * is refused, a bind remount (MS_BIND 4096) is not; MS_RDONLY 1,
		 * MS_NOSUID 2, MS_REMOUNT 32, and the old magic in the high half. */
		{
			static const struct { uint64_t flags; uint32_t want; } m[] = {
				{ 32 | 1, SC_RET_ERRNO | EPERM }, { 0xc0ed0000 | 32 | 2 | 1, SC_RET_ERRNO | EPERM },
				{ 4096 | 32 | 1, SC_RET_ALLOW }, { 32, SC_RET_ALLOW }, { 1, SC_RET_ALLOW },
			};
			int col;

			for (i = 0; i < ARRAY_SIZE(m); i++)
				for (col = 0; col < 1 + !!a->compat_audit; col++) {
					struct seccomp_data d = { .nr = nr_of(a, "mount", col),
								  .arch = col ? a->compat_audit : a->audit,
								  .args = { 0, 0, 0, m[i].flags } };

					if (d.nr >= 0 && run(&prog, &d) != m[i].want) {
						diag("%s mount flags %#llx (arch %d): %#x", what,
						     (unsigned long long)m[i].flags, col, run(&prog, &d));
						bad++;
					}
				}
		}
		sc_prog_free(&prog);
		sc_policy_free(&p);
	}
	is_int(bad, 0, "%s: the default policy denies what it says, natively and compat, and "
	       "allow_nesting lets the mount API through; read-only super block remounts refused", what);
}

/* The programs compiled at build time (scripts/secprebuilt.c, for a
 * build without the policy compiler) are those the compiler makes here
 * for this build's architecture, guard and nesting alike. */
static void test_prebuilt(void)
{
	const struct sc_arch *a = sc_arch_native(NULL);
	int v;

	if (!a) {
		is_int((int)sc_prebuilt_len(0), 0, "no syscall table for this architecture: no prebuilt program");
		return;
	}
	for (v = 0; v < 4; v++) {
		struct sc_prog prog, pre = { 0 };
		struct bb_err e;

		if (sc_default_program(a, v & 1, v >> 1, &prog, &e) < 0) {
			ok(0, "prebuilt %d: the default program compiles: %s", v, e.msg);
			continue;
		}
		ok(sc_prebuilt_program(v, &pre) == 0 && prog.len == sc_prebuilt_len(v) && pre.len == prog.len &&
		   prog.len > 10 && memcmp(prog.insns, pre.insns, prog.len * sizeof(*prog.insns)) == 0,
		   "the prebuilt default program (nesting %d, guard %d), unpacked, is the compiler's "
		   "(%u instructions)", v & 1, v >> 1, prog.len);
		sc_prog_free(&prog);
		sc_prog_free(&pre);
	}
	ok(sc_prebuilt_len(2) > sc_prebuilt_len(0) && sc_prebuilt_len(0) > sc_prebuilt_len(1),
	   "the guard adds rules, allow_nesting drops some");
}

static void test_lxc_common(void)
{
	const char *path = "/usr/share/lxc/config/common.seccomp";
	char *text = read_file(path, 1 << 20, NULL);
	struct sc_policy p;
	struct sc_prog prog;
	struct bb_err e;

	if (!text) {
		skip("no /usr/share/lxc/config/common.seccomp (Debian's lxc package)");
		skip("no LXC");
		return;
	}
	ok(sc_policy_parse(&p, text, strlen(text), path, &x86, &e) == 0 && p.warn.n == 0 &&
	   sc_compile(&p, &x86, &prog, &e) == 0, "LXC's common.seccomp parses and compiles");
	ok(call(&prog, AUDIT_ARCH_X86_64, 304, 0, 0) == (SC_RET_ERRNO | 1) &&
	   call(&prog, AUDIT_ARCH_X86_64, 166, 0, 1) == (SC_RET_ERRNO | EACCES) &&
	   call(&prog, AUDIT_ARCH_X86_64, 0, 0, 0) == SC_RET_ALLOW &&
	   (!SC_X86_64_COMPAT || call(&prog, AUDIT_ARCH_I386, 342, 0, 0) == (SC_RET_ERRNO | 1)),
	   "and denies open_by_handle_at (also i386's), force umounts, not read");
	sc_prog_free(&prog);
	sc_policy_free(&p);
	free(text);
}

static void test_files(void)
{
	static const struct { const char *file, *msg; } files[] = {
		{ "nesting.seccomp", NULL },
		{ "allowlist-args.seccomp", NULL },
		{ "bad-action.seccomp", "bad-action.seccomp:6: unknown action 'deny' (kill, errno N, trap or allow)" },
	};
	const char *src = getenv("CTBOX_SRC");
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		char path[512], *text;
		struct sc_policy p;
		struct sc_prog prog = { 0 };
		struct bb_err e = { 0, "" };
		size_t len;
		int r;

		snprintf(path, sizeof(path), "%s/tests/unit/data/seccomp/%s", src && *src ? src : ".", files[i].file);
		text = read_file(path, 1 << 20, &len);
		if (!text) {
			ok(0, "read %s", path);
			continue;
		}
		r = sc_policy_parse(&p, text, len, files[i].file, &x86, &e);
		if (r == 0)
			r = sc_compile(&p, &x86, &prog, &e);
		if (files[i].msg)
			is_str(r < 0 ? e.msg : "", files[i].msg, "%s: %s", files[i].file, files[i].msg);
		else
			ok(r == 0 && p.warn.n == 0 && check_against_model(&p, &x86, &prog, 5000) == 0,
			   "%s parses, compiles and behaves", files[i].file);
		if (r < 0 && !files[i].msg)
			diag("%s", e.msg);
		sc_prog_free(&prog);
		sc_policy_free(&p);
		free(text);
	}
}

/* In the kernel: a forked child with no_new_privs installs the default
 * policy and a long filter (trampolines), stacked, and makes real calls.
 * Each check is a bit of the child's exit status. */
static int live_child(void)
{
	const struct sc_arch *a = sc_arch_native(NULL);
	const char *def = sc_default_policy(0);
	char *text = malloc(1 << 17);
	struct sc_policy p;
	struct sc_prog prog;
	struct bb_err e;
	const char *s = a->names;
	size_t len = sprintf(text, "2\ndenylist\n"), i;
	int bits = 0;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return 0x80;
	if (sc_policy_parse(&p, def, strlen(def), "default", a, &e) < 0 || sc_compile(&p, a, &prog, &e) < 0 ||
	    sc_install(&prog, &e) < 0)
		return 0x40;
	sc_prog_free(&prog);
	sc_policy_free(&p);
	/* every syscall gets a rule that holds only for a magic first argument */
	for (i = 0; i < a->count; i++, s += strlen(s) + 1)
		if (i % 2 == 0 || strcmp(s, "getppid") == 0)
			len += sprintf(text + len, "%s errno %zu [0,%#llx,==]\n", s, 100 + i % 100,
				       0xdead00000000ULL + i);
	if (sc_policy_parse(&p, text, len, "long", a, &e) < 0 || sc_compile(&p, a, &prog, &e) < 0 ||
	    !has_long_jump(&prog) || sc_install(&prog, &e) < 0) {
		fprintf(stderr, "# %s\n", e.msg);
		return 0x20;
	}
	errno = 0;
	if (syscall(SYS_keyctl, 0, -3, 0) < 0 && errno == ENOSYS)
		bits |= 1;
	if (syscall(SYS_getppid) > 0)
		bits |= 2;
	s = a->names;
	for (i = 0; i < a->count; i++, s += strlen(s) + 1)
		if (strcmp(s, "getppid") == 0)
			break;
	errno = 0;
	if (syscall(SYS_getppid, 0xdead00000000ULL + i) < 0 && errno == (int)(100 + i % 100))
		bits |= 4;
	if (syscall(SYS_getppid, 0xbeef00000000ULL + i) > 0)
		bits |= 8;
	free(text);
	return bits;
}

static void test_live(void)
{
	if (!sc_kernel_has_filters()) {
		skip("no seccomp filters in this kernel");
		return;
	}
	is_int(run_in_child(live_child), 15,
	       "in the kernel: both filters load (one with long jumps); keyctl ENOSYS, getppid allowed, "
	       "denied only with its magic argument");
}

int main(void)
{
	sc_arch_init(&x86, SC_FAMILY_X86_64, sc_x86_64_names, sc_x86_64_nr, SC_X86_64_COUNT, SC_X86_64_COMPAT);
	sc_arch_init(&arm64, SC_FAMILY_AARCH64, sc_aarch64_names, sc_aarch64_nr, SC_AARCH64_COUNT,
		     SC_AARCH64_COMPAT);
#if defined(SC_X86_64_MISSING) || defined(SC_AARCH64_MISSING)
	plan_skip_all("no syscall tables: kernel headers missing");
#endif
	test_tables();
	test_v1();
	test_v2();
	test_sections();
	test_cmp();
	test_errors();
	test_compile();
	test_random(&x86, "x86_64");
	test_random(&arm64, "aarch64");
	test_long(&x86, "x86_64");
	test_long(&arm64, "aarch64");
	test_default(&x86, "x86_64");
	test_default(&arm64, "aarch64");
	test_prebuilt();
	test_lxc_common();
	test_files();
	test_live();
	return done_testing();
}
