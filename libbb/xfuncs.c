/* x-functions: allocation and I/O that die with a message on failure.
 * For applet code only; library code uses the error-returning forms. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "libbb.h"

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		bb_error_msg_and_die("out of memory");
	return p;
}

void *xzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		bb_error_msg_and_die("out of memory");
	return p;
}

void *xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);

	if (!p)
		bb_error_msg_and_die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		bb_error_msg_and_die("out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (r < 0)
		bb_error_msg_and_die("out of memory");
	return p;
}

int xopen(const char *path, int flags, mode_t mode)
{
	int fd = open(path, flags | O_CLOEXEC, mode);

	if (fd < 0)
		bb_perror_msg_and_die("can't open '%s'", path);
	return fd;
}

void xwrite(int fd, const void *buf, size_t len)
{
	if (full_write(fd, buf, len) < 0)
		bb_perror_msg_and_die("write failed");
}
