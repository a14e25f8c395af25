/* Opening paths under a target directory for the tar reader (tar.h):
 * strictly (no symlink anywhere on the way) or "in root", where symlinks
 * are followed as if the target were '/': openat2(RESOLVE_IN_ROOT) when the
 * kernel has it (5.6 and later), otherwise the same walk in user space,
 * one component at a time with O_NOFOLLOW, reading each symlink and
 * splicing its target into the path still to walk. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fallback.h"
#include "sysnr.h"
#include "tar.h"

#define MAX_LINKS 40
#define WALK_MAX 8192 /* the path still to walk, symlink targets spliced in */

static int no_openat2;

void tar_use_openat2(int on)
{
	no_openat2 = !on;
}

/* openat2 in root: an fd, or -1 with errno (ENOSYS: not available). */
static int openat2_in_root(int root, const char *path, int flags, mode_t mode)
{
	struct open_how how;
	int fd;

	if (no_openat2 || !bb_have(BB_OPENAT2)) {
		errno = ENOSYS;
		return -1;
	}
	memset(&how, 0, sizeof(how));
	how.flags = (unsigned)flags | O_CLOEXEC;
	how.mode = (flags & O_CREAT) ? mode : 0;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	fd = syscall(SYS_openat2, root, path[0] ? path : ".", &how, sizeof(how));
	if (fd < 0 && (errno == ENOSYS || errno == E2BIG)) {
		no_openat2 = 1; /* an old kernel: walk from now on */
		errno = ENOSYS;
	}
	return fd;
}

/* Errors after which the user-space walk gives the real answer: no
 * openat2 (or a seccomp filter's EPERM), a rename race (EAGAIN). */
static int walk_instead(int err)
{
	return err == ENOSYS || err == EAGAIN || err == EXDEV || err == EPERM;
}

/* Strict: every component a real directory, opened with O_NOFOLLOW;
 * missing ones created when mkdirs. */
static int open_dir_strict(int root, const char *path, int mkdirs)
{
	int fd = fcntl(root, F_DUPFD_CLOEXEC, 3);
	const char *p = path;

	while (fd >= 0 && *p) {
		char name[NAME_MAX + 1];
		size_t len = strcspn(p, "/");
		int nfd;

		if (len > NAME_MAX) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		p += len;
		p += strspn(p, "/");
		if (len == 0)
			continue;
		nfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0 && errno == ENOENT && mkdirs) {
			if (mkdirat(fd, name, 0755) < 0 && errno != EEXIST) {
				int err = errno;

				close(fd);
				errno = err;
				return -1;
			}
			nfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		close(fd);
		fd = nfd;
	}
	return fd;
}

/* The user-space walk's state: the directory reached (cur), the real path
 * that leads to it from root (for '..'), and what is left to walk. */
struct walk {
	int root, cur, links;
	char done[WALK_MAX], left[WALK_MAX], spare[WALK_MAX];
	size_t donelen;
};

static int walk_fail(struct walk *w, int err)
{
	if (w->cur >= 0)
		close(w->cur);
	errno = err;
	return -1;
}

/* '..': back to the parent of what was walked, never above root. */
static int walk_up(struct walk *w)
{
	char *slash;
	int fd;

	slash = w->donelen ? strrchr(w->done, '/') : NULL;
	w->donelen = slash ? (size_t)(slash - w->done) : 0;
	w->done[w->donelen] = '\0';
	fd = open_dir_strict(w->root, w->done, 0);
	if (fd < 0)
		return -1;
	close(w->cur);
	w->cur = fd;
	return 0;
}

static int walk_down(struct walk *w, const char *name, int fd)
{
	size_t len = strlen(name);

	if (w->donelen + 1 + len >= sizeof(w->done)) {
		close(fd);
		errno = ENAMETOOLONG;
		return -1;
	}
	if (w->donelen)
		w->done[w->donelen++] = '/';
	memcpy(w->done + w->donelen, name, len + 1);
	w->donelen += len;
	close(w->cur);
	w->cur = fd;
	return 0;
}

/* name is a symlink in cur: splice its target in front of rest. Returns 1
 * when it was one, 0 when it is not a symlink, -1 with errno. */
static int walk_link(struct walk *w, const char *name, const char *rest)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(w->cur, name, target, sizeof(target) - 1);
	size_t restlen = strlen(rest);

	if (n < 0)
		return errno == EINVAL ? 0 : -1;
	if (++w->links > MAX_LINKS) {
		errno = ELOOP;
		return -1;
	}
	target[n] = '\0';
	if ((size_t)n + 1 + restlen >= sizeof(w->spare)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(w->spare, target, n);
	w->spare[n] = '/';
	memcpy(w->spare + n + 1, rest, restlen + 1);
	memcpy(w->left, w->spare, n + 1 + restlen + 1);
	if (target[0] == '/') { /* absolute: from the root again */
		int fd = fcntl(w->root, F_DUPFD_CLOEXEC, 3);

		if (fd < 0)
			return -1;
		close(w->cur);
		w->cur = fd;
		w->donelen = 0;
		w->done[0] = '\0';
	}
	return 1;
}

/* Walk path under root. Every component but the last must be a directory;
 * the last is opened with flags (followed unless O_NOFOLLOW). With mkdirs,
 * missing directories are created (the last one too when flags has
 * O_DIRECTORY). */
static int walk(int root, const char *path, int flags, mode_t mode, int mkdirs)
{
	struct walk *w = malloc(sizeof(*w));
	const char *p;
	int fd;

	if (!w)
		return -1;
	w->root = root;
	w->links = 0;
	w->donelen = 0;
	w->done[0] = '\0';
	if (strlen(path) >= sizeof(w->left)) {
		free(w);
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(w->left, path);
	w->cur = fcntl(root, F_DUPFD_CLOEXEC, 3);
	if (w->cur < 0) {
		free(w);
		return -1;
	}
	p = w->left;
	for (;;) {
		char name[NAME_MAX + 1], rest[WALK_MAX];
		size_t len;
		int last, tried_mkdir = 0, r;

		p += strspn(p, "/");
		len = strcspn(p, "/");
		if (len > NAME_MAX) {
			fd = walk_fail(w, ENAMETOOLONG);
			break;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		strcpy(rest, p + len + strspn(p + len, "/"));
		last = rest[0] == '\0';
		if (len == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
			if (len == 2 && walk_up(w) < 0) {
				fd = walk_fail(w, errno);
				break;
			}
			if (last) { /* the directory reached is the answer */
				fd = openat(w->cur, ".", flags & ~(O_CREAT | O_EXCL | O_NOFOLLOW), mode);
				fd = fd < 0 ? walk_fail(w, errno) : (close(w->cur), fd);
				break;
			}
			memmove(w->left, rest, strlen(rest) + 1);
			p = w->left;
			continue;
		}
retry:
		if (!last)
			fd = openat(w->cur, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		else
			fd = openat(w->cur, name, flags | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0) {
			if (last) {
				close(w->cur);
				break;
			}
			if (walk_down(w, name, fd) < 0) {
				fd = walk_fail(w, errno);
				break;
			}
			memmove(w->left, rest, strlen(rest) + 1);
			p = w->left;
			continue;
		}
		r = errno;
		if (r == ENOENT && mkdirs && !tried_mkdir && (!last || (flags & O_DIRECTORY))) {
			tried_mkdir = 1;
			if (mkdirat(w->cur, name, 0755) == 0 || errno == EEXIST)
				goto retry; /* EEXIST: a dangling symlink, followed below */
			fd = walk_fail(w, errno);
			break;
		}
		if ((r == ELOOP || r == ENOTDIR || r == ENOENT) && !(last && (flags & O_NOFOLLOW))) {
			int lr = walk_link(w, name, rest);

			if (lr > 0) {
				p = w->left;
				continue;
			}
			if (lr < 0 && errno != ENOENT)
				r = errno;
		}
		fd = walk_fail(w, r);
		break;
	}
	free(w);
	return fd;
}

int tar_open_in_root(int root, const char *path, int flags, mode_t mode)
{
	int fd = openat2_in_root(root, path, flags, mode);

	if (fd >= 0 || !walk_instead(errno))
		return fd;
	return walk(root, path, flags, mode, 0);
}

int tar_open_dir(int root, const char *path, unsigned how)
{
	int fd;

	if (!(how & TAR_DIR_IN_ROOT))
		return open_dir_strict(root, path, how & TAR_DIR_CREATE);
	fd = openat2_in_root(root, path, O_RDONLY | O_DIRECTORY, 0);
	if (fd >= 0)
		return fd;
	if (walk_instead(errno) || (errno == ENOENT && (how & TAR_DIR_CREATE)))
		return walk(root, path, O_RDONLY | O_DIRECTORY, 0, how & TAR_DIR_CREATE);
	return -1;
}
