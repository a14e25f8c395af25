/* Unit tests of the C library calls ctbox makes as plain system calls in
 * a static musl build, built into this test with CTBOX_OWN_LIBC so that
 * each architecture's numbers are checked: libbb/setxid.c (the set*id
 * calls and setrlimit; 32-bit ARM has its own calls for 32-bit ids): a
 * child changes its ids and limits and reports them (root only); and
 * libbb/compat32.c (ioctl and recvmsg, on 32-bit targets): a pipe's
 * FIONREAD, a descriptor and credentials passed over a socket pair. */
#include "tap.h"

#ifdef __GLIBC__
int main(void)
{
	plan_skip_all("glibc (the sanitizer build): setxid.c and compat32.c replace musl's calls only");
}
#else
#define CTBOX_OWN_LIBC 1
#include "../../libbb/setxid.c"
#include "../../libbb/compat32.c"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static void plain_io(void)
{
	int p[2], sv[2], n = -1, got_fd = -1, one = 1;
	char data = 'x', cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, ccred[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { &data, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	struct ucred cred = { 0 };

	if (pipe(p) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
		ok(0, "pipe, socketpair");
		return;
	}
	(void)!write(p[1], "hello", 5);
	ok(ioctl(p[0], FIONREAD, &n) == 0 && n == 5, "ioctl FIONREAD: 5 bytes waiting");
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &p[0], sizeof(int));
	(void)!sendmsg(sv[0], &m, 0);
	memset(cbuf, 0, sizeof(cbuf));
	data = 0;
	if (recvmsg(sv[1], &m, 0) == 1 && (c = CMSG_FIRSTHDR(&m)) && c->cmsg_type == SCM_RIGHTS)
		memcpy(&got_fd, CMSG_DATA(c), sizeof(int));
	n = -1;
	ok(data == 'x' && got_fd >= 0 && ioctl(got_fd, FIONREAD, &n) == 0 && n == 5,
	   "recvmsg: the byte and a descriptor of the same pipe");
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	m.msg_control = ccred;
	m.msg_controllen = sizeof(ccred);
	(void)!write(sv[0], "y", 1);
	if (recvmsg(sv[1], &m, 0) == 1 && (c = CMSG_FIRSTHDR(&m)) && c->cmsg_type == SCM_CREDENTIALS)
		memcpy(&cred, CMSG_DATA(c), sizeof(cred));
	ok(cred.pid == getpid() && cred.uid == getuid(), "recvmsg: the sender's credentials");
}

int main(void)
{
	int fds[2], status;
	char got[200] = "";
	pid_t pid;

	plan(4);
	plain_io();
	if (geteuid() != 0) {
		skip("needs root (changes the ids of a child)");
		return done_testing();
	}
	if (pipe(fds) < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		gid_t g[2] = { 5, 70000 }, out[4] = { 0 };
		struct rlimit rl = { 100, 200 }, lim = { 0, 0 };
		uid_t r, e, s;
		gid_t gr, ge, gs;
		int n, a = setgroups(2, g), b = setrlimit(RLIMIT_NOFILE, &rl), c, d;

		n = getgroups(4, out);
		getrlimit(RLIMIT_NOFILE, &lim);
		c = setresgid(70001, 70002, 70003);
		getresgid(&gr, &ge, &gs);
		d = setresuid(70004, 70005, 70006);
		getresuid(&r, &e, &s);
		dprintf(fds[1], "%d %d:%u,%u %d %llu/%llu %d %u,%u,%u %d %u,%u,%u", a, n, out[0], out[1], b,
			(unsigned long long)lim.rlim_cur, (unsigned long long)lim.rlim_max, c, gr, ge, gs,
			d, r, e, s);
		_exit(setuid(0) == 0); /* no longer allowed */
	}
	close(fds[1]);
	(void)!read(fds[0], got, sizeof(got) - 1);
	waitpid(pid, &status, 0);
	is_str(got, "0 2:5,70000 0 100/200 0 70001,70002,70003 0 70004,70005,70006",
	       "setgroups, setrlimit, setresgid, setresuid: ids above 65535 and limits as set");
	return done_testing();
}
#endif
