/* Seccomp rules -> a classic BPF program (struct sock_filter), for the
 * kernel's seccomp(SECCOMP_SET_MODE_FILTER).
 *
 *     ld arch; jeq NATIVE -> N; jeq COMPAT -> C; ret KILL_PROCESS
 *  N: ld nr; [x86_64: jge X32_BIT -> x32 action]; a binary search over the
 *     numbers that have rules -> their block, else ret DEFAULT
 *     blocks: per rule, its comparisons (a failed one jumps to the next
 *     rule), ret ACTION; after the last rule, ret DEFAULT
 *  C: the same with the compat numbers
 *
 * A 64-bit argument is compared in two 32-bit halves (high first). A
 * compat syscall's arguments are 32 bits: only their low half is read and
 * the high half counts as 0 (what a 64-bit process leaves in the upper
 * half of a register before int $0x80 must not decide anything).
 *
 * Code is emitted with symbolic labels; the resolver turns them into
 * offsets, and a conditional jump farther than 255 instructions gets a
 * trampoline (an unconditional jump, 32-bit offset) right behind it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "seccomp.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "seccomp_bpf.c reads 64-bit arguments as little-endian halves"
#endif

#define NEXT (-1)             /* a jump to the next instruction */
#define X32_BIT 0x40000000U   /* __X32_SYSCALL_BIT */
#define OFF_NR 0
#define OFF_ARCH 4
#define OFF_ARG(i, hi) (16 + 8 * (i) + ((hi) ? 4 : 0))

struct ins {
	uint16_t code;
	uint32_t k;
	int jt, jf;           /* labels (or NEXT); ja: jt */
};

struct as {
	struct ins *v;
	size_t n, cap;
	int *lab;             /* label -> index of the instruction it is bound to */
	size_t nlab, labcap;
	int oom;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	void *q;

	if (need <= *cap)
		return 0;
	q = realloc(*p, (need * 2) * size);
	if (!q)
		return -1;
	*p = q;
	*cap = need * 2;
	return 0;
}

static int label(struct as *s)
{
	if (grow((void **)&s->lab, &s->labcap, s->nlab + 1, sizeof(*s->lab)) < 0) {
		s->oom = 1;
		return NEXT;
	}
	s->lab[s->nlab] = -1;
	return (int)s->nlab++;
}

static void bind(struct as *s, int l)
{
	if (l >= 0)
		s->lab[l] = (int)s->n;
}

static void emit(struct as *s, uint16_t code, uint32_t k, int jt, int jf)
{
	if (grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v)) < 0) {
		s->oom = 1;
		return;
	}
	s->v[s->n++] = (struct ins){ code, k, jt, jf };
}

static void ld(struct as *s, uint32_t off)
{
	emit(s, BPF_LD | BPF_W | BPF_ABS, off, NEXT, NEXT);
}

static void ret(struct as *s, uint32_t action)
{
	emit(s, BPF_RET | BPF_K, action, NEXT, NEXT);
}

static void ja(struct as *s, int l)
{
	emit(s, BPF_JMP | BPF_JA, 0, l, NEXT);
}

static void jmp(struct as *s, uint16_t op, uint32_t k, int jt, int jf)
{
	emit(s, BPF_JMP | op | BPF_K, k, jt, jf);
}

/* ---- comparisons ---- */

enum { FAIL, OK };

/* Per operator: the outcome when the high half is greater or less than
 * the value's, and the low half's test (inverted: its false branch is
 * the success). */
static const struct { char hi_gt, hi_lt; uint16_t jop; char invert; } optab[] = {
	[SC_OP_NE] = { OK, OK, BPF_JEQ, 1 },   [SC_OP_LT] = { FAIL, OK, BPF_JGE, 1 },
	[SC_OP_LE] = { FAIL, OK, BPF_JGT, 1 }, [SC_OP_EQ] = { FAIL, FAIL, BPF_JEQ, 0 },
	[SC_OP_GE] = { OK, FAIL, BPF_JGE, 0 }, [SC_OP_GT] = { OK, FAIL, BPF_JGT, 0 },
	[SC_OP_MASKED_EQ] = { FAIL, FAIL, BPF_JEQ, 0 },
};

static void emit_cmp(struct as *s, const struct sc_cmp *c, int compat, int fail)
{
	int ok = label(s), to[2] = { fail, ok };
	uint32_t vhi = (uint32_t)(c->value >> 32), vlo = (uint32_t)c->value;
	int masked = c->op == SC_OP_MASKED_EQ, gt = optab[c->op].hi_gt, lt = optab[c->op].hi_lt;

	if (compat) {
		/* The high half is 0: below any value with a high half. */
		if (vhi) {
			ja(s, to[lt]);
			bind(s, ok);
			return;
		}
	} else {
		ld(s, OFF_ARG(c->arg, 1));
		if (masked)
			emit(s, BPF_ALU | BPF_AND | BPF_K, (uint32_t)(c->mask >> 32), NEXT, NEXT);
		if (gt == lt) {
			jmp(s, BPF_JEQ, vhi, NEXT, to[gt]);
		} else {
			jmp(s, BPF_JGT, vhi, to[gt], NEXT);
			jmp(s, BPF_JEQ, vhi, NEXT, to[lt]);
		}
	}
	ld(s, OFF_ARG(c->arg, 0));
	if (masked)
		emit(s, BPF_ALU | BPF_AND | BPF_K, (uint32_t)c->mask, NEXT, NEXT);
	if (optab[c->op].invert)
		jmp(s, optab[c->op].jop, vlo, fail, ok);
	else
		jmp(s, optab[c->op].jop, vlo, ok, fail);
	bind(s, ok);
}

/* ---- one architecture: dispatch and blocks ---- */

struct ent {
	int nr;
	size_t first;         /* index into the sorted rule list */
	size_t nrules;
	int label;
};

struct ridx {
	int nr;
	size_t i;             /* the rule's index in the policy */
};

static int by_nr(const void *a, const void *b)
{
	const struct ridx *x = a, *y = b;

	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void tree(struct as *s, const struct ent *e, size_t lo, size_t hi, uint32_t def)
{
	size_t i, mid;
	int l;

	if (hi - lo <= 4) {
		for (i = lo; i < hi; i++)
			jmp(s, BPF_JEQ, (uint32_t)e[i].nr, e[i].label, NEXT);
		ret(s, def);
		return;
	}
	mid = lo + (hi - lo) / 2;
	l = label(s);
	jmp(s, BPF_JGE, (uint32_t)e[mid].nr, l, NEXT);
	tree(s, e, lo, mid, def);
	bind(s, l);
	tree(s, e, mid, hi, def);
}

/* The label of a shared "ret ACTION" (one per action and arch). */
static int shared_ret(struct as *s, uint32_t *acts, int *labs, size_t *n, uint32_t action)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (acts[i] == action)
			return labs[i];
	acts[*n] = action;
	labs[*n] = label(s);
	return labs[(*n)++];
}

static void emit_arch(struct as *s, const struct sc_policy *p, const struct sc_arch *a, int col)
{
	struct ridx *ri = calloc(p->n + 1, sizeof(*ri));
	struct ent *e = calloc(p->n + 1, sizeof(*e));
	uint32_t *acts = calloc(p->n + 1, sizeof(*acts));
	int *labs = calloc(p->n + 1, sizeof(*labs));
	size_t nri = 0, ne = 0, nacts = 0, i, k;
	uint32_t x32_action = p->def_action == SC_RET_ALLOW ? SC_RET_ERRNO | ENOSYS : p->def_action;
	int x32 = -1;

	if (!ri || !e || !acts || !labs) {
		s->oom = 1;
		goto out;
	}
	for (i = 0; i < p->n; i++)
		if (p->rules[i].nr[col] >= 0)
			ri[nri++] = (struct ridx){ p->rules[i].nr[col], i };
	qsort(ri, nri, sizeof(*ri), by_nr);
	for (i = 0; i < nri; i = k) {
		const struct sc_rule *r = &p->rules[ri[i].i];

		e[ne] = (struct ent){ ri[i].nr, i, 0, -1 };
		for (k = i; k < nri && ri[k].nr == ri[i].nr; k++)
			e[ne].nrules++;
		/* A rule without comparisons first: every call gets its action. */
		if (!r->ncmp)
			e[ne].label = shared_ret(s, acts, labs, &nacts, r->action);
		else
			e[ne].label = label(s);
		ne++;
	}
	ld(s, OFF_NR);
	if (!col && a->x32) {
		x32 = label(s);
		jmp(s, BPF_JGE, X32_BIT, x32, NEXT);
	}
	tree(s, e, 0, ne, p->def_action);
	for (i = 0; i < ne; i++) {
		const struct sc_rule *r = &p->rules[ri[e[i].first].i];

		if (!r->ncmp)
			continue;
		bind(s, e[i].label);
		for (k = 0; k < e[i].nrules; k++) {
			int fail = label(s);
			unsigned c;

			r = &p->rules[ri[e[i].first + k].i];
			for (c = 0; c < r->ncmp; c++)
				emit_cmp(s, &r->cmp[c], col, fail);
			ret(s, r->action);
			bind(s, fail);
			if (!r->ncmp)
				break;
		}
		if (r->ncmp)
			ret(s, p->def_action);
	}
	if (x32 >= 0) {
		bind(s, x32);
		ret(s, x32_action);
	}
	for (i = 0; i < nacts; i++) {
		bind(s, labs[i]);
		ret(s, acts[i]);
	}
out:
	free(ri);
	free(e);
	free(acts);
	free(labs);
}

/* ---- labels to offsets ---- */

static int is_cond(const struct ins *i)
{
	return BPF_CLASS(i->code) == BPF_JMP && BPF_OP(i->code) != BPF_JA;
}

static int resolve(struct as *s, struct sc_prog *out, struct bb_err *e)
{
	unsigned char *exp = calloc(s->n + 1, 1);
	size_t *pos = calloc(s->n + 1, sizeof(*pos));
	struct sock_filter *f = NULL;
	size_t i, p, total;
	int changed = 1;

	if (!exp || !pos)
		goto oom;
	for (i = 0; i < s->n; i++)
		if (BPF_CLASS(s->v[i].code) == BPF_JMP &&
		    ((s->v[i].jt != NEXT && s->lab[s->v[i].jt] <= (int)i) ||
		     (is_cond(&s->v[i]) && s->v[i].jf != NEXT && s->lab[s->v[i].jf] <= (int)i))) {
			free(exp);
			free(pos);
			return bb_err_set(e, 0, "seccomp filter: a jump without a target (a bug)");
		}
	/* Widen until every conditional jump reaches: positions only grow, so
	 * this ends (at most once per jump). */
	while (changed) {
		changed = 0;
		for (i = 0, p = 0; i < s->n; i++) {
			pos[i] = p;
			p += 1 + (exp[i] & 1) + (exp[i] >> 1 & 1);
		}
		pos[s->n] = p;
		for (i = 0; i < s->n; i++) {
			int b;

			if (!is_cond(&s->v[i]))
				continue;
			for (b = 0; b < 2; b++) {
				int l = b ? s->v[i].jf : s->v[i].jt;
				size_t t = l == NEXT ? pos[i + 1] : pos[s->lab[l]];

				if (!(exp[i] & (1 << b)) && t - (pos[i] + 1) > 255) {
					exp[i] |= 1 << b;
					changed = 1;
				}
			}
		}
	}
	total = pos[s->n];
	if (total > SC_MAX_INSNS) {
		free(exp);
		free(pos);
		return bb_err_set(e, E2BIG, "the seccomp policy needs %zu BPF instructions, more than the "
				  "kernel's %d", total, SC_MAX_INSNS);
	}
	f = calloc(total, sizeof(*f));
	if (!f)
		goto oom;
	for (i = 0; i < s->n; i++) {
		const struct ins *in = &s->v[i];
		struct sock_filter *o = &f[pos[i]];
		size_t t[2];
		int b;

		*o = (struct sock_filter){ in->code, 0, 0, in->k };
		if (BPF_CLASS(in->code) != BPF_JMP)
			continue;
		for (b = 0; b < 2; b++) {
			int l = b ? in->jf : in->jt;

			t[b] = l == NEXT ? pos[i + 1] : pos[s->lab[l]];
		}
		if (!is_cond(in)) {
			o->k = (uint32_t)(t[0] - (pos[i] + 1));
			continue;
		}
		p = pos[i] + 1; /* the trampolines, when any */
		for (b = 0; b < 2; b++) {
			uint8_t off;

			if (exp[i] & (1 << b)) {
				off = (uint8_t)(p - (pos[i] + 1));
				f[p] = (struct sock_filter){ BPF_JMP | BPF_JA, 0, 0, (uint32_t)(t[b] - (p + 1)) };
				p++;
			} else {
				off = (uint8_t)(t[b] - (pos[i] + 1));
			}
			if (b)
				o->jf = off;
			else
				o->jt = off;
		}
	}
	free(exp);
	free(pos);
	out->insns = f;
	out->len = (unsigned short)total;
	return 0;
oom:
	free(exp);
	free(pos);
	return bb_err_set(e, ENOMEM, "seccomp filter");
}

int sc_compile(const struct sc_policy *p, const struct sc_arch *a, struct sc_prog *out,
	       struct bb_err *e)
{
	/* Version 1 numbers are the native arch's: its compat arch is killed. */
	int compat = a->compat_audit && p->version != 1;
	struct as s = { 0 };
	int ln = label(&s), lc = label(&s), r;

	out->insns = NULL;
	out->len = 0;
	ld(&s, OFF_ARCH);
	jmp(&s, BPF_JEQ, a->audit, ln, NEXT);
	if (compat)
		jmp(&s, BPF_JEQ, a->compat_audit, lc, NEXT);
	ret(&s, SC_RET_KILL_PROCESS);
	bind(&s, ln);
	emit_arch(&s, p, a, 0);
	if (compat) {
		bind(&s, lc);
		emit_arch(&s, p, a, 1);
	}
	r = s.oom ? bb_err_set(e, ENOMEM, "seccomp filter") : resolve(&s, out, e);
	free(s.v);
	free(s.lab);
	return r;
}

void sc_prog_free(struct sc_prog *p)
{
	free(p->insns);
	p->insns = NULL;
	p->len = 0;
}
