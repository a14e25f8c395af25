/* seccomp for containers, without libseccomp:
 *   seccomp_arch.c    the syscall tables (generated at build time by
 *                     scripts/gensyscalls.sh) and what the filter knows of
 *                     each architecture family (x86_64 + i386, aarch64 + arm)
 *   seccomp_policy.c  LXC's policy format (lxc.seccomp.profile) -> rules
 *   seccomp_bpf.c     rules -> a classic BPF program
 *   seccomp_default.c the default policy and the chroot guard
 *   seccomp_load.c    a configuration's program, install
 *   seccomp_lsm.c     which LSMs the kernel runs (lxc.apparmor.*, lxc.selinux.*)
 *   seccomp_nosync.c  the sync family as no-ops (the rootfs builder's scripts)
 */
#ifndef CTBOX_SECCOMP_H
#define CTBOX_SECCOMP_H

#include <stddef.h>
#include <stdint.h>

#include "libbb.h"

struct lxc_conf;
struct sock_filter;

/* ---- architectures (seccomp_arch.c) ---- */

enum { SC_FAMILY_X86_64, SC_FAMILY_AARCH64, SC_FAMILY_ARM };

/* One architecture family as a filter sees it: the native arch, its
 * 32-bit compat arch, and a name table with both numberings. */
struct sc_arch {
	int family;
	const char *name, *compat_name;   /* "x86_64", "i386" */
	uint32_t audit, compat_audit;     /* AUDIT_ARCH_*; compat_audit 0: no compat table */
	int x32;                          /* x86_64: numbers with __X32_SYSCALL_BIT exist */
	const char *names;                /* "name\0name\0..." */
	const short (*nr)[2];             /* per name: native, compat number (-1: none) */
	size_t count;
};

/* Fill a from a generated table (syscalls_ARCH.h); have_compat 0 leaves
 * the compat arch without rules (its every syscall is killed). */
void sc_arch_init(struct sc_arch *a, int family, const char *names,
		  const short (*nr)[2], size_t count, int have_compat);
/* The architecture this binary runs on; NULL (and why) when this build
 * has no table. */
const struct sc_arch *sc_arch_native(const char **why);
/* A syscall's numbers by name: 0 and nr[0] (native), nr[1] (compat), -1
 * where it has none; -1 when the name is in neither table. */
int sc_arch_lookup(const struct sc_arch *a, const char *name, int nr[2]);

/* ---- policies (seccomp_policy.c) ---- */

/* Actions: the kernel's SECCOMP_RET_* values (errno in the low bits). */
#define SC_RET_KILL_PROCESS 0x80000000U
#define SC_RET_TRAP 0x00030000U
#define SC_RET_ERRNO 0x00050000U
#define SC_RET_ALLOW 0x7fff0000U

enum sc_op { SC_OP_NE, SC_OP_LT, SC_OP_LE, SC_OP_EQ, SC_OP_GE, SC_OP_GT, SC_OP_MASKED_EQ };

/* Argument ARG compared with VALUE (unsigned, 64 bits); MASKED_EQ:
 * (arg & mask) == value. */
struct sc_cmp {
	unsigned arg;
	enum sc_op op;
	uint64_t value, mask;
};

#define SC_MAX_CMP 6

/* One rule: when every comparison holds, the action. The rules of one
 * syscall are tried in the policy's order; the first that holds decides. */
struct sc_rule {
	int nr[2];            /* native, compat number; -1: not on that arch */
	uint32_t action;
	unsigned ncmp;
	struct sc_cmp cmp[SC_MAX_CMP];
	unsigned line;        /* where it was written */
};

struct sc_policy {
	int version;          /* 1: numbers of the native arch only */
	uint32_t def_action;  /* a syscall without a rule that holds */
	struct sc_rule *rules;
	size_t n;
	struct bb_strlist warn; /* "FILE:LINE: ...": what was skipped (owned) */
};

/* Parse a policy in LXC's format (text, len bytes; file names it in
 * messages) for the arch family a. Returns 0, or -1 with e naming
 * FILE:LINE and what is wrong. Free p with sc_policy_free either way. */
int sc_policy_parse(struct sc_policy *p, const char *text, size_t len, const char *file,
		    const struct sc_arch *a, struct bb_err *e);
void sc_policy_free(struct sc_policy *p);
/* An action's name as a policy writes it ("errno 1", "kill" ...). */
const char *sc_action_name(uint32_t action, char *buf, size_t len);

/* ---- the BPF compiler (seccomp_bpf.c) ---- */

/* The kernel's limit for one filter. */
#define SC_MAX_INSNS 4096

struct sc_prog {
	struct sock_filter *insns;
	unsigned short len;
};

/* Compile p for arch family a: the native arch gets the native rules, the
 * compat arch the same rules by their compat numbers, x32 numbers (x86_64)
 * the default action (ENOSYS where that allows), any other arch is killed.
 * Returns 0 with out filled (free with sc_prog_free), or -1 with e. */
int sc_compile(const struct sc_policy *p, const struct sc_arch *a, struct sc_prog *out,
	       struct bb_err *e);
void sc_prog_free(struct sc_prog *p);

/* ---- the container's filter (seccomp_load.c) ---- */

/* The policy ctbox applies when lxc.seccomp.profile is unset; nesting:
 * lxc.seccomp.allow_nesting (the new mount API stays allowed). */
const char *sc_default_policy(int nesting);

/* p's rules with the guard's first: where the host's root is the
 * initramfs, making or joining a mount namespace is refused. 0, or -1
 * with e. */
int sc_policy_guard(struct sc_policy *p, const struct sc_arch *a, struct bb_err *e);
/* The default policy compiled for a (nesting: allow_nesting's; guard:
 * with sc_policy_guard's rules). 0 with out filled, or -1 with e. */
int sc_default_program(const struct sc_arch *a, int nesting, int guard, struct sc_prog *out,
		       struct bb_err *e);
/* sc_default_program's four programs for the target, compiled when ctbox
 * is built (seccomp_prebuilt.c), variant v = (guard << 1) | nesting: its
 * length (0: none for this architecture), and a copy in out (-1: no
 * memory). */
unsigned sc_prebuilt_len(int v);
int sc_prebuilt_program(int v, struct sc_prog *out);

/* The program for a configuration: lxc.seccomp.profile, or the default
 * policy. *is_default tells which. warn (may be NULL) gets the policy's
 * warnings (strings owned by warn's caller: free each). */
int sc_conf_program(const struct lxc_conf *conf, struct sc_prog *out, int *is_default,
		    struct bb_strlist *warn, struct bb_err *e);
/* Can this kernel run seccomp filters? 1 or 0. */
int sc_kernel_has_filters(void);
/* Install p on the calling thread: needs no_new_privs or CAP_SYS_ADMIN in
 * the caller's user namespace. */
int sc_install(const struct sc_prog *p, struct bb_err *e);

/* ---- the sync family as no-ops (seccomp_nosync.c) ---- */

/* A program for arch family a under which fsync, fdatasync, sync, syncfs,
 * sync_file_range and msync with MS_SYNC return 0 without running, on the
 * native and the compat arch; every other call (and arch) is allowed.
 * Returns 0 with out filled (free with sc_prog_free), or -1 with e. */
int sc_nosync_program(const struct sc_arch *a, struct sc_prog *out, struct bb_err *e);

/* ---- LSMs (seccomp_lsm.c) ---- */

/* Is the LSM ("apparmor", "selinux") active in this kernel? 1 or 0. */
int bb_lsm_active(const char *name);

#endif
