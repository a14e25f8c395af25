/* A container's file system view (see rootfs.h). Runs in the container's
 * child, inside its new mount namespace, before the switch of root.
 *
 * Targets inside the rootfs are resolved inside it (openat2 with
 * RESOLVE_IN_ROOT, or a component walk that refuses symlinks on kernels
 * without openat2), so a hostile rootfs cannot point a mount or a created
 * directory at the host with a symlink; mounts go to /proc/self/fd/N. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cgroup.h"
#include "fallback.h"
#include "rootfs.h"
#include "shift.h"
#include "sysnr.h"

enum { MK_NONE, MK_DIR, MK_FILE };

/* Open rel (relative to rootfd) without leaving the root. */
static int open_in_root(int rootfd, const char *rel, int flags)
{
	struct open_how how = {
		.flags = flags | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	char *copy, *p, *next;
	int fd, nfd;

	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	if (bb_have(BB_OPENAT2)) {
		fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
		if (fd >= 0 || errno != ENOSYS)
			return fd;
	}
	/* No openat2: walk the path, following no symlink at all. */
	copy = strdup(rel);
	if (!copy)
		return -1;
	fd = dup(rootfd);
	for (p = copy; fd >= 0 && p; p = next) {
		int last;

		next = strchr(p, '/');
		if (next)
			*next++ = '\0';
		last = !next || !*next;
		if (!*p || strcmp(p, ".") == 0)
			continue;
		if (strcmp(p, "..") == 0) {
			close(fd);
			fd = -1;
			errno = EXDEV;
			break;
		}
		nfd = openat(fd, p, (last ? flags : O_PATH | O_DIRECTORY) | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = nfd;
	}
	free(copy);
	return fd;
}

/* Open (and with mk, create) rel inside rootfd; parents are created as
 * directories when mk is set. Returns an O_PATH fd or -1. */
static int open_target(int rootfd, const char *rel, int mk)
{
	char *copy, *slash;
	int fd, pfd;

	fd = open_in_root(rootfd, rel, O_PATH);
	if (fd >= 0 || errno != ENOENT || mk == MK_NONE)
		return fd;
	copy = strdup(rel);
	if (!copy)
		return -1;
	while (strlen(copy) > 1 && copy[strlen(copy) - 1] == '/')
		copy[strlen(copy) - 1] = '\0';
	slash = strrchr(copy, '/');
	if (slash) {
		*slash = '\0';
		pfd = open_target(rootfd, *copy ? copy : "/", MK_DIR);
	} else {
		pfd = dup(rootfd);
	}
	if (pfd >= 0) {
		const char *last = slash ? slash + 1 : copy;
		int r;

		if (mk == MK_DIR) {
			r = mkdirat(pfd, last, 0755);
		} else {
			r = openat(pfd, last, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
			if (r >= 0)
				r = close(r);
		}
		if (r < 0 && errno != EEXIST) {
			close(pfd);
			free(copy);
			return -1;
		}
		close(pfd);
	}
	free(copy);
	return pfd < 0 ? -1 : open_in_root(rootfd, rel, O_PATH);
}

static void fd_path(char *buf, size_t len, int fd)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
}

/* mount() onto rel inside root, creating it (mk) when missing. */
static int mount_in(const char *root, const char *rel, int mk, const char *src,
		    const char *type, unsigned long flags, const char *data, struct bb_err *e)
{
	char target[64];
	int rootfd, fd, r;

	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return bb_err_set(e, errno, "can't open rootfs '%s'", root);
	fd = open_target(rootfd, rel, mk);
	close(rootfd);
	if (fd < 0)
		return bb_err_set(e, errno, "can't find '%s' in the rootfs", rel);
	fd_path(target, sizeof(target), fd);
	r = mount(src, target, type, flags, data);
	if (r == 0 && (flags & MS_BIND) && (flags & MS_RDONLY)) {
		/* A bind ignores MS_RDONLY: remount it. The fd names the dentry
		 * under the new mount, so go by its canonical path (inside the
		 * rootfs, free of symlinks: it was resolved in the root). */
		char real[4096];
		ssize_t n = readlink(target, real, sizeof(real) - 1);

		if (n > 0) {
			real[n] = '\0';
			r = mount(NULL, real, NULL, MS_REMOUNT | MS_BIND | (flags & ~MS_REC), NULL);
		} else {
			r = -1;
		}
	}
	close(fd);
	if (r < 0)
		return bb_err_set(e, errno, "can't mount %s on '%s'", src ? src : type, rel);
	return 0;
}

/* The fixed mount points (proc, sys, dev) are used by plain paths once
 * mounted: one that is a symbolic link could lead those paths out of the
 * rootfs, so it is refused. */
static int refuse_symlink(const char *root, const char *rel, struct bb_err *e)
{
	char *p = path_join(root, rel);
	struct stat st;
	int r = 0;

	if (!p)
		return bb_err_set(e, ENOMEM, "mount");
	if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
		r = bb_err_set(e, 0, "the rootfs's /%s is a symbolic link: refused", rel);
	free(p);
	return r;
}

/* ---- mount options ---- */

/* Mount options by name: the MS_ flags each sets and clears, then LXC's
 * extras (MX_OPTIONAL, MX_CREATE_DIR, MX_CREATE_FILE in that order). */
static const char mopt_names[] =
	"ro\0rw\0nosuid\0suid\0nodev\0dev\0noexec\0exec\0noatime\0atime\0nodiratime\0"
	"relatime\0strictatime\0sync\0dirsync\0mand\0bind\0rbind\0defaults\0auto\0noauto\0"
	"private\0rprivate\0slave\0rslave\0shared\0rshared\0"
	"optional\0create=dir\0create=file\0";
static const struct mopt {
	unsigned set, clear;
} mopts[] = {
	{ MS_RDONLY, 0 }, { 0, MS_RDONLY }, { MS_NOSUID, 0 }, { 0, MS_NOSUID },
	{ MS_NODEV, 0 }, { 0, MS_NODEV }, { MS_NOEXEC, 0 }, { 0, MS_NOEXEC },
	{ MS_NOATIME, 0 }, { 0, MS_NOATIME }, { MS_NODIRATIME, 0 }, { MS_RELATIME, 0 },
	{ MS_STRICTATIME, 0 }, { MS_SYNCHRONOUS, 0 }, { MS_DIRSYNC, 0 }, { MS_MANDLOCK, 0 },
	{ MS_BIND, 0 }, { MS_BIND | MS_REC, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 },
	{ MS_PRIVATE, 0 }, { MS_PRIVATE | MS_REC, 0 }, { MS_SLAVE, 0 }, { MS_SLAVE | MS_REC, 0 },
	{ MS_SHARED, 0 }, { MS_SHARED | MS_REC, 0 },
};

int rootfs_mount_opts(const char *opts, unsigned long *flags, unsigned *extra, char **data,
		      struct bb_err *e)
{
	char *copy = strdup(opts ? opts : ""), *tok, *save = NULL;
	size_t dlen = 0;
	int i;

	*flags = 0;
	*extra = 0;
	*data = calloc(1, strlen(opts ? opts : "") + 1);
	if (!copy || !*data) {
		free(copy);
		free(*data);
		return bb_err_set(e, ENOMEM, "mount options");
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		i = bb_word_index(mopt_names, tok, 0);
		if (i >= (int)ARRAY_SIZE(mopts)) {
			*extra |= 1u << (i - ARRAY_SIZE(mopts));
		} else if (i >= 0) {
			*flags = (*flags | mopts[i].set) & ~(unsigned long)mopts[i].clear;
		} else {
			if (dlen)
				(*data)[dlen++] = ',';
			strcpy(*data + dlen, tok);
			dlen += strlen(tok);
		}
	}
	free(copy);
	return 0;
}

/* ---- the rootfs ---- */

char *rootfs_spec_path(const char *spec)
{
	const char *p = spec;
	char *r, *colon;

	if (strncmp(p, "dir:", 4) == 0)
		return strdup(p + 4);
	if (strncmp(p, "overlay:", 8) == 0 || strncmp(p, "overlayfs:", 10) == 0) {
		p = strchr(p, ':') + 1;
		colon = strchr(p, ':');
		r = strdup(colon ? colon + 1 : p);
		if (r && (colon = strchr(r, ':')))
			*colon = '\0';
		return r;
	}
	return strdup(p);
}

/* An idmapped container's root cannot always walk the path to its
 * rootfs (a private lxcpath): the monitor clones the rootfs's mount tree
 * while it is still the host's root, and the child attaches that tree in
 * its own mount namespace. */
#define CT_OPEN_TREE_CLONE 1
#define CT_AT_RECURSIVE 0x8000
#define CT_MOVE_MOUNT_F_EMPTY_PATH 0x4

int rootfs_open_tree(const char *spec, struct bb_err *e)
{
	char *path = rootfs_spec_path(spec);
	int fd;

	if (!path)
		return bb_err_set(e, ENOMEM, "rootfs");
	fd = syscall(SYS_open_tree, AT_FDCWD, path,
		     CT_OPEN_TREE_CLONE | CT_AT_RECURSIVE | O_CLOEXEC);
	if (fd < 0)
		bb_err_set(e, errno, "can't open the rootfs '%s'", path);
	free(path);
	return fd;
}

int rootfs_mount(const char *spec, const char *target, const char *work,
		 const char *options, int tree, int slave, struct bb_err *e)
{
	unsigned long flags;
	unsigned extra;
	char *data = NULL;
	size_t ilen;
	int r = -1;

	if (mount(NULL, "/", NULL, MS_REC | (slave ? MS_SLAVE : MS_PRIVATE), NULL) < 0)
		return bb_err_set(e, errno, "can't make the mounts %s", slave ? "slaves" : "private");
	if (rootfs_mount_opts(options, &flags, &extra, &data, e) < 0)
		return -1;
	/* idmap= (shift.h): the monitor idmapped the cloned tree. */
	if (tree < 0 && shift_idmap_opt(options, &ilen)) {
		bb_err_set(e, 0, "lxc.rootfs.options idmap= needs a directory rootfs, lxc.idmap and open_tree (Linux 5.2)");
		goto out;
	}
	if (strncmp(spec, "overlay:", 8) == 0 || strncmp(spec, "overlayfs:", 10) == 0) {
		char *copy = strdup(strchr(spec, ':') + 1), *lower, *upper, *opts = NULL;

		lower = copy;
		upper = copy ? strchr(copy, ':') : NULL;
		if (!upper) {
			bb_err_set(e, 0, "overlay rootfs '%s' wants overlay:LOWER:UPPER", spec);
			free(copy);
			goto out;
		}
		*upper++ = '\0';
		if (mkdir(work, 0700) < 0 && errno != EEXIST) {
			bb_err_set(e, errno, "can't create overlay workdir '%s'", work);
			free(copy);
			goto out;
		}
		if (asprintf(&opts, "lowerdir=%s,upperdir=%s,workdir=%s%s%s", lower, upper, work,
			     *data ? "," : "", data) < 0)
			opts = NULL;
		r = opts ? mount("overlay", target, "overlay", flags & ~MS_RDONLY, opts) : -1;
		if (r < 0)
			bb_err_set(e, errno, "can't mount overlay rootfs (lower '%s', upper '%s')", lower, upper);
		free(opts);
		free(copy);
	} else if (tree >= 0) {
		r = syscall(SYS_move_mount, tree, "", AT_FDCWD, target, CT_MOVE_MOUNT_F_EMPTY_PATH);
		if (r < 0)
			bb_err_set(e, errno, "can't attach the rootfs at '%s'", target);
	} else {
		char *path = rootfs_spec_path(spec);
		struct stat st;

		if (!path || stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
			bb_err_set(e, path ? errno ? errno : ENOTDIR : ENOMEM, "rootfs '%s' is missing", path ? path : spec);
			free(path);
			goto out;
		}
		r = mount(path, target, NULL, MS_BIND | MS_REC, NULL);
		if (r < 0)
			bb_err_set(e, errno, "can't bind the rootfs '%s'", path);
		free(path);
	}
	if (r == 0 && (flags & MS_RDONLY) &&
	    mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
		r = bb_err_set(e, errno, "can't make the rootfs read-only");
out:
	free(data);
	return r;
}

/* ---- lxc.mount.auto ---- */

/* Make root/rel a read-only bind of itself; a missing rel is fine when
 * optional (kernels without CONFIG_MAGIC_SYSRQ have no sysrq-trigger). */
static int ro_bind_self(const char *root, const char *rel, int optional, struct bb_err *e)
{
	char *p = path_join(root, rel);
	int r = -1;

	if (!p)
		return bb_err_set(e, ENOMEM, "mount");
	if (optional && access(p, F_OK) < 0 && errno == ENOENT) {
		free(p);
		return 0;
	}
	/* The target was just mounted by us: its path is safe to use. */
	if (mount(p, p, NULL, MS_BIND, NULL) < 0 ||
	    mount(NULL, p, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		bb_err_set(e, errno, "can't make '%s' read-only", rel);
	else
		r = 0;
	free(p);
	return r;
}

/* Without cgroup namespaces (before Linux 4.6) a new cgroup mount would
 * show the host's whole tree: the container's own group in hierarchy i
 * (own, where its init was placed) is bound there instead. */
static int bind_own_group(const char *root, const char *rel, const struct cg_host *h,
			  const struct cg_group *own, int i, unsigned long f, struct bb_err *e)
{
	char *src = cg_path(h, own, i, NULL);
	int r;

	if (!src)
		return bb_err_set(e, ENOMEM, "cgroup");
	r = mount_in(root, rel, MK_DIR, src, NULL, MS_BIND | f, NULL, e);
	free(src);
	return r;
}

/* lxc.mount.auto = cgroup:...: the hierarchies as the container's cgroup
 * namespace sees them (its own groups as their roots). A v2 host gets
 * its unified hierarchy at /sys/fs/cgroup; v1 and hybrid hosts a tmpfs
 * there with one mount per hierarchy, named as on the host (cpu, memory,
 * systemd, unified ...). */
static int mount_cgroups(const char *root, unsigned flags, struct bb_err *e)
{
	const unsigned long base = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	unsigned long f = base | ((flags & AUTO_CGROUP_RO) ? MS_RDONLY : 0);
	const struct cg_host *h = cg_host(e);
	struct cg_group own;
	int i, no_ns = !bb_have(BB_CGROUPNS);
	char *top;

	if (!h || (no_ns && h->n && cg_group_of(h, 0, &own, e) < 0))
		return -1;
	if (no_ns && h->layout == CG_LAYOUT_V2)
		return bind_own_group(root, "sys/fs/cgroup", h, &own,
				      cg_hier_of(h, "cgroup") > 0 ? cg_hier_of(h, "cgroup") : 0, f, e);
	if (h->layout == CG_LAYOUT_V2 || h->layout == CG_LAYOUT_NONE)
		return mount_in(root, "sys/fs/cgroup", MK_DIR, "cgroup2", "cgroup2", f, NULL, e);
	if (mount_in(root, "sys/fs/cgroup", MK_DIR, "cgroup", "tmpfs", base, "mode=755,size=64k", e) < 0)
		return -1;
	for (i = 0; i < h->n; i++) {
		const struct cg_hier *x = &h->h[i];
		char rel[160], data[160];

		snprintf(rel, sizeof(rel), "sys/fs/cgroup/%s", bb_basename(x->mnt));
		/* A named hierarchy without controllers: none,name=X. */
		snprintf(data, sizeof(data), "%s%s", strncmp(x->ctrls, "name=", 5) ? "" : "none,",
			 x->ctrls);
		if (no_ns ? bind_own_group(root, rel, h, &own, i, f, e) < 0 :
		    mount_in(root, rel, MK_DIR, "cgroup", x->v2 ? "cgroup2" : "cgroup", f,
			     x->v2 ? NULL : data, e) < 0)
			return -1;
	}
	if (flags & AUTO_CGROUP_RW)
		return 0;
	top = path_join(root, "sys/fs/cgroup");
	if (!top || mount(NULL, top, NULL, MS_REMOUNT | MS_RDONLY | base, "mode=755,size=64k") < 0) {
		bb_err_set(e, errno, "can't make /sys/fs/cgroup read-only");
		free(top);
		return -1;
	}
	free(top);
	return 0;
}

int rootfs_mount_auto(const char *root, unsigned flags, struct bb_err *e)
{
	const unsigned long base = MS_NOSUID | MS_NODEV | MS_NOEXEC;

	if (flags & (AUTO_PROC_RW | AUTO_PROC_MIXED)) {
		if (refuse_symlink(root, "proc", e) < 0 ||
		    mount_in(root, "proc", MK_DIR, "proc", "proc", base, NULL, e) < 0)
			return -1;
		if ((flags & AUTO_PROC_MIXED) &&
		    (ro_bind_self(root, "proc/sys", 0, e) < 0 ||
		     ro_bind_self(root, "proc/sysrq-trigger", 1, e) < 0))
			return -1;
	}
	if (flags & (AUTO_SYS_RW | AUTO_SYS_RO | AUTO_SYS_MIXED)) {
		unsigned long f = base | ((flags & AUTO_SYS_RW) ? 0 : MS_RDONLY);

		if (refuse_symlink(root, "sys", e) < 0 ||
		    mount_in(root, "sys", MK_DIR, "sysfs", "sysfs", f, NULL, e) < 0)
			return -1;
		if (flags & AUTO_SYS_MIXED) {
			char *p = path_join(root, "sys/devices/virtual/net");

			if (p && mount(p, p, NULL, MS_BIND, NULL) == 0)
				mount(NULL, p, NULL, MS_REMOUNT | MS_BIND | base, NULL);
			free(p);
		}
	}
	if (flags & (AUTO_CGROUP_RO | AUTO_CGROUP_RW | AUTO_CGROUP_MIXED))
		return mount_cgroups(root, flags, e);
	return 0;
}

/* ---- lxc.autodev ---- */

static const struct devnode {
	const char *name;
	unsigned maj, min;
} devnodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

static const struct devlink {
	const char *name, *target;
} devlinks[] = {
	{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
	{ "ptmx", "pts/ptmx" },
};

/* Bind the host file src onto an empty file dev/NAME. */
static int bind_node(const char *dev, const char *name, const char *src, struct bb_err *e)
{
	char *p = path_join(dev, name);
	int fd, r = -1;

	if (!p)
		return bb_err_set(e, ENOMEM, "autodev");
	fd = open(p, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || mount(src, p, NULL, MS_BIND, NULL) < 0)
		bb_err_set(e, errno, "can't bind '%s' to /dev/%s", src, name);
	else
		r = 0;
	if (fd >= 0)
		close(fd);
	free(p);
	return r;
}

int rootfs_autodev(const char *root, const char *source, unsigned size, int pty_max,
		   const char *console_path, const char *const *ttys, int nttys, struct bb_err *e)
{
	char *dev, *p, data[64], ptsdata[96];
	size_t i;
	int k;

	snprintf(data, sizeof(data), "size=%u,mode=755", size ? size : 500000);
	snprintf(ptsdata, sizeof(ptsdata), "newinstance,ptmxmode=0666,mode=0620,gid=5%s%.0d",
		 pty_max > 0 ? ",max=" : "", pty_max > 0 ? pty_max : 0);
	if (refuse_symlink(root, "dev", e) < 0 ||
	    mount_in(root, "dev", MK_DIR, source, "tmpfs", MS_NOSUID | MS_NOEXEC, data, e) < 0)
		return -1;
	/* /dev is now our own tmpfs: plain paths below it are safe. */
	dev = path_join(root, "dev");
	if (!dev)
		return bb_err_set(e, ENOMEM, "autodev");
	for (i = 0; i < ARRAY_SIZE(devnodes); i++) {
		char host[32];

		p = path_join(dev, devnodes[i].name);
		if (p && mknod(p, S_IFCHR | 0666, makedev(devnodes[i].maj, devnodes[i].min)) == 0) {
			chmod(p, 0666);
			free(p);
			continue;
		}
		free(p);
		/* No mknod (user namespace): bind the host's node. */
		snprintf(host, sizeof(host), "/dev/%s", devnodes[i].name);
		if (bind_node(dev, devnodes[i].name, host, e) < 0)
			goto fail;
	}
	for (i = 0; i < ARRAY_SIZE(devlinks); i++) {
		p = path_join(dev, devlinks[i].name);
		if (!p || symlink(devlinks[i].target, p) < 0) {
			bb_err_set(e, errno, "can't create /dev/%s", devlinks[i].name);
			free(p);
			goto fail;
		}
		free(p);
	}
	p = path_join(dev, "pts");
	if (!p || mkdir(p, 0755) < 0 ||
	    mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC, ptsdata) < 0) {
		bb_err_set(e, errno, "can't mount devpts on /dev/pts");
		free(p);
		goto fail;
	}
	free(p);
	p = path_join(dev, "shm");
	if (p && mkdir(p, 01777) == 0)
		chmod(p, 01777);
	free(p);
	if (console_path && bind_node(dev, "console", console_path, e) < 0)
		goto fail;
	for (k = 0; k < nttys; k++) {
		char name[16];

		snprintf(name, sizeof(name), "tty%d", k + 1);
		if (bind_node(dev, name, ttys[k], e) < 0)
			goto fail;
	}
	free(dev);
	return 0;
fail:
	free(dev);
	return -1;
}

/* ---- lxc.mount.entry ---- */

int rootfs_mount_entry(const char *root, const char *line, struct bb_err *e)
{
	char src[4096], dst[4096], type[64], opts[1024];
	unsigned long flags;
	unsigned extra;
	char *data;
	int n, mk, r;

	opts[0] = '\0';
	n = bb_sscanf(line, "%4095s %4095s %63s %1023s", src, dst, type, opts);
	if (n < 3)
		return bb_err_set(e, 0, "mount entry '%s' wants SOURCE TARGET TYPE [OPTIONS]", line);
	if (rootfs_mount_opts(opts, &flags, &extra, &data, e) < 0)
		return -1;
	mk = (extra & MX_CREATE_DIR) ? MK_DIR : (extra & MX_CREATE_FILE) ? MK_FILE : MK_NONE;
	if (strcmp(type, "none") == 0 || (flags & MS_BIND)) {
		struct stat st;

		if (stat(src, &st) < 0) {
			free(data);
			if (extra & MX_OPTIONAL)
				return 0;
			return bb_err_set(e, errno, "mount entry source '%s'", src);
		}
	}
	r = mount_in(root, dst, mk, src, strcmp(type, "none") ? type : NULL,
		     flags & ~(MS_PRIVATE | MS_SLAVE | MS_SHARED), *data ? data : NULL, e);
	free(data);
	if (r < 0 && (extra & MX_OPTIONAL))
		return 0;
	return r;
}

/* ---- the switch ---- */

int rootfs_enter(const char *root, int *fallback, struct bb_err *e)
{
	*fallback = 0;
	if (chdir(root) < 0)
		return bb_err_set(e, errno, "can't enter the rootfs '%s'", root);
	if (!bb_have(BB_PIVOT_ROOT)) {
		errno = EINVAL; /* forced (tests): take the initramfs way */
	} else if (syscall(SYS_pivot_root, ".", ".") == 0) {
		/* The old root is stacked under the new one: detach it. */
		if (umount2(".", MNT_DETACH) < 0)
			return bb_err_set(e, errno, "can't detach the old root");
		if (chdir("/") < 0)
			return bb_err_set(e, errno, "chdir /");
		return 0;
	}
	if (errno != EINVAL)
		return bb_err_set(e, errno, "pivot_root into '%s' failed", root);
	/* The host root is not a mount we can pivot away from (initramfs):
	 * move the rootfs over / and chroot into it. */
	if (mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 || chdir("/") < 0)
		return bb_err_set(e, errno, "can't switch to the rootfs '%s' (MS_MOVE + chroot)", root);
	*fallback = 1;
	return 0;
}
