/* The container's network namespace and interfaces, made ahead
 * (ct_net.h): a process forked by start as soon as the plan is known
 * makes the namespace (about 0.5 ms of kernel work, more after an idle
 * spell) and its leading veths (as long again), which go with it, while
 * start takes the container's lock and the monitor prepares the rest; on
 * the go-ahead, given under that lock, it makes the rest: addresses and
 * leases, routes, the other NICs, script.up.
 * It hands both to the monitor over a socket pair: the records as bytes
 * (the same binary on both ends), the namespace as a descriptor. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct_net.h"
#include "libbb.h"
#include "run.h"

struct maker_msg {
	int ok;
	struct ct_net net;
	struct bb_err err;
};

/* In the forked process: a new namespace entered and left again (the
 * host's sockets and scripts stay in the host's); its NICs once told. */
static void maker_main(const struct container *c, const struct ct_run *r, int sock)
{
	struct maker_msg msg;
	int host, ns = -1;
	char go;

	memset(&msg, 0, sizeof(msg));
	ct_net_init(&msg.net);
	host = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (host < 0)
		bb_err_set(&msg.err, errno, "can't open the host's network namespace");
	else if (unshare(CLONE_NEWNET) < 0)
		bb_err_set(&msg.err, errno, "can't create the container's network namespace");
	else if ((ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0 ||
		 setns(host, CLONE_NEWNET) < 0)
		bb_err_set(&msg.err, errno, "can't hold the container's network namespace");
	else {
		/* The veths need no lock: they go with the namespace. */
		int made = !ct_net_has_nics(r) || ct_net_prepare(c, r, ns, &msg.net, &msg.err) == 0;

		if (read(sock, &go, 1) != 1 || go != 'g')
			_exit(0); /* the start ended first */
		msg.ok = made && (!ct_net_has_nics(r) ||
				  ct_net_setup(c, r, ns, &msg.net, &msg.err) == 0);
	}
	(void)bb_send_fd(sock, &msg, sizeof(msg), ns);
	_exit(0);
}

int ct_net_ahead(const struct ct_run *r)
{
	return (r->clone_flags & CLONE_NEWNET) && !(r->clone_flags & CLONE_NEWUSER) &&
	       !RUN_HOOKS(r, HOOK_PRE_START) && !RUN_EXT(r) && geteuid() == 0;
}

int ct_net_maker_start(const struct container *c, const struct ct_run *r,
		       struct ct_net_maker *mk, struct bb_err *e)
{
	int sp[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
		return bb_err_set(e, errno, "socketpair");
	mk->pid = fork();
	if (mk->pid < 0) {
		close(sp[0]);
		close(sp[1]);
		return bb_err_set(e, errno, "can't fork to make the network namespace");
	}
	if (mk->pid == 0) {
		close(sp[0]);
		maker_main(c, r, sp[1]);
	}
	close(sp[1]);
	mk->sock = sp[0];
	return 0;
}

void ct_net_maker_go(struct ct_net_maker *mk)
{
	/* A maker gone already is found out by the collect. */
	if (mk->sock >= 0)
		(void)send(mk->sock, "g", 1, MSG_NOSIGNAL);
}

int ct_net_maker_collect(struct ct_net_maker *mk, struct ct_net *n, struct bb_err *e)
{
	struct maker_msg msg;
	int fd = -1;
	ssize_t got;

	if (mk->sock < 0)
		return 0;
	got = bb_recv_fd(mk->sock, &msg, sizeof(msg), &fd);
	close(mk->sock);
	mk->sock = -1;
	if (got != (ssize_t)sizeof(msg) || fd < 0) {
		if (fd >= 0)
			close(fd);
		return bb_err_set(e, got < 0 ? errno : 0,
				  "the process making the network namespace ended without it");
	}
	*n = msg.net;
	n->nsfd = fd; /* its number there means nothing here */
	if (!msg.ok) {
		*e = msg.err;
		return -1;
	}
	return 0;
}

void ct_net_maker_end(struct ct_net_maker *mk)
{
	if (mk->sock >= 0)
		close(mk->sock);
	mk->sock = -1;
	if (mk->pid > 0)
		(void)waitpid(mk->pid, NULL, 0);
	mk->pid = -1;
}
