/* The syscall tables seccomp policies are resolved with: generated at
 * build time from the kernel headers (scripts/gensyscalls.sh writes
 * syscalls_ARCH.h), one per architecture family this binary can run on.
 * The compiler's target picks the table, or SC_TARGET_ARCH (ARCH as the
 * Makefile names it) for a host tool that compiles for another
 * (scripts/secprebuilt.c). */
#include <string.h>
#include <linux/audit.h>

#include "seccomp.h"

#if defined(SC_TARGET_x86_64) || defined(SC_TARGET_aarch64) || defined(SC_TARGET_armhf)
#define SC_TARGET_SET 1
#endif

#if defined(SC_TARGET_x86_64) || (!defined(SC_TARGET_SET) && defined(__x86_64__))
#include "syscalls_x86_64.h"
#ifdef SC_X86_64_MISSING
#error "no x86_64 syscall table: " SC_X86_64_MISSING
#endif
#ifndef SC_X86_64_COMPAT
#define SC_X86_64_COMPAT 0
#endif
#define NATIVE_TABLE SC_FAMILY_X86_64, sc_x86_64_names, sc_x86_64_nr, SC_X86_64_COUNT, SC_X86_64_COMPAT
#elif defined(SC_TARGET_aarch64) || (!defined(SC_TARGET_SET) && defined(__aarch64__))
#include "syscalls_aarch64.h"
#ifdef SC_AARCH64_MISSING
#error "no aarch64 syscall table: " SC_AARCH64_MISSING
#endif
#ifndef SC_AARCH64_COMPAT
#define SC_AARCH64_COMPAT 0
#endif
#define NATIVE_TABLE SC_FAMILY_AARCH64, sc_aarch64_names, sc_aarch64_nr, SC_AARCH64_COUNT, \
	SC_AARCH64_COMPAT
#elif defined(SC_TARGET_armhf) || (!defined(SC_TARGET_SET) && defined(__arm__))
#include "syscalls_armhf.h"
#ifdef SC_ARMHF_MISSING
#error "no arm syscall table: " SC_ARMHF_MISSING
#endif
#define NATIVE_TABLE SC_FAMILY_ARM, sc_armhf_names, sc_armhf_nr, SC_ARMHF_COUNT, 0
#endif

void sc_arch_init(struct sc_arch *a, int family, const char *names,
		  const short (*nr)[2], size_t count, int have_compat)
{
	static const struct {
		const char *name, *compat_name;
		uint32_t audit, compat_audit;
		int x32;
	} fam[] = {
		[SC_FAMILY_X86_64] = { "x86_64", "i386", AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, 1 },
		[SC_FAMILY_AARCH64] = { "aarch64", "arm", AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM, 0 },
		[SC_FAMILY_ARM] = { "arm", "", AUDIT_ARCH_ARM, 0, 0 },
	};

	a->family = family;
	a->name = fam[family].name;
	a->compat_name = fam[family].compat_name;
	a->audit = fam[family].audit;
	a->compat_audit = have_compat ? fam[family].compat_audit : 0;
	a->x32 = fam[family].x32;
	a->names = names;
	a->nr = nr;
	a->count = count;
}

const struct sc_arch *sc_arch_native(const char **why)
{
#ifdef NATIVE_TABLE
	static struct sc_arch a;

	if (!a.names)
		sc_arch_init(&a, NATIVE_TABLE);
	return &a;
#else
	if (why)
		*why = "this build has no syscall table for its architecture (x86_64 and aarch64 only)";
	return NULL;
#endif
}

int sc_arch_lookup(const struct sc_arch *a, const char *name, int nr[2])
{
	const char *s = a->names;
	size_t i;

	for (i = 0; i < a->count; i++, s += strlen(s) + 1)
		if (strcmp(s, name) == 0) {
			nr[0] = a->nr[i][0];
			nr[1] = a->compat_audit ? a->nr[i][1] : -1;
			return nr[0] >= 0 || nr[1] >= 0 ? 0 : -1;
		}
	nr[0] = nr[1] = -1;
	return -1;
}
