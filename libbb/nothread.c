/* fork and the clocks for a build that starts no thread: one without the
 * rootfs builder (ROOTFS), whose downloads and decompression are ctbox's
 * only threads (thread.c), as tiny_defconfig. Built only in a static
 * musl build (CTBOX_OWN_LIBC), where they replace the C library's.
 *
 * - fork: musl's runs the pthread_atfork handlers and, once a process
 *   has had threads, takes every lock of the C library around the
 *   system call. Its _Fork is the rest: signals blocked across the call
 *   and the child's own thread id. Where no thread and no handler can
 *   exist, fork is _Fork. Taking musl's fork also brings its locks'
 *   timed waits and the clocks (1.5 KB of tiny_defconfig).
 * - clock_gettime, gettimeofday, time, clock: the plain system call,
 *   without musl's vDSO lookup (0.9 KB). ctbox reads the clock for
 *   timeouts and log stamps, never in a loop where the 0.1 us of a
 *   system call would show. On x86_64 and aarch64 only: on 32-bit
 *   targets the clock_gettime call takes a 32-bit time_t.
 *
 * thread.c refuses to link beside this fork (BB_NOTHREAD). */
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "autoconf.h"
#include "libbb.h"

#if BB_NOTHREAD
pid_t _Fork(void);

pid_t fork(void)
{
	return _Fork();
}

#if defined(__x86_64__) || defined(__aarch64__)
int clock_gettime(clockid_t clk, struct timespec *ts)
{
	return (int)syscall(SYS_clock_gettime, clk, ts);
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	struct timespec ts;

	if (tv) {
		clock_gettime(CLOCK_REALTIME, &ts);
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	return 0;
}

time_t time(time_t *t)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

clock_t clock(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
		return -1;
	return (clock_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
#endif
#endif
