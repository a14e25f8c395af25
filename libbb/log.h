/* The container log (lxc.log.file / -o, lxc.log.level / -l), one line per
 * event in LXC's shape: "ctbox NAME 20261123093000.123 LEVEL what - text". */
#ifndef CTBOX_LOG_H
#define CTBOX_LOG_H

#include "libbb.h"

enum { LOG_TRACE, LOG_DEBUG, LOG_INFO, LOG_NOTICE, LOG_WARN, LOG_ERROR, LOG_CRIT,
       LOG_ALERT, LOG_FATAL };

/* Open path for appending (NULL: logging off); level from lxc_loglevel_parse. */
int ct_log_open(const char *name, const char *path, int level, struct bb_err *e);
void ct_log_close(void);
void ct_log(int level, const char *what, const char *fmt, ...) PRINTF_LIKE(3, 4);

#endif
