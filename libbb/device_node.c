/* Device nodes inside a running container (device.h): a forked child
 * enters the container's mount namespace (its root is then the
 * container's) and walks the path one component at a time without
 * following symlinks, so that nothing the container made can point the
 * host's root elsewhere. The node is made with mknod, or, where a node
 * made there could not be opened (a user namespace: its /dev is nodev
 * for the kernel; a nodev mount), the host's node is bound onto an empty
 * file (a tree cloned with open_tree before entering).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "device.h"
#include "sysnr.h"

#define DEV_OPEN_TREE_CLONE 1
#define DEV_MOVE_MOUNT_F_EMPTY_PATH 0x04
#define DEV_MOVE_MOUNT_T_EMPTY_PATH 0x40
#ifndef UMOUNT_NOFOLLOW
#define UMOUNT_NOFOLLOW 8
#endif

/* ---- the container's init ---- */

static int same_ns(pid_t pid, const char *ns)
{
	char theirs[64], ours[64];
	struct stat a, b;

	snprintf(theirs, sizeof(theirs), "/proc/%d/ns/%s", (int)pid, ns);
	snprintf(ours, sizeof(ours), "/proc/self/ns/%s", ns);
	if (stat(theirs, &a) < 0 || stat(ours, &b) < 0)
		return -1;
	return a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

/* The host's id that id 0 inside maps to (/proc/PID/[ug]id_map), or -1. */
static long host_root(pid_t pid, const char *map)
{
	char path[64], *text, *line, *save = NULL;
	unsigned long in, out, count;
	long r = -1;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, map);
	text = read_file(path, 65536, NULL);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line && r < 0;
	     line = strtok_r(NULL, "\n", &save))
		if (bb_sscanf(line, "%lu %lu %lu", &in, &out, &count) == 3 && in == 0 && count > 0)
			r = (long)out;
	free(text);
	return r;
}

int dev_target_open(const struct container *c, struct dev_target *t, struct bb_err *e)
{
	struct ct_status st;
	char path[64];
	int user, net;

	*t = (struct dev_target){ 0, -1, -1, 0, 0, 0, 0 };
	if (ct_get_status(c, &st, e) < 0)
		return -1;
	if (st.state == CT_STOPPED || st.init_pid <= 0)
		return bb_err_set(e, 0, "'%s' is not running", c->name);
	t->pid = st.init_pid;
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)t->pid);
	t->mnt = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)t->pid);
	t->net = open(path, O_RDONLY | O_CLOEXEC);
	user = same_ns(t->pid, "user");
	net = same_ns(t->pid, "net");
	/* Opened while it was still the container's init: the fds stay good
	 * even if it dies now. */
	if (t->mnt < 0 || t->net < 0 || user < 0 || net < 0 ||
	    proc_start_time(t->pid) != st.init_start) {
		dev_target_close(t);
		return bb_err_set(e, 0, "'%s' is not running", c->name);
	}
	t->userns = !user;
	t->net_shared = net;
	if (t->userns) {
		long uid = host_root(t->pid, "uid_map"), gid = host_root(t->pid, "gid_map");

		if (uid < 0 || gid < 0) {
			dev_target_close(t);
			return bb_err_set(e, 0, "'%s' has no root user mapped", c->name);
		}
		t->root_uid = (uid_t)uid;
		t->root_gid = (gid_t)gid;
	}
	return 0;
}

void dev_target_close(struct dev_target *t)
{
	if (t->mnt >= 0)
		close(t->mnt);
	if (t->net >= 0)
		close(t->net);
	t->mnt = t->net = -1;
}

/* ---- a helper in the container's mount namespace ---- */

/* fn runs in a child inside; its result (>= 0, or -1 with its error) is
 * the caller's. */
static int in_container(const struct dev_target *t, int (*fn)(void *arg, struct bb_err *e),
			void *arg, struct bb_err *e)
{
	struct bb_err ce = { 0, "" };
	int p[2], st = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return bb_err_set(e, errno, "can't make a pipe");
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return bb_err_set(e, errno, "can't fork");
	}
	if (pid == 0) {
		int r;

		close(p[0]);
		/* In a user namespace, files are made as its root: the host's
		 * root has no id in its file systems (EOVERFLOW). */
		if (setns(t->mnt, CLONE_NEWNS) < 0) {
			r = bb_err_set(&ce, errno, "can't enter the container's mount namespace");
		} else if (t->userns && (setfsgid(t->root_gid), setfsuid(t->root_uid),
					 (uid_t)setfsuid(-1) != t->root_uid ||
					 (gid_t)setfsgid(-1) != t->root_gid)) {
			r = bb_err_set(&ce, EPERM, "can't act as the container's root");
		} else {
			umask(0);
			r = fn(arg, &ce);
		}
		if (r < 0)
			(void)!full_write(p[1], &ce, sizeof(ce));
		_exit(r < 0 ? 0 : r);
	}
	close(p[1]);
	n = full_read(p[0], &ce, sizeof(ce));
	close(p[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof(ce)) {
		ce.msg[sizeof(ce.msg) - 1] = '\0';
		*e = ce;
		return -1;
	}
	if (!WIFEXITED(st))
		return bb_err_set(e, 0, "the helper inside the container died");
	return WEXITSTATUS(st);
}

/* ---- walking inside ---- */

struct made {
	int dirfd;     /* the directory a component was made in */
	char *name;
};

struct walk {
	char *copy;            /* the path, cut into components */
	const char *last;      /* the last component */
	int dirfd;             /* the directory holding it (O_PATH) */
	struct made *made;     /* directories made on the way, in order */
	size_t nmade;
};

static void walk_free(struct walk *w, int undo)
{
	while (w->nmade--) {
		struct made *m = &w->made[w->nmade];

		if (undo)
			unlinkat(m->dirfd, m->name, AT_REMOVEDIR);
		close(m->dirfd);
	}
	free(w->made);
	if (w->dirfd >= 0)
		close(w->dirfd);
	free(w->copy);
}

/* Why a component cannot be walked into. */
static int walk_refuse(int dirfd, const char *name, const char *path, int err, struct bb_err *e)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		return bb_err_set(e, 0, "'%s' inside: '%s' is a symbolic link (refused)", path, name);
	if (err == ENOTDIR || err == ELOOP)
		return bb_err_set(e, 0, "'%s' inside: '%s' is not a directory", path, name);
	return bb_err_set(e, err, "'%s' inside: can't open '%s'", path, name);
}

static int walk_made(struct walk *w, int dirfd, const char *name, struct bb_err *e)
{
	struct made *m = realloc(w->made, (w->nmade + 1) * sizeof(*m));

	if (!m)
		return bb_err_set(e, ENOMEM, "out of memory");
	w->made = m;
	m[w->nmade].dirfd = dup(dirfd);
	m[w->nmade].name = (char *)name;
	if (m[w->nmade].dirfd < 0)
		return bb_err_set(e, errno, "dup");
	w->nmade++;
	return 0;
}

/* Walk to the directory holding path's last component, making missing
 * directories (0755) when mk. Returns 0, or -1 with e (ENOENT: a
 * directory is missing and !mk). */
static int walk(struct walk *w, const char *path, int mk, struct bb_err *e)
{
	char *p, *next;
	size_t len;

	*w = (struct walk){ strdup(path), NULL, -1, NULL, 0 };
	if (!w->copy)
		return bb_err_set(e, ENOMEM, "out of memory");
	len = strlen(w->copy);
	while (len && w->copy[len - 1] == '/')
		w->copy[--len] = '\0';
	for (p = w->copy; *p == '/'; p++)
		;
	if (!*p)
		return bb_err_set(e, EINVAL, "'%s': not a path to a file", path);
	w->dirfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w->dirfd < 0)
		return bb_err_set(e, errno, "can't open the container's root");
	for (;;) {
		int fd;

		next = strchr(p, '/');
		if (!next)
			break;
		*next++ = '\0';
		while (*next == '/')
			next++;
		fd = openat(w->dirfd, p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT && mk) {
			if (mkdirat(w->dirfd, p, 0755) == 0) {
				if (walk_made(w, w->dirfd, p, e) < 0)
					return -1;
			} else if (errno != EEXIST) {
				return bb_err_set(e, errno, "'%s' inside: can't make the directory '%s'",
						  path, p);
			}
			fd = openat(w->dirfd, p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (fd < 0) {
			if (errno == ENOENT)
				return bb_err_set(e, ENOENT, "'%s' inside: no directory '%s'", path, p);
			return walk_refuse(w->dirfd, p, path, errno, e);
		}
		close(w->dirfd);
		w->dirfd = fd;
		p = next;
	}
	w->last = p;
	return 0;
}

/* ---- making ---- */

struct make_args {
	const char *inside;
	mode_t mode;           /* S_IFCHR/S_IFBLK | permissions */
	dev_t rdev;
	int tree;              /* the host's node as a detached mount, or -1 */
	int bind;              /* bind it rather than mknod */
};

static int bind_node(int dirfd, const char *name, const struct make_args *a, struct bb_err *e)
{
	int fd;

	if (a->tree < 0)
		return bb_err_set(e, ENOSYS, "'%s' inside: the host's node can't be bound (no open_tree: Linux 5.2)",
				  a->inside);
	fd = openat(dirfd, name, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0);
	if (fd < 0)
		return bb_err_set(e, errno, "'%s' inside: can't create it", a->inside);
	if (syscall(SYS_move_mount, a->tree, "", fd, "",
		    DEV_MOVE_MOUNT_F_EMPTY_PATH | DEV_MOVE_MOUNT_T_EMPTY_PATH) < 0) {
		int err = errno;

		close(fd);
		unlinkat(dirfd, name, 0);
		return bb_err_set(e, err, "'%s' inside: can't bind the host's node on it", a->inside);
	}
	close(fd);
	return 0;
}

static int make_inside(void *arg, struct bb_err *e)
{
	const struct make_args *a = arg;
	struct statfs sfs;
	struct walk w;
	int r = -1, bind = a->bind;

	if (walk(&w, a->inside, 1, e) < 0)
		goto out;
	/* A node on a nodev mount could not be opened. */
	if (fstatfs(w.dirfd, &sfs) == 0 && (sfs.f_flags & ST_NODEV))
		bind = 1;
	if (!bind && mknodat(w.dirfd, w.last, a->mode, a->rdev) == 0) {
		r = 0;
	} else if (!bind && errno != EPERM) {
		if (errno == EEXIST)
			bb_err_set(e, 0, "'%s' exists inside already", a->inside);
		else
			bb_err_set(e, errno, "'%s' inside: can't make the node", a->inside);
	} else {
		r = bind_node(w.dirfd, w.last, a, e);
		if (r < 0 && e->errnum == EEXIST)
			bb_err_set(e, 0, "'%s' exists inside already", a->inside);
	}
out:
	walk_free(&w, r < 0);
	return r;
}

int dev_node_make(const struct dev_target *t, const char *host, const struct stat *st,
		  const char *inside, struct bb_err *e)
{
	struct make_args a = { inside, (st->st_mode & S_IFMT) | (st->st_mode & 0777), st->st_rdev,
			       -1, t->userns };
	struct stat ts;
	int r;

	/* The host's node as a mount of its own, for a bind inside. */
	a.tree = syscall(SYS_open_tree, AT_FDCWD, host, DEV_OPEN_TREE_CLONE | O_CLOEXEC);
	if (a.tree >= 0 && (fstat(a.tree, &ts) < 0 || (ts.st_mode & S_IFMT) != (st->st_mode & S_IFMT) ||
			    ts.st_rdev != st->st_rdev)) {
		close(a.tree);
		return bb_err_set(e, EAGAIN, "'%s' changed on the host meanwhile", host);
	}
	r = in_container(t, make_inside, &a, e);
	if (a.tree >= 0)
		close(a.tree);
	return r;
}

/* ---- removing ---- */

struct remove_args {
	const char *inside;
	mode_t type;
	dev_t rdev;
};

static int remove_inside(void *arg, struct bb_err *e)
{
	const struct remove_args *a = arg;
	struct stat st, dir;
	struct walk w;
	int r = -1;

	if (walk(&w, a->inside, 0, e) < 0) {
		r = e->errnum == ENOENT ? DEV_NODE_ABSENT : DEV_NODE_OTHER;
		goto out;
	}
	if (fstatat(w.dirfd, w.last, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		r = errno == ENOENT ? DEV_NODE_ABSENT : bb_err_set(e, errno, "'%s' inside", a->inside);
		goto out;
	}
	if ((st.st_mode & S_IFMT) != a->type || st.st_rdev != a->rdev) {
		r = DEV_NODE_OTHER;
		goto out;
	}
	/* A bind over the placeholder file: the node's device differs from
	 * its directory's (or the unlink says it is a mount point). */
	if (fstat(w.dirfd, &dir) < 0)
		dir.st_dev = st.st_dev;
	if (dir.st_dev == st.st_dev && unlinkat(w.dirfd, w.last, 0) == 0) {
		r = DEV_NODE_REMOVED;
		goto out;
	}
	if (dir.st_dev == st.st_dev && errno != EBUSY) {
		bb_err_set(e, errno, "'%s' inside: can't remove it", a->inside);
		goto out;
	}
	if (fchdir(w.dirfd) < 0 || umount2(w.last, MNT_DETACH | UMOUNT_NOFOLLOW) < 0) {
		bb_err_set(e, errno, "'%s' inside: can't unmount it", a->inside);
		goto out;
	}
	/* The empty file the bind was on. */
	if (fstatat(w.dirfd, w.last, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size == 0)
		unlinkat(w.dirfd, w.last, 0);
	r = DEV_NODE_REMOVED;
out:
	walk_free(&w, 0);
	return r;
}

int dev_node_remove(const struct dev_target *t, const char *inside, char type, unsigned major,
		    unsigned minor, struct bb_err *e)
{
	struct remove_args a = { inside, type == 'b' ? S_IFBLK : S_IFCHR, makedev(major, minor) };

	return in_container(t, remove_inside, &a, e);
}
