/* ioctl and recvmsg as the plain system calls on 32-bit targets. There,
 * musl's convert the 64-bit time structures of a few requests and
 * control messages for old kernels (socket time stamps, sound, video:
 * 1.1 KB of ctbox's armhf binary); ctbox makes none of those requests and
 * receives only descriptors and credentials.
 *
 * Built only in a static musl build (CTBOX_OWN_LIBC) for a target whose
 * long has 32 bits, where they replace the C library's. */
#include <limits.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libbb.h"

#if defined(CTBOX_OWN_LIBC) && LONG_MAX == 0x7fffffffL
int ioctl(int fd, int req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	return (int)syscall(SYS_ioctl, fd, req, arg);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	return syscall(SYS_recvmsg, fd, msg, flags);
}
#endif
