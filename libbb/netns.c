/* Named network namespaces in /run/netns, compatible with iproute2. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "netns.h"

/* The calling thread's own namespace: /proc/self would name the thread
 * group leader's, which another thread may have moved. */
#define SELF_NET "/proc/thread-self/ns/net"

int netns_check_name(const char *name, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!name || !*name)
		*why = "name is empty";
	else if (strlen(name) > NAME_MAX)
		*why = "name is too long";
	else if (strchr(name, '/'))
		*why = "name contains '/'";
	else if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		*why = "name is '.' or '..'";
	else
		return 0;
	return -1;
}

int netns_path(char *buf, size_t len, const char *name, struct bb_err *e)
{
	if ((size_t)snprintf(buf, len, "%s/%s", NETNS_RUN_DIR, name) >= len)
		return bb_err_set(e, ENAMETOOLONG, "network namespace name \"%s\"", name);
	return 0;
}

int netns_open(const char *name, struct bb_err *e)
{
	char path[PATH_MAX];
	int fd;

	if (netns_path(path, sizeof(path), name, e) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bb_err_set(e, errno, "Cannot open network namespace \"%s\"", name);
	return fd;
}

/* Make /run/netns a shared mount point (binding it on itself if it is not
 * a mount point yet), so that names bound under it propagate to every
 * mount namespace that shares it. Serialised by a lock on the directory:
 * two racing binds would stack mounts on each other. */
static int make_run_dir_shared(struct bb_err *e)
{
	int lock, made = 0, ret = 0;

	if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST)
		return bb_err_set(e, errno, "mkdir %s failed", NETNS_RUN_DIR);
	lock = open(NETNS_RUN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock < 0)
		return bb_err_set(e, errno, "Cannot open netns runtime directory \"%s\"",
				  NETNS_RUN_DIR);
	/* Without the lock (a filesystem refusing flock) go on, as ip does. */
	(void)flock(lock, LOCK_EX);
	while (mount("", NETNS_RUN_DIR, NULL, MS_SHARED | MS_REC, NULL) < 0) {
		/* EINVAL: not a mount point yet. */
		if (errno != EINVAL || made) {
			ret = bb_err_set(e, errno, "mount --make-shared %s failed", NETNS_RUN_DIR);
			break;
		}
		if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, NULL, MS_BIND | MS_REC, NULL) < 0) {
			ret = bb_err_set(e, errno, "mount --bind %s %s failed",
					 NETNS_RUN_DIR, NETNS_RUN_DIR);
			break;
		}
		made = 1;
	}
	close(lock); /* drops the lock */
	return ret;
}

int netns_create(const char *name, pid_t pid, struct bb_err *e)
{
	char path[PATH_MAX], src[64];
	int fd, saved = -1, err;

	if (netns_path(path, sizeof(path), name, e) < 0 || make_run_dir_shared(e) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		return bb_err_set(e, errno, "Cannot create namespace file \"%s\"", path);
	close(fd);
	if (pid == 0) {
		saved = open(SELF_NET, O_RDONLY | O_CLOEXEC);
		if (saved < 0) {
			bb_err_set(e, errno, "Cannot open %s", SELF_NET);
			goto undo;
		}
		if (unshare(CLONE_NEWNET) < 0) {
			bb_err_set(e, errno, "Failed to create a new network namespace \"%s\"", name);
			goto undo;
		}
		snprintf(src, sizeof(src), "%s", SELF_NET);
	} else {
		snprintf(src, sizeof(src), "/proc/%d/ns/net", (int)pid);
	}
	if (mount(src, path, NULL, MS_BIND, NULL) < 0) {
		bb_err_set(e, errno, "Bind %s -> %s failed", src, path);
		goto undo;
	}
	if (saved >= 0) {
		if (setns(saved, CLONE_NEWNET) < 0) {
			bb_err_set(e, errno, "cannot return to the original network namespace");
			goto undo;
		}
		close(saved);
	}
	return 0;
undo:
	err = e ? e->errnum : 0;
	if (saved >= 0) {
		/* Best effort: the error already says what went wrong first. */
		(void)setns(saved, CLONE_NEWNET);
		close(saved);
	}
	(void)umount2(path, MNT_DETACH);
	(void)unlink(path);
	if (e)
		e->errnum = err;
	return -1;
}

int netns_delete(const char *name, struct bb_err *e)
{
	char path[PATH_MAX];

	if (netns_path(path, sizeof(path), name, e) < 0)
		return -1;
	/* Not mounted (a name whose add failed half-way): unlink anyway. */
	(void)umount2(path, MNT_DETACH);
	if (unlink(path) < 0)
		return bb_err_set(e, errno, "Cannot remove namespace file \"%s\"", path);
	return 0;
}

/* Bind /etc/netns/NAME/FILE over /etc/FILE for every FILE there. */
static void bind_etc(const char *name, void (*warn)(const struct bb_err *))
{
	char dir[sizeof(NETNS_ETC_DIR) + NAME_MAX + 1], src[PATH_MAX], dst[PATH_MAX];
	struct dirent *d;
	struct bb_err e;
	DIR *dp;

	if (strlen(name) > NAME_MAX)
		return;
	snprintf(dir, sizeof(dir), "%s/%s", NETNS_ETC_DIR, name);
	dp = opendir(dir);
	if (!dp)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(src, sizeof(src), "%s/%s", dir, d->d_name);
		snprintf(dst, sizeof(dst), "/etc/%s", d->d_name);
		if (mount(src, dst, NULL, MS_BIND, NULL) < 0 && warn) {
			bb_err_set(&e, errno, "Bind %s -> %s failed", src, dst);
			warn(&e);
		}
	}
	closedir(dp);
}

int netns_switch(int nsfd, const char *name, void (*warn)(const struct bb_err *),
		 struct bb_err *e)
{
	unsigned long flags = 0;
	struct statvfs st;

	if (setns(nsfd, CLONE_NEWNET) < 0)
		return bb_err_set(e, errno, "setting the network namespace \"%s\" failed", name);
	if (unshare(CLONE_NEWNS) < 0)
		return bb_err_set(e, errno, "unshare failed");
	/* Nothing mounted from here on may propagate back to the caller's. */
	if (mount("", "/", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		return bb_err_set(e, errno, "\"mount --make-rslave /\" failed");
	/* /sys shows the namespace of whoever mounted it: mount a new one.
	 * If the old one cannot go, cover it; a read-only one only with a
	 * read-only one (the kernel refuses to shadow it read-write). */
	if (umount2("/sys", MNT_DETACH) < 0 && statvfs("/sys", &st) == 0 &&
	    (st.f_flag & ST_RDONLY))
		flags = MS_RDONLY;
	if (mount(name, "/sys", "sysfs", flags, NULL) < 0)
		return bb_err_set(e, errno, "mount of /sys failed");
	bind_etc(name, warn);
	return 0;
}

int netns_foreach(int (*cb)(const char *name, void *arg), void *arg, struct bb_err *e)
{
	struct dirent *d;
	DIR *dp = opendir(NETNS_RUN_DIR);

	if (!dp) {
		if (errno == ENOENT)
			return 0;
		return bb_err_set(e, errno, "Failed to open directory %s", NETNS_RUN_DIR);
	}
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (cb(d->d_name, arg))
			break;
	}
	closedir(dp);
	return 0;
}

struct identify {
	struct stat ns;
	char *name;
	size_t len;
};

static int identify_one(const char *name, void *arg)
{
	struct identify *id = arg;
	char path[PATH_MAX];
	struct stat st;

	if (netns_path(path, sizeof(path), name, NULL) == 0 && stat(path, &st) == 0 &&
	    st.st_dev == id->ns.st_dev && st.st_ino == id->ns.st_ino)
		snprintf(id->name, id->len, "%s", name);
	return 0;
}

int netns_identify(const char *nspath, char *name, size_t len, struct bb_err *e)
{
	struct identify id = { .name = name, .len = len };

	if (len)
		name[0] = '\0';
	if (stat(nspath, &id.ns) < 0)
		return bb_err_set(e, errno, "Cannot open network namespace");
	return netns_foreach(identify_one, &id, e);
}
