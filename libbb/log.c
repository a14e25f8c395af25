/* The container log (see log.h). One write per line: lines from the
 * monitor and the container's setup child never interleave. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static const char *const level_names[] = {
	"TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "ERROR", "CRIT", "ALERT", "FATAL",
};

static int log_fd = -1, log_level = LOG_ERROR;
static char log_name[CTBOX_NAME_MAX + 1];

int ct_log_open(const char *name, const char *path, int level, struct bb_err *e)
{
	ct_log_close();
	snprintf(log_name, sizeof(log_name), "%s", name);
	log_level = level;
	if (!path || !*path)
		return 0;
	log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0640);
	if (log_fd < 0)
		return bb_err_set(e, errno, "can't open log file '%s'", path);
	return 0;
}

void ct_log_close(void)
{
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
}

void ct_log(int level, const char *what, const char *fmt, ...)
{
	char line[1024];
	struct timeval tv;
	struct tm tm;
	va_list ap;
	int n;

	if (log_fd < 0 || level < log_level)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = snprintf(line, sizeof(line), "ctbox %s %04d%02d%02d%02d%02d%02d.%03d %-5s %s - ",
		     log_name, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		     tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000),
		     level_names[level < 0 ? 0 : level > LOG_FATAL ? LOG_FATAL : level], what);
	va_start(ap, fmt);
	if (n < (int)sizeof(line))
		n += vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)full_write(log_fd, line, n);
}
