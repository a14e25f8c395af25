/* LXC's common options: -n NAME -P LXCPATH -l LEVEL -o FILE -q. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "libbb.h"

static const char *const loglevels[] = {
	"TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "ERROR", "CRIT", "ALERT", "FATAL",
};

int lxc_loglevel_parse(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(loglevels); i++)
		if (strcasecmp(s, loglevels[i]) == 0)
			return i;
	/* LXC also takes WARNING and ERR as spellings. */
	if (strcasecmp(s, "WARNING") == 0)
		return 4;
	if (strcasecmp(s, "ERR") == 0)
		return 5;
	return -1;
}

int lxc_args_check(struct lxc_args *a, unsigned flags, struct bb_err *e)
{
	const char *why;

	if (!a->lxcpath || !*a->lxcpath) {
		const char *env = getenv("CTBOX_LXCPATH"), *home = getenv("HOME");
		static char user[512];

		a->lxcpath = env && *env ? env : CTBOX_DEFAULT_LXCPATH;
		/* Another user's containers live where LXC keeps them. */
		if (!(env && *env) && geteuid() != 0 && home && home[0] == '/') {
			snprintf(user, sizeof(user), "%s/.local/share/lxc", home);
			a->lxcpath = user;
		}
	}
	if (a->lxcpath[0] != '/')
		return bb_err_set(e, 0, "lxcpath '%s' is not an absolute path", a->lxcpath);
	if (a->loglevel && lxc_loglevel_parse(a->loglevel) < 0)
		return bb_err_set(e, 0, "invalid log priority '%s' (TRACE, DEBUG, INFO, NOTICE, WARN, ERROR, CRIT, ALERT or FATAL)",
				  a->loglevel);
	if (!a->name) {
		if (flags & LXC_ARGS_NEED_NAME)
			return bb_err_set(e, 0, "no container name given (-n NAME)");
		return 0;
	}
	if (bb_check_name(a->name, &why) < 0)
		return bb_err_set(e, 0, "invalid container name '%s': %s", a->name, why);
	return 0;
}

void lxc_args_finish(struct lxc_args *a, unsigned flags)
{
	struct bb_err e;

	if (lxc_args_check(a, flags, &e) < 0)
		bb_err_die(&e);
}
