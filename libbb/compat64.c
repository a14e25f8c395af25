/* stat, lstat, fstat, fstatat and fcntl as the plain system calls on
 * x86_64 and aarch64. There the kernel's struct stat is the C library's,
 * and musl's versions only add what ctbox never needs: a copy through
 * the kernel's layout, a /proc/self/fd fallback for kernels before 2.6.39
 * and fcntl's emulations of F_DUPFD_CLOEXEC (before 2.6.24) and F_GETOWN
 * (0.9 KB of ctbox's static binary).
 *
 * Built only in a static musl build (CTBOX_OWN_LIBC) for those two
 * targets, where they replace the C library's. */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libbb.h"

#if defined(CTBOX_OWN_LIBC) && (defined(__x86_64__) || defined(__aarch64__))
#ifdef __x86_64__
_Static_assert(sizeof(struct stat) == 144, "struct stat is the kernel's");
#else
_Static_assert(sizeof(struct stat) == 128, "struct stat is the kernel's");
#endif

int fstatat(int fd, const char *restrict path, struct stat *restrict st, int flag)
{
	return (int)syscall(SYS_newfstatat, fd, path, st, flag);
}

int stat(const char *restrict path, struct stat *restrict st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int fstat(int fd, struct stat *st)
{
	return (int)syscall(SYS_fstat, fd, st);
}

int fcntl(int fd, int cmd, ...)
{
	unsigned long arg;
	va_list ap;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	return (int)syscall(SYS_fcntl, fd, cmd, arg);
}
#endif
