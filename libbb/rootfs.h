/* Building a container's file system view, inside its new mount namespace:
 * the rootfs mount, lxc.mount.auto, lxc.autodev, lxc.mount.entry, and the
 * switch into it (pivot_root, or MS_MOVE + chroot where pivot_root cannot
 * work, as on an initramfs). Every function returns 0 or -1 with e. */
#ifndef CTBOX_ROOTFS_H
#define CTBOX_ROOTFS_H

#include "libbb.h"

/* lxc.mount.auto, as bits. */
enum {
	AUTO_PROC_RW = 1 << 0,     /* proc:rw */
	AUTO_PROC_MIXED = 1 << 1,  /* proc:mixed: /proc/sys, sysrq-trigger read-only */
	AUTO_SYS_RW = 1 << 2,      /* sys:rw */
	AUTO_SYS_RO = 1 << 3,      /* sys:ro */
	AUTO_SYS_MIXED = 1 << 4,   /* sys:mixed: read-only but /sys/devices/virtual/net */
	AUTO_CGROUP_RO = 1 << 5,   /* cgroup:ro: every hierarchy read-only */
	AUTO_CGROUP_RW = 1 << 6,   /* cgroup:rw */
	AUTO_CGROUP_MIXED = 1 << 7, /* cgroup:mixed: the hierarchies (the container's own
				     * groups, through its cgroup namespace) writable,
				     * the tmpfs holding them read-only */
};

/* Make every mount private, then mount the rootfs (given as LXC writes
 * it: "PATH", "dir:PATH" or "overlay:LOWER:UPPER[:...]") at `target`
 * (for a directory rootfs the path itself, bound onto itself, or the tree
 * of rootfs_open_tree when tree >= 0). `work` is a scratch directory for
 * overlay's workdir (created when needed). The mounts of this (new)
 * namespace become private first, or slaves of the host's with `slave`
 * (an OCI config's rootfsPropagation slave or rslave). */
int rootfs_mount(const char *spec, const char *target, const char *work,
		 const char *options, int tree, int slave, struct bb_err *e);
/* Resolve a rootfs spec to the directory it lives in, for messages and
 * checks: "dir:/x" -> "/x"; overlay -> its upper layer. malloc'd. */
char *rootfs_spec_path(const char *spec);

/* A directory rootfs's mount tree, cloned (detached) by a process that
 * can reach it: an fd for rootfs_mount, or -1 with e (ENOSYS before
 * Linux 5.2). */
int rootfs_open_tree(const char *spec, struct bb_err *e);

int rootfs_mount_auto(const char *root, unsigned flags, struct bb_err *e);

/* A tmpfs /dev of `size` bytes, its mount source `source` ("none" as
 * LXC's, "tmpfs" as an OCI config's), with the standard nodes, a private
 * devpts at /dev/pts (at most pty_max ptys when > 0), and /dev/console
 * bound to console_path (a pty slave) when given; ttys[i] are bound to
 * /dev/tty1..N. */
int rootfs_autodev(const char *root, const char *source, unsigned size, int pty_max,
		   const char *console_path, const char *const *ttys, int nttys, struct bb_err *e);

/* One lxc.mount.entry line (fstab format, relative or absolute target
 * inside root; LXC's create=dir|file and optional options). */
int rootfs_mount_entry(const char *root, const char *line, struct bb_err *e);
/* An fstab options field: the mount flags, LXC's extras (MX_*) and the
 * options left for the file system, comma-joined in *data (malloc'd).
 * 0, or -1 with e. */
enum { MX_OPTIONAL = 1, MX_CREATE_DIR = 2, MX_CREATE_FILE = 4 };
int rootfs_mount_opts(const char *opts, unsigned long *flags, unsigned *extra, char **data,
		      struct bb_err *e);

/* Switch the process's root to `root` and detach the old one. Sets
 * *fallback to 1 when MS_MOVE + chroot had to be used. */
int rootfs_enter(const char *root, int *fallback, struct bb_err *e);

#endif
