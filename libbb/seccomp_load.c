/* The container's seccomp filter: its policy (lxc.seccomp.profile, or
 * ctbox's default), compiled for this machine, and installed.
 *
 * The default policy is LXC's common.seccomp and a little more:
 *   umount2 with MNT_FORCE                          EACCES (reject_force_umount)
 *   kexec_load, kexec_file_load, open_by_handle_at,
 *   init_module, finit_module, delete_module        EPERM
 *   mount with MS_REMOUNT|MS_RDONLY, no MS_BIND      EPERM (a read-only remount
 *                                                   of a super block: a dir
 *                                                   rootfs shares the host's,
 *                                                   and busybox's shutdown
 *                                                   would make the host's /
 *                                                   read-only; LXC's AppArmor
 *                                                   profile denies the same)
 *   keyctl, add_key, request_key                    ENOSYS (the kernel keyrings
 *                                                   are not namespaced; ENOSYS
 *                                                   makes software fall back)
 *   fsopen, fsconfig, fsmount, fspick, move_mount,
 *   open_tree, mount_setattr                        ENOSYS (mount(2) is used
 *                                                   instead), unless
 *                                                   lxc.seccomp.allow_nesting
 * on the native and the compat arch; x32 calls get ENOSYS, other arches
 * are killed. An empty lxc.seccomp.profile is LXC's "unset": the default.
 * Where the host's root is the initramfs (no pivot_root), every policy
 * also refuses making and joining mount namespaces (seccomp_default.c).
 *
 * Where it is installed: the container's first process installs it after
 * the mounts and before lxc.hook.start, still root with CAP_SYS_ADMIN in
 * its user namespace (the kernel wants that or no_new_privs), before it
 * drops capabilities and switches to lxc.init.uid (as LXC); attach
 * installs it before it switches user, also with -e (as LXC). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/magic.h>
#include <linux/seccomp.h>

#include "autoconf.h"
#include "conf.h"
#include "fallback.h"
#include "seccomp.h"

#define MAX_POLICY (1 << 20)

int sc_kernel_has_filters(void)
{
	/* A NULL program: EFAULT where filters exist, EINVAL where not. */
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL, 0, 0) < 0 && errno == EFAULT;
}

/* Is the host's root the initramfs (ramfs or tmpfs, and the last "/" in
 * mountinfo is of type rootfs), or pivot_root forced off (tests)? One
 * statfs on every other root: this runs at each start and attach. */
static int root_is_initramfs(void)
{
	char *text, *line, *save = NULL;
	struct statfs sf;
	int r = 0;

	if (!bb_have(BB_PIVOT_ROOT))
		return 1;
	if (statfs("/", &sf) < 0 || (sf.f_type != RAMFS_MAGIC && sf.f_type != TMPFS_MAGIC))
		return 0;
	text = read_file("/proc/self/mountinfo", 1 << 22, NULL);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char mnt[8], type[16];

		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - TYPE SOURCE OPTIONS */
		if (bb_sscanf(line, "%*s %*s %*s %*s %7s", mnt) == 1 && strcmp(mnt, "/") == 0)
			r = strstr(line, " - ") && bb_sscanf(strstr(line, " - "), " - %15s", type) == 1 &&
			    strcmp(type, "rootfs") == 0;
	}
	free(text);
	return r;
}

/* No filter for a container without lxc.seccomp.profile where there can
 * be none (where: why), said in warn (may be NULL). Returns 0. */
static int unfiltered(struct bb_strlist *warn, const char *where)
{
	if (warn)
		bb_strlist_add(warn, xasprintf("no seccomp filters %s: the container runs without "
					       "the default policy", where));
	return 0;
}

/* Without the policy compiler (FEATURE_SECCOMP_PROFILE off): the default
 * policy's programs, compiled at build time (scripts/secprebuilt.c). */
static int prebuilt_program(const struct lxc_conf *conf, struct sc_prog *out,
			    struct bb_strlist *warn, struct bb_err *e)
{
	if (conf->seccomp_profile)
		return bb_err_set(e, 0, "lxc.seccomp.profile '%s': policy files are not built into this "
				  "ctbox (FEATURE_SECCOMP_PROFILE): only the default policy",
				  conf->seccomp_profile);
	if (!sc_prebuilt_len(0) || !sc_kernel_has_filters())
		return unfiltered(warn, sc_prebuilt_len(0) ? "in this kernel" : "for this build's architecture");
	if (sc_prebuilt_program((root_is_initramfs() << 1) | !!conf->seccomp_allow_nesting, out) < 0)
		return bb_err_set(e, ENOMEM, "seccomp");
	return 0;
}

int sc_conf_program(const struct lxc_conf *conf, struct sc_prog *out, int *is_default,
		    struct bb_strlist *warn, struct bb_err *e)
{
	const char *path = conf->seccomp_profile, *why = "";
	const struct sc_arch *a;
	struct sc_policy p;
	char *text = NULL;
	size_t len, i;
	int r;

	out->insns = NULL;
	out->len = 0;
	if (is_default)
		*is_default = !path;
	if (!ENABLE_FEATURE_SECCOMP_PROFILE)
		return prebuilt_program(conf, out, warn, e);
	a = sc_arch_native(&why);
	if (path && !a)
		return bb_err_set(e, 0, "lxc.seccomp.profile: %s", why);
	if (path && !sc_kernel_has_filters())
		return bb_err_set(e, 0, "lxc.seccomp.profile '%s': this kernel has no seccomp filters "
				  "(CONFIG_SECCOMP_FILTER)", path);
	if (!path && (!a || !sc_kernel_has_filters()))
		return unfiltered(warn, a ? "in this kernel" : why);
	if (path) {
		text = read_file(path, MAX_POLICY, &len);
		if (!text)
			return bb_err_set(e, errno == EFBIG ? 0 : errno, "cannot read lxc.seccomp.profile '%s'%s",
					  path, errno == EFBIG ? ": larger than 1 MiB" : "");
	}
	r = sc_policy_parse(&p, text ? text : sc_default_policy(conf->seccomp_allow_nesting),
			    text ? len : strlen(sc_default_policy(conf->seccomp_allow_nesting)),
			    path ? path : "ctbox's default seccomp policy", a, e);
	if (r == 0 && root_is_initramfs())
		r = sc_policy_guard(&p, a, e);
	if (r == 0)
		r = sc_compile(&p, a, out, e);
	for (i = 0; i < p.warn.n; i++)
		if (warn)
			bb_strlist_add(warn, p.warn.v[i]);
		else
			free((char *)p.warn.v[i]);
	p.warn.n = 0;
	sc_policy_free(&p);
	free(text);
	return r;
}

int sc_install(const struct sc_prog *p, struct bb_err *e)
{
	struct sock_fprog fp = { p->len, p->insns };

	/* One thread: no SECCOMP_FILTER_FLAG_TSYNC needed. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) == 0)
		return 0;
	if (errno == ENOSYS && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp, 0, 0) == 0)
		return 0;
	return bb_err_set(e, errno, "can't install the seccomp filter");
}
