/* realpath as the kernel answers it: the path opened (O_PATH, no access
 * needed) and its name read back from /proc/self/fd. musl walks the path
 * itself (1.4 KB of ctbox's static binary); ctbox needs /proc mounted
 * anyway, and the kernel's answer has every symbolic link resolved.
 *
 * Built as bb_realpath; in a static musl build (CTBOX_OWN_LIBC) it is
 * also the C library's realpath, for the whole binary. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libbb.h"

char *bb_realpath(const char *path, char *out)
{
	char proc[32], buf[PATH_MAX];
	struct stat a, b;
	ssize_t n;
	int fd;

	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	if (!*path) {
		errno = ENOENT;
		return NULL;
	}
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, sizeof(buf) - 1);
	/* The name must still be the file opened (not "... (deleted)", nor
	 * a /proc that is not procfs). */
	if (n > 0) {
		buf[n] = '\0';
		if (buf[0] != '/' || fstat(fd, &a) < 0 || stat(buf, &b) < 0 ||
		    a.st_dev != b.st_dev || a.st_ino != b.st_ino)
			n = -1, errno = ENOENT;
	} else if (n == 0) {
		n = -1, errno = ENOENT;
	}
	close(fd);
	if (n < 0)
		return NULL;
	return out ? memcpy(out, buf, (size_t)n + 1) : strdup(buf);
}

#if defined(CTBOX_OWN_LIBC)
char *realpath(const char *restrict path, char *restrict out)
{
	return bb_realpath(path, out);
}
#endif
