/* Progress display of the rootfs builder (progress.h). */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "pkgidx.h"
#include "progress.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void rb_progress_init(struct rb_progress *p, int quiet)
{
	*p = (struct rb_progress){ .quiet = quiet, .tty = isatty(2), .t0 = now_s() };
}

static void end_line(struct rb_progress *p)
{
	if (p->tty && p->last_draw > 0)
		fputs("\r\033[K", stderr);
}

void rb_progress_phase(struct rb_progress *p, const char *fmt, ...)
{
	va_list ap;

	if (p->quiet)
		return;
	end_line(p);
	fprintf(stderr, "ctbox: rootfs: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void rb_progress_plan(struct rb_progress *p, size_t n, unsigned long long bytes)
{
	p->n = n;
	p->total = bytes;
	if (!p->quiet)
		rb_progress_phase(p, "%zu packages, %.1f MB", n, bytes / 1e6);
}

void rb_progress_bytes(void *ctx, unsigned long long bytes)
{
	((struct rb_progress *)ctx)->bytes = bytes;
}

static void draw(struct rb_progress *p, const char *name)
{
	double t = now_s(), el = t - p->t0, rate = el > 0 ? p->bytes / el : 0;
	double left = rate > 0 && p->total > p->bytes ? (p->total - p->bytes) / rate : 0;

	if (t - p->last_draw < 0.1 && p->done < p->n)
		return;
	p->last_draw = t;
	fprintf(stderr, "\r\033[K%zu/%zu packages, %.1f/%.1f MB, %.1f MB/s, %.0f s left  %s",
		p->done, p->n, p->bytes / 1e6, p->total / 1e6, rate / 1e6, left, name);
}

void rb_progress_unpacked(void *ctx, size_t done, size_t n, const struct pkg *pk)
{
	struct rb_progress *p = ctx;

	p->done = done;
	if (p->quiet)
		return;
	if (p->tty) {
		draw(p, pk->name);
	} else if (done * 10 / n != p->last_tenth || done == n) {
		p->last_tenth = done * 10 / n;
		fprintf(stderr, "ctbox: rootfs: %zu/%zu packages unpacked\n", done, n);
	}
}

void rb_progress_done(struct rb_progress *p, size_t n, const char *where)
{
	if (p->quiet)
		return;
	end_line(p);
	p->last_draw = 0;
	if (n)
		rb_progress_phase(p, "%zu packages installed in %s (%.1f s)", n, where,
				  now_s() - p->t0);
	else
		rb_progress_phase(p, "done: %s (%.1f s)", where, now_s() - p->t0);
}
