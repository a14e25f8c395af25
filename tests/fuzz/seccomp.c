/* libFuzzer harness of the seccomp policy parser and the BPF compiler
 * (make fuzz-seccomp).
 *
 * Input: one byte of mode (bit 0: the x86_64 or the aarch64 tables), then
 * a policy in LXC's format. A policy that parses is compiled; a program
 * that compiles must be one the kernel would take: at most SC_MAX_INSNS
 * instructions, every jump inside it, ending in a return. Errors must
 * name the policy's file. Nothing may crash, leak or read out of bounds. */
#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libbb.h"
#include "seccomp.h"
#include "syscalls_aarch64.h"
#include "syscalls_x86_64.h"

/* A table without its compat part (no 32-bit headers on the build host). */
#ifndef SC_X86_64_COMPAT
#define SC_X86_64_COMPAT 0
#endif
#ifndef SC_AARCH64_COMPAT
#define SC_AARCH64_COMPAT 0
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libbb/opts.c (the string lists) also holds the option parser, which
 * wants the usage text of an applet: there is none here. */
void bb_show_usage_to(FILE *f)
{
	(void)f;
}

static void check(int cond)
{
	if (!cond)
		abort();
}

/* Every jump lands inside the program, and the last instruction returns. */
static void check_prog(const struct sc_prog *p)
{
	check(p->len > 0 && p->len <= SC_MAX_INSNS);
	for (unsigned i = 0; i < p->len; i++) {
		const struct sock_filter *f = &p->insns[i];

		if (BPF_CLASS(f->code) != BPF_JMP)
			continue;
		if (BPF_OP(f->code) == BPF_JA)
			check(i + 1 + (size_t)f->k < p->len);
		else
			check(i + 1 + (size_t)f->jt < p->len && i + 1 + (size_t)f->jf < p->len);
	}
	check(BPF_CLASS(p->insns[p->len - 1].code) == BPF_RET);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sc_arch arch[2];
	static int ready;
	struct sc_policy pol;
	struct sc_prog prog;
	struct bb_err e;
	const struct sc_arch *a;

	if (!ready) {
		sc_arch_init(&arch[0], SC_FAMILY_X86_64, sc_x86_64_names, sc_x86_64_nr,
			     SC_X86_64_COUNT, SC_X86_64_COMPAT);
		sc_arch_init(&arch[1], SC_FAMILY_AARCH64, sc_aarch64_names, sc_aarch64_nr,
			     SC_AARCH64_COUNT, SC_AARCH64_COMPAT);
		ready = 1;
	}
	if (size < 1)
		return 0;
	a = &arch[data[0] & 1];
	memset(&e, 0, sizeof(e));
	if (sc_policy_parse(&pol, (const char *)data + 1, size - 1, "fuzz.seccomp", a, &e) < 0) {
		check(strstr(e.msg, "fuzz.seccomp") != NULL);
		sc_policy_free(&pol);
		return 0;
	}
	for (size_t i = 0; i < pol.n; i++)
		check(pol.rules[i].ncmp <= SC_MAX_CMP);
	if (sc_compile(&pol, a, &prog, &e) == 0) {
		check_prog(&prog);
		sc_prog_free(&prog);
	}
	sc_policy_free(&pol);
	return 0;
}
