/* Kernel features that old or odd kernels lack, probed at run time (once
 * per process, cached), and the fallback each site takes without them:
 *
 *   BB_PIDFD       pidfd_open, pidfd_send_signal (Linux 5.3). Without:
 *                  stop signals and waits by PID, checking the start time
 *                  (/proc/PID/stat field 22) recorded at start before each
 *                  signal; attach checks it after opening the /proc/PID/ns
 *                  files. (ctbox never joins namespaces by setns on a
 *                  pidfd, 5.8: attach always opens /proc/PID/ns files.)
 *   BB_CLONE3      clone3 (5.3; also refused by some seccomp policies).
 *                  unshare's new time namespace takes it; without:
 *                  unshare(CLONE_NEWTIME) first, then clone(). start's
 *                  init and attach's process are born in their v2 group by
 *                  it (CLONE_INTO_CGROUP, 5.7); without: clone(), and the
 *                  monitor or attach moves them by PID.
 *   BB_OPENAT2     openat2 with RESOLVE_IN_ROOT (5.6). Without: the
 *                  user-space walk of tar_path.c and rootfs.c.
 *   BB_CGROUPNS    cgroup namespaces (4.6). Without: start goes on without
 *                  one (and logs it), lxc.mount.auto cgroup binds the
 *                  container's own groups, attach does not join one.
 *   BB_SWAP        swap accounting in the memory cgroup (memory.memsw.*,
 *                  memory.swap.max). Without: the swap keys fail naming
 *                  the key and the missing kernel support.
 *   BB_KCONFIG     the kernel's configuration file (/proc/config.gz,
 *                  /boot): decided where it is read (checkconfig probes the
 *                  live kernel without one); bb_have says 1 unless forced.
 *   BB_PIVOT_ROOT  pivot_root: decided where it fails (an initramfs root:
 *                  MS_MOVE + chroot); bb_have says 1 unless forced.
 *   BB_USERNS      user namespaces, for bare `create`'s unprivileged
 *                  default (idmapped.c probes them): without, a privileged
 *                  container and a warning; bb_have says 1 unless forced.
 *   BB_IDMAP       idmapped mounts (idmapped.c probes the rootfs's file
 *                  system): without, the rootfs is shifted on disk;
 *                  bb_have says 1 unless forced.
 *
 * TEST ONLY: CTBOX_FORCE_FALLBACK=NAME[,NAME...] or "all" (names: pidfd,
 * clone3, openat2, cgroupns, swap, kconfig, pivot_root, userns, idmap) makes bb_have say 0
 * for those features without probing them, so that tests take each fallback
 * on any kernel. Unknown names are ignored. Not for production use.
 */
#ifndef CTBOX_FALLBACK_H
#define CTBOX_FALLBACK_H

#include "libbb.h"

enum bb_feature {
	BB_PIDFD,
	BB_CLONE3,
	BB_OPENAT2,
	BB_CGROUPNS,
	BB_SWAP,
	BB_KCONFIG,
	BB_PIVOT_ROOT,
	BB_USERNS,
	BB_IDMAP,
	BB_FEATURE_MAX
};

#define BB_FORCE_ENV "CTBOX_FORCE_FALLBACK"

/* 1 when the kernel has f (or it is decided where used), 0 when it lacks
 * it or CTBOX_FORCE_FALLBACK names it. */
int bb_have(enum bb_feature f);
/* Is f forced off by CTBOX_FORCE_FALLBACK? */
int bb_forced(enum bb_feature f);
/* The feature's name in CTBOX_FORCE_FALLBACK ("pidfd"). */
const char *bb_feature_name(enum bb_feature f);
/* The mask (1 << feature) a CTBOX_FORCE_FALLBACK value names (NULL: 0). */
unsigned bb_fallback_parse(const char *s);
/* Tests: forget the cached answers and the environment read. */
void bb_fallback_reset(void);
/* "pidfd, clone3 (forced)": the features this process lacks, for the
 * container log; "" when none. */
void bb_fallback_describe(char *buf, size_t len);

#endif
