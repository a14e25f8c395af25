/* setuid, setgid, setresuid, setresgid, setgroups and setrlimit as the
 * plain system calls. musl makes each one process-wide by running it in
 * every thread (__synccall: 2 KB of ctbox's static binary); ctbox changes
 * its credentials and limits only in a process with one thread (a forked
 * child before exec), where the system call alone does the same.
 *
 * Built only in a static musl build (CTBOX_OWN_LIBC), where they replace
 * the C library's for the whole binary. */
#include <grp.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libbb.h"

#if defined(CTBOX_OWN_LIBC)
/* 32-bit ARM: the calls with 32-bit ids. */
#ifdef SYS_setuid32
#define ID(name) SYS_##name##32
#else
#define ID(name) SYS_##name
#endif

int setuid(uid_t uid)
{
	return (int)syscall(ID(setuid), uid);
}

int setgid(gid_t gid)
{
	return (int)syscall(ID(setgid), gid);
}

int setresuid(uid_t r, uid_t e, uid_t s)
{
	return (int)syscall(ID(setresuid), r, e, s);
}

int setresgid(gid_t r, gid_t e, gid_t s)
{
	return (int)syscall(ID(setresgid), r, e, s);
}

int setgroups(size_t n, const gid_t *groups)
{
	return (int)syscall(ID(setgroups), n, groups);
}

int setrlimit(int resource, const struct rlimit *rl)
{
	return (int)syscall(SYS_prlimit64, 0, resource, rl, NULL);
}
#endif
