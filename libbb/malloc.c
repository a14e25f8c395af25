/* The memory allocator, smaller than the C library's (musl's mallocng is
 * about 9 KB of ctbox's static binary; this is under 1.5 KB).
 *
 * Chunks come in size classes: multiples of 16 bytes up to 128, then four
 * classes between consecutive powers of two (at most a quarter wasted), up
 * to MAP_MIN. Each class has a list of freed chunks, reused for the same
 * class; new chunks are cut from 1 MiB regions of anonymous memory (only
 * the pages touched count). A chunk bigger than MAP_MIN is a mapping of
 * its own, given back by free and grown in place by realloc (mremap).
 *
 * Every chunk starts with a 16-byte header: its size and a check word
 * derived from its address. free and realloc verify it, and free changes
 * it, so a double free or a pointer malloc never returned stops the
 * process (abort) instead of corrupting the lists.
 *
 * One lock serialises the threads (the rootfs builder's fetchers and
 * unpackers); once a thread has started (bb_thread_start in thread.c,
 * the only way ctbox starts one), fork holds it, so a child never starts
 * with it taken.
 *
 * In a static musl build (CTBOX_OWN_LIBC) these are malloc, free,
 * calloc and realloc for the whole binary, the C library's included;
 * elsewhere (the unit tests) they are only the bb_ functions. */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libbb.h"

#define HDR 16
#define SMALL 128 /* classes of 16 bytes up to here */
#define MAP_MIN ((size_t)64 << 10) /* chunks above: a mapping each */
#define REGION ((size_t)1 << 20)
#define NCLASS (SMALL / 16 - 1 + 4 * 9) /* 32..128, then 2^7..2^16 in quarters */
#define FREED ((uintptr_t)0x5a5a5a5a5a5a5a5aULL)

struct hdr {
	size_t size;    /* the whole chunk, header included */
	uintptr_t check;
};

static void *freelist[NCLASS];
static char *cur, *end;
static int lock;

void bb_malloc_lock(void)
{
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
		sched_yield();
}

void bb_malloc_unlock(void)
{
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
}

/* The class of a chunk of c bytes (32 <= c <= MAP_MIN), and its size. */
static unsigned class_of(size_t c)
{
	unsigned n;

	if (c <= SMALL)
		return (c + 15) / 16 - 2;
	n = (unsigned)(sizeof(long) * 8 - 1) - (unsigned)__builtin_clzl(c - 1);
	return SMALL / 16 - 1 + 4 * (n - 7) +
		(unsigned)((c - ((size_t)1 << n) - 1) >> (n - 2));
}

static size_t class_size(unsigned i)
{
	unsigned n;

	if (i < SMALL / 16 - 1)
		return (i + 2) * 16;
	i -= SMALL / 16 - 1;
	n = 7 + i / 4;
	return ((size_t)1 << n) + (i % 4 + 1) * ((size_t)1 << (n - 2));
}

static uintptr_t check_of(const struct hdr *h)
{
	return (uintptr_t)h * 0x9e3779b97f4a7c15ULL ^ h->size;
}

static void bad(const char *what)
{
	static const char head[] = "ctbox: memory: ";

	(void)!write(2, head, sizeof(head) - 1);
	(void)!write(2, what, strlen(what));
	(void)!write(2, "\n", 1);
	abort();
}

static struct hdr *header(void *p)
{
	struct hdr *h = (struct hdr *)((char *)p - HDR);

	if (((uintptr_t)p & 15) || h->check != check_of(h))
		bad(h->check == FREED ? "freed twice" : "free of a pointer malloc did not return");
	return h;
}

static void *map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void *stamp(struct hdr *h, size_t size)
{
	h->size = size;
	h->check = check_of(h);
	return (char *)h + HDR;
}

void *bb_malloc(size_t n)
{
	struct hdr *h;
	size_t c;
	unsigned i;

	if (n > PTRDIFF_MAX - 2 * REGION) {
		errno = ENOMEM;
		return NULL;
	}
	c = n + HDR < 2 * HDR ? 2 * HDR : n + HDR;
	if (c > MAP_MIN) {
		c = (c + 4095) & ~(size_t)4095;
		h = map(c);
		return h ? stamp(h, c) : NULL;
	}
	i = class_of(c);
	c = class_size(i);
	bb_malloc_lock();
	if (freelist[i]) {
		h = freelist[i];
		freelist[i] = *(void **)((char *)h + HDR);
	} else {
		if ((size_t)(end - cur) < c) {
			/* The rest of the old region is left unused. */
			cur = map(REGION);
			end = cur ? cur + REGION : NULL;
			if (!cur) {
				bb_malloc_unlock();
				errno = ENOMEM;
				return NULL;
			}
		}
		h = (struct hdr *)cur;
		cur += c;
	}
	bb_malloc_unlock();
	return stamp(h, c);
}

void bb_free(void *p)
{
	struct hdr *h;
	unsigned i;

	if (!p)
		return;
	h = header(p);
	h->check = FREED;
	if (h->size > MAP_MIN) {
		munmap(h, h->size);
		return;
	}
	i = class_of(h->size);
	bb_malloc_lock();
	*(void **)p = freelist[i];
	freelist[i] = h;
	bb_malloc_unlock();
}

void *bb_calloc(size_t k, size_t n)
{
	void *p;

	if (n && k > SIZE_MAX / n) {
		errno = ENOMEM;
		return NULL;
	}
	p = bb_malloc(k * n);
	if (p)
		memset(p, 0, k * n);
	return p;
}

void *bb_realloc(void *p, size_t n)
{
	struct hdr *h;
	size_t have, c;
	void *q;

	if (!p)
		return bb_malloc(n);
	h = header(p);
	have = h->size - HDR;
	c = (n + HDR + 4095) & ~(size_t)4095;
	if (h->size > MAP_MIN && n <= PTRDIFF_MAX - 2 * REGION && c > MAP_MIN) {
		/* A mapping stays one, moved by the kernel if it must. */
		h->check = FREED;
		q = mremap(h, h->size, c, MREMAP_MAYMOVE);
		if (q == MAP_FAILED) {
			h->check = check_of(h);
			errno = ENOMEM;
			return NULL;
		}
		return stamp(q, c);
	}
	if (n <= have && (h->size <= MAP_MIN || n > have / 2))
		return p;
	q = bb_malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, n < have ? n : have);
	bb_free(p);
	return q;
}

#if defined(CTBOX_OWN_LIBC)
void *malloc(size_t n)
{
	return bb_malloc(n);
}

void free(void *p)
{
	bb_free(p);
}

void *calloc(size_t k, size_t n)
{
	return bb_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
	return bb_realloc(p, n);
}

#endif
