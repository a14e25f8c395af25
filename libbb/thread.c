/* How ctbox starts a thread: pthread_create, after making the allocator
 * (malloc.c) safe for fork in a process with threads. fork then takes
 * the allocator's lock first and gives it back on both sides, so that a
 * child never starts with it held by a thread it does not have.
 *
 * A file of its own: a build that starts no thread (tiny_defconfig) links
 * neither pthread_create nor the fork handlers. */
#include <errno.h>
#include <pthread.h>

#include "libbb.h"

int bb_thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
#if defined(CTBOX_OWN_LIBC)
	static int once;

	if (!__atomic_exchange_n(&once, 1, __ATOMIC_ACQ_REL) &&
	    pthread_atfork(bb_malloc_lock, bb_malloc_unlock, bb_malloc_unlock))
		return ENOMEM;
#endif
	return pthread_create(t, NULL, fn, arg);
}
