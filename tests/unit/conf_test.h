/* Helpers shared by the configuration parser's unit tests. */
#ifndef CTBOX_CONF_TEST_H
#define CTBOX_CONF_TEST_H

#include <stdio.h>
#include <stdlib.h>

#include "conf.h"

/* conf_get's value of key (or "ERROR: why"), in a static buffer. */
static inline char *get(const struct lxc_conf *c, const char *key)
{
	static char buf[4096];
	struct bb_err e;
	char *v;

	if (conf_get(c, key, &v, &e) < 0) {
		snprintf(buf, sizeof(buf), "ERROR: %s", e.msg);
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s", v);
	free(v);
	return buf;
}

#endif
