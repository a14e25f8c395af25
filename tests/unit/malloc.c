/* Unit tests of ctbox's allocator (libbb/malloc.c), through its bb_
 * names: alignment and every size class's bounds, freed chunks reused,
 * a random mix of malloc, realloc and free whose contents are checked
 * throughout, mappings grown and shrunk by realloc, calloc's zeroes and
 * overflow, threads at once (started by bb_thread_start), and a double
 * free or a foreign pointer stopping the process. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libbb.h"
#include "tap.h"

static uint32_t rnd = 12345;

static uint32_t next(void)
{
	rnd ^= rnd << 13;
	rnd ^= rnd >> 17;
	rnd ^= rnd << 5;
	return rnd;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

static int intact(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 7))
			return 0;
	return 1;
}

/* Every size from 0 to 70000 (all classes and the first mappings): aligned,
 * writable to the last byte, and no chunk overlapping the next one. */
static void sizes(void)
{
	int good = 1;
	unsigned char *prev = NULL;
	size_t prev_n = 0;

	for (size_t n = 0; n <= 70000; n += n < 300 ? 1 : 97) {
		unsigned char *p = bb_malloc(n);

		if (!p || ((uintptr_t)p & 15)) {
			good = 0;
			break;
		}
		fill(p, n, (unsigned)n);
		if (prev && !intact(prev, prev_n, (unsigned)prev_n))
			good = 0;
		bb_free(prev);
		prev = p;
		prev_n = n;
	}
	bb_free(prev);
	ok(good, "sizes 0 to 70000: 16-byte aligned, every byte kept");
}

static void reuse(void)
{
	void *a = bb_malloc(100), *b;

	bb_free(a);
	b = bb_malloc(97);
	ok(a == b, "a freed chunk serves the next request of its class");
	bb_free(b);
}

#define SLOTS 512

static void mixed(void)
{
	unsigned char *p[SLOTS] = { 0 };
	size_t n[SLOTS] = { 0 };
	unsigned seed[SLOTS] = { 0 };
	int good = 1;

	for (int round = 0; round < 40000 && good; round++) {
		unsigned i = next() % SLOTS, what = next() % 4;
		size_t want = next() % 4 == 0 ? next() % 200000 : next() % 600;

		if (p[i] && !intact(p[i], n[i], seed[i]))
			good = 0;
		if (what == 0) {
			bb_free(p[i]);
			p[i] = NULL;
			n[i] = 0;
		} else if (what == 1 && p[i]) {
			unsigned char *q = bb_realloc(p[i], want);
			size_t keep = want < n[i] ? want : n[i];

			if (!q || !intact(q, keep, seed[i]))
				good = 0;
			p[i] = q;
			n[i] = keep;
		} else {
			bb_free(p[i]);
			p[i] = bb_malloc(want);
			seed[i] = next();
			n[i] = want;
			if (!p[i])
				good = 0;
			else
				fill(p[i], want, seed[i]);
		}
	}
	for (unsigned i = 0; i < SLOTS; i++) {
		if (p[i] && !intact(p[i], n[i], seed[i]))
			good = 0;
		bb_free(p[i]);
	}
	ok(good, "40000 random mallocs, reallocs and frees keep every byte");
}

static void mappings(void)
{
	size_t n = 100000;
	unsigned char *p = bb_malloc(n);
	int good = p != NULL;

	fill(p, n, 3);
	for (; good && n < (16u << 20); n *= 3) {
		unsigned char *q = bb_realloc(p, n * 3);

		good = q && intact(q, n, 3);
		p = q;
		fill(p, n * 3, 3);
	}
	ok(good, "a mapping grown by realloc up to %zu bytes keeps its contents", n);
	p = bb_realloc(p, 1000);
	ok(p && intact(p, 1000, 3), "shrunk to a small chunk, its start is kept");
	bb_free(p);
}

static void zeroes(void)
{
	unsigned char *p = bb_malloc(4000);
	int good = 1;

	memset(p, 0xff, 4000);
	bb_free(p);
	p = bb_calloc(40, 100);
	for (int i = 0; p && i < 4000; i++)
		good &= p[i] == 0;
	ok(p && good, "calloc zeroes a reused chunk");
	bb_free(p);
	errno = 0;
	ok(!bb_calloc(SIZE_MAX / 2, 3) && errno == ENOMEM, "calloc refuses an overflowing size (ENOMEM)");
	errno = 0;
	ok(!bb_malloc(SIZE_MAX - 8) && errno == ENOMEM, "malloc refuses an impossible size (ENOMEM)");
	ok(bb_realloc(NULL, 0) != NULL, "realloc of NULL is malloc");
}

static void *worker(void *arg)
{
	unsigned char *p[64] = { 0 };
	uintptr_t bad = 0;
	unsigned s = (unsigned)(uintptr_t)arg;

	for (int round = 0; round < 20000; round++) {
		unsigned i = (s = s * 1103515245 + 12345) % 64;
		size_t n = (s >> 8) % 3000;

		if (p[i] && !intact(p[i], 64, (unsigned)(uintptr_t)p[i]))
			bad++;
		bb_free(p[i]);
		p[i] = bb_malloc(n + 64);
		fill(p[i], 64, (unsigned)(uintptr_t)p[i]);
	}
	for (int i = 0; i < 64; i++)
		bb_free(p[i]);
	return (void *)bad;
}

static void threads(void)
{
	pthread_t t[4];
	uintptr_t bad = 0;

	for (uintptr_t i = 0; i < 4; i++)
		bb_thread_start(&t[i], worker, (void *)(i + 1));
	for (int i = 0; i < 4; i++) {
		void *r;

		pthread_join(t[i], &r);
		bad += (uintptr_t)r;
	}
	ok(bad == 0, "four threads at once: no chunk handed out twice");
}

/* CODE in a child: killed by SIGABRT, with the message on stderr. */
static void aborts(int code, const char *name)
{
	int fds[2], status;
	char msg[200] = "";
	pid_t pid;

	if (pipe(fds))
		return;
	pid = fork();
	if (pid == 0) {
		char *p = bb_malloc(40), buf[64];

		dup2(fds[1], 2);
		if (code == 0) {
			bb_free(p);
			bb_free(p);
		} else {
			bb_free(buf + 16);
		}
		_exit(0);
	}
	close(fds[1]);
	(void)!read(fds[0], msg, sizeof(msg) - 1);
	close(fds[0]);
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT && strstr(msg, "ctbox: memory: "),
		"%s: aborted (%s)", name, strtok(msg, "\n") ? msg : "no message");
}

int main(void)
{
	plan(12);
	sizes();
	reuse();
	mixed();
	mappings();
	zeroes();
	threads();
	aborts(0, "a double free");
	aborts(1, "free of a pointer malloc did not return");
	return done_testing();
}
