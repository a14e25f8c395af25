/* Output-only stdio for a build whose applets print and format but never
 * read a FILE (OWN_STDIO, as tiny_defconfig): stdout and stderr, printf
 * and its kin, puts, fputs, fputc, fwrite and fflush, and the string
 * formatters (snprintf, asprintf ...). Built only in a static musl build
 * (CTBOX_OWN_LIBC), where they replace the C library's stdio (4 KB of it
 * with its locks, buffers and exit-time flushing).
 *
 * A FILE here is a file descriptor or a string. Nothing is buffered
 * between calls: each call (one printf, one fputs) is written when it
 * ends (printf.c gathers a call's output in 128-byte pieces), so there is
 * nothing to flush at exit, before a fork or before an exec, and stdout's
 * and stderr's lines keep their order. The C library's own stdio code
 * would read this FILE as its own: the functions it shares with its
 * readers (__lockfile, __toread ...) are defined here to fail the link,
 * naming the reason, if anything brings that code in. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoconf.h"
#include "libbb.h"

#if BB_NOSTDIO
struct _IO_FILE {
	int fd;      /* -1: a string */
	char *s;     /* the string's buffer */
	size_t cap;  /* bytes it holds before its NUL */
	size_t len;  /* bytes written (may exceed cap: the rest is counted) */
};

static FILE out_file = { .fd = 1 }, err_file = { .fd = 2 };
FILE *const stdout = &out_file;
FILE *const stderr = &err_file;

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	size_t want = size * n, done = 0;

	if (!want)
		return 0;
	if (f->fd < 0) {
		if (f->len < f->cap)
			memcpy(f->s + f->len, p, f->cap - f->len < want ? f->cap - f->len : want);
		f->len += want;
		return n;
	}
	while (done < want) {
		ssize_t w = write(f->fd, (const char *)p + done, want - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	return done / size;
}

int fputs(const char *restrict s, FILE *restrict f)
{
	size_t n = strlen(s);

	return fwrite(s, 1, n, f) == n ? 0 : EOF;
}

int puts(const char *s)
{
	return fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF ? EOF : 0;
}

int fputc(int c, FILE *f)
{
	unsigned char b = (unsigned char)c;

	return fwrite(&b, 1, 1, f) == 1 ? b : EOF;
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fflush(FILE *f)
{
	return 0;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return r;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap)
{
	FILE f = { .fd = -1, .s = s, .cap = n ? n - 1 : 0 };
	int r = vfprintf(&f, fmt, ap);

	if (n)
		s[f.len < f.cap ? f.len : f.cap] = '\0';
	return r;
}

int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(s, n, fmt, ap);
	va_end(ap);
	return r;
}

int vsprintf(char *restrict s, const char *restrict fmt, va_list ap)
{
	return vsnprintf(s, INT_MAX, fmt, ap);
}

int sprintf(char *restrict s, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsprintf(s, fmt, ap);
	va_end(ap);
	return r;
}

int vasprintf(char **s, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	*s = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!*s)
		return -1;
	return vsnprintf(*s, (size_t)n + 1, fmt, ap);
}

int asprintf(char **s, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(s, fmt, ap);
	va_end(ap);
	return r;
}

/* The C library's FILE code, which would take this FILE for its own: a
 * call of it fails the link. Not in an LTO=0 build (made for its link
 * map: its objects keep code that LTO finds dead, never run, and that
 * may call the C library's FILE code): there the calls trap. */
#ifndef CTBOX_NO_LTO
extern int OWN_STDIO_is_set_but_this_build_uses_more_of_the_C_library_stdio;
#define REFUSED return OWN_STDIO_is_set_but_this_build_uses_more_of_the_C_library_stdio
#else
#define REFUSED __builtin_trap()
#endif
#define REFUSE(name) \
	int name(void); \
	int name(void) { REFUSED; }
REFUSE(__lockfile)
REFUSE(__unlockfile)
REFUSE(__toread)
REFUSE(__towrite)
REFUSE(__uflow)
REFUSE(__overflow)
REFUSE(__ofl_add)
REFUSE(__stdio_read)
REFUSE(__stdio_write)
REFUSE(__stdio_seek)
REFUSE(__stdio_close)
#endif
