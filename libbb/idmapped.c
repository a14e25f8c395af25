/* Idmapped rootfs mounts: probing for user namespaces and for idmapped
 * mounts on a file system (create), and idmapping the cloned rootfs tree
 * before the container's init attaches it (start). See shift.h. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fallback.h"
#include "shift.h"
#include "sysnr.h"
#include "userns.h"

#define CT_OPEN_TREE_CLONE 1
#define CT_AT_EMPTY_PATH 0x1000
#define CT_AT_RECURSIVE 0x8000
#define CT_MOUNT_ATTR_IDMAP 0x00100000ULL

struct ct_mount_attr {  /* linux/mount.h, MOUNT_ATTR_SIZE_VER0 */
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};

int shift_have_userns(void)
{
	int status;
	pid_t pid;

	if (bb_forced(BB_USERNS))
		return 0;
	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0)
		_exit(unshare(CLONE_NEWUSER) < 0);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int set_idmap(int tree, int nsfd, unsigned flags)
{
	struct ct_mount_attr a = { .attr_set = CT_MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)nsfd };

	return syscall(SYS_mount_setattr, tree, "", CT_AT_EMPTY_PATH | flags, &a, sizeof(a));
}

/* A scratch user namespace with the maps m: an fd of it, or -1 with e. */
static int scratch_userns(const struct conf_idmap *m, size_t n, struct bb_err *e)
{
	int up[2], hold[2], fd = -1;
	char c, path[64];
	pid_t pid;

	if (pipe2(up, O_CLOEXEC) < 0)
		return bb_err_set(e, errno, "pipe");
	if (pipe2(hold, O_CLOEXEC) < 0) {
		close(up[0]), close(up[1]);
		return bb_err_set(e, errno, "pipe");
	}
	pid = fork();
	if (pid < 0) {
		bb_err_set(e, errno, "fork");
		goto out;
	}
	if (pid == 0) {
		/* In a new user namespace until the parent has its fd. */
		close(up[0]);
		close(hold[1]);
		if (unshare(CLONE_NEWUSER) < 0)
			_exit(1);
		if (write(up[1], "u", 1) != 1)
			_exit(1);
		(void)!read(hold[0], &c, 1);
		_exit(0);
	}
	close(up[1]), up[1] = -1;
	close(hold[0]), hold[0] = -1;
	if (full_read(up[0], &c, 1) != 1) {
		bb_err_set(e, EPERM, "can't create a user namespace");
	} else if (userns_write_maps(pid, m, n, "lxc.idmap", e) == 0) {
		snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			bb_err_set(e, errno, "can't open '%s'", path);
	}
	close(hold[1]), hold[1] = -1;
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
out:
	if (up[0] >= 0)
		close(up[0]);
	if (up[1] >= 0)
		close(up[1]);
	if (hold[0] >= 0)
		close(hold[0]);
	if (hold[1] >= 0)
		close(hold[1]);
	return fd;
}

int shift_can_idmap(const char *dir, const struct conf_idmap *m, size_t n, struct bb_err *e)
{
	int tree, ns, r;

	if (bb_forced(BB_IDMAP))
		return bb_err_set(e, 0, "idmapped mounts forced off (" BB_FORCE_ENV ")"), 0;
	tree = syscall(SYS_open_tree, AT_FDCWD, dir, CT_OPEN_TREE_CLONE | O_CLOEXEC);
	if (tree < 0)
		return bb_err_set(e, errno, "open_tree '%s'%s", dir,
				  errno == ENOSYS ? " (Linux 5.2)" : ""), 0;
	ns = scratch_userns(m, n, e);
	if (ns < 0) {
		close(tree);
		return 0;
	}
	r = set_idmap(tree, ns, 0);
	if (r < 0)
		bb_err_set(e, errno, "%s", errno == ENOSYS ? "no mount_setattr (Linux 5.12)"
			   : "the file system does not take idmapped mounts");
	close(ns);
	close(tree);
	return r == 0;
}

const char *shift_idmap_opt(const char *options, size_t *len)
{
	const char *s = options;
	size_t l;

	for (; s && *s; s += l + (s[l] == ',')) {
		l = strcspn(s, ",");
		if (l >= 6 && strncmp(s, "idmap=", 6) == 0) {
			*len = l - 6;
			return s + 6;
		}
	}
	return NULL;
}

int shift_idmap_tree(int tree, const char *options, pid_t pid, struct bb_err *e)
{
	size_t len;
	const char *v = shift_idmap_opt(options, &len);
	char *path;
	int ns, r;

	if (!v)
		return 0;
	if (len == 9 && strncmp(v, "container", 9) == 0) {
		if (asprintf(&path, "/proc/%d/ns/user", (int)pid) < 0)
			path = NULL;
	} else {
		path = strndup(v, len);
	}
	if (!path)
		return bb_err_set(e, ENOMEM, "idmap");
	ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0) {
		bb_err_set(e, errno, "lxc.rootfs.options idmap=%.*s: can't open '%s'", (int)len, v, path);
		free(path);
		return -1;
	}
	free(path);
	r = set_idmap(tree, ns, CT_AT_RECURSIVE);
	if (r < 0)
		bb_err_set(e, errno, "lxc.rootfs.options idmap=%.*s: can't idmap the rootfs mount%s",
			   (int)len, v, errno == ENOSYS ? " (no mount_setattr: Linux 5.12)" :
			   errno == EINVAL ? " (does its file system take idmapped mounts?)" : "");
	close(ns);
	return r;
}
