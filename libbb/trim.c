/* Giving back what a long-lived process of this binary no longer uses:
 * the monitor parsed configs, set up mounts and cgroups, then only waits.
 * Read-only mappings of the binary (code, constants) can be dropped from
 * its resident set: the pages stay in the page cache and come back on
 * use. So can the stack below the current frame. Writable data is kept.
 *
 * Dropping code pages and then running more code brings them back, each
 * fault with its neighbours (the kernel's fault-around, 64 KiB): the
 * drop is therefore done by bb_idle_poll, whose last instructions before
 * the wait are on a page it leaves alone. An idle monitor then keeps one
 * page of code. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "libbb.h"

#define TRIM_MAX 8

struct trim_range {
	unsigned long addr, len;
};

static struct trim_range ranges[TRIM_MAX];
static int nranges = -1;     /* -1: not computed yet */

static long idle_wait(const struct trim_range *r, long n, struct pollfd *p, long np,
		      const struct timespec *ts);

/* Add [lo, hi) minus the page holding idle_wait. */
static void add_range(unsigned long lo, unsigned long hi, unsigned long keep, unsigned long page)
{
	unsigned long cut[2][2] = { { lo, hi }, { 0, 0 } };
	int i;

	if (keep >= lo && keep < hi) {
		cut[0][1] = keep;
		cut[1][0] = keep + page;
		cut[1][1] = hi;
	}
	for (i = 0; i < 2; i++)
		if (cut[i][1] > cut[i][0] && nranges < TRIM_MAX)
			ranges[nranges++] = (struct trim_range){ cut[i][0], cut[i][1] - cut[i][0] };
}

void bb_trim_resident(void)
{
	char exe[256], *maps, *cur, *line;
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	long page = getpagesize();
	unsigned long keep = (unsigned long)(uintptr_t)idle_wait & ~(unsigned long)(page - 1);
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	nranges = 0;
	if (n <= 0 || !(maps = read_file("/proc/self/maps", 1 << 20, NULL)))
		return;
	exe[n] = '\0';
	for (cur = maps; (line = bb_next_line(&cur)); ) {
		unsigned long lo, hi;
		char perms[8], path[300] = "";

		if (bb_sscanf(line, "%lx-%lx %7s %*s %*s %*s %299[^\n]", &lo, &hi, perms, path) < 3)
			continue;
		if (strcmp(path, "[stack]") == 0) {
			/* Below this frame, with a page of margin for the calls
			 * still to come (madvise itself). */
			unsigned long top = (sp - 2 * page) & ~(unsigned long)(page - 1);

			if (top > lo)
				madvise((void *)lo, top - lo, MADV_DONTNEED);
		} else if (perms[1] != 'w' && perms[3] == 'p' &&
			   strncmp(path, exe, strlen(exe)) == 0) {
			add_range(lo, hi, keep, page);
		}
	}
	free(maps);
}

/* The drop and the wait, with nothing run in between but this function:
 * it is aligned so that its few hundred bytes sit on one page, which the
 * ranges leave out. Raw system calls: no libc code on the way. */
#if defined(__x86_64__) || defined(__aarch64__)
__attribute__((noinline, aligned(512)))
static long idle_wait(const struct trim_range *r, long n, struct pollfd *p, long np,
		      const struct timespec *ts)
{
	long i, ret;

	for (i = 0; i < n; i++) {
#if defined(__x86_64__)
		register long a0 __asm__("rdi") = (long)r[i].addr;
		register long a1 __asm__("rsi") = (long)r[i].len;
		register long a2 __asm__("rdx") = MADV_DONTNEED;

		__asm__ volatile("syscall" : "=a"(ret) : "0"((long)SYS_madvise), "r"(a0), "r"(a1), "r"(a2)
				 : "rcx", "r11", "memory");
#else
		register long a0 __asm__("x0") = (long)r[i].addr;
		register long a1 __asm__("x1") = (long)r[i].len;
		register long a2 __asm__("x2") = MADV_DONTNEED;
		register long nr __asm__("x8") = SYS_madvise;

		__asm__ volatile("svc 0" : "+r"(a0) : "r"(a1), "r"(a2), "r"(nr) : "memory");
#endif
	}
	{
#if defined(__x86_64__)
		register long a0 __asm__("rdi") = (long)p;
		register long a1 __asm__("rsi") = np;
		register long a2 __asm__("rdx") = (long)ts;
		register long a3 __asm__("r10") = 0;
		register long a4 __asm__("r8") = 8;

		__asm__ volatile("syscall" : "=a"(ret) : "0"((long)SYS_ppoll), "r"(a0), "r"(a1), "r"(a2),
				 "r"(a3), "r"(a4) : "rcx", "r11", "memory");
#else
		register long a0 __asm__("x0") = (long)p;
		register long a1 __asm__("x1") = np;
		register long a2 __asm__("x2") = (long)ts;
		register long a3 __asm__("x3") = 0;
		register long a4 __asm__("x4") = 8;
		register long nr __asm__("x8") = SYS_ppoll;

		__asm__ volatile("svc 0" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(nr)
				 : "memory");
		ret = a0;
#endif
	}
	return ret;
}
#else
/* Elsewhere: the drop, then an ordinary wait (fault-around brings some
 * code back). */
static long idle_wait(const struct trim_range *r, long n, struct pollfd *p, long np,
		      const struct timespec *ts)
{
	long i;

	for (i = 0; i < n; i++)
		madvise((void *)r[i].addr, r[i].len, MADV_DONTNEED);
	return ppoll(p, np, ts, NULL) < 0 ? -errno : 0;
}
#endif

int bb_idle_poll(struct pollfd *p, unsigned long n, int timeout_ms, int trim)
{
	struct timespec ts = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000L };
	long r = idle_wait(ranges, trim && nranges > 0 ? nranges : 0, p, (long)n,
			   timeout_ms < 0 ? NULL : &ts);

	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}
