/* The monitor's command socket (see cmd.h). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cmd.h"

static int sock_addr(const struct container *c, struct sockaddr_un *sa, struct bb_err *e)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if ((size_t)snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/sock", c->rundir) >=
	    sizeof(sa->sun_path))
		return bb_err_set(e, ENAMETOOLONG, "command socket path '%s/sock'", c->rundir);
	return 0;
}

int cmd_listen(const struct container *c, struct bb_err *e)
{
	struct sockaddr_un sa;
	int fd;

	if (sock_addr(c, &sa, e) < 0)
		return -1;
	unlink(sa.sun_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return bb_err_set(e, errno, "command socket");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 16) < 0) {
		bb_err_set(e, errno, "can't listen on '%s'", sa.sun_path);
		close(fd);
		return -1;
	}
	return fd;
}

int cmd_accept(int lfd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return -1;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
	    (cred.uid != 0 && cred.uid != getuid())) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One byte, and a descriptor passed along with it (SCM_RIGHTS) into
 * *passed when there is one and passed is not NULL (else it is closed). */
static ssize_t read_byte(int fd, char *c, int *passed)
{
	int got = -1;
	ssize_t r = bb_recv_fd(fd, c, 1, &got);

	if (got >= 0 && passed && *passed < 0)
		*passed = got;
	else if (got >= 0)
		close(got);
	return r;
}

int cmd_read_line(int fd, char *buf, size_t len, int timeout_ms)
{
	return cmd_read_request(fd, buf, len, timeout_ms, NULL);
}

int cmd_read_request(int fd, char *buf, size_t len, int timeout_ms, int *passed)
{
	size_t n = 0;

	if (passed)
		*passed = -1;
	while (n + 1 < len) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;
		int pr = poll(&p, 1, timeout_ms);

		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0)
			errno = ETIMEDOUT;
		if (pr <= 0)
			return -1;
		/* A byte at a time: what follows the line (a console's
		 * scrollback) is not ours to take. */
		r = read_byte(fd, buf + n, passed);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			break;
		n += r;
		if (buf[n - 1] == '\n')
			break;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return n ? (int)strlen(buf) : -1;
}

int cmd_call(const struct container *c, const char *req, char *reply, size_t len,
	     int timeout_ms, struct bb_err *e)
{
	return cmd_call_fd(c, req, -1, reply, len, timeout_ms, e);
}

int cmd_call_fd(const struct container *c, const char *req, int pass_fd, char *reply,
		size_t len, int timeout_ms, struct bb_err *e)
{
	int fd = cmd_open_fd(c, req, pass_fd, reply, len, timeout_ms, e);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* The request's first byte carries pass_fd when it is >= 0. */
static int send_request(int fd, const char *req, int pass_fd)
{
	if (pass_fd >= 0) {
		if (bb_send_fd(fd, req, 1, pass_fd) != 1)
			return -1;
		req++;
	}
	if (full_write(fd, req, strlen(req)) < 0 || full_write(fd, "\n", 1) < 0)
		return -1;
	return 0;
}

int cmd_open(const struct container *c, const char *req, char *reply, size_t len,
	     int timeout_ms, struct bb_err *e)
{
	return cmd_open_fd(c, req, -1, reply, len, timeout_ms, e);
}

int cmd_open_fd(const struct container *c, const char *req, int pass_fd, char *reply,
		size_t len, int timeout_ms, struct bb_err *e)
{
	struct sockaddr_un sa;
	int fd, r;

	if (sock_addr(c, &sa, e) < 0)
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return bb_err_set(e, errno, "command socket");
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		bb_err_set(e, errno, "can't reach the monitor of '%s'", c->name);
		close(fd);
		return -1;
	}
	if (send_request(fd, req, pass_fd) < 0) {
		bb_err_set(e, errno, "can't talk to the monitor of '%s'", c->name);
		close(fd);
		return -1;
	}
	errno = 0;
	r = cmd_read_line(fd, reply, len, timeout_ms);
	if (r < 0) {
		int err = errno;

		close(fd);
		if (err == ETIMEDOUT)
			return bb_err_set(e, ETIMEDOUT, "no answer in time from the monitor of '%s'", c->name);
		return bb_err_set(e, ECONNRESET, "no answer from the monitor of '%s'", c->name);
	}
	return fd;
}
