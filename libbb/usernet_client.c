/* Clients of the user-nic service, and a netlink socket in a user's own
 * network namespace (see usernet.h). */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rtnl.h"
#include "usernet.h"

#ifndef NS_GET_USERNS
#define NS_GET_USERNS _IO(0xb7, 0x1)
#endif

static const char *socket_path(const char *sock)
{
	const char *env = getenv(USERNET_SOCKET_ENV);

	return sock ? sock : env && *env ? env : USERNET_SOCKET;
}

/* One request (with fd when >= 0), one answer: "ok ..." into reply (the
 * text after "ok"), or -1 with e carrying the service's "error" text. */
static int ask(const char *sock, const char *req, int fd, char *reply, size_t len,
	       struct bb_err *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { 30, 0 };
	const char *path = socket_path(sock);
	ssize_t n;
	int s;

	if (strlen(path) >= sizeof(sa.sun_path))
		return bb_err_set(e, ENAMETOOLONG, "user-nic socket '%s'", path);
	strcpy(sa.sun_path, path);
	s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (s < 0)
		return bb_err_set(e, errno, "socket");
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = errno;

		close(s);
		return bb_err_set(e, err, "no user-nic service answers on %s (root runs `ctbox user-nic --serve`)",
				  path);
	}
	(void)setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (bb_send_fd(s, req, strlen(req), fd) != (ssize_t)strlen(req)) {
		int err = errno;

		close(s);
		return bb_err_set(e, err, "can't send to the user-nic service on %s", path);
	}
	do
		n = recv(s, reply, len - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		int err = n < 0 ? errno : 0;

		close(s);
		return bb_err_set(e, err, "no answer from the user-nic service on %s", path);
	}
	close(s);
	reply[n] = '\0';
	if (strncmp(reply, "error ", 6) == 0)
		return bb_err_set(e, 0, "user-nic: %s", reply + 6);
	if (strncmp(reply, "ok", 2) != 0 || (reply[2] && reply[2] != ' '))
		return bb_err_set(e, EPROTO, "the user-nic service answered '%s'", reply);
	memmove(reply, reply + 2 + (reply[2] == ' '), strlen(reply + 2 + (reply[2] == ' ')) + 1);
	return 0;
}

int usernet_create(const char *sock, int nsfd, const char *bridge, const char *name,
		   unsigned mtu, const unsigned char *mac, struct usernet_answer *a,
		   struct bb_err *e)
{
	char req[160], reply[700], macs[18] = "-";

	if (mac)
		snprintf(macs, sizeof(macs), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
			 mac[3], mac[4], mac[5]);
	/* Names with blanks would shift the fields: the service checks them
	 * again, this only keeps the request well formed. */
	if (strpbrk(bridge, " \t\n") || strpbrk(name, " \t\n") || strlen(bridge) > 15 || strlen(name) > 15)
		return bb_err_set(e, EINVAL, "bad interface name '%s' or '%s'", bridge, name);
	snprintf(req, sizeof(req), "create %s %s %u %s", bridge, name, mtu, macs);
	if (ask(sock, req, nsfd, reply, sizeof(reply), e) < 0)
		return -1;
	memset(a, 0, sizeof(*a));
	if (bb_sscanf(reply, "%15s %d %15s %d", a->inside, &a->inside_idx, a->host, &a->host_idx) != 4)
		return bb_err_set(e, EPROTO, "the user-nic service answered 'ok %s'", reply);
	return 0;
}

int usernet_delete(const char *sock, const char *bridge, const char *host, struct bb_err *e)
{
	char req[160], reply[700];

	if (strpbrk(bridge, " \t\n") || strpbrk(host, " \t\n") || strlen(bridge) > 15 || strlen(host) > 15)
		return bb_err_set(e, EINVAL, "bad interface name '%s' or '%s'", bridge, host);
	snprintf(req, sizeof(req), "delete %s %s", bridge, host);
	return ask(sock, req, -1, reply, sizeof(reply), e);
}

/* The child: into the owning user namespace (its owner has every
 * capability there), then the network namespace; the socket goes back
 * over sp. */
static void nl_child(int nsfd, int sp, int proto)
{
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	char err[600] = "";
	struct iovec iov = { err, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct nl_sock s;
	struct bb_err e;
	int userns = ioctl(nsfd, NS_GET_USERNS);

	if (userns < 0 || setns(userns, CLONE_NEWUSER) < 0 || setns(nsfd, CLONE_NEWNET) < 0) {
		snprintf(err, sizeof(err), "Ecan't enter the container's network namespace: %s",
			 strerror(errno));
		(void)write(sp, err, strlen(err));
		_exit(1);
	}
	if (nl_open(&s, proto, &e) < 0) {
		snprintf(err, sizeof(err), "E%s: %s", e.msg, strerror(e.errnum));
		(void)write(sp, err, strlen(err));
		_exit(1);
	}
	memset(&u, 0, sizeof(u));
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	CMSG_FIRSTHDR(&msg)->cmsg_level = SOL_SOCKET;
	CMSG_FIRSTHDR(&msg)->cmsg_type = SCM_RIGHTS;
	CMSG_FIRSTHDR(&msg)->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(CMSG_FIRSTHDR(&msg)), &s.fd, sizeof(int));
	err[0] = 'K';
	_exit(sendmsg(sp, &msg, MSG_NOSIGNAL) == 1 ? 0 : 1);
}

int usernet_nl_open(int nsfd, struct nl_sock *s, int proto, struct bb_err *e)
{
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	char buf[600];
	struct iovec iov = { buf, sizeof(buf) - 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct sockaddr_nl sa;
	socklen_t salen = sizeof(sa);
	struct cmsghdr *h;
	int sp[2], fd = -1;
	ssize_t n;
	pid_t pid;

	s->fd = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
		return bb_err_set(e, errno, "socketpair");
	pid = fork();
	if (pid < 0) {
		close(sp[0]);
		close(sp[1]);
		return bb_err_set(e, errno, "fork");
	}
	if (pid == 0) {
		close(sp[0]);
		nl_child(nsfd, sp[1], proto);
	}
	close(sp[1]);
	do
		n = recvmsg(sp[0], &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	close(sp[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	for (h = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL; h; h = CMSG_NXTHDR(&msg, h))
		if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(h), sizeof(fd));
	if (fd < 0) {
		buf[n > 0 ? n : 0] = '\0';
		return bb_err_set(e, 0, "%s", n > 1 && buf[0] == 'E' ? buf + 1 :
				  "can't open a netlink socket in the container's network namespace");
	}
	if (getsockname(fd, (struct sockaddr *)&sa, &salen) < 0) {
		int err = errno;

		close(fd);
		return bb_err_set(e, err, "getsockname");
	}
	s->fd = fd;
	s->proto = proto;
	s->portid = sa.nl_pid;
	s->seq = (uint32_t)time(NULL);
	return 0;
}
