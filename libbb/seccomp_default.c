/* ctbox's default seccomp policy (seccomp_load.c says what it denies and
 * why), and the guard every policy gets where pivot_root cannot be used.
 * Host-buildable: scripts/secprebuilt.c compiles the default program with
 * it at build time for a ctbox without the policy compiler
 * (FEATURE_SECCOMP_PROFILE off). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp.h"

static const char default_policy[] =
	"2\n"
	"denylist\n"
	"reject_force_umount\n"
	"[all]\n"
	"kexec_load errno 1\n"
	"kexec_file_load errno 1\n"
	"open_by_handle_at errno 1\n"
	"init_module errno 1\n"
	"finit_module errno 1\n"
	"delete_module errno 1\n"
	/* flags & (MS_RDONLY|MS_REMOUNT|MS_BIND) == MS_RDONLY|MS_REMOUNT */
	"mount errno 1 [3,33,SCMP_CMP_MASKED_EQ,4129]\n"
	"keyctl errno 38\n"
	"add_key errno 38\n"
	"request_key errno 38\n"
	/* not with lxc.seccomp.allow_nesting: from here on */
	"fsopen errno 38\n"
	"fsconfig errno 38\n"
	"fsmount errno 38\n"
	"fspick errno 38\n"
	"move_mount errno 38\n"
	"open_tree errno 38\n"
	"mount_setattr errno 38\n";

const char *sc_default_policy(int nesting)
{
	static char nested[sizeof(default_policy)];

	if (!nesting)
		return default_policy;
	if (!nested[0]) {
		memcpy(nested, default_policy, sizeof(default_policy));
		*strstr(nested, "fsopen") = '\0';
	}
	return nested;
}

/* Where pivot_root cannot be used (the host's root is the initramfs:
 * rootfs_enter moves the container's root over it and chroots), the
 * host's root lies under the container's in its mount namespace: a new
 * (or re-entered) mount namespace with "/" detached would reach it. These
 * rules, tried before the policy's own and kept with allow_nesting, refuse
 * making and joining mount namespaces there (CLONE_NEWNS is 0x20000;
 * clone3's flags cannot be read: ENOSYS makes libcs fall back to clone). */
static const char chroot_guard[] =
	"2\n"
	"denylist\n"
	"[all]\n"
	"unshare errno 1 [0,131072,SCMP_CMP_MASKED_EQ,131072]\n"
	"clone errno 1 [0,131072,SCMP_CMP_MASKED_EQ,131072]\n"
	"clone3 errno 38\n"
	"setns errno 1 [1,0,SCMP_CMP_EQ]\n"
	"setns errno 1 [1,131072,SCMP_CMP_MASKED_EQ,131072]\n";

int sc_policy_guard(struct sc_policy *p, const struct sc_arch *a, struct bb_err *e)
{
	struct sc_policy g;
	struct sc_rule *v;

	if (sc_policy_parse(&g, chroot_guard, strlen(chroot_guard), "ctbox's chroot guard", a, e) < 0) {
		sc_policy_free(&g);
		return -1;
	}
	v = realloc(p->rules, (p->n + g.n) * sizeof(*v));
	if (!v) {
		sc_policy_free(&g);
		return bb_err_set(e, ENOMEM, "seccomp");
	}
	memmove(v + g.n, v, p->n * sizeof(*v));
	memcpy(v, g.rules, g.n * sizeof(*v));
	p->rules = v;
	p->n += g.n;
	sc_policy_free(&g);
	return 0;
}

int sc_default_program(const struct sc_arch *a, int nesting, int guard, struct sc_prog *out,
		       struct bb_err *e)
{
	const char *text = sc_default_policy(nesting);
	struct sc_policy p;
	int r = sc_policy_parse(&p, text, strlen(text), "ctbox's default seccomp policy", a, e);

	if (r == 0 && guard)
		r = sc_policy_guard(&p, a, e);
	if (r == 0)
		r = sc_compile(&p, a, out, e);
	sc_policy_free(&p);
	return r;
}
