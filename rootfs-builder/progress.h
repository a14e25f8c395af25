/* Progress of a build: on a terminal one status line redrawn in place
 * (phase, packages and bytes done of total, rate, time left); otherwise
 * a few plain lines (each phase, every tenth of the packages); nothing
 * with -q. Written on stderr. */
#ifndef CTBOX_PROGRESS_H
#define CTBOX_PROGRESS_H

#include <stddef.h>

#include "libbb.h"

struct rb_progress {
	int quiet, tty;
	size_t n, done, last_tenth;
	unsigned long long total;
	volatile unsigned long long bytes; /* written by the fetching thread */
	double t0, last_draw;
};

void rb_progress_init(struct rb_progress *p, int quiet);
void rb_progress_phase(struct rb_progress *p, const char *fmt, ...) PRINTF_LIKE(2, 3);
void rb_progress_plan(struct rb_progress *p, size_t n, unsigned long long bytes);
/* A fetch_opts progress callback (any thread: only stores). */
void rb_progress_bytes(void *ctx, unsigned long long bytes);
/* An rb_pipeline callback. */
struct pkg;
void rb_progress_unpacked(void *ctx, size_t done, size_t n, const struct pkg *p);
void rb_progress_done(struct rb_progress *p, size_t n, const char *where);

#endif
