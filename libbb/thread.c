/* How ctbox starts a thread: pthread_create, after making the allocator
 * (malloc.c) safe for fork in a process with threads. fork then takes
 * the allocator's lock first and gives it back on both sides, so that a
 * child never starts with it held by a thread it does not have.
 *
 * A file of its own: a build that starts no thread (tiny_defconfig) links
 * neither pthread_create nor the fork handlers, and its fork is musl's
 * _Fork (nothread.c). */
#include <errno.h>
#include <pthread.h>

#include "autoconf.h"
#include "libbb.h"

#if BB_NOTHREAD
/* fork is _Fork in this build (nothread.c): a thread here is a link error
 * naming the reason, not a child that may start with a lock held. */
extern int bb_thread_start_needs_ROOTFS_for_musl_fork;
#endif

int bb_thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
#if defined(CTBOX_OWN_LIBC)
	static int once;

	if (!__atomic_exchange_n(&once, 1, __ATOMIC_ACQ_REL) &&
	    pthread_atfork(bb_malloc_lock, bb_malloc_unlock, bb_malloc_unlock))
		return ENOMEM;
#endif
#if BB_NOTHREAD
	if (bb_thread_start_needs_ROOTFS_for_musl_fork)
		return ENOSYS;
#endif
	return pthread_create(t, NULL, fn, arg);
}
