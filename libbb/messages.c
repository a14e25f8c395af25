/* Messages: "ctbox: APPLET: what failed: why" on stderr. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libbb.h"

const char *applet_name = "ctbox";
int die_status = 1;

void bb_verror_msg(const char *fmt, va_list ap, const char *strerr)
{
	char buf[1024];
	int n;

	n = snprintf(buf, sizeof(buf), "ctbox: ");
	if (applet_name && strcmp(applet_name, "ctbox") != 0)
		n += snprintf(buf + n, sizeof(buf) - n, "%s: ", applet_name);
	if (n < (int)sizeof(buf))
		n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (strerr && n < (int)sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - n, ": %s", strerr);
	if (n >= (int)sizeof(buf) - 1)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	/* One write, so lines from several processes do not interleave. */
	(void)full_write(STDERR_FILENO, buf, n);
}

void bb_error_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bb_verror_msg(fmt, ap, NULL);
	va_end(ap);
}

void bb_perror_msg(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	bb_verror_msg(fmt, ap, err ? strerror(err) : NULL);
	va_end(ap);
}

void bb_warn_msg(const char *fmt, ...)
{
	char f2[512];
	va_list ap;

	snprintf(f2, sizeof(f2), "warning: %s", fmt);
	va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	bb_verror_msg(f2, ap, NULL);
#pragma GCC diagnostic pop
	va_end(ap);
}

void bb_error_msg_and_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bb_verror_msg(fmt, ap, NULL);
	va_end(ap);
	exit(die_status);
}

void bb_perror_msg_and_die(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	bb_verror_msg(fmt, ap, err ? strerror(err) : NULL);
	va_end(ap);
	exit(die_status);
}

int bb_err_set(struct bb_err *e, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	e->errnum = errnum;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void bb_err_print(const struct bb_err *e)
{
	if (e->errnum)
		bb_error_msg("%s: %s", e->msg, strerror(e->errnum));
	else
		bb_error_msg("%s", e->msg);
}

void bb_err_die(const struct bb_err *e)
{
	bb_err_print(e);
	exit(die_status);
}
