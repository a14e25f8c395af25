/* Error-returning I/O helpers. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libbb.h"

ssize_t full_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t r = write(fd, p + done, len - done);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += r;
	}
	return done;
}

ssize_t full_read(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t r = read(fd, p + done, len - done);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		done += r;
	}
	return done;
}

ssize_t full_pread(int fd, void *buf, size_t len, unsigned long long off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

char *read_file(const char *path, size_t max, size_t *lenp)
{
	size_t cap = 4096, len = 0;
	char *buf = NULL;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		char *nb;
		ssize_t r;

		if (!buf || cap - len < 2) {
			if (buf)
				cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				err = ENOMEM;
				goto fail;
			}
			buf = nb;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			goto fail;
		}
		if (r == 0)
			break;
		len += r;
		if (len > max) {
			err = EFBIG;
			goto fail;
		}
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
fail:
	free(buf);
	close(fd);
	errno = err;
	return NULL;
}

char *bb_next_line(char **cur)
{
	char *line = *cur, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchrnul(line, '\n');
	*cur = *nl ? nl + 1 : nl;
	*nl = '\0';
	return line;
}

int bb_write_replace(const char *path, const void *buf, size_t len)
{
	char tmp[PATH_MAX];
	int fd, err;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	err = full_write(fd, buf, len) < 0 ? errno : 0;
	if (close(fd) < 0 && !err)
		err = errno;
	if (!err && bb_replace(tmp, path) == 0)
		return 0;
	err = err ? err : errno;
	unlink(tmp);
	errno = err;
	return -1;
}

int bb_replace(const char *tmp, const char *path)
{
#ifdef SYS_renameat2
	/* RENAME_EXCHANGE (3.15): ENOENT when path is new, EINVAL where the
	 * file system cannot exchange. */
	if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, path, 2) == 0) {
		(void)unlink(tmp);
		return 0;
	}
#endif
	return rename(tmp, path);
}

ssize_t bb_send_fd(int sock, const void *buf, size_t len, int fd)
{
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	struct iovec iov = { (void *)buf, len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (fd >= 0) {
		struct cmsghdr *h;

		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		h = CMSG_FIRSTHDR(&msg);
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_RIGHTS;
		h->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(h), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL);
}

ssize_t bb_recv_fd(int sock, void *buf, size_t len, int *fd)
{
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	struct iovec iov = { buf, len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *h;
	ssize_t r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);

	if (r < 0)
		return r;
	for (h = CMSG_FIRSTHDR(&msg); h; h = CMSG_NXTHDR(&msg, h))
		if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS &&
		    h->cmsg_len == CMSG_LEN(sizeof(int))) {
			int got;

			memcpy(&got, CMSG_DATA(h), sizeof(got));
			if (*fd < 0)
				*fd = got;
			else
				close(got);
		}
	return r;
}
