/* The plan of a start, from a configuration (run_plan.c). */
#ifndef CTBOX_RUN_PLAN_H
#define CTBOX_RUN_PLAN_H

#include "conf.h"
#include "run.h"

/* Fill r from conf for container c; cmd (NULL-terminated, may be NULL)
 * replaces lxc.init.cmd. conf must outlive r. Free r with ct_run_free. */
int ct_plan(struct ct_run *r, const struct lxc_conf *conf, const struct container *c,
	    char *const *cmd, struct bb_err *e);

#endif
