/* Unit tests of the C library calls ctbox makes as plain system calls in
 * a static musl build, built into this test with CTBOX_OWN_LIBC so that
 * each architecture's numbers are checked: libbb/setxid.c (the set*id
 * calls and setrlimit; 32-bit ARM has its own calls for 32-bit ids): a
 * child changes its ids and limits and reports them (root only); and
 * libbb/compat32.c (ioctl and recvmsg, on 32-bit targets): a pipe's
 * FIONREAD, a descriptor and credentials passed over a socket pair; and
 * libbb/compat64.c (stat and its kin, fcntl, on x86_64 and aarch64): a
 * file, a symbolic link, an O_PATH descriptor, flags and seals; and
 * libbb/nothread.c (fork as _Fork, the clocks as system calls on x86_64
 * and aarch64), which every fork of this test then uses. */
#include "tap.h"

#ifdef __GLIBC__
int main(void)
{
	plan_skip_all("glibc (the sanitizer build): setxid.c, compat32.c and compat64.c replace musl's calls only");
}
#else
#define CTBOX_OWN_LIBC 1
#define BB_NOTHREAD 1
#include "../../libbb/setxid.c"
#include "../../libbb/compat32.c"
#include "../../libbb/compat64.c"
#include "../../libbb/nothread.c"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

static void file_calls(void)
{
	char dir[] = "/tmp/ctbox-syscalls.XXXXXX", f[64], l[64];
	struct stat a, b, c, d, e;
	int fd = -1, pfd = -1, dup = -1, mfd;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(f, sizeof(f), "%s/f", dir);
	snprintf(l, sizeof(l), "%s/l", dir);
	fd = open(f, O_RDWR | O_CREAT | O_EXCL, 0640);
	(void)!write(fd, "twelve bytes", 12);
	(void)!symlink("f", l);
	ok(stat(l, &a) == 0 && S_ISREG(a.st_mode) && (a.st_mode & 07777) == 0640 && a.st_size == 12 &&
	   a.st_nlink == 1 && a.st_uid == geteuid(), "stat follows the link: the file, its mode and size");
	ok(lstat(l, &b) == 0 && S_ISLNK(b.st_mode) && b.st_size == 1 && b.st_ino != a.st_ino,
	   "lstat: the link itself");
	ok(fstat(fd, &c) == 0 && c.st_ino == a.st_ino && c.st_dev == a.st_dev && c.st_mtime == a.st_mtime,
	   "fstat: the same file");
	pfd = open(f, O_PATH);
	ok(fstat(pfd, &d) == 0 && d.st_ino == a.st_ino && fstatat(pfd, "", &e, AT_EMPTY_PATH) == 0 &&
	   e.st_ino == a.st_ino, "fstat and fstatat(AT_EMPTY_PATH) on an O_PATH descriptor");
	ok(fstatat(AT_FDCWD, "/nonexistent/x", &e, 0) < 0 && errno == ENOENT &&
	   fstat(-1, &e) < 0 && errno == EBADF, "errors: ENOENT, EBADF");
	dup = fcntl(fd, F_DUPFD_CLOEXEC, 40);
	ok(dup >= 40 && fcntl(dup, F_GETFD) == FD_CLOEXEC && fcntl(fd, F_GETFD) == 0,
	   "fcntl F_DUPFD_CLOEXEC: at or above the minimum, close-on-exec");
	ok(fcntl(fd, F_SETFL, O_NONBLOCK) == 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK),
	   "fcntl F_SETFL, F_GETFL");
	mfd = memfd_create("t", MFD_ALLOW_SEALING);
	ok(mfd >= 0 && fcntl(mfd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW) == 0 &&
	   fcntl(mfd, F_GET_SEALS) == (F_SEAL_WRITE | F_SEAL_GROW) && write(mfd, "x", 1) < 0,
	   "fcntl F_ADD_SEALS, F_GET_SEALS: a sealed memfd refuses writes");
	close(mfd);
	close(dup);
	close(pfd);
	close(fd);
	unlink(l);
	unlink(f);
	rmdir(dir);
}

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

static volatile sig_atomic_t parent_got;

static void on_usr2(int sig)
{
	parent_got = sig;
}

static void nothread_calls(void)
{
	struct timespec a, b, bad;
	struct timeval tv;
	volatile unsigned long spin = 0;
	time_t t, t2;
	clock_t c0, c1;
	int status = 0;
	pid_t pid;

	/* musl's raise signals the calling thread by the id _Fork gives the
	 * child: a stale one would signal the parent instead. */
	signal(SIGUSR2, on_usr2);
	pid = fork();
	if (pid == 0) {
		signal(SIGUSR2, SIG_DFL);
		raise(SIGUSR2);
		_exit(0);
	}
	ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	   WTERMSIG(status) == SIGUSR2 && !parent_got, "fork: the child is itself (raise kills it, not us)");
	signal(SIGUSR2, SIG_DFL);

	t = time(NULL);
	ok(clock_gettime(CLOCK_REALTIME, &a) == 0 && a.tv_sec - t <= 1 && a.tv_sec >= t &&
	   a.tv_nsec >= 0 && a.tv_nsec < 1000000000, "clock_gettime(CLOCK_REALTIME) agrees with time()");
	ok(gettimeofday(&tv, NULL) == 0 && tv.tv_sec - a.tv_sec <= 1 && tv.tv_sec >= a.tv_sec &&
	   tv.tv_usec >= 0 && tv.tv_usec < 1000000 && gettimeofday(NULL, NULL) == 0,
	   "gettimeofday: the same time, in microseconds");
	ok(time(&t2) == t2 && t2 >= t, "time(&t): returned and stored");
	ok(clock_gettime(CLOCK_MONOTONIC, &a) == 0 && clock_gettime(CLOCK_MONOTONIC, &b) == 0 &&
	   (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)),
	   "CLOCK_MONOTONIC does not go back");
	errno = 0;
	ok(clock_gettime((clockid_t)12345, &bad) < 0 && errno == EINVAL, "an unknown clock: -1, EINVAL");
	c0 = clock();
	while (clock() - c0 < 2000)
		spin++;
	c1 = clock();
	ok(c0 >= 0 && c1 - c0 >= 2000 && c1 - c0 < 10000000, "clock(): this process's CPU time, in microseconds");
}

int main(void)
{
	int fds[2], status;
	char got[200] = "";
	pid_t pid;

	plan(19);
	plain_io();
	file_calls();
	nothread_calls();
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
